import type { EventRow } from '../../store/event-row.js';
import type { Provenance } from '../../store/event-reader.js';
import { explainIdentity, explainRequest, type ExplainedLine } from '../../domain/identity.js';
import { safeText } from '../../util/safe-text.js';
import { jsonLines } from '../kit/json-tree.js';
import type { Pivot } from './pivots.js';
import { fit, wrap } from '../kit/text.js';

export type DetailAction =
  { kind: 'pivot'; pivot: Pivot } | { kind: 'json'; path: string; expandable: boolean };

export interface DetailLine {
  text: string;
  style?: 'section' | 'warn' | 'dim';
  action?: DetailAction;
  /** The raw value the line shows and its label (what `y` copies). */
  copy?: { label: string; value: string };
}

export interface DetailInput {
  row: EventRow;
  record: Record<string, unknown> | null;
  recordError?: string;
  provenance: readonly Provenance[];
  pivots: readonly Pivot[];
  /** Pivot key -> event count, when counted. */
  pivotCounts: ReadonlyMap<string, number>;
  keyEvents?: number;
  expanded: ReadonlySet<string>;
  /** Extra sections other parts add (credential origin, matched rules), already safe. */
  extra?: readonly { title: string; lines: readonly string[] }[];
}

const LABEL_WIDTH = 18;

/**
 * Indentation for a tree line `depth` levels down. Past what fits in `width` (a record can nest
 * 1,000 levels before the tree stops) the level is written as a number instead, so a line never
 * starts beyond the screen's edge.
 */
export function treeIndent(depth: number, width: number): string {
  const room = Math.max(2, Math.floor((width - 30) / 2));
  if (depth <= room) return '  '.repeat(depth);
  const mark = `⋮${depth} `;
  return '  '.repeat(Math.max(0, room - Math.ceil(mark.length / 2))) + mark;
}

function explained(lines: readonly ExplainedLine[], width: number): DetailLine[] {
  const out: DetailLine[] = [];
  for (const l of lines) {
    // labels can be evidence (web identity attribute keys): made safe, cut visibly, one space kept
    const label = fit(safeText(l.label, { keepNewlines: false }), LABEL_WIDTH - 1) + ' ';
    const body = safeText(l.value, { keepNewlines: false });
    const valueWidth = Math.max(10, width - LABEL_WIDTH - 2);
    const wrapped = wrap(body, valueWidth);
    wrapped.forEach((w, i) =>
      out.push({
        text: `${i === 0 ? (l.warn ? '! ' : '  ') + label : ' '.repeat(LABEL_WIDTH + 2)}${w}`,
        style: l.warn ? 'warn' : undefined,
        copy: { label: l.label, value: String(l.value ?? '') },
      }),
    );
    if (l.note) {
      for (const w of wrap(`↳ ${safeText(l.note)}`, valueWidth))
        out.push({ text: ' '.repeat(LABEL_WIDTH + 2) + w, style: 'dim' });
    }
  }
  return out;
}

/** Every line of the detail view, wrapped to `width`, in reading order. */
export function detailLines(input: DetailInput, width: number): DetailLine[] {
  const out: DetailLine[] = [];
  const section = (title: string) =>
    out.push({
      text: `── ${title} ${'─'.repeat(Math.max(0, width - title.length - 4))}`,
      style: 'section',
    });
  const { record } = input;

  section('Identity');
  if (record)
    out.push(...explained(explainIdentity(record, { keyEvents: input.keyEvents }), width));
  else
    out.push({
      text: `  original record unavailable: ${safeText(input.recordError ?? 'unknown reason')}`,
      style: 'warn',
    });

  section('Request');
  if (record) out.push(...explained(explainRequest(record), width));

  for (const x of input.extra ?? []) {
    section(x.title);
    for (const l of x.lines) for (const w of wrap(l, width - 2)) out.push({ text: `  ${w}` });
  }

  section('Pivots (Enter, or the number)');
  if (!input.pivots.length) out.push({ text: '  (nothing to pivot on)', style: 'dim' });
  for (const p of input.pivots) {
    const n = input.pivotCounts.get(p.key);
    out.push({
      text: `  ${p.key}  events with ${p.label}${n === undefined ? '' : `  (${n.toLocaleString('en-US')})`}`,
      action: { kind: 'pivot', pivot: p },
    });
  }

  section('Provenance (chain of custody)');
  for (const p of input.provenance)
    out.push({
      text: `  ${safeText(p.path)} #${p.record_index}${p.shape ? `  (${safeText(p.shape)})` : ''}`,
    });

  section('Original record (Enter toggles, e/E expand/collapse all, / search, n next)');
  if (record) {
    for (const j of jsonLines(record, input.expanded)) {
      const marker = j.expandable ? (j.expanded ? '▾ ' : '▸ ') : '  ';
      const indent = treeIndent(j.depth, width);
      // a key is evidence too, of any length: cut visibly so the value keeps room on the line
      const key =
        j.key === null ? '' : `${safeText(j.key, { max: Math.max(8, Math.floor(width / 3)) })}: `;
      const head = `${indent}${marker}${key}`;
      const action: DetailAction = { kind: 'json', path: j.path, expandable: j.expandable };
      const pieces = wrap(safeText(j.text), Math.max(10, width - head.length));
      pieces.forEach((p, i) =>
        out.push({
          text: (i === 0 ? head : ' '.repeat(head.length)) + p,
          action,
          style: j.expandable ? undefined : undefined,
        }),
      );
    }
  }
  return out;
}

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
  /** Where the screen line sits in the text whatever the width: see `LinePlace`. */
  at: LinePlace;
}

/**
 * A screen line's place in the unwrapped text: the logical line it belongs to (numbered in
 * reading order, the same at every width for the same open nodes) and where in that line's text it
 * starts. Wrapping changes how many screen lines there are, never these, so a cursor kept by place
 * stays on what it was on when the terminal is resized.
 */
export interface LinePlace {
  line: number;
  offset: number;
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

/**
 * Collects screen lines, numbering logical lines: `add` takes one logical line's text, wraps it,
 * and records where each piece starts in it.
 */
class Lines {
  readonly out: DetailLine[] = [];
  private logical = 0;

  add(
    body: string,
    width: number,
    line: (piece: string, first: boolean) => Omit<DetailLine, 'at'>,
  ): void {
    const pieces = width > 0 ? wrap(body, width) : [body];
    let from = 0;
    for (const [i, piece] of (pieces.length ? pieces : ['']).entries()) {
      // pieces are the text in order, less the spaces a break swallowed
      const found = body.indexOf(piece, from);
      const offset = found < 0 ? from : found;
      this.out.push({ ...line(piece, i === 0), at: { line: this.logical, offset } });
      from = offset + piece.length;
    }
    this.logical++;
  }

  /** A line that is never wrapped (already fitted, or cut by the view). */
  one(l: Omit<DetailLine, 'at'>): void {
    this.add(l.text, 0, () => l);
  }
}

function explained(lines: readonly ExplainedLine[], width: number, to: Lines): void {
  for (const l of lines) {
    // labels can be evidence (web identity attribute keys): made safe, cut visibly, one space kept
    const label = fit(safeText(l.label, { keepNewlines: false }), LABEL_WIDTH - 1) + ' ';
    const body = safeText(l.value, { keepNewlines: false });
    const valueWidth = Math.max(10, width - LABEL_WIDTH - 2);
    to.add(body, valueWidth, (w, first) => ({
      text: `${first ? (l.warn ? '! ' : '  ') + label : ' '.repeat(LABEL_WIDTH + 2)}${w}`,
      style: l.warn ? 'warn' : undefined,
      copy: { label: l.label, value: String(l.value ?? '') },
    }));
    if (l.note)
      to.add(`↳ ${safeText(l.note)}`, valueWidth, (w) => ({
        text: ' '.repeat(LABEL_WIDTH + 2) + w,
        style: 'dim',
      }));
  }
}

/** Every line of the detail view, wrapped to `width`, in reading order. */
export function detailLines(input: DetailInput, width: number): DetailLine[] {
  const to = new Lines();
  const section = (title: string) =>
    to.one({
      text: `── ${title} ${'─'.repeat(Math.max(0, width - title.length - 4))}`,
      style: 'section',
    });
  const { record } = input;

  section('Identity');
  if (record) explained(explainIdentity(record, { keyEvents: input.keyEvents }), width, to);
  else
    to.one({
      text: `  original record unavailable: ${safeText(input.recordError ?? 'unknown reason')}`,
      style: 'warn',
    });

  section('Request');
  if (record) explained(explainRequest(record), width, to);

  for (const x of input.extra ?? []) {
    section(x.title);
    for (const l of x.lines) to.add(l, width - 2, (w) => ({ text: `  ${w}` }));
  }

  section('Pivots (Enter, or the number)');
  if (!input.pivots.length) to.one({ text: '  (nothing to pivot on)', style: 'dim' });
  for (const p of input.pivots) {
    const n = input.pivotCounts.get(p.key);
    to.one({
      text: `  ${p.key}  events with ${p.label}${n === undefined ? '' : `  (${n.toLocaleString('en-US')})`}`,
      action: { kind: 'pivot', pivot: p },
    });
  }

  section('Provenance (chain of custody)');
  for (const p of input.provenance)
    to.one({
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
      to.add(safeText(j.text), Math.max(10, width - head.length), (p, first) => ({
        text: (first ? head : ' '.repeat(head.length)) + p,
        action,
      }));
    }
  }
  return to.out;
}

/**
 * The screen line showing `place` in `lines` (the same logical line, the piece holding the same
 * offset): where a cursor goes when the lines are wrapped again. A logical line that is gone (a
 * node closed under it) gives the last line before where it was.
 */
export function lineAtPlace(lines: readonly DetailLine[], place: LinePlace): number {
  let best = -1;
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i]!.at;
    if (at.line > place.line || (at.line === place.line && at.offset > place.offset)) break;
    best = i;
  }
  return Math.max(0, best);
}

import { CELL_LEGEND, cellGlyph } from '../domain/coverage/build.js';
import { formatTime } from '../domain/time.js';
import type { TraceJson } from '../domain/lineage-json.js';
import type { ReportModel } from './model.js';
import { coverageSvg, volumeSvg } from './svg.js';

/**
 * The report as a small document tree, built once and rendered as Markdown or HTML. Strings in it
 * are raw (evidence included); each renderer escapes them for its format. `code` is only for
 * values this program produced in a known alphabet (hex hashes, UTC times).
 */

export type Seg = string | { code: string } | { strong: string };
export type Inline = Seg | Seg[];
export type Block =
  | { kind: 'h'; level: 1 | 2 | 3; text: string }
  | { kind: 'p'; text: Inline }
  | { kind: 'list'; items: Inline[]; ordered?: boolean }
  | { kind: 'table'; head: string[]; rows: Inline[][]; numeric?: number[] }
  | { kind: 'svg'; svg: string; alt: string }
  | { kind: 'pre'; lines: string[] };

const t = (ms: number | null | undefined): Seg =>
  ms === null || ms === undefined ? '' : { code: formatTime(ms) };
const hex = (s: string | null): Seg =>
  s && /^[0-9a-f]{16,128}$/.test(s) ? { code: s } : (s ?? '');
const count = (n: number, what: string) =>
  `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
/** Cap long lists in a document meant for reading; the JSON commands have everything. */
const GRID_ROWS_MAX = 60;

/** Words for each caveat's count in the report (domain/caveats.ts says what each means). */
const CAVEAT_WORDS: Record<string, string> = {
  differs: 'with another copy that differs',
  unverified: 'read from damaged data (unverified)',
  rebuilt: 'rebuilt from summary fields (lookup-events, console CSV)',
  engine: "from a query engine's result, not a delivered record",
  derivedId: 'without an eventID (derived)',
  badTime: 'with a time that did not parse',
};

/** What limits the evidence, each with the filter that lists the events; "none" when nothing does. */
function caveatsItem(m: ReportModel): Seg[] {
  const some = m.caveats.filter((c) => c.events > 0);
  if (!some.length) return [{ strong: 'Caveats:' }, ' none (no event has one)'];
  const out: Seg[] = [{ strong: 'Caveats:' }, ' '];
  some.forEach((c, i) => {
    if (i) out.push('; ');
    out.push(
      `${count(c.events, 'event')} ${CAVEAT_WORDS[c.name] ?? c.name} (`,
      { code: `caveat:${c.name}` },
      ')',
    );
  });
  return out;
}

function caseBlocks(m: ReportModel): Block[] {
  const out: Block[] = [{ kind: 'h', level: 2, text: 'The case' }];
  const span: Inline =
    m.totals.first !== null
      ? ['from ', t(m.totals.first), ' to ', t(m.totals.last), ' (UTC)']
      : 'no event has a time';
  out.push({
    kind: 'list',
    items: [
      [
        { strong: 'Events:' },
        ' ',
        count(m.totals.events, 'event'),
        ', ',
        ...(Array.isArray(span) ? span : [span]),
        ...(m.totals.unparsedTimes
          ? [`; ${count(m.totals.unparsedTimes, 'event')} with a time that did not parse`]
          : []),
      ],
      caveatsItem(m),
      [{ strong: 'Accounts (recipient):' }, ' ', m.accounts.join(', ') || '(none)'],
      [{ strong: 'Caller accounts:' }, ' ', m.callerAccounts.join(', ') || '(none)'],
      [{ strong: 'Regions:' }, ' ', m.regions.join(', ') || '(none)'],
      [
        { strong: 'Evidence files:' },
        ' ',
        count(m.files.length, 'file'),
        ...(m.verdictsStored
          ? ['; verdicts as ', { code: 'trailscope verify' }, ' stored them']
          : ['; not verified (run ', { code: 'trailscope verify' }, ' to store verdicts)']),
      ],
    ],
  });
  out.push({ kind: 'h', level: 3, text: 'Evidence files' });
  out.push({
    kind: 'table',
    head: ['File', 'Status', 'Shape', 'SHA-256', 'Events', 'Verify verdict'],
    numeric: [4],
    rows: m.files.map((f) => [
      f.path,
      f.status,
      f.shape ?? '',
      hex(f.sha256),
      String(f.events),
      f.verdict ?? (m.verdictsStored ? 'not checked' : ''),
    ]),
  });
  if (m.missingFiles.length) {
    out.push({
      kind: 'p',
      text: `Listed by a digest but not in the evidence (${m.missingFiles.length}):`,
    });
    out.push({ kind: 'list', items: m.missingFiles });
  }
  return out;
}

function coverageBlocks(m: ReportModel): Block[] {
  const c = m.coverage;
  const out: Block[] = [{ kind: 'h', level: 2, text: 'Coverage' }];
  if (c.from === null || c.to === null) {
    out.push({
      kind: 'p',
      text: 'The case file holds no events, log files or digests with a time.',
    });
    return out;
  }
  out.push({
    kind: 'p',
    text: [
      `Account × region × ${c.zoom}, `,
      t(c.from),
      ' to ',
      t(c.to),
      '. ',
      'A blind window is drawn only where a logging change that succeeded says so; an hour with no events is "no events", not blind; ',
      'a gap is where the chain of digests says hours are missing. ',
      c.verdictsUsed
        ? 'Digest states include the stored verify verdicts.'
        : 'Digest states come from the digests alone (not verified).',
    ],
  });
  out.push({ kind: 'svg', svg: coverageSvg(c), alt: 'Coverage grid' });
  const rows = c.rows.slice(0, GRID_ROWS_MAX);
  const width = Math.max(...rows.map((r) => r.account.length + r.region.length + 1), 10);
  out.push({
    kind: 'pre',
    lines: [
      ...rows.map(
        (r) => `${`${r.account} ${r.region}`.padEnd(width)} ${r.cells.map(cellGlyph).join('')}`,
      ),
      ...(c.rows.length > rows.length
        ? [`(${c.rows.length - rows.length} more rows: trailscope coverage --json)`]
        : []),
      '',
      ...CELL_LEGEND.map(([g, what]) => `${g} ${what}`),
    ],
  });
  out.push({ kind: 'h', level: 3, text: 'Blind windows' });
  if (c.blindWindows.length === 0)
    out.push({ kind: 'p', text: 'No logging change that succeeded is in the evidence.' });
  else {
    out.push({
      kind: 'table',
      head: ['From', 'To', 'Kind', 'Account', 'Regions', 'Trail or bucket', 'Why', 'Event'],
      rows: c.blindWindows.map((b) => [
        t(b.from),
        b.to === null ? 'end of the evidence' : t(b.to),
        b.kind,
        b.account,
        b.regions.join(', '),
        b.target,
        b.reason,
        b.fromEventId,
      ]),
    });
  }
  out.push({ kind: 'h', level: 3, text: 'Digest gaps' });
  if (c.gaps.length === 0)
    out.push({
      kind: 'p',
      text: 'The chains of digests in the evidence declare no missing hours.',
    });
  else {
    out.push({
      kind: 'table',
      head: ['Chain', 'From', 'To', 'Reason'],
      rows: c.gaps.map((g) => [
        g.chain,
        g.from === null ? 'before the evidence' : t(g.from),
        t(g.to),
        g.reason,
      ]),
    });
  }
  if (c.carveWindows) {
    out.push({
      kind: 'p',
      text: [
        'The evidence was indexed under carve windows (',
        ...c.carveWindows.flatMap((w, i): Seg[] => [
          i ? ', ' : '',
          w.from === null ? 'start' : t(w.from),
          ' to ',
          w.to === null ? 'end' : t(w.to),
        ]),
        '): hours outside them were not read and nothing is claimed there',
        c.gapsOutsideCarve
          ? ` (${count(c.gapsOutsideCarve, 'digest gap')} outside are not reported).`
          : '.',
      ],
    });
  }
  if (c.filteredAtIngest.length)
    out.push({
      kind: 'p',
      text: `Filtered at ingest (--where ${c.filteredAtIngest.join('; ')}): an hour without events says only that no kept event fell in it.`,
    });
  if (c.filesWithoutPlace)
    out.push({
      kind: 'p',
      text: `${count(c.filesWithoutPlace, 'indexed file')} are not S3 deliveries (no account, region and hour in the name): their events are counted, the files are not placed.`,
    });
  return out;
}

function findingBlocks(m: ReportModel): Block[] {
  const out: Block[] = [{ kind: 'h', level: 2, text: 'Findings' }];
  if (m.volume)
    out.push({
      kind: 'svg',
      svg: volumeSvg(m.volume),
      alt: 'Event volume over time with notable events marked',
    });
  if (m.findings.length === 0) {
    out.push({ kind: 'p', text: 'No notable rule matched.' });
    return out;
  }
  out.push({
    kind: 'table',
    head: ['Severity', 'Rule', 'Events', 'Succeeded', 'Failed', 'First', 'Last', 'ATT&CK', 'Why'],
    numeric: [2, 3, 4],
    rows: m.findings.map((f) => [
      f.severity,
      [{ strong: f.title }, ` (${f.id})`],
      String(f.events),
      String(f.succeeded),
      String(f.failed),
      t(f.first),
      t(f.last),
      f.mitre,
      f.why,
    ]),
  });
  return out;
}

function noteBlocks(m: ReportModel): Block[] {
  const out: Block[] = [{ kind: 'h', level: 2, text: 'Noted events' }];
  if (m.notes.length === 0) {
    out.push({ kind: 'p', text: 'No event carries a note.' });
    return out;
  }
  out.push({
    kind: 'table',
    head: ['Time', 'Event', 'Who', 'Region', 'Source IP', 'Note', 'Tags', 'Event ID'],
    rows: m.notes.map((n) => [
      n.time === null ? (n.orphan ? 'event not in the case' : '') : t(n.time),
      n.eventName ?? '',
      n.who ?? '',
      n.region ?? '',
      n.sourceIp ?? '',
      n.note,
      n.tags.join(', '),
      n.eventId,
    ]),
  });
  return out;
}

function chainLines(c: TraceJson): Inline[] {
  const items: Inline[] = [
    [
      { strong: 'Origin:' },
      ' ',
      c.origin.label,
      c.complete ? '' : ` (incomplete${c.gap ? `: ${c.gap.reason}` : ''})`,
    ],
  ];
  for (const h of c.hops) {
    const who = h.identity.arn ?? h.identity.principalId ?? h.identity.type ?? '?';
    const issued = h.issuedBy
      ? [
          ' issued by ',
          h.issuedBy.eventName ?? '?',
          ' at ',
          h.issuedBy.eventTime ?? '?',
          ' from ',
          h.issuedBy.sourceIPAddress ?? '?',
        ]
      : [];
    items.push([
      h.accessKeyId ?? '(no key)',
      ` (${h.keyKind ?? 'key'}) as `,
      who,
      ...issued,
      h.mfa ? ', MFA' : '',
    ]);
  }
  if (c.derived.length) items.push(`${c.derived.length} key(s) minted with it`);
  return items;
}

function chainBlocks(m: ReportModel): Block[] {
  const out: Block[] = [{ kind: 'h', level: 2, text: 'Credential chains' }];
  if (m.chains.length === 0) {
    out.push({ kind: 'p', text: 'No key of a noted event or of a high or critical finding.' });
    return out;
  }
  out.push({
    kind: 'p',
    text: 'The keys of the noted events and of high and critical findings, each traced back to where it came from (origin first).',
  });
  for (const c of m.chains) {
    out.push({ kind: 'h', level: 3, text: c.accessKeyId ?? c.subject });
    out.push({ kind: 'list', ordered: true, items: chainLines(c) });
  }
  return out;
}

export function reportDocument(m: ReportModel): Block[] {
  return [
    { kind: 'h', level: 1, text: 'Case report' },
    {
      kind: 'p',
      text: 'Written by trailscope from the case file alone: every value below is from the evidence or derived from it. Times are UTC.',
    },
    ...caseBlocks(m),
    ...coverageBlocks(m),
    ...findingBlocks(m),
    ...noteBlocks(m),
    ...chainBlocks(m),
  ];
}

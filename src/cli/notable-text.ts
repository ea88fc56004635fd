import { matchSeverity, type NotableRule } from '../domain/notable/types.js';
import {
  outcomeText,
  whoText,
  type NotableEventView,
  type NotableRuleView,
} from '../domain/notable/views.js';
import { formatTime } from '../domain/time.js';
import { safeText } from '../util/safe-text.js';
import { renderTable, type TableColumn } from './output/table.js';

const time = (ms: number | null): string => (ms ? formatTime(ms) : '-');

/** The rule summary, in the order given (`notable --sort`). */
export function formatRuleCounts(rules: readonly NotableRuleView[], width?: number): string[] {
  const cols: TableColumn[] = [
    { header: 'SEVERITY' },
    { header: 'EVENTS', align: 'right' },
    { header: 'FIRST SEEN' },
    { header: 'LAST SEEN' },
    { header: 'RULE' },
    { header: 'TITLE', flex: 2, min: 12 },
    { header: 'WHO', flex: 1, min: 8 },
  ];
  return renderTable(
    cols,
    rules.map((r) => [
      r.severity,
      outcomeText(r),
      time(r.firstSeen),
      time(r.lastSeen),
      r.id,
      r.title,
      safeText(whoText(r), { max: 200 }),
    ]),
    { width },
  );
}

export function formatNotableEvents(events: readonly NotableEventView[], width?: number): string[] {
  const cols: TableColumn[] = [
    { header: 'TIME' },
    { header: 'SEVERITY' },
    { header: 'EVENT', flex: 1, min: 10 },
    { header: 'WHO', flex: 2, min: 8 },
    { header: 'SOURCE IP', flex: 1, min: 7 },
    { header: 'ERROR', flex: 1, min: 5 },
    { header: 'RULES', flex: 2, min: 8 },
  ];
  const rows = events.map((e) => [
    time(e.time),
    e.severity,
    safeText(e.eventName, { max: 60 }),
    safeText(e.who, { max: 80 }),
    safeText(e.sourceIp, { max: 60 }),
    safeText(e.errorCode ?? '', { max: 40 }),
    e.rules.join(','),
  ]);
  return renderTable(cols, rows, { width });
}

/** Every rule with its reason (`notable --rules`, and the README table). */
export function formatRuleList(rules: readonly NotableRule[], width?: number): string[] {
  const cols: TableColumn[] = [
    { header: 'RULE' },
    { header: 'SEVERITY' },
    { header: 'IF ALL FAILED' },
    { header: 'ATT&CK' },
    { header: 'TITLE', flex: 1, min: 12 },
    { header: 'WHY IT MATTERS', flex: 2, min: 20 },
  ];
  return renderTable(
    cols,
    rules.map((r) => [r.id, r.severity, matchSeverity(r, false), r.mitre.id, r.title, r.why]),
    { width },
  );
}

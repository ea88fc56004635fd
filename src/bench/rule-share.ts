/**
 * What share of an ordinary corpus each built-in rule flags. A rule that only checks an event name
 * flags every such call and shows up here as a flood; a judging rule should flag next to nothing
 * outside an attack. Reads the case file's per-rule summary after bringing the rules up to date.
 */
import { openCaseFile } from '../store/db.js';
import { ruleSummary } from '../store/notable.js';
import { eventCount } from '../store/ingest-writer.js';
import { evaluateNotable } from '../case/notable/evaluate.js';
import { RULES } from '../domain/notable/rules.js';
import type { Figure } from './figures.js';

/** Above this share of all events a rule is a flood, whatever it looks at. */
export const FLOOD_SHARE_PERCENT = 1;

export function ruleShareFigures(o: { dbPath: string; section?: string }): Figure[] {
  const S = o.section ?? 'rules (#14)';
  const db = openCaseFile(o.dbPath);
  try {
    evaluateNotable(db);
    const total = eventCount(db);
    const counts = new Map(ruleSummary(db).map((r) => [r.rule_id, r.events]));
    const figures: Figure[] = RULES.map((r) => {
      const events = counts.get(r.id) ?? 0;
      const judges = r.kind !== 'event' || r.when !== undefined;
      return {
        section: S,
        name: `share flagged: ${r.id}`,
        unit: '%',
        measured: total > 0 ? (events / total) * 100 : null,
        target: { kind: 'max', value: FLOOD_SHARE_PERCENT },
        note: `${events.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events; ${r.severity}; ${judges ? 'judges its calls' : 'every call of its names'}`,
      };
    });
    const floods = figures.filter((f) => (f.measured ?? 0) > FLOOD_SHARE_PERCENT);
    figures.unshift({
      section: S,
      name: 'rules flagging more than 1 % of the corpus',
      unit: 'rules',
      measured: floods.length,
      target: { kind: 'max', value: 0 },
      note: floods.map((f) => f.name.replace('share flagged: ', '')).join(', ') || 'none',
    });
    return figures;
  } finally {
    db.close();
  }
}

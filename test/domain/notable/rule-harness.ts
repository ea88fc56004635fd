import { caseFileWith } from '../../helpers/case-file.js';
import {
  candidatesByIdentityType,
  candidatesByName,
  candidatesByPrincipal,
  ensureKeyIpTable,
  updateKeyIpFirst,
} from '../../../src/store/notable.js';
import { EventReader } from '../../../src/store/event-reader.js';
import { eventRuleMatches } from '../../../src/domain/notable/match.js';
import type { EventFacts, EventRule } from '../../../src/domain/notable/types.js';

type Rec = Record<string, unknown>;

/**
 * The eventIDs one per-event rule flags among `records`, stored in a case file through the real
 * normalizer and writer, and read back the way the index-time evaluator reads them (candidates by
 * name or identity type, the key's addresses, the caller's other calls, the stored request).
 */
export function ruleHits(records: readonly Rec[], rule: EventRule): Set<string> {
  const db = caseFileWith([...records]);
  try {
    ensureKeyIpTable(db);
    updateKeyIpFirst(db, 0);
    const reader = new EventReader(db);
    const eventId = db.prepare('SELECT event_id FROM events WHERE id = ?').pluck();
    // the evaluator's choice of index: names, else principal IDs, else identity types
    const candidates = rule.names
      ? candidatesByName(db, 0, rule.names)
      : rule.principalIds
        ? candidatesByPrincipal(db, 0, [rule.principalIds])
        : candidatesByIdentityType(db, 0, rule.identityTypes ?? []);
    const matched: number[] = [];
    for (const c of candidates) {
      const facts: EventFacts = { ...c, request: () => reader.rawRecord(c).requestParameters };
      if (eventRuleMatches(rule, facts)) matched.push(c.id);
    }
    return new Set(matched.map((id) => eventId.get(id) as string));
  } finally {
    db.close();
  }
}

export const idOf = (r: Rec): string => String(r.eventID);

// Rules and exports over records nested 5,000 and 20,000 levels deep: nothing walks a record by
// recursion, so every rule still matches (a deep extra field hides nothing) and every export keeps
// the original text.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/domain/notable/rules.js';
import { evaluateNotable } from '../../../src/case/notable/evaluate.js';
import { caseFileWith } from '../../helpers/case-file.js';
import { EVENT_RULE_CASES } from './fixtures.js';
import { streamRaw, streamRecords } from '../../../src/store/export-stream.js';
import { MATCH_ALL } from '../../../src/store/filter-sql.js';
import { stringifyJson } from '../../../src/util/deep-json.js';

type Rec = Record<string, unknown>;

function nested(levels: number): unknown {
  return JSON.parse('{"a":'.repeat(levels) + '"bottom"' + '}'.repeat(levels));
}

/** The record with deep values added beside what the rule reads (never replacing it). */
function withDeepFields(rec: Rec, levels: number, id: string): Rec {
  const params = rec.requestParameters;
  const deepParams =
    params && typeof params === 'object' && !Array.isArray(params)
      ? { ...(params as Rec), zzDeep: nested(levels) }
      : params;
  return {
    ...rec,
    eventID: id,
    requestParameters: deepParams,
    additionalEventData: {
      ...((rec.additionalEventData as Rec | undefined) ?? {}),
      deep: nested(levels),
    },
    serviceEventDetails: nested(levels),
  };
}

describe.each([5_000, 20_000])('records %i levels deep', (levels) => {
  it('every event rule still matches its positive cases', () => {
    const records: Rec[] = [];
    const expected = new Map<string, string>();
    for (const rule of RULES) {
      if (rule.kind !== 'event') continue;
      // one deep positive per rule; the events its judgement weighs (a burst's other calls, the
      // key's earlier addresses) stay as they are, so the deep one is judged exactly as before
      const cases = EVENT_RULE_CASES[rule.id];
      if (!cases) continue;
      (cases.context ?? []).forEach((rec, i) =>
        records.push({ ...rec, eventID: `${rule.id}-context-${i}` }),
      );
      cases.positive.forEach((rec, i) => {
        const id = `${rule.id}-${i}`;
        records.push(i === 0 ? withDeepFields(rec, levels, id) : { ...rec, eventID: id });
        if (i === 0) expected.set(id, rule.id);
      });
    }
    // a policy document that is itself absurdly deep: read, not matched, no crash
    records.push({
      ...EVENT_RULE_CASES['iam-admin-policy-attached'].positive[0],
      eventID: 'deep-policy',
      requestParameters: { policyDocument: nested(levels) },
    });
    const db = caseFileWith(records);
    try {
      expect(() => evaluateNotable(db)).not.toThrow();
      const hits = db
        .prepare(
          'SELECT e.event_id AS id, n.rule_id AS rule FROM event_notable n JOIN events e ON e.id = n.event_rowid',
        )
        .all() as { id: string; rule: string }[];
      const byId = new Map<string, Set<string>>();
      for (const h of hits) byId.set(h.id, (byId.get(h.id) ?? new Set()).add(h.rule));
      for (const [id, rule] of expected)
        expect(byId.get(id)?.has(rule), `${id} matches ${rule}`).toBe(true);
    } finally {
      db.close();
    }
  }, 120_000); // 20,000-level records take tens of seconds to write and read on a loaded machine

  it('exports keep the original text whole', () => {
    const rec = withDeepFields(
      EVENT_RULE_CASES['cloudtrail-stopped'].positive[0],
      levels,
      'deep-export',
    );
    const db = caseFileWith([rec]);
    try {
      const all = MATCH_ALL;
      const raws = [...streamRaw(db, all)].map((r) => r.raw);
      expect(raws).toEqual([stringifyJson(rec)]);
      expect([...streamRecords(db, all)].map((r) => r.raw)).toEqual(raws);
      expect(JSON.parse(raws[0]).eventID).toBe('deep-export');
    } finally {
      db.close();
    }
  });
});

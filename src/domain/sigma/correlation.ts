import type { CorrelationRule, CountCondition } from './types.js';
import { valuesAt } from './fields.js';
import { textOf } from './text.js';

/** One hit of a referenced rule, as a correlation sees it. */
export interface CorrelationInput {
  rowid: number;
  timeMs: number;
  /** Index of the referenced rule in `rule.rules`. */
  ruleIndex: number;
  /** The group-by values joined (same text = same group). */
  group: string;
  /** value_count: the counted field's value (null when absent). */
  value: string | null;
}

export function countMeets(c: CountCondition, n: number): boolean {
  return (
    (c.gt === undefined || n > c.gt) &&
    (c.gte === undefined || n >= c.gte) &&
    (c.lt === undefined || n < c.lt) &&
    (c.lte === undefined || n <= c.lte) &&
    (c.eq === undefined || n === c.eq)
  );
}

function byGroup(inputs: readonly CorrelationInput[]): Map<string, CorrelationInput[]> {
  const groups = new Map<string, CorrelationInput[]>();
  for (const i of inputs) {
    let g = groups.get(i.group);
    if (!g) groups.set(i.group, (g = []));
    g.push(i);
  }
  for (const g of groups.values()) g.sort((a, b) => a.timeMs - b.timeMs || a.rowid - b.rowid);
  return groups;
}

/**
 * Windows start at each hit and span `timespanMs` (inclusive). `measure` is kept up to date as the
 * window's ends move (add / remove), so each group is one linear pass; a window that meets the
 * condition flags its hits, each hit once.
 */
function slidingWindows(
  hits: readonly CorrelationInput[],
  span: number,
  measure: { add(h: CorrelationInput): void; remove(h: CorrelationInput): void; meets(): boolean },
  flag: (rowid: number) => void,
): void {
  let end = 0;
  let flaggedTo = -1;
  for (let start = 0; start < hits.length; start++) {
    while (end < hits.length && hits[end].timeMs - hits[start].timeMs <= span)
      measure.add(hits[end++]);
    if (measure.meets()) {
      for (let i = Math.max(start, flaggedTo + 1); i < end; i++) flag(hits[i].rowid);
      flaggedTo = Math.max(flaggedTo, end - 1);
    }
    measure.remove(hits[start]);
  }
}

/** The rowids a correlation rule flags, from the time-ordered hits of the rules it refers to. */
export function evaluateCorrelation(
  rule: CorrelationRule,
  inputs: readonly CorrelationInput[],
): Set<number> {
  const out = new Set<number>();
  const flag = (id: number): void => {
    out.add(id);
  };
  const span = rule.timespanMs;
  for (const hits of byGroup(inputs).values()) {
    switch (rule.type) {
      case 'event_count': {
        let n = 0;
        slidingWindows(
          hits,
          span,
          { add: () => n++, remove: () => n--, meets: () => countMeets(rule.condition, n) },
          flag,
        );
        break;
      }
      case 'value_count': {
        const counts = new Map<string, number>();
        slidingWindows(
          hits,
          span,
          {
            add: (h) => {
              if (h.value !== null) counts.set(h.value, (counts.get(h.value) ?? 0) + 1);
            },
            remove: (h) => {
              if (h.value === null) return;
              const c = (counts.get(h.value) ?? 1) - 1;
              if (c === 0) counts.delete(h.value);
              else counts.set(h.value, c);
            },
            meets: () => countMeets(rule.condition, counts.size),
          },
          flag,
        );
        break;
      }
      case 'temporal': {
        // without a condition, every referenced rule must appear in the window
        const cond: CountCondition = Object.keys(rule.condition).length
          ? rule.condition
          : { gte: rule.rules.length };
        const per = new Array<number>(rule.rules.length).fill(0);
        let distinct = 0;
        slidingWindows(
          hits,
          span,
          {
            add: (h) => {
              if (per[h.ruleIndex]++ === 0) distinct++;
            },
            remove: (h) => {
              if (--per[h.ruleIndex] === 0) distinct--;
            },
            meets: () => countMeets(cond, distinct),
          },
          flag,
        );
        break;
      }
      case 'temporal_ordered':
        orderedSequences(hits, rule.rules.length, span, flag);
        break;
    }
  }
  return out;
}

/**
 * Rule 0, then rule 1, … then the last, within the timespan. For each step, the chain that reached
 * it with the latest start is kept (it has the most room left), so each hit is looked at once per
 * step: O(hits × rules).
 */
function orderedSequences(
  hits: readonly CorrelationInput[],
  steps: number,
  span: number,
  flag: (rowid: number) => void,
): void {
  const best: ({ start: number; rowids: number[] } | null)[] = new Array(steps).fill(null);
  for (const h of hits) {
    const k = h.ruleIndex;
    let chain: { start: number; rowids: number[] } | null = null;
    if (k === 0) chain = { start: h.timeMs, rowids: [h.rowid] };
    else {
      const prev = best[k - 1];
      if (prev && h.timeMs - prev.start <= span)
        chain = { start: prev.start, rowids: [...prev.rowids, h.rowid] };
    }
    if (!chain) continue;
    if (k === steps - 1) {
      for (const id of chain.rowids) flag(id);
      continue;
    }
    const cur = best[k];
    if (!cur || chain.start >= cur.start) best[k] = chain;
  }
}

/** Group-by values of a record, as one comparable text. */
export function groupKey(record: unknown, fields: readonly string[]): string {
  return JSON.stringify(fields.map((f) => valuesAt(record, f).map(textOf)));
}

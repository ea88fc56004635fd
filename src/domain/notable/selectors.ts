/**
 * "Selectors reduced" judged the way a responder would: against what the same trail recorded
 * before, when the evidence says. A new trail records every management event and no Insights, so
 * an empty PutInsightSelectors right after CreateTrail takes nothing away; selectors on a trail
 * whose earlier state is not in the evidence get their own, weaker, finding.
 */

export interface SelectorCall {
  id: number;
  timeMs: number;
  eventName: string;
  /** The trail's name (ARNs reduced to the name after `trail/`), null when the call does not say. */
  trail: string | null;
  succeeded: boolean;
  /** PutEventSelectors: records less than every management event; PutInsightSelectors: no Insights. */
  recordsLess: boolean;
}

export type SelectorVerdict = 'reduced' | 'unknown-previous';

type State = 'full' | 'less' | 'unknown';

/** `arn:aws:cloudtrail:us-east-1:111122223333:trail/org` and `org` name the same trail. */
export function trailName(v: string | null | undefined): string | null {
  if (!v) return null;
  const i = v.lastIndexOf(':trail/');
  return i >= 0 ? v.slice(i + ':trail/'.length) : v;
}

/** Which selector calls record less than before (`reduced`) or than everything, before unknown. */
export function judgeSelectorCalls(calls: readonly SelectorCall[]): Map<number, SelectorVerdict> {
  // A trail has to exist before selectors are put on it: CreateTrail first within one instant.
  const order = [...calls].sort(
    (a, b) =>
      a.timeMs - b.timeMs ||
      Number(b.eventName === 'CreateTrail') - Number(a.eventName === 'CreateTrail') ||
      a.id - b.id,
  );
  const state = new Map<string, State>();
  const out = new Map<number, SelectorVerdict>();
  for (const c of order) {
    const kind = c.eventName === 'PutInsightSelectors' ? 'insight' : 'event';
    if (c.eventName === 'CreateTrail') {
      if (c.succeeded && c.trail) {
        state.set(`event\u0000${c.trail}`, 'full');
        state.set(`insight\u0000${c.trail}`, 'less');
      }
      continue;
    }
    const key = `${kind}\u0000${c.trail ?? ''}`;
    const before = c.trail ? (state.get(key) ?? 'unknown') : 'unknown';
    if (c.recordsLess) {
      if (before === 'full') out.set(c.id, 'reduced');
      else if (before === 'unknown') out.set(c.id, 'unknown-previous');
    }
    if (c.succeeded && c.trail) state.set(key, c.recordsLess ? 'less' : 'full');
  }
  return out;
}

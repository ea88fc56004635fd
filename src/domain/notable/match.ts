import type { EventFacts, EventRule, NotableRule } from './types.js';

/** Does a per-event rule match these facts? Pure: the same answer in tests and at index time. */
export function eventRuleMatches(rule: EventRule, f: EventFacts): boolean {
  if (rule.names && (f.eventName === null || !rule.names.includes(f.eventName))) return false;
  if (rule.sources && (f.eventSource === null || !rule.sources.includes(f.eventSource)))
    return false;
  if (
    rule.identityTypes &&
    (f.identityType === null || !rule.identityTypes.includes(f.identityType))
  )
    return false;
  if (rule.principalIds && !rule.principalIds.test(f.principalId ?? '')) return false;
  return rule.when ? rule.when(f) : true;
}

/** Per-event rules among `rules` that match. */
export function matchingEventRules(rules: readonly NotableRule[], f: EventFacts): EventRule[] {
  return rules.filter((r): r is EventRule => r.kind === 'event' && eventRuleMatches(r, f));
}

import type { CallerCall, CallerScope, EventFacts } from './types.js';

/**
 * Small helpers for rules that weigh a call against the same caller's other calls (a burst of
 * secret reads, a listing of versions before a deletion). Pure over what the facts hand them.
 */

/** Values of request parameter `key` (any depth) in flattened "key=value" lines. */
export function paramValues(reqText: string | null, key: string): string[] {
  if (!reqText) return [];
  const prefix = key + '=';
  const out: string[] = [];
  for (const line of reqText.split('\n'))
    if (line.startsWith(prefix)) out.push(line.slice(prefix.length));
  return out;
}

/** Distinct values of any of `keys` over the calls (the secrets or parameters they named). */
export function distinctValues(calls: readonly CallerCall[], keys: readonly string[]): number {
  const seen = new Set<string>();
  for (const c of calls)
    for (const k of keys) for (const v of paramValues(c.reqText, k)) seen.add(v);
  return seen.size;
}

/**
 * A person or a workload acting with its own credentials, not an AWS service acting for someone
 * (CloudFormation deploying a stack, Auto Scaling launching instances, a service-linked role).
 */
export function byPrincipal(
  f: Pick<EventFacts, 'identityType' | 'invokedBy' | 'eventType'>,
): boolean {
  return (
    f.identityType !== 'AWSService' && f.invokedBy === null && f.eventType !== 'AwsServiceEvent'
  );
}

/** The caller's calls of `names` within `windowMs` of this event (none when the store cannot say). */
export function nearby(
  f: EventFacts,
  names: readonly string[],
  windowMs: number,
  by: CallerScope = 'caller',
): readonly CallerCall[] {
  return f.callerCalls ? f.callerCalls(names, windowMs, by) : [];
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/**
 * The caller touched at least `distinct` different targets (values of `keys`) with `names` calls
 * within `windowMs`: one instance is an administrator at work, many in minutes is a sweep.
 */
export function sweeps(
  f: EventFacts,
  names: readonly string[],
  keys: readonly string[],
  windowMs: number,
  distinct: number,
): boolean {
  return distinctValues(nearby(f, names, windowMs), keys) >= distinct;
}

/** Severity of a notable rule, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A number that sorts severities (higher is worse); stored with each match so the table can colour rows. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

export function severityOfRank(rank: number): Severity {
  return SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, SEVERITIES.length - 1 - rank))];
}

/** The fields of one event a per-event rule looks at (text, not dict ids). */
export interface EventFacts {
  eventName: string | null;
  eventSource: string | null;
  identityType: string | null;
  invokedBy: string | null;
  eventType: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** 1 / 0 / null as stored (sessionContext mfaAuthenticated, or ConsoleLogin's MFAUsed). */
  mfa: number | null;
  /** Request parameters flattened to "key=value" lines (see ingest/normalize `flattenParams`). */
  reqText: string | null;
  /**
   * The original requestParameters, read from the stored record when a rule needs their structure
   * (which statement of a policy grants what): flattened lines lose it. Absent where not available.
   */
  request?: () => unknown;
  /** When the event happened (UTC epoch ms); rules that weigh a caller's other calls need it. */
  timeMs?: number;
  sourceIp?: string | null;
  principalId?: string | null;
  /** The caller's ARN (userIdentity.arn). */
  arn?: string | null;
  /** The caller's account (userIdentity.accountId). */
  accountId?: string | null;
  /** The account whose trail recorded the event: the owner of what the call changed. */
  recipientAccountId?: string | null;
  /**
   * Every source address this event's access key was seen from in the case file, with when it was
   * first seen there. Read from the store only when a rule asks (few events need it).
   */
  keyAddresses?: () => readonly KeyAddress[];
  /**
   * The same caller's calls named in `names` within `windowMs` either side of this event (this one
   * included when its name is listed). `role`: every session of the caller's role (its session
   * issuer) counts as the caller. Read from the store only when a rule asks.
   */
  callerCalls?: (
    names: readonly string[],
    windowMs: number,
    by?: CallerScope,
  ) => readonly CallerCall[];
}

export interface KeyAddress {
  ip: string;
  firstMs: number;
}

/** Who counts as the same caller: the session (ARN, else principal ID), or its role. */
export type CallerScope = 'caller' | 'role';

export interface CallerCall {
  timeMs: number;
  eventName: string;
  /** Request parameters flattened to "key=value" lines, as in EventFacts. */
  reqText: string | null;
}

export interface MitreTechnique {
  id: string;
  name: string;
}

interface RuleBase {
  /** Stable identifier: stored in the case file, used on the command line. */
  id: string;
  title: string;
  severity: Severity;
  /** Why a responder should look, in one line. */
  why: string;
  mitre: MitreTechnique;
  /**
   * A failed attempt weighs as much as a success (StopLogging: the attacker said what they wanted).
   * Otherwise a match whose call failed is one severity step lower than the rule's.
   */
  attemptsMatter?: boolean;
}

/** The severity one match carries: the rule's, or one step lower for a failed call (see attemptsMatter). */
export function matchSeverity(
  rule: { severity: Severity; attemptsMatter?: boolean },
  succeeded: boolean,
): Severity {
  if (succeeded || rule.attemptsMatter) return rule.severity;
  return SEVERITIES[Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(rule.severity) + 1)];
}

/**
 * A rule decided by one event on its own. `names` (or `identityTypes`) select the candidates
 * through an index; `when` is the small predicate that decides among them.
 */
export interface EventRule extends RuleBase {
  kind: 'event';
  names?: readonly string[];
  /** Event sources the names must come from (some names exist in several services). */
  sources?: readonly string[];
  identityTypes?: readonly string[];
  /**
   * Principal IDs the events must have (an instance-profile session is `AROA…:i-…`). Without
   * `names`, candidates are found through the principal index instead of a pass over every event
   * of the identity types.
   */
  principalIds?: RegExp;
  when?: (f: EventFacts) => boolean;
}

/**
 * Rules that need more than one event: bursts per identity, first-seen source IPs, the
 * evidence's own accounts. Evaluated over the whole case file by `evaluate.ts`.
 */
export interface CorrelationRule extends RuleBase {
  kind:
    | 'access-denied-burst'
    | 'service-denied-burst'
    | 'caller-identity-new-ip'
    | 'foreign-account'
    | 'trail-selectors';
}

export type NotableRule = EventRule | CorrelationRule;

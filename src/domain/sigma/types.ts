import type { Severity } from '../notable/types.js';

/** What became of one rule document of a pack. */
export type SigmaStatus = 'loaded' | 'unsupported' | 'not-cloudtrail' | 'error';

/** The descriptive part of a Sigma rule (best effort, also for rules that did not load). */
export interface SigmaMeta {
  /** The rule's `id`, else its `name`, else null (then it cannot be referred to). */
  id: string | null;
  name: string | null;
  title: string;
  /** Sigma's own status field (stable, test, experimental…), not ours. */
  sigmaStatus: string | null;
  level: string | null;
  tags: string[];
  description: string | null;
}

/** A record field lookup with the per-record cache (see fields.ts). */
export interface RecordView {
  readonly record: unknown;
  values(path: string): readonly unknown[];
  /** The values' text forms, lower-cased (null for null), computed once per record and path. */
  lowerTexts(path: string): readonly (string | null)[];
  /** Every leaf value of the record (keyword searches). */
  leaves(): readonly unknown[];
  /**
   * The result of field test `id` (see modifiers.ts) on this record, computed once: many rules of
   * a pack repeat the same test (`eventSource|endswith: .amazonaws.com`, `readOnly: false`).
   */
  once(id: number, test: (view: RecordView) => boolean): boolean;
}

export interface DetectionRule {
  kind: 'detection';
  /** True when the rule matches the record. */
  match(view: RecordView): boolean;
  /** eventName values (lower case) one of which the record must have, when the rule says so plainly. */
  eventNames: readonly string[] | null;
  /** Text one of which a field's lower-cased values must contain for the rule to match, if any. */
  need: FieldNeed | null;
}

/** A necessary condition checked before a rule runs: cheap, and never false for a record the rule matches. */
export interface FieldNeed {
  field: string;
  /** Lower-cased; the field's values (lower-cased) must contain one of them. */
  literals: readonly string[];
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';

export interface CountCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

export interface CorrelationRule {
  kind: 'correlation';
  type: CorrelationType;
  /** Referenced rules, by id or name, as written. */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  condition: CountCondition;
  /** value_count: the field whose distinct values are counted. */
  field: string | null;
  /** Referenced rules also report their own hits. */
  generate: boolean;
}

export type CompiledRule = DetectionRule | CorrelationRule;

/** One document of a rule file, parsed. */
export interface SigmaEntry {
  meta: SigmaMeta;
  /** SHA-256 of `source`: the rule's content, independent of comments and layout. */
  hash: string;
  /** The document as canonical JSON (kept in the case file so later runs need no pack). */
  source: string;
  status: SigmaStatus;
  reason: string | null;
  compiled: CompiledRule | null;
}

export const LEVEL_SEVERITY: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  informational: 'info',
};

/** A rule without a level is shown as low: it asked for nothing more. */
export function severityOfLevel(level: string | null): Severity {
  return (level && LEVEL_SEVERITY[level.toLowerCase()]) || 'low';
}

/** Sigma's id, prefixed so it can sit beside the built-in rules. */
export function sigmaRuleId(id: string): string {
  return `sigma:${id}`;
}

/** The stored id of a rule: its Sigma id (or name), else its content hash, so it still runs. */
export function storedIdOf(e: SigmaEntry): string {
  return sigmaRuleId(e.meta.id ?? `sha256-${e.hash.slice(0, 16)}`);
}

/** A problem that keeps a rule from running: unsupported Sigma, or a mistake in the rule. */
export class RuleProblem extends Error {
  constructor(
    readonly kind: 'unsupported' | 'error',
    message: string,
  ) {
    super(message);
  }
}

export const unsupported = (msg: string): RuleProblem => new RuleProblem('unsupported', msg);
export const invalid = (msg: string): RuleProblem => new RuleProblem('error', msg);

/** The rules an index run evaluates per record: stored ids and their rule documents as JSON, in one order. */
export interface WorkerRules {
  ids: string[];
  sources: string[];
}

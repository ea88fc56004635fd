// Built-in rules evaluated over the case file: per-event rules on the new events, correlation
// rules over all of them. The rules and their predicates are pure (domain/notable/).
import type { Database } from 'better-sqlite3';
import {
  candidatesByIdentityType,
  candidatesByName,
  candidatesByPrincipal,
  clearAllMatches,
  clearRule,
  deniedEvents,
  dictValues,
  eventsAtLookup,
  keyIpFirstSeen,
  MatchWriter,
  matchByAccountRefs,
  maxEventRowid,
  refreshBuiltinSummary,
  updateKeyIpFirst,
  ensureKeyIpTable,
  type CandidateFacts,
  type Match,
} from '../../store/notable.js';
import { BurstDetector } from '../../domain/notable/burst.js';
import { eventRuleMatches } from '../../domain/notable/match.js';
import { foreignAccounts, newNetworkFirstSeen } from '../../domain/notable/new-ip.js';
import { DENIED_BURST, isDeniedError, RULES } from '../../domain/notable/rules.js';
import {
  matchSeverity,
  severityRank,
  type CorrelationRule,
  type EventFacts,
  type EventRule,
  type NotableRule,
} from '../../domain/notable/types.js';
import { reducesLogging, succeeded } from '../../domain/notable/predicates.js';
import {
  judgeSelectorCalls,
  trailName,
  type SelectorCall,
} from '../../domain/notable/selectors.js';
import { EventReader } from '../../store/event-reader.js';
import { relieveHeap } from '../../util/heap-valve.js';
import { clearStamp, computedTo, STAMPS, stampFresh, writeStamp } from '../derived-stamps.js';

/** The candidates' pass collects garbage past this much heap (its live data is ~30 MB at 1M events). */
const HEAP_VALVE_BYTES = 64 * 1024 * 1024;
/** Decoded evidence kept by the candidates' reader. */
const READER_CACHE_BYTES = 4 * 1024 * 1024;

export interface NotableRun {
  /** Events (rowid > this) whose per-event rules were evaluated. */
  fromRowid: number;
  toRowid: number;
  /** Whole case file re-evaluated (first run, rules changed, or events removed). */
  full: boolean;
}

/**
 * What the rules found, before it is written: computing it only reads the case file, so an index
 * run computes it on a worker thread of its own (notable-thread.ts) while the writer refreshes the
 * other derived tables. Matches are [event rowid, rule id, severity rank].
 */
export interface NotableFindings {
  /** Per-event rules' matches, on events after the run's `fromRowid`. */
  readonly events: Match[];
  /** Each correlation rule's matches over all events (the rule's old rows are replaced). */
  readonly correlations: { readonly ruleId: string; readonly matches: Match[] }[];
  /** Caller accounts (dict ids) whose every event a rule matches: written by one INSERT … SELECT. */
  readonly accountMatches: {
    readonly ruleId: string;
    readonly severity: number;
    readonly refs: number[];
  }[];
}

/**
 * Evaluate the rules on events added since the last evaluation (per-event rules), and recompute the
 * correlation rules, whose answer can change when any event arrives. Idempotent and safe to run
 * after an interrupted index run: what was evaluated is recorded in `meta`.
 */
export function evaluateNotable(
  db: Database,
  opts: { sinceRowid?: number; rules?: readonly NotableRule[] } = {},
): NotableRun {
  const rules = opts.rules ?? RULES;
  let run!: NotableRun;
  db.transaction(() => {
    run = beginNotable(db, opts.sinceRowid);
    writeNotable(db, run, computeNotable(db, run, rules), rules);
  })();
  return run;
}

/**
 * The first step, in a transaction of its own when the steps are apart: which events the per-event
 * rules read, and the (key, IP) first-seen table brought up to them (rules read it). A full
 * re-evaluation clears the old matches and the stamp here, so a run killed before `writeNotable`
 * starts again from the first event; otherwise the stamp still says where the rows end, and the
 * first-seen table is an upsert of minimums, which the next run may fold in again.
 */
export function beginNotable(db: Database, sinceRowid?: number): NotableRun {
  let run!: NotableRun;
  db.transaction(() => {
    const top = maxEventRowid(db);
    const doneTo = computedTo(db, STAMPS.notable, top);
    const rebuilt = ensureKeyIpTable(db);
    const full = rebuilt || doneTo === null;
    let from = full || doneTo === null ? 0 : Math.min(doneTo, sinceRowid ?? doneTo);
    if (full) {
      clearAllMatches(db);
      clearStamp(db, STAMPS.notable);
      from = 0;
    }
    updateKeyIpFirst(db, from);
    run = { fromRowid: from, toRowid: top, full };
  })();
  return run;
}

/** The second step: reads only (the events up to the run's top, and the first-seen table). */
export function computeNotable(
  db: Database,
  run: NotableRun,
  rules: readonly NotableRule[] = RULES,
): NotableFindings {
  const findings: NotableFindings = { events: [], correlations: [], accountMatches: [] };
  evaluateEventRules(
    db,
    rules.filter((r): r is EventRule => r.kind === 'event'),
    run.fromRowid,
    findings.events,
  );
  for (const r of rules) if (r.kind !== 'event') evaluateCorrelation(db, r, findings);
  return findings;
}

/** The last step, in one transaction: the findings, the summary and the stamp. */
export function writeNotable(
  db: Database,
  run: NotableRun,
  findings: NotableFindings,
  rules: readonly NotableRule[] = RULES,
): void {
  db.transaction(() => {
    const writer = new MatchWriter(db);
    for (const [id, rule, sev] of findings.events) writer.add(id, rule, sev);
    for (const r of rules) if (r.kind !== 'event') clearRule(db, r.id);
    for (const c of findings.correlations)
      for (const [id, rule, sev] of c.matches) writer.add(id, rule, sev);
    for (const a of findings.accountMatches) matchByAccountRefs(db, a.refs, a.ruleId, a.severity);
    refreshBuiltinSummary(db);
    writeStamp(db, STAMPS.notable, run.toRowid);
  })();
}

/** True when events were added (or rules changed) since the last evaluation (derived.ts's check). */
export function notableIsStale(db: Database): boolean {
  return !stampFresh(db, STAMPS.notable);
}

function evaluateEventRules(
  db: Database,
  rules: readonly EventRule[],
  sinceRowid: number,
  matches: Match[],
): void {
  const byName = rules.filter((r) => r.names);
  const names = [...new Set(byName.flatMap((r) => r.names ?? []))];
  const byPrincipal = rules.filter((r) => !r.names && r.principalIds);
  const patterns = byPrincipal.map((r) => r.principalIds!);
  const byType = rules.filter((r) => !r.names && !r.principalIds && r.identityTypes);
  const types = [...new Set(byType.flatMap((r) => r.identityTypes ?? []))];
  // candidates come in row order, which is the evidence files' order: a file or two is enough
  const reader = new EventReader(db, READER_CACHE_BYTES);
  let seen = 0;
  const apply = (c: CandidateFacts, subset: readonly EventRule[]): void => {
    // a million candidates make garbage in bulk: V8 let it reach ~130 MB before collecting
    if (++seen % 2000 === 0) relieveHeap(HEAP_VALVE_BYTES);
    const facts: EventFacts = { ...c, request: () => requestParametersOf(reader, c) };
    const ok = succeeded(facts);
    for (const r of subset)
      if (eventRuleMatches(r, facts))
        matches.push([c.id, r.id, severityRank(matchSeverity(r, ok))]);
  };
  for (const c of candidatesByName(db, sinceRowid, names)) apply(c, byName);
  for (const c of candidatesByIdentityType(db, sinceRowid, types)) apply(c, byType);
  for (const c of candidatesByPrincipal(db, sinceRowid, patterns)) apply(c, byPrincipal);
}

/** The stored record's requestParameters; undefined when the record cannot be read back. */
function requestParametersOf(reader: EventReader, c: CandidateFacts): unknown {
  try {
    return reader.rawRecord(c).requestParameters;
  } catch {
    return undefined;
  }
}

function evaluateCorrelation(db: Database, rule: CorrelationRule, findings: NotableFindings): void {
  const matches: Match[] = [];
  findings.correlations.push({ ruleId: rule.id, matches });
  const sev = severityRank(rule.severity);
  const kind: CorrelationRule['kind'] = rule.kind;
  switch (kind) {
    case 'trail-selectors': {
      const verdict = rule.id === 'cloudtrail-selectors-reduced' ? 'reduced' : 'unknown-previous';
      const { calls, failed } = selectorCalls(db);
      for (const [id, v] of judgeSelectorCalls(calls)) {
        if (v === verdict)
          matches.push([id, rule.id, severityRank(matchSeverity(rule, !failed.has(id)))]);
      }
      return;
    }
    case 'foreign-account': {
      const own = new Set(dictValues(db, 'recipient_account_id').map((d) => d.value));
      if (own.size === 0) return;
      const callers = dictValues(db, 'account_id');
      const foreign = new Set(
        foreignAccounts(
          callers.map((d) => d.value),
          own,
        ),
      );
      findings.accountMatches.push({
        ruleId: rule.id,
        severity: sev,
        refs: callers.filter((d) => foreign.has(d.value)).map((d) => d.id),
      });
      return;
    }
    case 'service-denied-burst':
    case 'access-denied-burst': {
      // AWS service principals (a flow-log delivery denied by a bucket policy) are not someone
      // probing: their bursts are the service rule's, the others this one's
      const wantService = (rule.kind as string) === 'service-denied-burst' ? 1 : 0;
      const refs = dictValues(db, 'error_code')
        .filter((d) => isDeniedError(d.value))
        .map((d) => d.id);
      const flagged: number[] = [];
      const detector = new BurstDetector<number>(
        DENIED_BURST.windowMs,
        DENIED_BURST.threshold,
        (id) => flagged.push(id),
      );
      let who: string | null = null;
      for (const r of deniedEvents(db, refs)) {
        if (r.service !== wantService) continue;
        const series = `${r.service}:${r.who}`;
        if (series !== who) {
          detector.reset();
          who = series;
        }
        detector.push(r.time_ms, r.id);
      }
      for (const id of flagged) matches.push([id, rule.id, sev]);
      return;
    }
    case 'caller-identity-new-ip': {
      // per caller (all its keys): the networks it had used, so a rotated key used from the usual
      // CI runners is not "new", while a leaked key used from elsewhere is
      const probes: { key: number; ip: number; first_ms: number }[] = [];
      let who: number | null = null;
      let series: { ip: string; first_ms: number; key: number; ref: number }[] = [];
      const flush = (): void => {
        for (const p of newNetworkFirstSeen(series))
          probes.push({ key: p.key, ip: p.ref, first_ms: p.first_ms });
      };
      for (const r of keyIpFirstSeen(db, 'GetCallerIdentity')) {
        if (r.who !== who) {
          flush();
          who = r.who;
          series = [];
        }
        series.push({ ip: r.ip_text, first_ms: r.first_ms, key: r.key, ref: r.ip });
      }
      flush();
      const eventsAt = eventsAtLookup(db, 'GetCallerIdentity');
      for (const p of probes) {
        for (const id of eventsAt(p.key, p.ip, p.first_ms)) matches.push([id, rule.id, sev]);
      }
      return;
    }
  }
}

const SELECTOR_CALLS = ['PutEventSelectors', 'PutInsightSelectors', 'CreateTrail'];

/** Every selector call and trail creation in the case file (few), with what each recorded. */
function selectorCalls(db: Database): { calls: SelectorCall[]; failed: Set<number> } {
  const reader = new EventReader(db);
  const calls: SelectorCall[] = [];
  const failed = new Set<number>();
  for (const c of candidatesByName(db, 0, SELECTOR_CALLS)) {
    if (c.eventSource !== 'cloudtrail.amazonaws.com' || !c.eventName) continue;
    const request = (): unknown => requestParametersOf(reader, c);
    const facts: EventFacts = { ...c, request };
    const params = request() as Record<string, unknown> | undefined;
    const named =
      params && typeof params === 'object' ? (params.trailName ?? params.name) : undefined;
    const ok = succeeded(facts);
    if (!ok) failed.add(c.id);
    calls.push({
      id: c.id,
      timeMs: c.timeMs,
      eventName: c.eventName,
      trail: trailName(typeof named === 'string' ? named : null),
      succeeded: ok,
      recordsLess: c.eventName !== 'CreateTrail' && reducesLogging(facts),
    });
  }
  return { calls, failed };
}

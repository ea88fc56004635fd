import type { Database } from 'better-sqlite3';
import { MATCH_ALL, type SqlFilter } from './filter-sql.js';
import type { EventRow } from './event-row.js';
import { SERVICE_CALLER_SQL } from '../query/compiler.js';
import type { CallerCall, CallerScope, KeyAddress } from '../domain/notable/types.js';

/**
 * SQL for notable rules: candidate rows for per-event rules, the inputs of correlation rules, the
 * match table and its per-rule summary. Which rows match is decided in domain/notable.
 */

export interface CandidateFacts {
  id: number;
  timeMs: number;
  eventName: string | null;
  eventSource: string | null;
  identityType: string | null;
  invokedBy: string | null;
  eventType: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  mfa: number | null;
  reqText: string | null;
  sourceIp: string | null;
  principalId: string | null;
  arn: string | null;
  accountId: string | null;
  recipientAccountId: string | null;
  raw_chunk: number;
  raw_index: number;
  keyAddresses: () => readonly KeyAddress[];
  callerCalls: (
    names: readonly string[],
    windowMs: number,
    by?: CallerScope,
  ) => readonly CallerCall[];
}

/** A row as selected: the text fields hold dictionary refs until `withLookups` reads their text. */
type CandidateRow = Omit<CandidateFacts, 'keyAddresses' | 'callerCalls' | TextField> &
  Record<TextField, number | null> & {
    keyRef: number | null;
    arnRef: number | null;
    principalRef: number | null;
    issuerRef: number | null;
  };

/** The text fields of a candidate and the events column that holds each one's dictionary ref. */
type TextField = (typeof TEXT_FIELDS)[number][0];

const TEXT_FIELDS = [
  ['eventName', 'event_name_ref'],
  ['eventSource', 'event_source_ref'],
  ['identityType', 'identity_type_ref'],
  ['invokedBy', 'invoked_by_ref'],
  ['eventType', 'event_type_ref'],
  ['errorCode', 'error_code_ref'],
  ['errorMessage', 'error_message_ref'],
  ['sourceIp', 'source_ip_ref'],
  ['principalId', 'principal_id_ref'],
  ['arn', 'arn_ref'],
  ['accountId', 'account_id_ref'],
  ['recipientAccountId', 'recipient_account_id_ref'],
] as const;

/**
 * Refs, not joined text: candidates repeat a few event names, sources and callers, so their text
 * is looked up once per pass (half the cost of joining the dictionary twelve times per row).
 */
const FACTS_SELECT = `SELECT e.id, e.time_ms AS timeMs, e.mfa, e.req_text AS reqText,
  ${TEXT_FIELDS.map(([name, col]) => `e.${col} AS ${name}`).join(', ')},
  e.access_key_id_ref AS keyRef, e.arn_ref AS arnRef, e.principal_id_ref AS principalRef, e.session_issuer_arn_ref AS issuerRef,
  e.raw_chunk, e.raw_index
FROM events e`;

/**
 * Names called by at most this share of all events are read through the name index, every
 * caller's calls in a window at once: at 1M events, at most 5,000 calls over the whole case file.
 */
const RARE_NAMES_SHARE = 0.005;
/** Rows of rare names' calls held for reuse by later candidates (~15 MB). */
const NAMED_ROWS_HELD = 100_000;

/**
 * Candidate rows with the two look-ups a rule may ask for (a key's addresses, a caller's other
 * calls), prepared once per pass and run only when a rule's predicate calls them.
 */
function withLookups(db: Database, rows: Iterable<CandidateRow>): Iterable<CandidateFacts> {
  const addresses = db.prepare(
    `SELECT d.value AS ip, k.first_ms AS firstMs FROM key_ip_first k JOIN dict d ON d.id = k.ip_ref
     WHERE k.key_ref = ? ORDER BY k.first_ms`,
  );
  // The caller is its ARN, else its principal ID; its role is the session issuer: each through its
  // own (ref, time) index. When the names asked for are rare, their calls in the window are read
  // once through the name index, every caller's, and each caller's are picked out of them: a role's
  // month of deploys read through the role's index walked every call it made in three months (5.6
  // ms a look-up at 1M bench events), and through the name index one look-up per role still read
  // every deploy (16.8 ms at 5M, 17 s in all).
  const callsSql = (column: string): string =>
    `SELECT e.time_ms AS timeMs, n.value AS eventName, e.req_text AS reqText FROM events e
     JOIN dict n ON n.id = e.event_name_ref
     WHERE e.${column} = ? AND e.time_ms BETWEEN ? AND ?
       AND e.event_name_ref IN (SELECT value FROM json_each(?))`;
  const byCaller = {
    a: db.prepare(callsSql('arn_ref')),
    p: db.prepare(`${callsSql('principal_id_ref')} AND e.arn_ref IS NULL`),
    i: db.prepare(callsSql('session_issuer_arn_ref')),
  };
  const byNames = db.prepare(
    `SELECT e.time_ms AS timeMs, n.value AS eventName, e.req_text AS reqText,
       e.arn_ref AS arnRef, e.principal_id_ref AS principalRef, e.session_issuer_arn_ref AS issuerRef
     FROM events e JOIN dict n ON n.id = e.event_name_ref
     WHERE e.event_name_ref IN (SELECT value FROM json_each(?)) AND e.time_ms BETWEEN ? AND ?`,
  );
  type NamedCall = CallerCall & {
    arnRef: number | null;
    principalRef: number | null;
    issuerRef: number | null;
  };
  const callerOf: Record<'a' | 'p' | 'i', (c: NamedCall, ref: number) => boolean> = {
    a: (c, ref) => c.arnRef === ref,
    p: (c, ref) => c.principalRef === ref && c.arnRef === null,
    i: (c, ref) => c.issuerRef === ref,
  };
  // every caller's calls of rare names per window bucket (a few buckets at a time: the rules
  // judge the candidates in row order, which is mostly time order)
  const namedMemo = new Map<string, NamedCall[]>();
  let namedRows = 0;
  const totalEvents = Math.max(1, maxEventRowid(db));
  // per list of names: their dictionary refs (as the statements' JSON argument) and whether they
  // are rare enough to be read through the name index
  const nameSets = new Map<string, { refs: string; rare: boolean }>();
  const nameSet = (names: readonly string[]): { refs: string; rare: boolean } => {
    const key = names.join('\u0000');
    let set = nameSets.get(key);
    if (!set) {
      const refs = JSON.stringify(dictIds(db, 'event_name', names));
      const count = db
        .prepare(
          'SELECT count(*) FROM events WHERE event_name_ref IN (SELECT value FROM json_each(?))',
        )
        .pluck()
        .get(refs) as number;
      set = { refs, rare: count <= totalEvents * RARE_NAMES_SHARE };
      nameSets.set(key, set);
    }
    return set;
  };
  const lookUp = (
    kind: 'a' | 'p' | 'i',
    ref: number,
    names: readonly string[],
    windowMs: number,
    bucket: number,
  ): CallerCall[] => {
    const set = nameSet(names);
    const from = (bucket - 1) * windowMs;
    const to = (bucket + 2) * windowMs;
    if (!set.rare) return byCaller[kind].all(ref, from, to, set.refs) as CallerCall[];
    const key = `${windowMs}\u0000${bucket}\u0000${set.refs}`;
    let calls = namedMemo.get(key);
    if (!calls) {
      calls = byNames.all(set.refs, from, to) as NamedCall[];
      if (namedRows + calls.length > NAMED_ROWS_HELD) {
        namedMemo.clear();
        namedRows = 0;
      }
      // a window larger than the budget is used for this candidate only
      if (calls.length <= NAMED_ROWS_HELD) {
        namedMemo.set(key, calls);
        namedRows += calls.length;
      }
    }
    const mine = callerOf[kind];
    return calls
      .filter((c) => mine(c, ref))
      .map((c) => ({ timeMs: c.timeMs, eventName: c.eventName, reqText: c.reqText }));
  };
  // A burst is judged for every call in it: one look-up per caller and time bucket, not per call;
  // a key's addresses once per key.
  const memo = new Map<string, CallerCall[]>();
  const keyMemo = new Map<number, readonly KeyAddress[]>();
  const addressesOf = (keyRef: number): readonly KeyAddress[] => {
    let list = keyMemo.get(keyRef);
    if (!list) {
      if (keyMemo.size > 10_000) keyMemo.clear();
      list = addresses.all(keyRef) as KeyAddress[];
      keyMemo.set(keyRef, list);
    }
    return list;
  };
  const callsOf = (
    row: CandidateRow,
    names: readonly string[],
    windowMs: number,
    by: CallerScope,
  ): CallerCall[] => {
    const [kind, ref] =
      by === 'role' && row.issuerRef !== null
        ? (['i', row.issuerRef] as const)
        : row.arnRef !== null
          ? (['a', row.arnRef] as const)
          : (['p', row.principalRef] as const);
    if (ref === null || row.timeMs <= 0) return [];
    const bucket = Math.floor(row.timeMs / windowMs);
    const key = `${kind}${ref}\u0000${windowMs}\u0000${bucket}\u0000${names.join(',')}`;
    let list = memo.get(key);
    if (!list) {
      if (memo.size > 10_000) memo.clear();
      list = lookUp(kind, ref, names, windowMs, bucket);
      memo.set(key, list);
    }
    return list.filter((c) => Math.abs(c.timeMs - row.timeMs) <= windowMs);
  };
  const dictText = db.prepare('SELECT value FROM dict WHERE id = ?').pluck();
  const texts = new Map<number, string | null>();
  const textOf = (ref: unknown): string | null => {
    if (typeof ref !== 'number') return null;
    let text = texts.get(ref);
    if (text === undefined) {
      if (texts.size > 200_000) texts.clear();
      text = (dictText.get(ref) as string | undefined) ?? null;
      texts.set(ref, text);
    }
    return text;
  };
  // One object literal per candidate: every candidate has the same shape, which keeps the rules'
  // property reads fast (rewriting the row's own fields from refs to text did not).
  function* gen(): Generator<CandidateFacts> {
    for (const row of rows) {
      yield {
        id: row.id,
        timeMs: row.timeMs,
        eventName: textOf(row.eventName),
        eventSource: textOf(row.eventSource),
        identityType: textOf(row.identityType),
        invokedBy: textOf(row.invokedBy),
        eventType: textOf(row.eventType),
        errorCode: textOf(row.errorCode),
        errorMessage: textOf(row.errorMessage),
        mfa: row.mfa,
        reqText: row.reqText,
        sourceIp: textOf(row.sourceIp),
        principalId: textOf(row.principalId),
        arn: textOf(row.arn),
        accountId: textOf(row.accountId),
        recipientAccountId: textOf(row.recipientAccountId),
        raw_chunk: row.raw_chunk,
        raw_index: row.raw_index,
        keyAddresses: () => (row.keyRef === null ? [] : addressesOf(row.keyRef)),
        callerCalls: (names, windowMs, by = 'caller') => callsOf(row, names, windowMs, by),
      };
    }
  }
  return gen();
}

/** Events after `sinceRowid` whose name is one of `names` (through the name index). */
export function candidatesByName(
  db: Database,
  sinceRowid: number,
  names: readonly string[],
): Iterable<CandidateFacts> {
  if (names.length === 0) return [];
  const rows = db
    .prepare(
      // the candidates' row ids first (the name index alone), then their rows in row-id order:
      // read through the name index, a million-event case file's rows were fetched in random
      // order, one page read each (2-3x slower at 1M events with the derived passes' 16 MiB cache)
      `${FACTS_SELECT}
       WHERE e.id IN (SELECT id FROM events WHERE event_name_ref IN (
         SELECT id FROM dict WHERE field = 'event_name' AND value IN (SELECT value FROM json_each(?))) AND id > ?)`,
    )
    .iterate(JSON.stringify(names), sinceRowid) as Iterable<CandidateRow>;
  return withLookups(db, rows);
}

/** Events after `sinceRowid` whose identity type is one of `types` (one pass over the new rows). */
export function candidatesByIdentityType(
  db: Database,
  sinceRowid: number,
  types: readonly string[],
): Iterable<CandidateFacts> {
  if (types.length === 0) return [];
  const refs = dictIds(db, 'identity_type', types);
  if (refs.length === 0) return [];
  const rows = db
    .prepare(
      `${FACTS_SELECT} WHERE e.id > ? AND e.identity_type_ref IN (SELECT value FROM json_each(?))`,
    )
    .iterate(sinceRowid, JSON.stringify(refs)) as Iterable<CandidateRow>;
  return withLookups(db, rows);
}

/**
 * Events after `sinceRowid` whose principal ID matches one of `patterns`: the principal IDs are
 * matched in the dictionary (one entry per session), the events found through the principal index.
 */
export function candidatesByPrincipal(
  db: Database,
  sinceRowid: number,
  patterns: readonly RegExp[],
): Iterable<CandidateFacts> {
  if (patterns.length === 0) return [];
  const refs = dictValues(db, 'principal_id')
    .filter((d) => patterns.some((p) => p.test(d.value)))
    .map((d) => d.id);
  if (refs.length === 0) return [];
  const rows = db
    .prepare(
      `${FACTS_SELECT} WHERE e.principal_id_ref IN (SELECT value FROM json_each(?)) AND e.id > ?`,
    )
    .iterate(JSON.stringify(refs), sinceRowid) as Iterable<CandidateRow>;
  return withLookups(db, rows);
}

function dictIds(db: Database, field: string, values: readonly string[]): number[] {
  return db
    .prepare(`SELECT id FROM dict WHERE field = ? AND value IN (SELECT value FROM json_each(?))`)
    .pluck()
    .all(field, JSON.stringify(values)) as number[];
}

/** Distinct values of a dict field (small lists: error codes, accounts). */
export function dictValues(db: Database, field: string): { id: number; value: string }[] {
  return db.prepare('SELECT id, value FROM dict WHERE field = ?').all(field) as {
    id: number;
    value: string;
  }[];
}

export type Match = readonly [rowid: number, ruleId: string, severity: number];

export class MatchWriter {
  private readonly insert;
  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO event_notable(event_rowid, rule_id, severity) VALUES (?, ?, ?)',
    );
  }
  add(rowid: number, ruleId: string, severity: number): void {
    this.insert.run(rowid, ruleId, severity);
  }
}

export function clearRule(db: Database, ruleId: string): void {
  db.prepare('DELETE FROM event_notable WHERE rule_id = ?').run(ruleId);
}

export function clearAllMatches(db: Database): void {
  // Sigma hits (sigma:<id>) belong to their rule packs and stay until a pack is removed
  db.exec(
    `DELETE FROM event_notable WHERE rule_id NOT LIKE 'sigma:%';
     DELETE FROM notable_summary WHERE NOT (${SIGMA_ROWS}); DELETE FROM key_ip_first;`,
  );
}

export function maxEventRowid(db: Database): number {
  return (db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number) ?? 0;
}

/** Match every event whose caller account is one of `accountRefs` (dict ids, via the account index). */
export function matchByAccountRefs(
  db: Database,
  accountRefs: readonly number[],
  ruleId: string,
  severity: number,
): number {
  if (accountRefs.length === 0) return 0;
  return db
    .prepare(
      `INSERT OR IGNORE INTO event_notable(event_rowid, rule_id, severity)
       SELECT e.id, ?, ? FROM events e WHERE e.account_id_ref IN (SELECT value FROM json_each(?))`,
    )
    .run(ruleId, severity, JSON.stringify(accountRefs)).changes;
}

export interface DeniedRow {
  id: number;
  who: number;
  /** 1 when an AWS service made the call (the query language's byService), 0 otherwise. */
  service: number;
  time_ms: number;
}

/**
 * Events with one of the given error codes, grouped by who made them (an AWS service apart from
 * the identity it acted for; then ARN, else principal, else key), in time order.
 */
export function deniedEvents(db: Database, errorRefs: readonly number[]): Iterable<DeniedRow> {
  if (errorRefs.length === 0) return [];
  return db
    .prepare(
      `SELECT id, who, service, time_ms FROM (
         SELECT e.id, coalesce(e.arn_ref, e.principal_id_ref, e.access_key_id_ref, e.invoked_by_ref, 0) AS who,
           CASE WHEN ${SERVICE_CALLER_SQL} THEN 1 ELSE 0 END AS service, e.time_ms FROM events e
         WHERE e.error_code_ref IN (SELECT value FROM json_each(?)) AND e.time_ms > 0)
       ORDER BY service, who, time_ms, id`,
    )
    .iterate(JSON.stringify(errorRefs)) as Iterable<DeniedRow>;
}

export interface KeyIpFirstSeen {
  key: number;
  /** dict id of the caller (ARN, else principal ID) */
  who: number;
  /** dict id of the source IP, and its text */
  ip: number;
  ip_text: string;
  first_ms: number;
}

/**
 * `key_ip_first` is a derived cache: a case file whose copy predates a column is given a fresh one
 * (the caller then re-evaluates from the first event).
 */
export function ensureKeyIpTable(db: Database): boolean {
  const cols = db
    .prepare("SELECT name FROM pragma_table_info('key_ip_first')")
    .pluck()
    .all() as string[];
  if (cols.includes('who_ref')) return false;
  db.exec(`DROP TABLE IF EXISTS key_ip_first;
    CREATE TABLE key_ip_first (key_ref INTEGER NOT NULL, ip_ref INTEGER NOT NULL, first_ms INTEGER NOT NULL, who_ref INTEGER,
      PRIMARY KEY (key_ref, ip_ref)) WITHOUT ROWID;
    CREATE INDEX key_ip_who ON key_ip_first(who_ref);`);
  return true;
}

/** Fold events after `sinceRowid` into the (key, IP) -> first seen table. One pass over the new rows. */
export function updateKeyIpFirst(db: Database, sinceRowid: number): void {
  db.prepare(
    `INSERT INTO key_ip_first(key_ref, ip_ref, first_ms, who_ref)
     SELECT e.access_key_id_ref, e.source_ip_ref, e.time_ms, coalesce(e.arn_ref, e.principal_id_ref) FROM events e
     WHERE e.id > ? AND e.access_key_id_ref IS NOT NULL AND e.source_ip_ref IS NOT NULL AND e.time_ms > 0
     ON CONFLICT(key_ref, ip_ref) DO UPDATE SET first_ms = min(first_ms, excluded.first_ms)`,
  ).run(sinceRowid);
}

/**
 * For every caller whose keys called `eventName` at least once: when each (key, source IP) was
 * first seen, ordered by caller then time. Reads the small first-seen table, not the events.
 */
export function keyIpFirstSeen(db: Database, eventName: string): Iterable<KeyIpFirstSeen> {
  return db
    .prepare(
      `SELECT k.key_ref AS key, k.who_ref AS who, k.ip_ref AS ip, d.value AS ip_text, k.first_ms FROM key_ip_first k
       JOIN dict d ON d.id = k.ip_ref
       WHERE k.who_ref IN (
         SELECT DISTINCT f.who_ref FROM key_ip_first f WHERE f.key_ref IN (
           SELECT DISTINCT g.access_key_id_ref FROM events g
           WHERE g.event_name_ref = (SELECT id FROM dict WHERE field = 'event_name' AND value = ?)
             AND g.access_key_id_ref IS NOT NULL))
       ORDER BY k.who_ref, k.first_ms`,
    )
    .iterate(eventName) as Iterable<KeyIpFirstSeen>;
}

/** A lookup of the rowids of `eventName` events by a key from an IP at exactly a time (prepared once). */
export function eventsAtLookup(
  db: Database,
  eventName: string,
): (key: number, ip: number, timeMs: number) => number[] {
  const nameRef = db
    .prepare("SELECT id FROM dict WHERE field = 'event_name' AND value = ?")
    .pluck()
    .get(eventName) as number | undefined;
  const stmt = db
    .prepare(
      'SELECT e.id FROM events e WHERE e.access_key_id_ref = ? AND e.time_ms = ? AND e.source_ip_ref = ? AND e.event_name_ref = ?',
    )
    .pluck();
  return (key, ip, timeMs) =>
    nameRef === undefined ? [] : (stmt.all(key, timeMs, ip, nameRef) as number[]);
}

/** A call that succeeded: no error code and no error message (a failed sign-in has only the message). */
const SUCCEEDED_SQL = '(e.error_code_ref IS NULL AND e.error_message_ref IS NULL)';

/** Case files made before the succeeded count have a summary without it: add the column (derived data). */
export function ensureSummaryColumns(db: Database): void {
  const cols = db
    .prepare("SELECT name FROM pragma_table_info('notable_summary')")
    .pluck()
    .all() as string[];
  if (cols.length && !cols.includes('succeeded'))
    db.exec('ALTER TABLE notable_summary ADD COLUMN succeeded INTEGER');
}

/** Recompute the per-rule summary from the match table (small: only notable rows are read). */
export function refreshSummary(db: Database): void {
  refreshBuiltinSummary(db);
  ensureSummaryColumns(db);
  db.exec(`DELETE FROM notable_summary WHERE ${SIGMA_ROWS};
    INSERT INTO notable_summary(rule_id, events, first_ms, last_ms, succeeded)
    SELECT n.rule_id, count(*), min(e.time_ms), max(e.time_ms), sum(${SUCCEEDED_SQL})
    FROM event_notable n JOIN events e ON e.id = n.event_rowid WHERE ${SIGMA_ROWS} GROUP BY n.rule_id;`);
}

/** Sigma rules' rows of event_notable and notable_summary (rule ids `sigma:…`), as a key range. */
const SIGMA_ROWS = "rule_id >= 'sigma:' AND rule_id < 'sigma;'";

/** The summary of the built-in rules (after their pass), leaving the Sigma rules' rows as they are. */
export function refreshBuiltinSummary(db: Database): void {
  ensureSummaryColumns(db);
  db.exec(`DELETE FROM notable_summary WHERE NOT (${SIGMA_ROWS});
    INSERT INTO notable_summary(rule_id, events, first_ms, last_ms, succeeded)
    SELECT n.rule_id, count(*), min(e.time_ms), max(e.time_ms), sum(${SUCCEEDED_SQL})
    FROM event_notable n JOIN events e ON e.id = n.event_rowid WHERE NOT (${SIGMA_ROWS.replaceAll('rule_id', 'n.rule_id')})
    GROUP BY n.rule_id;`);
}

/**
 * The summary of the Sigma rules that report (`reporting`: a JSON list of [rule id, severity], as
 * published into event_notable), from their hits, which carry their events' time and outcome.
 */
export function refreshSigmaSummary(db: Database, reporting: string): void {
  ensureSummaryColumns(db);
  db.prepare(`DELETE FROM notable_summary WHERE ${SIGMA_ROWS}`).run();
  db.prepare(
    `INSERT INTO notable_summary(rule_id, events, first_ms, last_ms, succeeded)
     SELECT k.rule_id, count(*), min(h.time_ms), max(h.time_ms), sum(h.ok) FROM json_each(?) r
       JOIN sigma_rule_keys k ON k.rule_id = r.value ->> 0 JOIN sigma_hits h ON h.rule_no = k.rule_no
     GROUP BY k.rule_id`,
  ).run(reporting);
}

export interface RuleCount {
  rule_id: string;
  /** Distinct events the rule matched (a rule matches an event at most once). */
  events: number;
  /** Of those, calls that succeeded. */
  succeeded: number;
  first_ms: number | null;
  last_ms: number | null;
}

/** The cached per-rule counts (whole case file). Instant: one row per rule. */
export function ruleSummary(db: Database): RuleCount[] {
  const cols = db
    .prepare("SELECT name FROM pragma_table_info('notable_summary')")
    .pluck()
    .all() as string[];
  // a summary written before the succeeded column (read-only case file): count from the matches
  if (!cols.includes('succeeded')) return ruleCounts(db, MATCH_ALL);
  const rows = db
    .prepare('SELECT rule_id, events, succeeded, first_ms, last_ms FROM notable_summary')
    .all() as (Omit<RuleCount, 'succeeded'> & { succeeded: number | null })[];
  if (rows.some((r) => r.succeeded === null)) return ruleCounts(db, MATCH_ALL);
  return rows as RuleCount[];
}

/** Per-rule counts restricted to a filter (over `events e`). */
export function ruleCounts(db: Database, filter: SqlFilter): RuleCount[] {
  return db
    .prepare(
      `SELECT n.rule_id, count(*) AS events, sum(${SUCCEEDED_SQL}) AS succeeded, min(e.time_ms) AS first_ms, max(e.time_ms) AS last_ms
       FROM event_notable n JOIN events e ON e.id = n.event_rowid
       WHERE (${filter.where}) GROUP BY n.rule_id`,
    )
    .all(...filter.params) as RuleCount[];
}

/** Distinct notable events (of the filter): an event two rules matched counts once. */
export function notableEventCount(
  db: Database,
  filter: SqlFilter,
): { events: number; succeeded: number } {
  const r = db
    .prepare(
      `SELECT count(*) AS events, coalesce(sum(${SUCCEEDED_SQL}), 0) AS succeeded FROM events e
       WHERE e.id IN (SELECT event_rowid FROM event_notable) AND (${filter.where})`,
    )
    .get(...filter.params) as { events: number; succeeded: number };
  return r;
}

export interface RuleWho {
  rule_id: string;
  /** Events of this rule by this caller. */
  events: number;
  /** One of its events, to label the caller the way every table does. */
  sample: number;
}

/**
 * Who each rule's events came from: callers (ARN, else principal ID, else the service) with their
 * counts, most active first. Bounded by the number of matches, not of events.
 */
export function ruleCallers(db: Database, filter: SqlFilter): RuleWho[] {
  return db
    .prepare(
      `SELECT n.rule_id, count(*) AS events, max(e.id) AS sample
       FROM event_notable n JOIN events e ON e.id = n.event_rowid
       WHERE (${filter.where})
       GROUP BY n.rule_id, coalesce(e.arn_ref, e.principal_id_ref, e.invoked_by_ref, e.access_key_id_ref, 0)
       ORDER BY n.rule_id, events DESC, sample DESC`,
    )
    .all(...filter.params) as RuleWho[];
}

/** Events of the given rowids as rows (a handful: the callers' samples). */
export function eventRows(db: Database, rowids: readonly number[]): EventRow[] {
  if (rowids.length === 0) return [];
  return db
    .prepare('SELECT * FROM events_v WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(rowids)) as EventRow[];
}

/** The rules an event matched. */
export function rulesOfEvent(db: Database, rowid: number): string[] {
  return db
    .prepare(
      'SELECT rule_id FROM event_notable WHERE event_rowid = ? ORDER BY severity DESC, rule_id',
    )
    .pluck()
    .all(rowid) as string[];
}

/** Highest severity rank per event for a page of rows (the table's marker column); absent = not notable. */
export function notableMarks(db: Database, rowids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  if (rowids.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT event_rowid AS id, max(severity) AS sev FROM event_notable
       WHERE event_rowid IN (SELECT value FROM json_each(?)) GROUP BY event_rowid`,
    )
    .all(JSON.stringify(rowids)) as { id: number; sev: number }[];
  for (const r of rows) out.set(r.id, r.sev);
  return out;
}

/**
 * Events matched by one rule (and a filter), newest first, keyset-paged by (time_ms, id).
 */
export function pageRuleEvents(
  db: Database,
  ruleId: string,
  filter: SqlFilter,
  opts: { limit: number; before?: { time_ms: number; id: number } },
): EventRow[] {
  const keyset = opts.before ? 'AND (e.time_ms < ? OR (e.time_ms = ? AND e.id < ?))' : '';
  const keyParams = opts.before ? [opts.before.time_ms, opts.before.time_ms, opts.before.id] : [];
  const ids = db
    .prepare(
      `SELECT e.id FROM event_notable n JOIN events e ON e.id = n.event_rowid
       WHERE n.rule_id = ? AND (${filter.where}) ${keyset}
       ORDER BY e.time_ms DESC, e.id DESC LIMIT ?`,
    )
    .pluck()
    .all(ruleId, ...filter.params, ...keyParams, opts.limit) as number[];
  if (ids.length === 0) return [];
  return db
    .prepare(
      'SELECT * FROM events_v WHERE id IN (SELECT value FROM json_each(?)) ORDER BY time_ms DESC, id DESC',
    )
    .all(JSON.stringify(ids)) as EventRow[];
}

/** Notable events (any rule at or above `minSeverity`) matching a filter, newest first, with their rules. */
export function pageNotableEvents(
  db: Database,
  filter: SqlFilter,
  opts: { limit: number; minSeverity?: number },
): { row: EventRow; rules: string[] }[] {
  const ids = db
    .prepare(
      // EXISTS, not IN: the planner then walks the time index from the newest event and probes the
      // match table, stopping at the page's end (1M events, 15k notable: 2 ms cold, where IN
      // looked up and sorted every notable event: 440 ms)
      `SELECT e.id FROM events e
       WHERE EXISTS (SELECT 1 FROM event_notable n WHERE n.event_rowid = e.id AND n.severity >= ?) AND (${filter.where})
       ORDER BY e.time_ms DESC, e.id DESC LIMIT ?`,
    )
    .pluck()
    .all(opts.minSeverity ?? 0, ...filter.params, opts.limit) as number[];
  const rowStmt = db.prepare('SELECT * FROM events_v WHERE id = ?');
  return ids.map((id) => ({ row: rowStmt.get(id) as EventRow, rules: rulesOfEvent(db, id) }));
}

/**
 * Past this many matches, a time-ordered page is cheaper by walking the time index and probing the
 * match table than by looking up and sorting every match (1M events: a 5,061-event rule 187 ms cold
 * as IN, 3 ms as EXISTS; a 1-event rule 0.5 ms as IN, 66 ms as EXISTS).
 */
const DENSE_MATCHES = 300;

/**
 * A pinned list condition: the events one rule matched (or any rule, with `null`). `matches`, when
 * known, picks the cheaper form of the condition for that many events.
 */
export function notablePin(ruleId: string | null, matches?: number): SqlFilter {
  const dense = matches === undefined ? ruleId === null : matches > DENSE_MATCHES;
  const rule = ruleId === null ? '' : ' AND n.rule_id = ?';
  const params = ruleId === null ? [] : [ruleId];
  return dense
    ? { where: `EXISTS (SELECT 1 FROM event_notable n WHERE n.event_rowid = e.id${rule})`, params }
    : { where: `e.id IN (SELECT n.event_rowid FROM event_notable n WHERE 1${rule})`, params };
}

/** Highest severity per notable event with a rowid in [lo, hi] (the table marker loads blocks of rows). */
export function marksInRange(db: Database, lo: number, hi: number): { id: number; sev: number }[] {
  return db
    .prepare(
      'SELECT event_rowid AS id, max(severity) AS sev FROM event_notable WHERE event_rowid BETWEEN ? AND ? GROUP BY event_rowid',
    )
    .all(lo, hi) as { id: number; sev: number }[];
}

import type { Database, Statement } from 'better-sqlite3';
import { decodeWorkloadHints, workloadHintsOf } from '../domain/workload-hints.js';
import type {
  CallerIdentity,
  ConsoleLoginEvent,
  CreatedKind,
  IamCreation,
  Issuance,
  IssuanceDetail,
  KeyStats,
  KeyUse,
  LineageSource,
  SubjectEvent,
  UseHints,
} from '../domain/lineage-types.js';
import { EventReader } from './event-reader.js';
import { isServiceSource } from '../domain/lineage-keys.js';
import { LINEAGE_VERSION } from '../domain/lineage.js';
import { EVENT_TIME_SQL, type EventRow } from './event-row.js';
import { migration003 } from './migrations/003-lineage.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
function objOrParsed(v: unknown): Obj | null {
  if (isObj(v)) return v;
  if (typeof v === 'string' && v.startsWith('{')) {
    try {
      const p = JSON.parse(v) as unknown;
      return isObj(p) ? p : null;
    } catch {
      return null;
    }
  }
  return null;
}

const tri = (v: number | null): boolean | null => (v === null ? null : v === 1);

const NO_CALLER: CallerIdentity = {
  type: null,
  arn: null,
  accountId: null,
  principalId: null,
  userName: null,
  invokedBy: null,
  accessKeyId: null,
  sessionIssuerArn: null,
  mfa: null,
  sourceIdentity: null,
  consoleSession: null,
  sessionCreatedMs: null,
};

/** The caller of an event, from its flattened row. */
export function callerOf(r: EventRow): CallerIdentity {
  return {
    type: r.identity_type,
    arn: r.arn,
    accountId: r.account_id,
    principalId: r.principal_id,
    userName: r.user_name,
    invokedBy: r.invoked_by,
    accessKeyId: r.access_key_id,
    sessionIssuerArn: r.session_issuer_arn,
    mfa: tri(r.mfa),
    sourceIdentity: r.source_identity,
    consoleSession: tri(r.console_session),
    sessionCreatedMs: r.session_created_ms,
  };
}

/** A request parameter from the flattened "key=value" lines (avoids decoding the record). */
function reqParam(reqText: string | null, name: 'roleArn' | 'principalArn'): string | null {
  if (!reqText) return null;
  const m = new RegExp(`(?:^|\\n)${name}=([^\\n]+)`).exec(reqText);
  return m ? m[1] : null;
}

/** An IAM creation seen as an issuance of its credential (the walk continues through the caller's key). */
function creationIssuance(c: IamCreation): Issuance {
  return {
    rowid: c.rowid,
    eventId: c.eventId,
    eventName: c.eventName,
    timeMs: c.timeMs,
    eventTime: c.eventTime,
    awsRegion: c.awsRegion,
    sourceIp: c.sourceIp,
    userAgent: c.userAgent,
    recipientAccountId: c.recipientAccountId,
    sharedEventId: null,
    requestId: null,
    issuedKey: c.credentialId ?? '',
    expirationMs: null,
    roleArn: null,
    principalArn: null,
    caller: c.caller,
    via: 'iam',
    forUser: c.userName,
  };
}

function issuanceOf(r: EventRow): Issuance {
  return {
    rowid: r.id,
    eventId: r.event_id,
    eventName: r.event_name,
    timeMs: r.time_ms,
    eventTime: r.event_time,
    awsRegion: r.aws_region,
    sourceIp: r.source_ip,
    userAgent: r.user_agent,
    recipientAccountId: r.recipient_account_id,
    sharedEventId: r.shared_event_id,
    requestId: r.request_id,
    issuedKey: r.issued_key ?? '',
    expirationMs: r.issued_expiration_ms,
    roleArn: reqParam(r.req_text, 'roleArn'),
    principalArn: reqParam(r.req_text, 'principalArn'),
    caller: callerOf(r),
  };
}

/** IAM calls that create a credential or a user (or change a password), and what each creates. */
export const IAM_CREATION_EVENTS: Readonly<Record<string, CreatedKind>> = {
  CreateAccessKey: 'access-key',
  CreateLoginProfile: 'login-profile',
  UpdateLoginProfile: 'login-profile',
  ChangePassword: 'login-profile',
  CreateUser: 'user',
  CreateServiceSpecificCredential: 'service-specific-credential',
  UploadSSHPublicKey: 'ssh-public-key',
};

/** The value AWS records in place of a secret it will not log. */
export const HIDDEN_VALUE = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** A response member by any of the spellings CloudTrail uses for it (`sSHPublicKey`, `SSHPublicKey`). */
function member(o: Obj, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  const lower = new Map(Object.keys(o).map((k) => [k.toLowerCase(), k]));
  for (const n of names) {
    const k = lower.get(n.toLowerCase());
    if (k !== undefined) return o[k];
  }
  return undefined;
}

/** What an IAM creation's record says it created (the ID lives only in responseElements). */
export function iamCreationOf(r: EventRow, rec: Obj): IamCreation | null {
  const kind = IAM_CREATION_EVENTS[r.event_name ?? ''];
  if (!kind) return null;
  const req = objOrParsed(rec.requestParameters) ?? {};
  const resRaw = rec.responseElements;
  const res = objOrParsed(resRaw) ?? {};
  let inner: Obj = {};
  let idRaw: unknown;
  if (kind === 'access-key') {
    inner = objOrParsed(member(res, 'accessKey')) ?? {};
    idRaw = member(inner, 'accessKeyId');
  } else if (kind === 'service-specific-credential') {
    inner = objOrParsed(member(res, 'serviceSpecificCredential')) ?? {};
    idRaw = member(inner, 'serviceSpecificCredentialId');
  } else if (kind === 'ssh-public-key') {
    inner = objOrParsed(member(res, 'sSHPublicKey', 'SSHPublicKey')) ?? {};
    idRaw = member(inner, 'sSHPublicKeyId', 'SSHPublicKeyId');
  } else if (kind === 'login-profile') {
    inner = objOrParsed(member(res, 'loginProfile')) ?? {};
  } else {
    inner = objOrParsed(member(res, 'user')) ?? {};
  }
  const idText = s(idRaw);
  const hidden =
    idText === HIDDEN_VALUE ||
    resRaw === HIDDEN_VALUE ||
    s(member(inner, 'userName')) === HIDDEN_VALUE;
  const named =
    [s(req.userName), s(member(inner, 'userName'))].find((v) => v && v !== HIDDEN_VALUE) ?? null;
  return {
    rowid: r.id,
    eventId: r.event_id,
    eventName: r.event_name!,
    timeMs: r.time_ms,
    eventTime: r.event_time,
    awsRegion: r.aws_region,
    sourceIp: r.source_ip,
    userAgent: r.user_agent,
    recipientAccountId: r.recipient_account_id,
    kind,
    // without a userName the call acts on the caller itself (IAM's documented default)
    userName: named ?? (r.identity_type === 'IAMUser' ? r.user_name : null),
    credentialId: idText && idText !== HIDDEN_VALUE ? idText : null,
    hidden,
    caller: callerOf(r),
  };
}

export interface CredentialRow {
  access_key_id: string;
  kind: string;
  events: number;
  first_ms: number | null;
  last_ms: number | null;
  console_session: number;
  issuances: number;
  minted: number;
  identity_type: string | null;
  identity_arn: string | null;
  origin_kind: string | null;
  origin_label: string | null;
  origin_arn: string | null;
  origin_account: string | null;
  complete: number | null;
  depth: number | null;
  gap: string | null;
}

/**
 * The credential index over a case file: the look-ups lineage needs (by key, by time), and the
 * credentials table. Every statement is an indexed look-up (ev_issued, ev_minted, ev_key, ev_arn).
 */
export class CredentialStore implements LineageSource {
  private readonly reader: EventReader;
  private readonly stmts: Record<string, Statement>;
  /**
   * Each key's latest use: its row id, not the row (whole rows for every key held ~110 MB per 33k
   * keys; the row is read back by id when the key is resolved).
   */
  /** The latest use's row id of the keys of the walk's current page (beginWalk). */
  private latestUse: Map<string, number> | null = null;
  /** The issuing events of the walk's current page's keys (every page key has a list). */
  private pageIssued: Map<string, EventRow[]> | null = null;
  /** The rows of the current page's latest uses, by row id. */
  private pageRows: Map<number, EventRow> | null = null;
  private walkAt = 0;
  private creations: {
    byId: Map<string, IamCreation[]>;
    byKey: Map<string, IamCreation[]>;
    byUser: Map<string, IamCreation[]>;
  } | null = null;

  constructor(readonly db: Database) {
    this.reader = new EventReader(db);
    const keyRef = "(SELECT id FROM dict WHERE field = 'access_key_id' AND value = ?)";
    this.stmts = {
      issued: db.prepare('SELECT * FROM events_v WHERE issued_key = ? ORDER BY time_ms, id'),
      issuedOfPage: db.prepare(
        `SELECT * FROM events_v WHERE id IN (
           SELECT id FROM events WHERE issued_key IN (SELECT value FROM json_each(?)))`,
      ),
      // The minted keys' call counts come along (one statement, not one look-up per minted key).
      // Lean on purpose: a busy key can mint thousands, and the list needs none of the caller's fields.
      minted: db.prepare(
        `SELECT e.id, e.event_id, e.time_ms, ${EVENT_TIME_SQL} AS event_time, e.shared_event_id, e.request_id, e.issued_key,
           e.issued_expiration_ms, e.req_text, n.value AS event_name, c.events AS issued_key_events
         FROM events e LEFT JOIN dict n ON n.id = e.event_name_ref LEFT JOIN credentials c ON c.access_key_id = e.issued_key
         WHERE e.access_key_id_ref = ${keyRef} AND e.issued_key IS NOT NULL
         ORDER BY e.time_ms, e.id`,
      ),
      useBefore: db
        .prepare(
          `SELECT id FROM events WHERE access_key_id_ref = ${keyRef} AND time_ms <= ? ORDER BY time_ms DESC, id DESC LIMIT 1`,
        )
        .pluck(),
      useAfter: db
        .prepare(
          `SELECT id FROM events WHERE access_key_id_ref = ${keyRef} AND time_ms > ? ORDER BY time_ms, id LIMIT 1`,
        )
        .pluck(),
      useLatest: db
        .prepare(
          `SELECT id FROM events WHERE access_key_id_ref = ${keyRef} ORDER BY time_ms DESC, id DESC LIMIT 1`,
        )
        .pluck(),
      row: db.prepare('SELECT * FROM events_v WHERE id = ?'),
      rowsOf: db.prepare(
        'SELECT * FROM events_v WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
      ),
      byEventId: db.prepare('SELECT * FROM events_v WHERE event_id = ?'),
      stats: db.prepare('SELECT * FROM credentials WHERE access_key_id = ?'),
      console: db
        .prepare(
          `SELECT 1 FROM events WHERE access_key_id_ref = ${keyRef} AND console_session = 1 LIMIT 1`,
        )
        .pluck(),
      consoleLogins: db.prepare(
        `SELECT * FROM events_v WHERE id IN (
           -- unary + keeps SQLite on ev_name: ConsoleLogin events in a window are few, while the ARN
           -- and error indexes (error_code_ref IS NULL) would walk thousands of events per window
           SELECT id FROM events WHERE +arn_ref = (SELECT id FROM dict WHERE field = 'arn' AND value = ?)
             AND event_name_ref = (SELECT id FROM dict WHERE field = 'event_name' AND value = 'ConsoleLogin')
             AND time_ms BETWEEN ? AND ? AND +error_code_ref IS NULL AND +error_message_ref IS NULL
           LIMIT 20)`,
      ),
      sessionCreated: db
        .prepare(
          `SELECT session_created_ms FROM events WHERE access_key_id_ref = ${keyRef} AND session_created_ms IS NOT NULL LIMIT 1`,
        )
        .pluck(),
      sessionKeys: db
        .prepare(
          `SELECT DISTINCT d.value FROM events e JOIN dict d ON d.id = e.access_key_id_ref
         WHERE e.arn_ref = (SELECT id FROM dict WHERE field = 'arn' AND value = ?) AND e.time_ms BETWEEN ? AND ?
           AND e.session_created_ms = ? AND e.access_key_id_ref IS NOT NULL LIMIT 50`,
        )
        .pluck(),
      ownCalls: db.prepare(
        `SELECT * FROM events_v WHERE id IN (
           SELECT e.id FROM events e WHERE e.arn_ref = (SELECT id FROM dict WHERE field = 'arn' AND value = ?)
             AND e.time_ms BETWEEN ? AND ? AND e.invoked_by_ref IS NULL AND e.access_key_id_ref IS NOT NULL
             AND e.access_key_id_ref <> coalesce((SELECT id FROM dict WHERE field = 'access_key_id' AND value = ?), -1)
           ORDER BY e.time_ms DESC LIMIT 200)
         ORDER BY time_ms DESC, id DESC`,
      ),
      creations: db.prepare(
        `SELECT * FROM events_v WHERE id IN (
           SELECT id FROM events WHERE event_name_ref IN (
             SELECT id FROM dict WHERE field = 'event_name' AND value IN (SELECT value FROM json_each(?)))
           AND error_code_ref IS NULL AND error_message_ref IS NULL)
         ORDER BY time_ms, id`,
      ),
    };
  }

  /**
   * For resolving many keys at once (after an index run): the keys to resolve (`keys`, or every
   * key in the credentials table) in the order their latest uses are stored, so reading the
   * original records of neighbouring keys (workload hints) hits the reader's chunk cache instead of
   * decompressing again, each with its latest use's row id (one statement instead of a look-up
   * per key). They are kept in a scratch table of the connection's temporary database and read a
   * page at a time (`walkPage`): 400k keys held in JavaScript (a map, an order, a set) took
   * ~100 MB of heap at once. Returns how many keys there are to walk.
   */
  beginWalk(keys: readonly string[] | null): number {
    const db = this.db;
    db.exec(`DROP TABLE IF EXISTS temp.cred_walk; DROP TABLE IF EXISTS temp.cred_want;
      CREATE TEMP TABLE cred_walk(ord INTEGER PRIMARY KEY, key TEXT NOT NULL, rid INTEGER)`);
    let wanted = '';
    if (keys) {
      db.exec('CREATE TEMP TABLE cred_want(key TEXT PRIMARY KEY) WITHOUT ROWID');
      const add = db.prepare('INSERT OR IGNORE INTO temp.cred_want(key) VALUES (?)');
      for (const k of keys) add.run(k);
      wanted = 'AND d.value IN (SELECT key FROM temp.cred_want)';
    }
    // used keys first, by where their latest use is stored (the latest as useOf picks it: the
    // last by time, the last stored among equal times); then keys never used (issued only), then
    // keys asked for that the credentials table does not hold
    db.prepare(
      `INSERT INTO temp.cred_walk(key, rid)
       SELECT d.value, l.rid FROM (
         SELECT k.ref, (SELECT id FROM events WHERE access_key_id_ref = k.ref ORDER BY time_ms DESC, id DESC LIMIT 1) AS rid
         FROM (SELECT DISTINCT access_key_id_ref AS ref FROM events WHERE access_key_id_ref IS NOT NULL) k
       ) l JOIN dict d ON d.id = l.ref JOIN events e ON e.id = l.rid
       WHERE true ${wanted}
       ORDER BY e.raw_chunk IS NULL, e.raw_chunk`,
    ).run();
    db.prepare(
      `INSERT INTO temp.cred_walk(key, rid) SELECT access_key_id, NULL FROM credentials
       WHERE events = 0 ${keys ? 'AND access_key_id IN (SELECT key FROM temp.cred_want)' : ''}`,
    ).run();
    if (keys)
      db.prepare(
        `INSERT INTO temp.cred_walk(key, rid) SELECT key, NULL FROM temp.cred_want
         WHERE key NOT IN (SELECT access_key_id FROM credentials)`,
      ).run();
    this.walkAt = 0;
    return db.prepare('SELECT count(*) FROM temp.cred_walk').pluck().get() as number;
  }

  /**
   * The next `size` keys of the walk (none at its end). Their latest uses are known to `useOf`
   * while the page is walked; other keys' are looked up.
   */
  walkPage(size: number): string[] {
    const rows = this.db
      .prepare('SELECT ord, key, rid FROM temp.cred_walk WHERE ord > ? ORDER BY ord LIMIT ?')
      .raw()
      .all(this.walkAt, size) as [number, string, number | null][];
    const latest = new Map<string, number>();
    const issued = new Map<string, EventRow[]>();
    const out: string[] = [];
    for (const [ord, key, rid] of rows) {
      this.walkAt = ord;
      if (rid !== null) latest.set(key, rid);
      issued.set(key, []);
      out.push(key);
    }
    // the page's issuances in one statement, their rows read in row-id order (one look-up per key
    // read them in random order: a page read each on a case file larger than the page cache)
    if (out.length)
      for (const r of this.stmts.issuedOfPage.all(JSON.stringify(out)) as EventRow[])
        issued.get(r.issued_key!)?.push(r);
    for (const list of issued.values())
      if (list.length > 1) list.sort((a, b) => a.time_ms - b.time_ms || a.id - b.id);
    // the page's latest uses, one statement, in row-id order
    const used = new Map<number, EventRow>();
    if (latest.size)
      for (const r of this.stmts.rowsOf.all(JSON.stringify([...latest.values()])) as EventRow[])
        used.set(r.id, r);
    this.latestUse = latest;
    this.pageRows = used;
    this.pageIssued = issued;
    if (!rows.length) {
      this.db.exec('DROP TABLE IF EXISTS temp.cred_walk; DROP TABLE IF EXISTS temp.cred_want');
      this.pageIssued = null;
      this.pageRows = null;
      this.latestUse = null;
    }
    return out;
  }

  /**
   * Every successful IAM creation in the case file, read once per store: they are few (persistence
   * is rare next to use), and the created ID lives only in the record's responseElements.
   */
  private iam(): NonNullable<CredentialStore['creations']> {
    if (this.creations) return this.creations;
    const byId = new Map<string, IamCreation[]>();
    const byKey = new Map<string, IamCreation[]>();
    const byUser = new Map<string, IamCreation[]>();
    const add = (m: Map<string, IamCreation[]>, k: string, c: IamCreation) => {
      const l = m.get(k);
      if (l) l.push(c);
      else m.set(k, [c]);
    };
    for (const r of this.stmts.creations.all(
      JSON.stringify(Object.keys(IAM_CREATION_EVENTS)),
    ) as EventRow[]) {
      if (r.event_source !== 'iam.amazonaws.com') continue;
      let rec: Obj;
      try {
        rec = this.reader.rawRecord(r);
      } catch {
        continue;
      }
      const c = iamCreationOf(r, rec);
      if (!c) continue;
      if (c.credentialId) add(byId, c.credentialId, c);
      if (c.caller.accessKeyId) add(byKey, c.caller.accessKeyId, c);
      if (c.userName) add(byUser, `${c.recipientAccountId ?? ''}\u0000${c.userName}`, c);
    }
    this.creations = { byId, byKey, byUser };
    return this.creations;
  }

  /** IAM creations stored after rowid `since` (an index run's new events). */
  createdSince(since: number): IamCreation[] {
    const out: IamCreation[] = [];
    for (const list of this.iam().byId.values())
      for (const c of list) if (c.rowid > since) out.push(c);
    for (const list of this.iam().byUser.values())
      for (const c of list) if (c.rowid > since && !c.credentialId) out.push(c);
    return out;
  }

  createdAs(credentialId: string): IamCreation[] {
    return this.iam().byId.get(credentialId) ?? [];
  }

  createdWith(key: string): IamCreation[] {
    return this.iam().byKey.get(key) ?? [];
  }

  createdFor(userName: string, account: string | null): IamCreation[] {
    const m = this.iam().byUser;
    if (account !== null) return m.get(`${account}\u0000${userName}`) ?? [];
    return [...m.entries()]
      .filter(([k]) => k.endsWith(`\u0000${userName}`))
      .flatMap(([, v]) => v)
      .sort((a, b) => a.timeMs - b.timeMs);
  }

  issuancesOf(key: string): Issuance[] {
    const rows = this.pageIssued?.get(key) ?? (this.stmts.issued.all(key) as EventRow[]);
    const sts = rows.map(issuanceOf);
    const iam = this.createdAs(key);
    return iam.length ? [...sts, ...iam.map(creationIssuance)] : sts;
  }

  mintedBy(key: string): Issuance[] {
    const sts = this.stsMintedBy(key);
    const iam = this.createdWith(key).filter((c) => c.credentialId !== null);
    if (!iam.length) return sts;
    return [
      ...sts,
      ...iam.map((c) => ({
        ...creationIssuance(c),
        issuedKeyEvents: this.keyStats(c.credentialId!)?.events ?? 0,
      })),
    ].sort((a, b) => a.timeMs - b.timeMs || a.rowid - b.rowid);
  }

  private stsMintedBy(key: string): Issuance[] {
    type Minted = Pick<
      EventRow,
      | 'id'
      | 'event_id'
      | 'time_ms'
      | 'event_time'
      | 'shared_event_id'
      | 'request_id'
      | 'issued_key'
      | 'issued_expiration_ms'
      | 'req_text'
      | 'event_name'
    > & { issued_key_events: number | null };
    return (this.stmts.minted.all(key) as Minted[]).map((r) => ({
      rowid: r.id,
      eventId: r.event_id,
      eventName: r.event_name,
      timeMs: r.time_ms,
      eventTime: r.event_time,
      awsRegion: null,
      sourceIp: null,
      userAgent: null,
      recipientAccountId: null,
      sharedEventId: r.shared_event_id,
      requestId: r.request_id,
      issuedKey: r.issued_key ?? '',
      expirationMs: r.issued_expiration_ms,
      roleArn: reqParam(r.req_text, 'roleArn'),
      principalArn: null,
      caller: { ...NO_CALLER, accessKeyId: key },
      issuedKeyEvents: r.issued_key_events,
    }));
  }

  issuanceDetail(rowid: number): IssuanceDetail {
    const empty: IssuanceDetail = {
      roleArn: null,
      roleSessionName: null,
      issuedArn: null,
      issuedPrincipalId: null,
      samlProviderArn: null,
      subject: null,
      webIdentityProvider: null,
      sourceIdentity: null,
    };
    const row = this.stmts.row.get(rowid) as EventRow | undefined;
    if (!row) return empty;
    let rec: Obj;
    try {
      rec = this.reader.rawRecord(row);
    } catch {
      return empty;
    }
    const req = objOrParsed(rec.requestParameters) ?? {};
    const res = objOrParsed(rec.responseElements) ?? {};
    const ui = isObj(rec.userIdentity) ? rec.userIdentity : {};
    const aru = isObj(res.assumedRoleUser)
      ? res.assumedRoleUser
      : isObj(res.federatedUser)
        ? res.federatedUser
        : {};
    return {
      roleArn: s(req.roleArn),
      roleSessionName: s(req.roleSessionName) ?? s(req.name),
      issuedArn: s(aru.arn),
      issuedPrincipalId: s(aru.assumedRoleId) ?? s(aru.federatedUserId),
      samlProviderArn: s(req.principalArn),
      subject: s(res.subject) ?? s(res.subjectFromWebIdentityToken),
      webIdentityProvider: s(ui.identityProvider) ?? s(res.provider),
      sourceIdentity: s(res.sourceIdentity) ?? s(req.sourceIdentity),
    };
  }

  private useFromRow(r: EventRow): KeyUse {
    let hints: UseHints | undefined;
    return {
      rowid: r.id,
      eventId: r.event_id,
      timeMs: r.time_ms,
      identity: callerOf(r),
      sourceIp: r.source_ip,
      eventName: r.event_name,
      eventSource: r.event_source,
      eventTime: r.event_time,
      awsRegion: r.aws_region,
      recipientAccountId: r.recipient_account_id,
      userAgent: r.user_agent,
      hints: () => (hints ??= this.hintsOf(r)),
    };
  }

  private hintsOf(r: EventRow): UseHints {
    // kept with the event from migration 15 on; the record is read only for events stored before
    const kept =
      typeof r.workload_hints === 'string' ? decodeWorkloadHints(r.workload_hints) : null;
    if (kept) return kept;
    try {
      return workloadHintsOf(this.reader.rawRecord(r).userIdentity);
    } catch {
      return { ec2RoleDelivery: null, inScopeOfIssuer: null, inScopeOfSource: null };
    }
  }

  useOf(key: string, atMs: number | null): KeyUse | undefined {
    const at = atMs === null ? this.latestUse?.get(key) : undefined;
    if (at !== undefined) {
      const r = this.pageRows?.get(at) ?? (this.stmts.row.get(at) as EventRow | undefined);
      if (r) return this.useFromRow(r);
    }
    const id = (
      atMs === null
        ? this.stmts.useLatest.get(key)
        : (this.stmts.useBefore.get(key, atMs) ?? this.stmts.useAfter.get(key, atMs))
    ) as number | undefined;
    if (id === undefined) return undefined;
    const row = this.stmts.row.get(id) as EventRow | undefined;
    return row ? this.useFromRow(row) : undefined;
  }

  keyStats(key: string): KeyStats | undefined {
    const r = this.stmts.stats.get(key) as CredentialRow | undefined;
    if (!r) return undefined;
    return {
      accessKeyId: r.access_key_id,
      events: r.events,
      firstMs: r.first_ms,
      lastMs: r.last_ms,
      consoleSession: r.console_session === 1,
      issuances: r.issuances,
    };
  }

  consoleFlagged(key: string): boolean {
    return this.stmts.console.get(key) !== undefined;
  }

  consoleLoginsNear(arn: string, atMs: number, toleranceMs: number): ConsoleLoginEvent[] {
    return (
      this.stmts.consoleLogins.all(arn, atMs - toleranceMs, atMs + toleranceMs) as EventRow[]
    ).map((r) => ({
      rowid: r.id,
      eventId: r.event_id,
      timeMs: r.time_ms,
      eventTime: r.event_time,
      awsRegion: r.aws_region,
      sourceIp: r.source_ip,
      userAgent: r.user_agent,
      recipientAccountId: r.recipient_account_id,
      mfa: tri(r.mfa),
    }));
  }

  sessionCreatedOf(key: string): number | null {
    return (this.stmts.sessionCreated.get(key) as number | undefined) ?? null;
  }

  sessionKeys(arn: string, createdMs: number): string[] {
    // a console session lasts at most 12 hours from its creation
    return (
      this.stmts.sessionKeys.all(
        arn,
        createdMs - 5_000,
        createdMs + 12 * 3600_000,
        createdMs,
      ) as string[]
    ).sort();
  }

  ownCalls(arn: string, excludeKey: string, fromMs: number, toMs: number): KeyUse[] {
    return (this.stmts.ownCalls.all(arn, fromMs, toMs, excludeKey) as EventRow[])
      .filter((r) => !isServiceSource(r.source_ip))
      .map((r) => this.useFromRow(r));
  }

  eventById(eventId: string): SubjectEvent | undefined {
    const r = this.stmts.byEventId.get(eventId) as EventRow | undefined;
    if (!r) return undefined;
    return {
      rowid: r.id,
      eventId: r.event_id,
      timeMs: r.time_ms,
      accessKeyId: r.access_key_id,
      issuedKey: r.issued_key,
      use: this.useFromRow(r),
    };
  }

  /** The event rowid for an event ID (the TUI opens details by rowid). */
  eventRowid(eventId: string): number | undefined {
    return (this.stmts.byEventId.get(eventId) as EventRow | undefined)?.id;
  }
}

// ---- the credentials table ----------------------------------------------------------------------

/** Create the credentials table when a case file lacks it (made by a build that skipped migration 3). */
export function ensureCredentialSchema(db: Database): void {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'credentials'").get())
    return;
  if (typeof migration003.up === 'string') db.exec(migration003.up);
}

/**
 * Fold the events added since the last refresh into the per-key totals (`lastRowidBefore` 0: recount
 * everything, as after --rebuild).
 * Events are unique by eventID, so adding new rows' counts to old totals stays exact.
 */
export function refreshKeyStats(
  db: Database,
  lastRowidBefore: number,
  classify: (key: string) => string,
): { full: boolean; since: number } {
  // Our own watermark, not only the caller's: a run killed after loading events but before this
  // refresh leaves events the next run's lastRowidBefore already counts as old.
  const mark = db
    .prepare("SELECT value FROM meta WHERE key = 'credentials_rowid'")
    .pluck()
    .get() as string | undefined;
  const full =
    lastRowidBefore <= 0 ||
    mark === undefined ||
    db.prepare("SELECT value FROM meta WHERE key = 'credentials_rebuild'").pluck().get() === '1';
  const since = full ? 0 : Number(mark);
  if (full) db.prepare('DELETE FROM credentials').run();
  // One statement per total, in SQLite: no row per key crosses into JavaScript (400k keys held as
  // objects took ~100 MB of heap at once). The key's kind comes from `classify`, as a SQL function.
  db.function('ts_key_kind', { deterministic: true }, (key: unknown) =>
    classify(typeof key === 'string' ? key : String(key)),
  );
  // Unparsed times are stored as 0: keep them out of first/last seen. A full recount reads only the
  // covering indexes (ev_key, ev_issued, ev_minted); an incremental one reads the new rows.
  // `WHERE true`: SQLite's grammar needs it before ON CONFLICT in an INSERT … SELECT.
  db.prepare(
    `INSERT INTO credentials(access_key_id, kind, events, first_ms, last_ms, console_session)
     SELECT d.value, ts_key_kind(d.value), n, first_ms, last_ms, console FROM (
       SELECT access_key_id_ref AS ref, count(*) AS n, min(NULLIF(time_ms, 0)) AS first_ms, max(NULLIF(time_ms, 0)) AS last_ms,
         ${full ? '0' : 'max(coalesce(console_session, 0))'} AS console
       FROM events WHERE ${full ? '? = 0' : 'id > ?'} AND access_key_id_ref IS NOT NULL GROUP BY access_key_id_ref
     ) JOIN dict d ON d.id = ref WHERE true
     ON CONFLICT(access_key_id) DO UPDATE SET events = events + excluded.events,
       first_ms = CASE WHEN first_ms IS NULL OR excluded.first_ms < first_ms THEN excluded.first_ms ELSE first_ms END,
       last_ms = CASE WHEN last_ms IS NULL OR excluded.last_ms > last_ms THEN excluded.last_ms ELSE last_ms END,
       console_session = max(console_session, excluded.console_session)`,
  ).run(since);
  db.prepare(
    `INSERT INTO credentials(access_key_id, kind, issuances)
     SELECT issued_key, ts_key_kind(issued_key), count(*) FROM events
     WHERE issued_key IS NOT NULL AND ${full ? '? = 0' : 'id > ?'} GROUP BY issued_key
     ON CONFLICT(access_key_id) DO UPDATE SET issuances = issuances + excluded.issuances`,
  ).run(since);
  db.prepare(
    `INSERT INTO credentials(access_key_id, kind, minted)
     SELECT d.value, ts_key_kind(d.value), n FROM (
       SELECT access_key_id_ref AS ref, count(*) AS n FROM events
       WHERE issued_key IS NOT NULL AND access_key_id_ref IS NOT NULL AND ${full ? '? = 0' : 'id > ?'} GROUP BY access_key_id_ref
     ) JOIN dict d ON d.id = ref WHERE true
     ON CONFLICT(access_key_id) DO UPDATE SET minted = minted + excluded.minted`,
  ).run(since);
  db.prepare("DELETE FROM meta WHERE key = 'credentials_rebuild'").run();
  const max = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number;
  db.prepare(
    "INSERT INTO meta(key, value) VALUES ('credentials_rowid', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(String(max));
  return { full, since };
}

/**
 * Keys the events with rowid > `since` touched: `used` (their latest call may have changed),
 * `rooted` (a new issuance of the key, or a ConsoleLogin that can explain every temporary key of an
 * IAM user or root: their chains, and those of every key minted below them, may read differently).
 */
export function touchedKeys(db: Database, since: number): { used: string[]; rooted: string[] } {
  const used = db
    .prepare(
      `SELECT d.value FROM (SELECT DISTINCT access_key_id_ref AS ref FROM events WHERE id > ? AND access_key_id_ref IS NOT NULL)
     JOIN dict d ON d.id = ref`,
    )
    .pluck()
    .all(since) as string[];
  const rooted = new Set(
    db
      .prepare('SELECT DISTINCT issued_key FROM events WHERE id > ? AND issued_key IS NOT NULL')
      .pluck()
      .all(since) as string[],
  );
  const login = db
    .prepare(
      `SELECT 1 FROM events WHERE id > ? AND event_name_ref = (SELECT id FROM dict WHERE field = 'event_name' AND value = 'ConsoleLogin') LIMIT 1`,
    )
    .get(since);
  if (login) for (const k of consoleCandidateKeys(db)) rooted.add(k);
  return { used, rooted: [...rooted] };
}

/** Temporary keys of IAM users and root: what a new sign-in or password can explain. */
export function consoleCandidateKeys(db: Database): string[] {
  return db
    .prepare(
      "SELECT access_key_id FROM credentials WHERE kind = 'temporary' AND identity_type IN ('IAMUser', 'Root')",
    )
    .pluck()
    .all() as string[];
}

export interface CredentialLineageColumns {
  identity_type: string | null;
  identity_arn: string | null;
  origin_kind: string;
  origin_label: string;
  origin_arn: string | null;
  origin_account: string | null;
  complete: boolean;
  depth: number;
  gap: string | null;
}

const LINEAGE_COLUMNS = [
  'identity_type',
  'identity_arn',
  'origin_kind',
  'origin_label',
  'origin_arn',
  'origin_account',
  'complete',
  'depth',
  'gap',
] as const;

export interface LineageWriter {
  write(key: string, c: CredentialLineageColumns): void;
  /** Every written row into the table; the writes are not in it before. */
  finish(): void;
}

/**
 * A writer for resolved lineage columns; call it, and `finish`, inside one transaction. The rows
 * are appended to a scratch table and applied at the end in key order: the credentials table is
 * keyed by access key ID and the walk visits keys in storage order, so an UPDATE per key touched a
 * random page of it each time (410k keys of the keys corpus: 6.1 s in walk order, 2.3 s sorted).
 * Nothing the walk reads is deferred: resolving a key reads other keys' totals and console flag,
 * never their lineage, and the console flag is still set at once.
 */
export function lineageWriter(db: Database): LineageWriter {
  db.exec(`DROP TABLE IF EXISTS temp.cred_lineage;
    CREATE TEMP TABLE cred_lineage(key TEXT NOT NULL, ${LINEAGE_COLUMNS.join(', ')})`);
  const append = db.prepare(
    `INSERT INTO temp.cred_lineage(key, ${LINEAGE_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(LINEAGE_COLUMNS.length)})`,
  );
  const consoleKey = db.prepare(
    'UPDATE credentials SET console_session = 1 WHERE access_key_id = ? AND console_session <> 1',
  );
  return {
    write(key, c) {
      append.run(
        key,
        c.identity_type,
        c.identity_arn,
        c.origin_kind,
        c.origin_label,
        c.origin_arn,
        c.origin_account,
        c.complete ? 1 : 0,
        c.depth,
        c.gap,
      );
      if (c.origin_kind === 'console') consoleKey.run(key);
    },
    finish() {
      // its two sorts without helper threads: with them the keys corpus's index run (1M events,
      // 410k keys) peaked here at 496 MiB, without them at 466 (440 with an UPDATE per key)
      const threads = db.pragma('threads', { simple: true }) as number;
      db.pragma('threads = 0');
      try {
        // a key written twice keeps its last row, as successive UPDATEs did
        db.exec(`UPDATE credentials SET ${LINEAGE_COLUMNS.map((c) => `${c} = r.${c}`).join(', ')}
          FROM (SELECT * FROM temp.cred_lineage WHERE rowid IN (SELECT max(rowid) FROM temp.cred_lineage GROUP BY key)
                ORDER BY key) AS r
          WHERE credentials.access_key_id = r.key;
          DROP TABLE temp.cred_lineage;`);
      } finally {
        db.pragma(`threads = ${threads}`);
      }
    },
  };
}

export type CredentialSort = 'last' | 'first' | 'events' | 'key' | 'kind' | 'origin' | 'complete';

export interface CredentialQuery {
  /** Case-insensitive substring over key, kind, identity, origin and gap. */
  text?: string;
  /** Only complete (true) or incomplete (false) chains. */
  complete?: boolean;
  kind?: string;
  sort?: CredentialSort;
  desc?: boolean;
}

const SORT_SQL: Record<CredentialSort, string> = {
  last: 'last_ms',
  first: 'first_ms',
  events: 'events',
  key: 'access_key_id',
  kind: 'kind',
  origin: 'origin_label',
  complete: 'complete',
};

function whereOf(q: CredentialQuery): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.text) {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    parts.push(
      `(access_key_id LIKE ? ESCAPE '\\' OR kind LIKE ? ESCAPE '\\' OR identity_arn LIKE ? ESCAPE '\\'
        OR origin_label LIKE ? ESCAPE '\\' OR origin_kind LIKE ? ESCAPE '\\' OR gap LIKE ? ESCAPE '\\')`,
    );
    params.push(like, like, like, like, like, like);
  }
  if (q.complete !== undefined) {
    parts.push('complete = ?');
    params.push(q.complete ? 1 : 0);
  }
  if (q.kind) {
    parts.push('kind = ?');
    params.push(q.kind);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function countCredentials(db: Database, q: CredentialQuery = {}): number {
  const w = whereOf(q);
  return db
    .prepare(`SELECT count(*) FROM credentials ${w.sql}`)
    .pluck()
    .get(...w.params) as number;
}

/**
 * A page of the credentials list. One row per key (thousands, not millions), so OFFSET paging is
 * fine here; the sort columns used by default are indexed.
 */
export function pageCredentials(
  db: Database,
  q: CredentialQuery,
  offset: number,
  limit: number,
): CredentialRow[] {
  const w = whereOf(q);
  const col = SORT_SQL[q.sort ?? 'last'];
  const dir = (q.desc ?? true) ? 'DESC' : 'ASC';
  return db
    .prepare(
      `SELECT * FROM credentials ${w.sql} ORDER BY ${col} ${dir} NULLS LAST, access_key_id LIMIT ? OFFSET ?`,
    )
    .all(...w.params, limit, offset) as CredentialRow[];
}

export function credentialRow(db: Database, key: string): CredentialRow | undefined {
  return db.prepare('SELECT * FROM credentials WHERE access_key_id = ?').get(key) as
    CredentialRow | undefined;
}

/** A prepared look-up of one key's origin label (the TUI caches its answers per key). */
export function originLookup(db: Database): Statement {
  return db.prepare('SELECT origin_label, complete FROM credentials WHERE access_key_id = ?');
}

/** Origin labels for a set of keys (the event table shows them next to temporary keys). */
export function originLabels(
  db: Database,
  keys: readonly string[],
): Map<string, { label: string; complete: boolean }> {
  const out = new Map<string, { label: string; complete: boolean }>();
  const st = db.prepare('SELECT origin_label, complete FROM credentials WHERE access_key_id = ?');
  for (const k of new Set(keys)) {
    const r = st.get(k) as { origin_label: string | null; complete: number | null } | undefined;
    if (r?.origin_label) out.set(k, { label: r.origin_label, complete: r.complete === 1 });
  }
  return out;
}

/**
 * True when the case file predates the credentials table being filled (e.g. indexed before 003),
 * or its chains were resolved by another LINEAGE_VERSION (they are re-resolved, not trusted).
 */
export function credentialsNeedRebuild(db: Database): boolean {
  const meta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  return meta.get('credentials_rebuild') === '1' || meta.get('lineage.version') !== LINEAGE_VERSION;
}

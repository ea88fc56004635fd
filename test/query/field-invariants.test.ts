import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFileWith } from '../helpers/case-file.js';
import {
  FIELDS,
  FilterError,
  astToString,
  compileFilter,
  compilePredicate,
  parseFilter,
  printFilter,
  termText,
  type FieldDef,
} from '../../src/query/index.js';
import { countKeyForField, valueCounts } from '../../src/store/stats.js';
import { normalizeRecord } from '../../src/ingest/normalize.js';
import type { Database } from '../../src/store/db.js';
import type { NormalizedEvent } from '../../src/store/event-row.js';

/**
 * The invariants of issue "one meaning per field", over generated records and generated filters:
 * every facet value fed back (as the TUI's pivot builds it) selects exactly the facet's count;
 * F:v and -F:v split the events; SQLite agrees with the JavaScript predicate; adding a term never
 * grows a result; printing a parsed filter parses back to the same tree.
 *
 * The pools hold the shapes that broke this before: case variants, IPv4 with leading zeros,
 * IPv4-mapped and uncompressed IPv6, IAM-user ARNs beside session ARNs, user agents that contain
 * one another, resources without a type, values with filter syntax and control characters in them.
 */

const IPS = [
  '10.0.0.1',
  '010.000.000.001',
  '035.249.253.232',
  '35.249.253.232',
  '::ffff:35.249.253.232',
  '::FFFF:23f9:fde8',
  '2001:db8::1',
  '2001:DB8:0:0:0:0:0:1',
  'AWS Internal',
  'aws internal',
  'ec2.amazonaws.com',
  ' 10.0.0.1',
  'a/b',
  '1.2.3.4/32',
  '300.1.1.1',
  null,
];
const ARNS = [
  'arn:aws:iam::111122223333:user/bert-jan',
  'arn:aws:iam::111122223333:user/Bert-Jan',
  'arn:aws:iam::111122223333:root',
  'arn:aws:sts::111122223333:assumed-role/Admin/alice',
  'arn:aws:sts::444455556666:assumed-role/Ops/ALICE',
  'arn:aws:sts::111122223333:assumed-role/Admin/i-0abc',
  'arn:aws:sts::111122223333:federated-user/bob',
  'bert-jan',
  null,
];
const UAS = [
  'aws-cli/2',
  'aws-cli/2.15 Python/3.11',
  'Boto3/1.34',
  'boto3/1.34',
  'Mozilla/5.0 (x) "q"',
  'a,b (c)',
  null,
];
const NAMES = [
  'GetObject',
  'getobject',
  'StopLogging',
  'Create*User',
  'OR',
  'x"y\\z',
  'ad\u00adm\u{e0061}in',
];
const ACCOUNTS = ['111122223333', '444455556666', null];
const VIA = ['ec2.amazonaws.com', 'lambda.amazonaws.com', null];
const PIDS = ['AIDAEXAMPLE', 'AROAEXAMPLE:alice', 'aidaexample', null];
const TYPES = ['IAMUser', 'AssumedRole', 'Root', 'AWSService', 'iamuser', null];
const SOURCES = ['s3.amazonaws.com', 'S3.amazonaws.com', 'iam.amazonaws.com', 's3', null];
const ERRORS = ['AccessDenied', 'accessdenied', 'ThrottlingException', null];
const TIMES = [
  '2024-04-10T08:00:00Z',
  '2024-04-11T12:00:00Z',
  '2024-04-11T23:30:00Z',
  '2024-04-12T00:00:00Z',
  'not a time',
  null,
];
/**
 * `resources[]` entries as CloudTrail writes them (ARN, type, accountId; S3 data events name the
 * object `arn:aws:s3:::bucket/key` and its bucket; old ListObjects records an `ARNPrefix`), plus
 * the shapes that test the normal form: a bucket in another partition, an object whose key is a
 * bucket's name, a role ARN with a path and one without a type, a name where an ARN should be.
 */
const RESOURCES = [
  { ARN: 'arn:aws:s3:::prod-data', accountId: '111122223333', type: 'AWS::S3::Bucket' },
  { ARN: 'arn:aws:s3:::Prod-Data', type: 'aws::s3::bucket' },
  { ARN: 'arn:aws-cn:s3:::prod-data', accountId: '111122223333', type: 'AWS::S3::Bucket' },
  { ARN: 'arn:aws:s3:::prod-data/a.txt', type: 'AWS::S3::Object' },
  { ARN: 'arn:aws:s3:::logs/prod-data', type: 'AWS::S3::Object' },
  { ARNPrefix: 'arn:aws:s3:::prod-data/', type: 'AWS::S3::Object' },
  { ARN: 'arn:aws:iam::111122223333:role/Admin' },
  {
    ARN: 'arn:aws:iam::111122223333:role/ops/Admin',
    accountId: '111122223333',
    type: 'AWS::IAM::Role',
  },
  {
    ARN: 'arn:aws:kms:us-east-1:111122223333:key/5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71',
    accountId: '111122223333',
    type: 'AWS::KMS::Key',
  },
  {
    ARN: 'arn:aws:lambda:us-east-1:111122223333:function:thumbnailer',
    type: 'AWS::Lambda::Function',
  },
  { ARN: 'prod-data', type: 'AWS::S3::Bucket' },
];
/**
 * Request parameters that name resources (ingest/normalize.ts reads them): an S3 data event's
 * `bucketName` and `key`, a directory bucket, KMS `keyId` as an ID and as an alias, IAM names.
 */
const PARAMS = [
  { bucketName: 'prod-data', Host: 'prod-data.s3.us-east-1.amazonaws.com', key: 'a.txt' },
  { bucketName: 'prod-data' },
  { bucketName: 'logs' },
  { bucketName: 'bucket-base-name--usw2-az1--x-s3' },
  { keyId: '5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71' },
  { keyId: 'alias/aws/s3' },
  { roleName: 'Admin' },
  { roleArn: 'arn:aws:iam::111122223333:role/Admin' },
  { userName: 'a.txt' },
  { functionName: 'thumbnailer' },
  null,
];
const REGIONS = ['us-east-1', 'cn-north-1', 'us-gov-west-1', null];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const recordArb = fc.record({
  ip: pick(IPS),
  arn: pick(ARNS),
  ua: pick(UAS),
  name: pick(NAMES),
  account: pick(ACCOUNTS),
  via: pick(VIA),
  pid: pick(PIDS),
  type: pick(TYPES),
  source: pick(SOURCES),
  error: pick(ERRORS),
  time: pick(TIMES),
  ro: fc.constantFrom(true, false, null),
  resources: fc.subarray(RESOURCES, { maxLength: 4 }),
  params: pick(PARAMS),
  region: pick(REGIONS),
});

type Gen = fc.RecordValue<typeof recordArb extends fc.Arbitrary<infer T> ? T : never>;

function toRecord(g: Gen, i: number): Record<string, unknown> {
  const identity: Record<string, unknown> = {};
  if (g.type !== null) identity.type = g.type;
  if (g.pid !== null) identity.principalId = g.pid;
  if (g.arn !== null) identity.arn = g.arn;
  if (g.account !== null) identity.accountId = g.account;
  if (g.via !== null) identity.invokedBy = g.via;
  const r: Record<string, unknown> = {
    eventVersion: '1.08',
    eventID: `ev-${i}`,
    userIdentity: identity,
    eventName: g.name,
  };
  if (g.region !== null) r.awsRegion = g.region;
  if (g.time !== null) r.eventTime = g.time;
  if (g.source !== null) r.eventSource = g.source;
  if (g.ip !== null) r.sourceIPAddress = g.ip;
  if (g.ua !== null) r.userAgent = g.ua;
  if (g.error !== null) r.errorCode = g.error;
  if (g.ro !== null) r.readOnly = g.ro;
  if (g.resources.length) r.resources = g.resources;
  if (g.params !== null) r.requestParameters = g.params;
  return r;
}

interface Case {
  db: Database;
  events: NormalizedEvent[];
  evidenceEndMs: number | null;
}

const opened: Database[] = [];
afterAll(() => opened.forEach((d) => d.close()));

function buildCase(gens: Gen[]): Case {
  const records = gens.map(toRecord);
  const db = caseFileWith(records);
  opened.push(db);
  const events = records.map((r) => normalizeRecord(r));
  const times = events.filter((e) => e.timeValid && e.timeMs > 0).map((e) => e.timeMs);
  return { db, events, evidenceEndMs: times.length ? Math.max(...times) : null };
}

/** The clock `since:now-…` counts back from, fixed so that it falls inside the generated times. */
const NOW = Date.parse('2024-04-12T01:00:00Z');

function sqlIds(c: Case, text: string): string[] {
  const f = compileFilter(text, { now: NOW });
  return c.db
    .prepare(`SELECT e.event_id FROM events e WHERE ${f.where} ORDER BY e.event_id`)
    .pluck()
    .all(...f.params) as string[];
}

function jsIds(c: Case, text: string): string[] {
  const p = compilePredicate(parseFilter(text), { evidenceEndMs: c.evidenceEndMs, nowMs: NOW });
  return c.events
    .filter(p)
    .map((e) => e.eventId)
    .sort();
}

const COUNTABLE: FieldDef[] = FIELDS.filter((f) => countKeyForField(f) !== null);
const casesArb = fc.array(recordArb, { minLength: 1, maxLength: 40 });
const RUNS = Number(process.env.FC_RUNS ?? 25);

describe('field invariants (property tests)', () => {
  it('every facet value, fed back as its exact term, selects exactly the facet count; F:v and -F:v split the events', () => {
    fc.assert(
      fc.property(casesArb, (gens) => {
        const c = buildCase(gens);
        const total = c.events.length;
        for (const f of COUNTABLE) {
          const counts = valueCounts(c.db, compileFilter(''), countKeyForField(f)!, 10_000);
          let sum = 0;
          for (const { value, count } of counts.values) {
            const term = termText(f, value === null ? null : String(value));
            const hit = sqlIds(c, term);
            expect(
              hit.length,
              `${f.name}: ${JSON.stringify(value)} as ${JSON.stringify(term)}`,
            ).toBe(count);
            expect(jsIds(c, term), term).toEqual(hit);
            const rest = sqlIds(
              c,
              termText(f, value === null ? null : String(value), { negate: true }),
            );
            expect(hit.length + rest.length, `-${term}`).toBe(total);
            expect(
              rest.filter((id) => hit.includes(id)),
              `-${term}`,
            ).toEqual([]);
            sum += count;
          }
          // single-valued fields: the facet accounts for every event exactly once (resources
          // and caveats are multi-valued: an event counts under each of its values)
          if (f.target.type !== 'resource' && f.name !== 'caveat') expect(sum, f.name).toBe(total);
        }
      }),
      { numRuns: RUNS },
    );
  });

  // filters from the same pools, in every way a value can be written
  const VALUES = [
    ...new Set(
      [
        ...IPS,
        ...ARNS,
        ...UAS,
        ...NAMES,
        ...SOURCES,
        ...ERRORS,
        ...PIDS,
        ...TYPES,
        ...ACCOUNTS,
      ].filter((v): v is string => v !== null),
    ),
  ];
  const valueArb = fc.oneof(
    pick(VALUES),
    pick(VALUES).map((v) => `*${v.slice(1, 4)}*`),
    pick([
      'arn:aws:s3:::prod-data',
      'arn:aws-cn:s3:::prod-data',
      'arn:aws:s3:::prod-data/a.txt',
      'arn:aws:s3:::*',
      '*/a.txt',
      'a.txt',
      '5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71',
      'alias/aws/s3',
      'thumbnailer',
      'bucket-base-name--usw2-az1--x-s3',
      'prod-data',
      'Admin',
      'alice',
      'AWS::S3::Bucket',
      'bucketName=prod-*',
      'logs',
      '10.0.0.0/8',
      '35.249.253.0/24',
      '::ffff:0:0/96',
      'true',
      'false',
    ]),
  );
  const FILTER_FIELDS = FIELDS.filter(
    (f) => f.target.type !== 'time' && f.target.type !== 'has',
  ).map((f) => f.name);
  const quote = (s: string) => `"${s.replace(/[\\"]/g, (x) => '\\' + x)}"`;
  const termArb = fc
    .tuple(
      pick(FILTER_FIELDS),
      fc.array(valueArb, { minLength: 1, maxLength: 2 }),
      fc.constantFrom('plain', 'quoted', 'exact'),
      fc.boolean(),
    )
    .map(([field, vals, how, neg]) => {
      const written = vals.map((v) =>
        how === 'quoted' || /[\s(),"]/.test(v) || v === '' ? quote(v) : v,
      );
      return `${neg ? '-' : ''}${field}${how === 'exact' ? ':=' : ':'}${written.join(',')}`;
    });
  const timeArb = pick([
    'after:2024-04-11',
    'before:2024-04-11T13:00Z',
    'on:2024-04-11',
    'since:2h',
    'since:3d',
    'since:now-2h',
    'last:NOW-1d',
    '-since:now-90m',
    '-after:2024-04-11',
    'has:session',
    '-has:resourceType',
    'error:""',
    'session:""',
  ]);
  const leafArb = fc.oneof(
    { weight: 4, arbitrary: termArb },
    { weight: 1, arbitrary: timeArb },
    { weight: 1, arbitrary: pick(['alice', '"access denied"', 'GetObject']) },
  );
  const filterArb: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb,
      fc.tuple(tie('f'), tie('f')).map(([a, b]) => `${a} ${b}`),
      fc.tuple(tie('f'), tie('f')).map(([a, b]) => `(${a} OR ${b})`),
      tie('f').map((a) => `-(${a})`),
    ),
  })).f;

  const valid = (text: string): boolean => {
    try {
      compileFilter(text);
      return true;
    } catch (err) {
      if (err instanceof FilterError) return false;
      throw err;
    }
  };

  it('SQLite selects what the JavaScript predicate over the same declarations selects', () => {
    fc.assert(
      fc.property(
        casesArb,
        fc.array(filterArb, { minLength: 1, maxLength: 8 }),
        (gens, filters) => {
          const c = buildCase(gens);
          for (const text of filters.filter(valid))
            expect(sqlIds(c, text), text).toEqual(jsIds(c, text));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('adding a term never grows the result', () => {
    fc.assert(
      fc.property(casesArb, filterArb, leafArb, (gens, base, extra) => {
        fc.pre(valid(base) && valid(extra));
        const c = buildCase(gens);
        const narrowed = `(${base}) ${extra}`;
        const before = new Set(sqlIds(c, base));
        const after = sqlIds(c, narrowed);
        expect(
          after.every((id) => before.has(id)),
          narrowed,
        ).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a printed filter parses back to the same tree', () => {
    fc.assert(
      fc.property(filterArb, (text) => {
        fc.pre(valid(text));
        const tree = parseFilter(text);
        const printed = printFilter(tree);
        expect(astToString(parseFilter(printed)), `${text} -> ${printed}`).toBe(astToString(tree));
      }),
      { numRuns: 500 },
    );
  });
});

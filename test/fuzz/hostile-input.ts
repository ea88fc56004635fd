// Generators of what an attacker who controls the logs can write: records with terminal escapes,
// invisible and bidi code points, lone surrogates, huge and deeply nested values, wrong types,
// impossible dates, odd IPs and values that look like filter syntax; filter strings built from the
// same material; and evidence files of every shape the ingest reads.
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipOf } from '../ingest/evidence.js';
import { fieldNames } from '../../src/query/index.js';

/** Seed and size: fixed for CI, larger or different locally (FUZZ_RUNS=20000 FUZZ_SEED=7). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 1_204_2024);
/** Records (filters: at least 3,000); the default keeps the file near a minute on a loaded 2-core machine. */
export const FUZZ_RUNS = Math.max(50, Number(process.env.FUZZ_RUNS ?? 2000));

/** Pieces that do something on a terminal, hide, spoof, or break a naive parser or filter builder. */
const FRAGMENTS = [
  '\u001b[2J',
  '\u001b[31m',
  '\u001b[?1049l',
  '\u001b]52;c;ZXZpbA==\u0007',
  '\u001b]52;c;ZXZpbA==\u001b\\',
  '\u001b]0;title\u0007',
  '\u001bP+q\u001b\\',
  '\u001bc',
  '\u009b2J',
  '\u009d52;c;eA==\u009c',
  '\u0085',
  '\u0090',
  '\u007f',
  '\u0000',
  '\u0007',
  '\u0008\u0008',
  '\r',
  '\n',
  '\t',
  '\u000b',
  '\u000c',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u061c',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u034f',
  '\u115f',
  '\u3164',
  '\u2800',
  '\u00a0',
  '\u3000',
  '\ufe0f',
  '\u{e0061}',
  '\u{e0001}',
  '\u{e0100}',
  '\u{1bca0}',
  '\ud800',
  '\udfff',
  '\udbff',
  '"',
  "'",
  '(',
  ')',
  ',',
  ':',
  ':=',
  '*',
  '\\',
  '\\u0041',
  '\\e',
  '-',
  '=',
  '+',
  '@',
  '=HYPERLINK("x")',
  'name:',
  'ip:"a/b"',
  ' OR ',
  ' AND ',
  'NOT ',
  'admin',
  'ad\u{e0061}min',
  'arn:aws:iam::111122223333:user/alice',
  'AKIAEXAMPLE',
  '010.000.000.001',
  '1.2.3.4/8',
  '\u{1f44d}\u{1f3fd}',
  '\u2764\ufe0f',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}',
  '\u4e2d\u6587',
  '\u0915\u094d\u0937',
  '\u{1f1fa}\u{1f1f8}',
  'e\u0301',
  '\u0430',
  ' ',
  '  ',
  '%',
  '_',
  '[',
  ']',
  '{',
  '}',
  '/',
  '..',
  '~',
];

const controlUnit = fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c));
const surrogateUnit = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Any hostile text: fragments joined, any code point, control-heavy, surrogate halves. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 })
      .map((a) => a.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: controlUnit, maxLength: 16 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.oneof(surrogateUnit, fc.constantFrom('a', '"', '\\')),
      maxLength: 6,
    }),
  },
);

/** Now and then a huge value: the table, the detail view and the exports must stay bounded. */
const hugeText = fc
  .integer({ min: 10_000, max: 120_000 })
  .map((n) => 'A\u001b[31m\u202e'.repeat(Math.ceil(n / 6)).slice(0, n));

/** Marks a value the writer replaces by nesting `n` levels deep (JSON.stringify itself recurses). */
const deepValue = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 40, max: 2_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 25_000 }) },
    ),
    fc.constantFrom('o', 'a'),
  )
  .map(([n, k]) => `@@DEEP_${n}_${k}@@`);

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
);

/** Usually the type the field should have, sometimes anything else. */
const field = (likely: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: likely },
    { weight: 3, arbitrary: hostileText },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const isoTime = fc
  .date({
    min: new Date('2015-01-01T00:00:00Z'),
    max: new Date('2030-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
const impossibleTime = fc.constantFrom(
  '2024-02-30T00:00:00Z',
  '2023-02-29T12:00:00Z',
  '2024-04-31T00:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-00-10T00:00:00Z',
  '2024-04-11T24:00:01Z',
  '2024-04-11T23:60:00Z',
  '2024-04-11T23:59:61Z',
  '+275760-09-13T00:00:01Z',
  '-271821-04-19T23:59:59Z',
  '9999999-01-01T00:00:00Z',
  '0000-00-00T00:00:00Z',
  '2024-04-11',
  '2024-04-11T12:00:00+25:00',
  '1712836800000',
  '',
);
const time = fc.oneof(
  { weight: 5, arbitrary: isoTime },
  { weight: 3, arbitrary: impossibleTime },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: wrongType },
);

const ip = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '010.000.000.001',
      '035.249.253.232',
      '35.249.253.232',
      '1.2.3.4',
      '::ffff:1.2.3.4',
      '::FFFF:0102:0304',
      '2001:db8::1',
      '2001:DB8:0:0:0:0:0:1',
      'a/b',
      '1.2.3.4/32',
      '300.1.1.1',
      'AWS Internal',
      'ec2.amazonaws.com',
      '0x7f.1',
      ' 10.0.0.1',
      '1.2.3.4/\u001b]52;c;ZXZpbA==\u0007',
      '10.0.0.1,10.0.0.2',
      '"1.2.3.4"',
      '1.2.3.*',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat(999), fc.nat(999), fc.nat(999), fc.nat(999))
      .map((p) => p.map((x) => String(x).padStart(3, '0')).join('.')),
  },
  { weight: 1, arbitrary: hostileText },
);

const key = fc.oneof(
  fc.constantFrom('AKIAEXAMPLE000000001', 'ASIAEXAMPLE000000002', 'akiaexample000000001'),
  hostileText,
);
const arn = fc.oneof(
  fc.constantFrom(
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws:sts::111122223333:assumed-role/Admin/x',
  ),
  hostileText.map((s) => `arn:aws:iam::111122223333:user/${s}`),
);

const identity = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: field(
        fc.constantFrom(
          'IAMUser',
          'AssumedRole',
          'Root',
          'AWSService',
          'WebIdentityUser',
          'FederatedUser',
        ),
      ),
      principalId: field(hostileText),
      arn: field(arn),
      accountId: field(fc.constantFrom('111122223333', '444455556666')),
      accessKeyId: field(key),
      userName: field(hostileText),
      invokedBy: field(hostileText),
      sessionContext: fc.option(
        fc.record({
          attributes: fc.record({
            creationDate: time,
            mfaAuthenticated: field(fc.constantFrom('true', 'false')),
          }),
          sessionIssuer: field(
            fc.record({
              type: field(fc.constant('Role')),
              arn: field(arn),
              userName: field(hostileText),
            }),
          ),
          webIdFederationData: field(
            fc.record({
              federatedProvider: field(hostileText),
              attributes: fc.dictionary(hostileText, hostileText, { maxKeys: 4 }),
            }),
          ),
        }),
        { nil: undefined },
      ),
    }),
  },
  { weight: 1, arbitrary: wrongType },
);

const params: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 80,
    arbitrary: fc.dictionary(hostileText, fc.oneof(hostileText, wrongType), { maxKeys: 5 }),
  },
  { weight: 40, arbitrary: fc.constant(null) },
  { weight: 20, arbitrary: wrongType },
  // rare, and costly: about one record in seventy each
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: hugeText.map((h) => ({ big: h })) },
);

/** One CloudTrail-like record, hostile in every field. */
export const hostileRecord: fc.Arbitrary<Record<string, unknown>> = fc.record({
  eventVersion: field(fc.constant('1.08')),
  userIdentity: identity,
  eventTime: time,
  eventSource: field(fc.constantFrom('s3.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com')),
  eventName: field(
    fc.oneof(fc.constantFrom('GetObject', 'StopLogging', 'AssumeRole'), hostileText),
  ),
  awsRegion: field(fc.constantFrom('us-east-1', 'eu-west-1')),
  sourceIPAddress: field(ip),
  userAgent: fc.oneof(
    { weight: 150, arbitrary: field(hostileText) },
    { weight: 1, arbitrary: hugeText },
  ),
  errorCode: fc.option(field(fc.constantFrom('AccessDenied', 'ThrottlingException')), {
    nil: undefined,
  }),
  errorMessage: fc.option(field(hostileText), { nil: undefined }),
  requestParameters: params,
  responseElements: params,
  requestID: field(hostileText),
  eventID: field(hostileText),
  sharedEventID: fc.option(field(hostileText), { nil: undefined }),
  readOnly: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'), wrongType),
  resources: fc.option(
    fc.array(
      fc.record({ ARN: field(arn), type: field(hostileText), accountId: field(hostileText) }),
      { maxLength: 3 },
    ),
    { nil: undefined },
  ),
  eventType: field(fc.constantFrom('AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent')),
  recipientAccountId: field(fc.constant('111122223333')),
  eventCategory: field(fc.constantFrom('Management', 'Data', 'Insight')),
  tlsDetails: fc.option(fc.record({ clientProvidedHostHeader: field(hostileText) }), {
    nil: undefined,
  }),
});

/** The records to index, with event IDs kept distinct (by prefix) where they are strings. */
export function sampleRecords(n: number, seed = FUZZ_SEED): Record<string, unknown>[] {
  return fc.sample(hostileRecord, { seed, numRuns: n }).map((r, i) => ({
    ...r,
    eventID:
      typeof r.eventID === 'string' || r.eventID === undefined
        ? `fz${i}-${r.eventID ?? ''}`
        : r.eventID,
  }));
}

const FIELD_NAMES = fieldNames();

/** Filter text from the language's own parts and hostile values, plus plain noise. */
export const hostileFilter: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(
          fc
            .tuple(
              fc.constantFrom('', '-', 'NOT ', '('),
              fc.constantFrom(...FIELD_NAMES, 'nme', 'x', ''),
              fc.constantFrom(':', ':=', '', '='),
              fc.oneof(
                hostileText,
                fc.constantFrom(
                  '*',
                  '""',
                  '"a/b"',
                  '010.000.000.001',
                  '1.2.3.0/24',
                  '2024-02-30',
                  '1d',
                  '-1h',
                  '99999999d',
                  '*x*',
                  'a,b,c',
                ),
              ),
            )
            .map((p) => p.join('')),
          fc.constantFrom(' OR ', ' AND ', ' ', ')', '(', ',', '"', '\\', 'NOT', '-'),
        ),
        { minLength: 1, maxLength: 8 },
      )
      .map((a) => a.join(' ')),
  },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(...'()":=,*-\\ \u001b\u009b\u202e\ud800aZ09.:/'),
      maxLength: 30,
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '('.repeat(3000) + 'name:a',
      'name:' + 'x,'.repeat(5000),
      'ua:' + 'a'.repeat(100_000),
      '"'.repeat(999),
      '\\'.repeat(999),
    ),
  },
);

/** Record JSON text, with the deep markers expanded into real nesting. */
export function recordText(r: Record<string, unknown>): string {
  return JSON.stringify(r).replace(/"@@DEEP_(\d+)_([oa])@@"/g, (_m, n: string, k: string) => {
    const levels = Number(n);
    return k === 'o'
      ? '{"a":'.repeat(levels) + '"bottom"' + '}'.repeat(levels)
      : '['.repeat(levels) + '1' + ']'.repeat(levels);
  });
}

const CSV_HEADER = [
  'Event ID',
  'Event time',
  'User name',
  'Event name',
  'Resource type',
  'Resource name',
  'AWS access key',
  'AWS region',
  'Error code',
  'Source IP address',
  'Read-only',
  'CloudTrail event',
];

/**
 * A quoted CSV cell. C0 controls other than tab and line breaks are left out: content detection
 * takes one in the first 4 KiB for binary data and skips the whole file (reported separately; the
 * JSON shapes carry them, escaped, as CloudTrail writes them).
 */
function csvCellOf(v: unknown): string {
  const s = typeof v === 'string' ? v : v === undefined ? '' : (JSON.stringify(v) ?? '');
  return `"${s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/"/g, '""')}"`;
}

function csvRow(r: Record<string, unknown>): string {
  const id = (r.userIdentity && typeof r.userIdentity === 'object' ? r.userIdentity : {}) as Record<
    string,
    unknown
  >;
  const res = Array.isArray(r.resources) ? (r.resources as Record<string, unknown>[]) : [];
  return [
    r.eventID,
    r.eventTime,
    id.userName,
    r.eventName,
    res.map((x) => String(x.type)).join(', '),
    res.map((x) => String(x.ARN)).join(', '),
    id.accessKeyId,
    r.awsRegion,
    r.errorCode,
    r.sourceIPAddress,
    r.readOnly,
    recordText(r),
  ]
    .map(csvCellOf)
    .join(',');
}

/**
 * Write the records as evidence files of every shape (S3 delivery gzip'd and plain, JSON Lines,
 * lookup-events, console CSV, a zip), in small files so one bad file cannot hide the others; plus a
 * file whose strings hold invalid UTF-8 bytes.
 */
export function writeEvidence(
  dir: string,
  records: readonly Record<string, unknown>[],
  perFile = 60,
): void {
  const write = (rel: string, data: string | Buffer): void => {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
  };
  const shapes = 6;
  for (let start = 0, n = 0; start < records.length; start += perFile, n++) {
    const chunk = records.slice(start, start + perFile);
    const texts = chunk.map(recordText);
    const records_ = `{"Records":[${texts.join(',')}]}`;
    const name = String(n).padStart(4, '0');
    switch (n % shapes) {
      case 0:
        write(
          `AWSLogs/111122223333/CloudTrail/us-east-1/2024/04/11/111122223333_CloudTrail_us-east-1_${name}.json.gz`,
          gzipSync(records_),
        );
        break;
      case 1:
        write(`plain/${name}.json`, records_);
        break;
      case 2:
        write(`lines/${name}.jsonl`, texts.join('\n') + '\n');
        break;
      case 3: {
        const events = chunk.map(
          (r, i) =>
            `{"EventId":${JSON.stringify(String(r.eventID))},"EventName":${JSON.stringify(r.eventName ?? null)},"ReadOnly":"true","CloudTrailEvent":${JSON.stringify(texts[i])}}`,
        );
        write(`lookup/${name}.json`, `{"Events":[${events.join(',')}],"NextToken":"x"}`);
        break;
      }
      case 4:
        write(
          `console/${name}.csv`,
          '\ufeff' + CSV_HEADER.join(',') + '\n' + chunk.map(csvRow).join('\n') + '\n',
        );
        break;
      default:
        write(
          `bundles/${name}.zip`,
          zipOf([
            {
              name: 'inner/a.json',
              data: Buffer.from(`{"Records":[${texts.slice(0, perFile / 2).join(',')}]}`),
            },
            {
              name: 'inner/b.json.gz',
              data: gzipSync(`{"Records":[${texts.slice(perFile / 2).join(',')}]}`),
            },
          ]),
        );
    }
  }
  // raw bytes no JS string can hold: invalid UTF-8, an encoded surrogate (CESU-8), a stray continuation byte
  const bad = Buffer.concat([
    Buffer.from(
      '{"Records":[{"eventVersion":"1.08","eventID":"fz-bad-utf8","eventTime":"2024-04-11T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"Get',
    ),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x80]),
    Buffer.from('Object","userAgent":"ua\\u001b]52;c;eA==\\u0007","sourceIPAddress":"1.2.3.4"}]}'),
  ]);
  write('plain/bad-utf8.json', bad);
}

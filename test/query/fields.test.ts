import { describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { compileFilter, FIELDS, lookupField, fieldForColumn } from '../../src/query/index.js';
import { countKeyForField, valueCounts } from '../../src/store/stats.js';

const NOW = Date.parse('2024-04-12T00:00:00Z');

/** Events with distinct values for every field; each case names which of them a filter finds. */
const RECORDS = [
  ctEvent({
    eventID: 'a-alice',
    eventTime: '2024-04-11T12:00:00Z',
    eventName: 'StopLogging',
    eventSource: 'cloudtrail.amazonaws.com',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '10.1.2.3',
    userAgent: 'aws-cli/2.15.0 Python/3.11',
    readOnly: false,
    requestParameters: { name: 'prod-trail' },
    requestID: 'REQ-A',
    sharedEventID: 'shared-1',
    errorCode: 'AccessDenied',
    errorMessage: 'User is not authorized to perform cloudtrail:StopLogging',
  }),
  ctEvent({
    eventID: 'b-role',
    eventTime: '2024-04-11T23:30:00Z',
    eventName: 'GetObject',
    eventSource: 's3.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'Boto3/1.34',
    readOnly: true,
    eventCategory: 'Data',
    eventType: 'AwsApiCall',
    recipientAccountId: '444455556666',
    requestParameters: { bucketName: 'secret-bucket', key: 'a/b.txt' },
    requestID: 'REQ-B',
    resources: [{ ARN: 'arn:aws:s3:::secret-bucket/a/b.txt', type: 'AWS::S3::Object' }],
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:deploy-session',
      arn: 'arn:aws:sts::444455556666:assumed-role/AdminRole/deploy-session',
      accountId: '444455556666',
      accessKeyId: 'ASIAEXAMPLE000000002',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::444455556666:role/AdminRole',
          userName: 'AdminRole',
        },
        attributes: { creationDate: '2024-04-11T23:00:00Z', mfaAuthenticated: 'true' },
        sourceIdentity: 'bob',
      },
      sessionCredentialFromConsole: 'true',
    },
  }),
  ctEvent({
    eventID: 'c-sts',
    eventTime: '2024-04-10T08:00:00Z',
    eventName: 'AssumeRole',
    eventSource: 'sts.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: 'ec2.amazonaws.com',
    userAgent: 'ec2.amazonaws.com',
    eventType: 'AwsServiceEvent',
    eventCategory: 'NetworkActivity',
    requestParameters: {
      roleArn: 'arn:aws:iam::111122223333:role/Ec2Role',
      roleSessionName: 'i-0abc',
    },
    responseElements: {
      credentials: { accessKeyId: 'ASIAISSUED0000000003', expiration: 'Apr 10, 2024, 9:00:00 AM' },
    },
    userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
  }),
  ctEvent({
    eventID: 'd-ipv6',
    eventTime: '2024-04-11T13:05:00Z',
    eventName: 'ConsoleLogin',
    eventSource: 'signin.amazonaws.com',
    sourceIPAddress: '2001:db8::1',
    eventType: 'AwsConsoleSignIn',
    additionalEventData: { MFAUsed: 'No' },
    userIdentity: {
      type: 'Root',
      principalId: '111122223333',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
    },
  }),
];

/** One or more cases per field: filter -> the eventIDs it must return (in time order). */
const CASES: Record<string, [string, string[]][]> = {
  name: [
    ['name:stoplogging', ['a-alice']],
    ['event:Get*', ['b-role']],
    ['name:StopLogging,AssumeRole', ['c-sts', 'a-alice']],
  ],
  source: [
    ['src:s3', ['b-role']],
    ['source:cloudtrail.amazonaws.com', ['a-alice']],
    ['service:s*', ['c-sts', 'd-ipv6', 'b-role']],
  ],
  region: [['region:eu-*', ['a-alice']]],
  ip: [
    ['ip:10.0.0.0/8', ['a-alice']],
    ['ip:203.0.113.9', ['b-role']],
    ['ip:2001:db8::/32', ['d-ipv6']],
    ['ip:ec2.amazonaws.com', ['c-sts']],
  ],
  ua: [
    ['ua:boto3', ['b-role']],
    ['ua:aws-cli*', ['a-alice', 'd-ipv6']],
  ],
  type: [
    ['type:role', ['b-role']],
    ['type:Root', ['d-ipv6']],
    ['type:AWSService', ['c-sts']],
  ],
  principal: [['principal:AROA*', ['b-role']]],
  arn: [
    ['arn:*assumed-role*', ['b-role']],
    ['arn:*:root', ['d-ipv6']],
  ],
  account: [['account:444455556666', ['b-role']]],
  recipient: [['recipient:444455556666', ['b-role']]],
  key: [
    ['key:ASIAEXAMPLE000000002', ['b-role']],
    ['key:AKIA*', ['a-alice']],
  ],
  user: [['user:ALICE', ['a-alice']]],
  role: [
    ['role:AdminRole', ['b-role']],
    ['role:arn:aws:iam::444455556666:role/AdminRole', ['b-role']],
  ],
  session: [
    ['session:deploy-session', ['b-role']],
    ['session:deploy*', ['b-role']],
    ['session:""', ['c-sts', 'a-alice', 'd-ipv6']],
  ],
  who: [
    ['who:arn:aws:iam::111122223333:root', ['d-ipv6']],
    ['who:ec2.amazonaws.com', ['c-sts']],
    ['identity:*deploy-session', ['b-role']],
  ],
  byService: [
    ['byService:true', ['c-sts']],
    ['-byService:true', ['a-alice', 'd-ipv6', 'b-role']],
    ['awsService:false', ['a-alice', 'd-ipv6', 'b-role']],
  ],
  invokedBy: [['via:ec2.amazonaws.com', ['c-sts']]],
  sourceIdentity: [['sourceIdentity:bob', ['b-role']]],
  error: [
    ['error:*', ['a-alice']],
    ['err:accessdenied', ['a-alice']],
    ['error:""', ['c-sts', 'd-ipv6', 'b-role']],
  ],
  message: [['msg:"not authorized"', ['a-alice']]],
  eventType: [['eventType:AwsConsoleSignIn', ['d-ipv6']]],
  category: [
    ['category:data', ['b-role']],
    ['cat:network', ['c-sts']],
    ['category:management', ['a-alice', 'd-ipv6']],
  ],
  readOnly: [
    ['readOnly:false', ['a-alice']],
    ['ro:yes', ['c-sts', 'd-ipv6', 'b-role']],
  ],
  mfa: [
    ['mfa:true', ['b-role']],
    ['mfa:false', ['d-ipv6']],
  ],
  console: [['console:true', ['b-role']]],
  id: [
    ['id:c-sts', ['c-sts']],
    ['id:a-*', ['a-alice']],
  ],
  requestId: [['requestId:REQ-B', ['b-role']]],
  sharedEventId: [
    ['shared:shared-1', ['a-alice']],
    ['shared:*', ['a-alice']],
  ],
  issuedKey: [['issued:ASIAISSUED*', ['c-sts']]],
  param: [
    ['param:secret-bucket', ['b-role']],
    ['param:bucketName=secret-*', ['b-role']],
    ['param:roleSessionName=i-0abc', ['c-sts']],
  ],
  resource: [
    ['resource:secret-bucket', ['b-role']],
    ['res:prod-trail', ['a-alice']],
    ['resource:Ec2Role', ['c-sts']],
  ],
  resourceType: [
    ['rtype:AWS::S3::Object', ['b-role']],
    ['rtype:AWS::CloudTrail::Trail', ['a-alice']],
  ],
  after: [['after:2024-04-11T13:00Z', ['d-ipv6', 'b-role']]],
  before: [['before:2024-04-11', ['c-sts']]],
  on: [
    ['on:2024-04-11', ['a-alice', 'd-ipv6', 'b-role']],
    ['on:2024-04-11T13', ['d-ipv6']],
  ],
  since: [
    ['since:1h', ['b-role']],
    ['since:2d', ['c-sts', 'a-alice', 'd-ipv6', 'b-role']],
  ],
  has: [
    ['has:sharedEventId', ['a-alice']],
    ['-has:arn', ['c-sts']],
  ],
  note: [
    ['note:*', ['b-role']],
    ['note:"second look"', ['b-role']],
    ['note:="Seen from a new IP; second look"', ['b-role']],
    ['note:="second look"', []],
    ['-note:*', ['c-sts', 'a-alice', 'd-ipv6']],
  ],
  tag: [
    ['tag:EXFIL', ['b-role']],
    ['tag:exfil,persistence', ['a-alice', 'b-role']],
    ['tag:""', ['c-sts', 'd-ipv6']],
  ],
  verified: [
    ['verified:unknown', ['c-sts', 'a-alice', 'd-ipv6', 'b-role']],
    ['verified:yes', []],
  ],
  caveat: [
    ['caveat:differs', ['a-alice']],
    ['caveat:UNVERIFIED', ['c-sts']],
    ['caveat:differs,unverified', ['c-sts', 'a-alice']],
    ['caveat:damaged', ['c-sts']],
    ['caveat:*', ['c-sts', 'a-alice']],
    ['-caveat:*', ['d-ipv6', 'b-role']],
    ['has:caveat', ['c-sts', 'a-alice']],
    ['caveat:rebuilt', []],
  ],
};

const OTHER_CASES: [string, string[]][] = [
  ['StopLogging', ['a-alice']],
  ['secret-bucket', ['b-role']],
  ['"not authorized"', ['a-alice']],
  ['name:StopLogging OR user:alice', ['a-alice']],
  ['(ip:10.0.0.0/8 OR ip:2001:db8::/32) -type:Root', ['a-alice']],
  ['-user:alice', ['c-sts', 'd-ipv6', 'b-role']],
  ['NOT name:GetObject NOT name:AssumeRole', ['a-alice', 'd-ipv6']],
  ['arn:aws:iam::111122223333:root', ['d-ipv6']],
  ['', ['c-sts', 'a-alice', 'd-ipv6', 'b-role']],
];

describe('every filter field finds what it names', () => {
  const db = caseFileWith(RECORDS);
  db.prepare(
    "INSERT INTO notes(event_id, text, written_at) VALUES('b-role', 'Seen from a new IP; second look', '2024-05-01T00:00:00Z')",
  ).run();
  db.prepare(
    "INSERT INTO tags(event_id, tag, written_at) VALUES('b-role', 'exfil', '2024-05-01T00:00:00Z'), ('a-alice', 'persistence', '2024-05-01T00:00:00Z')",
  ).run();
  // the case file's own knowledge of two records: one read from damaged data, one with another copy
  db.prepare("UPDATE events SET flags = flags | 8 WHERE event_id = 'c-sts'").run();
  db.prepare(
    "INSERT INTO event_variants(event_rowid, file_id, record_index, raw_chunk, raw_index) SELECT id, 1, 0, -1, 0 FROM events WHERE event_id = 'a-alice'",
  ).run();
  const run = (filter: string): string[] => {
    const c = compileFilter(filter, { now: NOW });
    return db
      .prepare(`SELECT e.event_id FROM events e WHERE ${c.where} ORDER BY e.time_ms, e.id`)
      .pluck()
      .all(...c.params) as string[];
  };

  it('has cases for every field', () => {
    expect(FIELDS.map((f) => f.name).filter((n) => !CASES[n])).toEqual([]);
  });

  for (const [field, cases] of Object.entries(CASES)) {
    for (const [filter, expected] of cases) {
      it(`${field}: ${filter}`, () => {
        expect(lookupField(field)).toBeDefined();
        expect(run(filter)).toEqual(expected);
      });
    }
  }

  for (const [filter, expected] of OTHER_CASES) {
    it(`combined: ${filter || '(empty)'}`, () => expect(run(filter)).toEqual(expected));
  }

  it("counts caveats per value, and each count is what the value's filter selects", () => {
    const key = countKeyForField(lookupField('caveat')!)!;
    const counts = valueCounts(db, compileFilter(''), key, 20);
    expect(counts.values).toEqual([
      { value: null, count: 2 },
      { value: 'differs', count: 1 },
      { value: 'unverified', count: 1 },
    ]);
    for (const v of counts.values)
      expect(run(v.value === null ? '-caveat:*' : `caveat:${v.value}`).length).toBe(v.count);
  });

  it('maps table columns back to fields for facets', () => {
    expect(fieldForColumn('arn')?.name).toBe('arn');
    expect(fieldForColumn('event_source')?.name).toBe('source');
    expect(fieldForColumn('source_ip')?.name).toBe('ip');
  });
});

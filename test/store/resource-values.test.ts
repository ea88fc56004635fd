import { afterAll, describe, expect, it } from 'vitest';
import { caseFileWith } from '../helpers/case-file.js';
import { compileFilter, lookupField, termText } from '../../src/query/index.js';
import { countKeyForField, valueCounts } from '../../src/store/stats.js';
import { listResources, resourcesOfEvent } from '../../src/store/resource-values.js';
import { DistinctValues, RESOURCE_VALUES_FIELD } from '../../src/store/distinct-values.js';

const BUCKET = 'arn:aws:s3:::customer-exports';
const OBJECT = (k: string) => `${BUCKET}/exports/${k}.csv`;
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71';

const getObject = (i: number) => ({
  eventVersion: '1.09',
  eventID: `get-${i}`,
  eventTime: `2026-03-12T02:1${i}:00Z`,
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  eventCategory: 'Data',
  requestParameters: {
    bucketName: 'customer-exports',
    Host: 'customer-exports.s3.eu-west-1.amazonaws.com',
    key: `exports/${i}.csv`,
  },
  resources: [
    { type: 'AWS::S3::Object', ARN: OBJECT(String(i)) },
    { accountId: '739104826553', type: 'AWS::S3::Bucket', ARN: BUCKET },
  ],
});

const RECORDS = [
  getObject(1),
  getObject(2),
  getObject(3),
  // management events that name the bucket only by its name
  {
    eventVersion: '1.09',
    eventID: 'policy',
    eventTime: '2026-03-12T02:33:44Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    awsRegion: 'eu-west-1',
    requestParameters: { bucketName: 'customer-exports', policy: '{}' },
  },
  {
    eventVersion: '1.09',
    eventID: 'decrypt',
    eventTime: '2026-03-12T02:14:00Z',
    eventSource: 'kms.amazonaws.com',
    eventName: 'Decrypt',
    awsRegion: 'eu-west-1',
    requestParameters: { keyId: '5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71' },
    resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: KEY }],
  },
  {
    eventVersion: '1.09',
    eventID: 'role',
    eventTime: '2026-03-12T02:10:09Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'GetRole',
    awsRegion: 'us-east-1',
    requestParameters: { roleName: 'ci-deploy' },
  },
  {
    eventVersion: '1.09',
    eventID: 'none',
    eventTime: '2026-03-12T02:12:20Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: 'eu-west-1',
  },
];

const db = caseFileWith(RECORDS);
afterAll(() => db.close());

const resource = lookupField('resource')!;
const rowid = (eventId: string): number =>
  db.prepare('SELECT id FROM events WHERE event_id = ?').pluck().get(eventId) as number;
const count = (filter: string): number => {
  const f = compileFilter(filter);
  return db
    .prepare(`SELECT count(*) FROM events e WHERE ${f.where}`)
    .pluck()
    .get(...f.params) as number;
};

describe('resources as a dimension', () => {
  it('the facet counts the bucket once per event, by ARN, whether the event names it by ARN or by name', () => {
    const counts = valueCounts(db, compileFilter(''), countKeyForField(resource)!, 100);
    expect(counts.values).toEqual([
      { value: BUCKET, count: 4 },
      { value: null, count: 1 },
      { value: KEY, count: 1 },
      { value: OBJECT('1'), count: 1 },
      { value: OBJECT('2'), count: 1 },
      { value: OBJECT('3'), count: 1 },
      { value: 'ci-deploy', count: 1 },
    ]);
    // each value's exact term selects exactly its count, and the plain bucket name finds it too
    for (const v of counts.values)
      expect(count(termText(resource, v.value)), String(v.value)).toBe(v.count);
    expect(count('resource:customer-exports')).toBe(4);
    expect(count(`resource:${BUCKET}/*`)).toBe(3);
  });

  it("an event's resources for a pivot: one entry per resource, ready for termText", () => {
    expect(resourcesOfEvent(db, rowid('get-2'))).toEqual([
      { value: BUCKET, type: 'AWS::S3::Bucket' },
      { value: OBJECT('2'), type: 'AWS::S3::Object' },
    ]);
    expect(resourcesOfEvent(db, rowid('policy'))).toEqual([
      { value: BUCKET, type: 'AWS::S3::Bucket' },
    ]);
    expect(resourcesOfEvent(db, rowid('decrypt'))).toEqual([{ value: KEY, type: 'AWS::KMS::Key' }]);
    expect(resourcesOfEvent(db, rowid('none'))).toEqual([]);
    const pivot = termText(resource, resourcesOfEvent(db, rowid('get-2'))[0].value);
    expect(pivot).toBe(`resource:${BUCKET}`);
    expect(count(pivot)).toBe(4);
  });

  it('fuzzy search lists resources like an interned field, with the facet counts', () => {
    const values = new DistinctValues(db);
    expect(values.size(RESOURCE_VALUES_FIELD)).toBe(6);
    const prefix = values.startingWith(RESOURCE_VALUES_FIELD, 'ARN:AWS:S3:::CUSTOMER', 10);
    expect(prefix.map((v) => v.value)).toEqual([BUCKET, OBJECT('1'), OBJECT('2'), OBJECT('3')]);
    const found = values.containing(RESOURCE_VALUES_FIELD, '2.csv', 10);
    expect(found.map((v) => v.value)).toEqual([OBJECT('2')]);
    expect(values.matching(RESOURCE_VALUES_FIELD, 'cideploy', 10).map((v) => v.value)).toEqual([
      'ci-deploy',
    ]);
    const bucket = prefix[0];
    expect(bucket.id).toBeLessThan(0);
    expect(values.cachedCount(bucket.id)).toBe(4);
    expect(values.eventCount(RESOURCE_VALUES_FIELD, bucket.id)).toBe(4);
    expect(values.all(RESOURCE_VALUES_FIELD, 2)).toHaveLength(2);
  });

  it('the list can be computed elsewhere (a query thread) and handed over as plain data', () => {
    const list = listResources(db);
    expect(structuredClone(list)).toEqual(list);
    const given = new DistinctValues(db, { resources: list });
    const own = new DistinctValues(db);
    for (const q of ['arn', 'csv', 'ci'])
      expect(given.containing(RESOURCE_VALUES_FIELD, q, 10)).toEqual(
        own.containing(RESOURCE_VALUES_FIELD, q, 10),
      );
    expect(list.find((r) => r.value === BUCKET)?.count).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import {
  eventResourceValues,
  partitionOf,
  resourceKeys,
  standaloneForm,
} from '../../src/query/resource-form.js';
import { normalizeRecord } from '../../src/ingest/normalize.js';

/** The resources of one record as ingest stores them, then in their normal form. */
function valuesOf(record: Record<string, unknown>): string[] {
  const ev = normalizeRecord({ eventVersion: '1.09', eventID: 'x', ...record });
  return eventResourceValues(ev.resources, ev.strings.aws_region).map((r) => r.value);
}

describe('resource normal form', () => {
  it('an S3 data event names its object and its bucket: two resources, not three', () => {
    // the shape of AWS's documented GetObject data event: resources[] holds the object ARN and the
    // bucket ARN (with the bucket owner's account), requestParameters the bucket name and key
    const values = valuesOf({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'eu-west-1',
      requestParameters: {
        bucketName: 'customer-exports',
        Host: 'customer-exports.s3.eu-west-1.amazonaws.com',
        key: 'exports/2026-03-12.csv',
      },
      resources: [
        { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::customer-exports/exports/2026-03-12.csv' },
        {
          accountId: '739104826553',
          type: 'AWS::S3::Bucket',
          ARN: 'arn:aws:s3:::customer-exports',
        },
      ],
    });
    expect(values).toEqual([
      'arn:aws:s3:::customer-exports/exports/2026-03-12.csv',
      'arn:aws:s3:::customer-exports',
    ]);
  });

  it('a bucket named only by bucketName is its ARN, in the partition of the region', () => {
    expect(valuesOf({ awsRegion: 'us-east-1', requestParameters: { bucketName: 'b' } })).toEqual([
      'arn:aws:s3:::b',
    ]);
    expect(valuesOf({ awsRegion: 'cn-north-1', requestParameters: { bucketName: 'b' } })).toEqual([
      'arn:aws-cn:s3:::b',
    ]);
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('US-ISOB-EAST-1')).toBe('aws-iso-b');
    expect(partitionOf(null)).toBe('aws');
    // a directory bucket's ARN is regional with an account: not derivable from its name
    expect(standaloneForm('base--usw2-az1--x-s3', 'AWS::S3::Bucket', 'us-west-2')).toBeNull();
  });

  it('a KMS key ID beside its ARN is one key; an alias is another resource', () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71';
    const resources = [{ ARN: arn, accountId: '111122223333', type: 'AWS::KMS::Key' }];
    expect(
      valuesOf({
        awsRegion: 'eu-west-1',
        requestParameters: { keyId: '5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71' },
        resources,
      }),
    ).toEqual([arn]);
    expect(
      valuesOf({ awsRegion: 'eu-west-1', requestParameters: { keyId: 'alias/app' }, resources }),
    ).toEqual([arn, 'alias/app']);
  });

  it('an IAM role or user named only by name stays a name (its path is not in the name)', () => {
    expect(
      valuesOf({ eventSource: 'iam.amazonaws.com', requestParameters: { roleName: 'ops' } }),
    ).toEqual(['ops']);
  });

  it('a name never merges into an ARN of another type, and a bucket never into an object', () => {
    const keys = resourceKeys(
      [
        { name: 'arn:aws:s3:::logs/a.txt', type: 'AWS::S3::Object' },
        { name: 'a.txt', type: 'AWS::IAM::User' },
        { name: 'a.txt', type: 'AWS::S3::Bucket' },
      ],
      'us-east-1',
    );
    expect(keys).toEqual(['arn:aws:s3:::logs/a.txt', 'a.txt', 'arn:aws:s3:::a.txt']);
    // a typeless ARN stands for a name that ends it (old records and console CSVs leave types out)
    expect(
      resourceKeys(
        [
          { name: 'arn:aws:iam::1:role/ops/Admin', type: null },
          { name: 'Admin', type: 'AWS::IAM::Role' },
        ],
        null,
      ),
    ).toEqual(['arn:aws:iam::1:role/ops/Admin', null]);
  });

  it('case variants of one ARN are one resource', () => {
    expect(
      eventResourceValues(
        [
          { name: 'arn:aws:s3:::Prod-Data', type: null },
          { name: 'arn:aws:s3:::prod-data', type: 'AWS::S3::Bucket' },
        ],
        null,
      ),
    ).toEqual([{ value: 'arn:aws:s3:::Prod-Data', type: 'AWS::S3::Bucket' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { accessKeyKind, explainIdentity, explainRequest } from '../../src/domain/identity.js';

const find = (lines: ReturnType<typeof explainIdentity>, label: string) =>
  lines.find((l) => l.label === label);

describe('identity explanation', () => {
  it('explains an assumed role from another account with a temporary key and no MFA', () => {
    const lines = explainIdentity(
      {
        recipientAccountId: '444455556666',
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROAX:ci',
          arn: 'arn:aws:sts::111122223333:assumed-role/Deploy/ci',
          accountId: '111122223333',
          accessKeyId: 'ASIAEXAMPLE',
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              arn: 'arn:aws:iam::111122223333:role/Deploy',
              userName: 'Deploy',
            },
            attributes: { creationDate: '2024-04-11T10:00:00Z', mfaAuthenticated: 'false' },
            sourceIdentity: 'alice',
            ec2RoleDelivery: '2.0',
          },
          invokedBy: 'ec2.amazonaws.com',
        },
      },
      { keyEvents: 12 },
    );
    expect(find(lines, 'type')?.note).toMatch(/assuming an IAM role/);
    expect(find(lines, 'caller account')).toMatchObject({
      warn: true,
      note: expect.stringMatching(/cross-account/),
    });
    expect(find(lines, 'access key')?.note).toMatch(/temporary key \(ASIA\).*12 events/);
    expect(find(lines, 'MFA')).toMatchObject({ value: 'no', warn: true });
    expect(find(lines, 'session issuer')?.value).toBe('Role Deploy');
    expect(find(lines, 'source identity')?.value).toBe('alice');
    expect(find(lines, 'EC2 role delivery')?.value).toBe('2.0');
    expect(find(lines, 'invoked by')?.value).toBe('ec2.amazonaws.com');
  });

  it('flags root, handles records without userIdentity, knows key kinds', () => {
    expect(find(explainIdentity({ userIdentity: { type: 'Root' } }), 'type')).toMatchObject({
      warn: true,
    });
    expect(find(explainIdentity({}), 'identity')?.warn).toBe(true);
    expect(accessKeyKind('AKIA1')).toBe('long-term');
    expect(accessKeyKind('ASIA1')).toBe('temporary');
    expect(accessKeyKind(null)).toBe('unknown');
  });

  it('summarises the request with errors flagged', () => {
    const r = explainRequest({
      eventTime: 't',
      eventName: 'PutBucketPolicy',
      eventSource: 's3.amazonaws.com',
      errorCode: 'AccessDenied',
      requestParameters: { bucketName: 'b' },
      responseElements: null,
    });
    expect(r.find((l) => l.label === 'error')).toMatchObject({ value: 'AccessDenied', warn: true });
    expect(r.find((l) => l.label === 'request params')?.value).toBe('{"bucketName":"b"}');
    expect(r.find((l) => l.label === 'response')).toBeUndefined();
  });
});

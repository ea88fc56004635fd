import { describe, expect, it } from 'vitest';
import { explainIdentity } from '../../src/domain/identity.js';

const find = (lines: ReturnType<typeof explainIdentity>, label: string) =>
  lines.find((l) => l.label === label);

describe('identity panel: console session', () => {
  const ui = { type: 'IAMUser', userName: 'alice', accessKeyId: 'ASIAEXAMPLE' };

  it('reads sessionCredentialFromConsole from the top of the record, where CloudTrail puts it', () => {
    const line = find(
      explainIdentity({ userIdentity: ui, sessionCredentialFromConsole: 'true' }),
      'console session',
    );
    expect(line).toMatchObject({ value: 'yes', note: expect.stringMatching(/console sign-in/) });
  });

  it('falls back to userIdentity.sessionCredentialFromConsole (some exports nest it)', () => {
    expect(
      find(
        explainIdentity({ userIdentity: { ...ui, sessionCredentialFromConsole: 'true' } }),
        'console session',
      )?.value,
    ).toBe('yes');
  });

  it('prefers the top-level value, and shows nothing when neither place has it', () => {
    const both = explainIdentity({
      userIdentity: { ...ui, sessionCredentialFromConsole: 'true' },
      sessionCredentialFromConsole: 'false',
    });
    expect(find(both, 'console session')?.value).toBe('no');
    expect(find(explainIdentity({ userIdentity: ui }), 'console session')).toBeUndefined();
  });
});

describe('identity panel: MFA', () => {
  const role = (roleArn: string, session: string, extra: Record<string, unknown> = {}) => ({
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE:${session}`,
      arn: `arn:aws:sts::111122223333:assumed-role/${roleArn.split('/').pop()}/${session}`,
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: roleArn, userName: roleArn.split('/').pop() },
        attributes: { creationDate: '2026-03-12T18:00:20Z', mfaAuthenticated: 'false' },
        ...extra,
      },
    },
  });

  it('does not flag EC2 instance-role sessions (the session is named after the instance)', () => {
    for (const id of ['i-0c7a1b2c3d4e5f607', 'i-0123abcd']) {
      const mfa = find(explainIdentity(role('arn:aws:iam::111122223333:role/app-ec2', id)), 'MFA');
      expect(mfa).toMatchObject({
        value: 'no',
        warn: false,
        note: expect.stringMatching(/EC2 instance-role.*never/),
      });
    }
  });

  it('does not flag service-linked role sessions', () => {
    const r = role(
      'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
      'AWSConfig-Describe',
    );
    expect(find(explainIdentity(r), 'MFA')).toMatchObject({
      value: 'no',
      warn: false,
      note: expect.stringMatching(/service-linked/),
    });
  });

  it("still flags a person's role session without MFA", () => {
    for (const session of ['alice', 'i-am-not-an-instance', 'i-0c7a1b2c3d4e5f60']) {
      const mfa = find(
        explainIdentity(role('arn:aws:iam::111122223333:role/Admin', session)),
        'MFA',
      );
      expect(mfa).toMatchObject({
        value: 'no',
        warn: true,
        note: 'session not authenticated with MFA',
      });
    }
    expect(
      find(explainIdentity(role('arn:aws:iam::111122223333:role/Admin', 'alice')), 'type')?.warn,
    ).toBe(false);
  });
});

describe('identity panel: key use count', () => {
  const rec = { userIdentity: { type: 'IAMUser', userName: 'alice', accessKeyId: 'AKIAEXAMPLE' } };
  it('says "1 event", "2 events", "1,204 events"', () => {
    expect(find(explainIdentity(rec, { keyEvents: 1 }), 'access key')?.note).toMatch(
      /; 1 event in this case file used it$/,
    );
    expect(find(explainIdentity(rec, { keyEvents: 2 }), 'access key')?.note).toMatch(
      /; 2 events in this case file used it$/,
    );
    expect(find(explainIdentity(rec, { keyEvents: 1204 }), 'access key')?.note).toMatch(
      /; 1,204 events in this case file used it$/,
    );
    expect(find(explainIdentity(rec), 'access key')?.note).toBe(
      'long-term key (AKIA) of an IAM user or root',
    );
  });
});

describe('identity panel: labels', () => {
  it("every built-in label fits the detail view's label column (17 characters and a space)", () => {
    const lines = explainIdentity({
      recipientAccountId: '1',
      sessionCredentialFromConsole: 'true',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAX:s',
        arn: 'arn:aws:sts::1:assumed-role/R/s',
        accountId: '2',
        accessKeyId: 'ASIAX',
        userName: 'u',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: 'arn:aws:iam::1:role/R',
            principalId: 'AROAX',
            accountId: '1',
            userName: 'R',
          },
          attributes: { creationDate: 'x', mfaAuthenticated: 'true' },
          sourceIdentity: 'a',
          ec2RoleDelivery: '2.0',
          webIdFederationData: { federatedProvider: 'p' },
        },
        invokedBy: 'x',
        identityStoreArn: 'x',
        onBehalfOf: { userId: 'x' },
        credentialId: 'x',
      },
    });
    expect(find(lines, '  issuer ID')?.value).toBe('AROAX');
    for (const l of lines) expect(l.label.length, l.label).toBeLessThanOrEqual(17);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { LINEAGE_FILES, lineageCaseFile } from '../helpers/lineage-case.js';
import { CredentialStore } from '../../src/store/credentials.js';
import { traceEvent, traceKey } from '../../src/domain/lineage.js';
import { traceJson, type TraceJson } from '../../src/domain/lineage-json.js';

const db = lineageCaseFile();
const store = new CredentialStore(db);
afterAll(() => db.close());

const key = (k: string): TraceJson => traceJson(traceKey(store, k)!);
const event = (id: string): TraceJson => traceJson(traceEvent(store, id)!);
const A = '111122223333';
const B = '444455556666';

describe('trace: role chaining across accounts and regions', () => {
  const t = event('use-chain3');

  it('runs from the origin (first) to the subject key (last), one hop per key', () => {
    expect(t.subject).toBe('use-chain3');
    expect(t.subjectKind).toBe('event');
    expect(t.accessKeyId).toBe('ASIACHAIN30000000003');
    expect(t.at).toBe('2024-04-11T10:30:00Z');
    expect(t.hops.map((h) => h.accessKeyId)).toEqual([
      'AKIACIDEPLOY00000001',
      'ASIACHAIN10000000001',
      'ASIACHAIN20000000002',
      'ASIACHAIN30000000003',
    ]);
  });

  it('names the origin IAM user and calls the chain complete', () => {
    expect(t.complete).toBe(true);
    expect(t.gap).toBeNull();
    expect(t.origin).toEqual({
      kind: 'iam-user',
      arn: `arn:aws:iam::${A}:user/ci-deploy`,
      accountId: A,
      label: 'user/ci-deploy',
    });
    expect(t.hops[0].identity).toEqual({
      type: 'IAMUser',
      arn: `arn:aws:iam::${A}:user/ci-deploy`,
      accountId: A,
      principalId: 'AIDACI-DEPLOYQQQQQQQ',
      userName: 'ci-deploy',
    });
    expect(t.hops[0].issuedBy).toBeNull();
  });

  it("takes the caller account's copy of the cross-account AssumeRole as issuedBy", () => {
    expect(t.hops[1].issuedBy).toEqual({
      eventId: 'iss-chain1-caller',
      eventName: 'AssumeRole',
      eventTime: '2024-04-11T10:00:00Z',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.50',
      recipientAccountId: A,
      userAgent: 'python-requests/2.31',
      expiration: '2024-04-11T11:00:00Z',
      via: 'sts',
    });
    expect(t.hops[1].identity.arn).toBe(`arn:aws:sts::${B}:assumed-role/Deploy/ci`);
    expect(t.hops[1].roleArn).toBe(`arn:aws:iam::${B}:role/Deploy`);
  });

  it('links hops issued in another region and account, with source identity', () => {
    expect(t.hops[2].issuedBy?.eventId).toBe('iss-chain2');
    expect(t.hops[2].issuedBy?.awsRegion).toBe('eu-west-1');
    expect(t.hops[2].issuedBy?.recipientAccountId).toBe(B);
    expect(t.hops[3].issuedBy?.eventId).toBe('iss-chain3');
    expect(t.hops[3].sourceIdentity).toBe('ci-deploy');
    expect(t.hops[3].sessionName).toBe('admin-session');
    expect(t.hops[3].mfa).toBe(false);
  });

  it('lists the keys a key went on to mint, with their event counts', () => {
    expect(key('ASIACHAIN10000000001').derived).toEqual([
      {
        accessKeyId: 'ASIACHAIN20000000002',
        eventId: 'iss-chain2',
        eventName: 'AssumeRole',
        eventTime: '2024-04-11T10:05:00Z',
        roleArn: `arn:aws:iam::${B}:role/Ops`,
        events: 1,
      },
    ]);
    expect(key('AKIACIDEPLOY00000001').derived.map((d) => d.accessKeyId)).toEqual([
      'ASIACHAIN10000000001',
    ]);
    expect(t.derived).toEqual([]);
  });

  it('gives the same answer whatever order the files were indexed in', () => {
    const reversed = lineageCaseFile([...LINEAGE_FILES].reverse());
    try {
      expect(traceJson(traceEvent(new CredentialStore(reversed), 'use-chain3')!)).toEqual(t);
    } finally {
      reversed.close();
    }
  });
});

describe('trace: origins', () => {
  it("only the role owner's copy: external-account with that account, incomplete", () => {
    const t = key('ASIAEXTERNALONLY0001');
    expect(t.complete).toBe(false);
    expect(t.origin).toEqual({
      kind: 'external-account',
      accountId: '777788889999',
      label: 'account 777788889999',
    });
    expect(t.gap?.reason).toMatch(/account 777788889999/);
    expect(t.hops[0]).toMatchObject({
      accessKeyId: null,
      identity: { type: 'AWSAccount', accountId: '777788889999' },
      issuedBy: null,
    });
    expect(t.hops[1]).toMatchObject({
      accessKeyId: 'ASIAEXTERNALONLY0001',
      issuedBy: { eventId: 'iss-ext-owner', recipientAccountId: B },
    });
  });

  it('SAML: first hop is the SAML user with no key; origin is the provider', () => {
    const t = key('ASIASAMLSESSION00001');
    expect(t.complete).toBe(true);
    expect(t.origin).toEqual({
      kind: 'saml',
      arn: `arn:aws:iam::${A}:saml-provider/Okta`,
      accountId: A,
      label: 'saml Okta',
    });
    expect(t.hops[0]).toMatchObject({
      accessKeyId: null,
      identity: { type: 'SAMLUser', userName: 'jane@example.com' },
      issuedBy: null,
    });
    expect(t.hops[0].notes).toContain('SAML subject: jane@example.com');
    expect(t.hops[1]).toMatchObject({
      accessKeyId: 'ASIASAMLSESSION00001',
      issuedBy: { eventName: 'AssumeRoleWithSAML' },
    });
  });

  it('web identity: origin is the identity provider', () => {
    const t = key('ASIAWEBIDENTITY00001');
    expect(t.complete).toBe(true);
    expect(t.origin.kind).toBe('web-identity');
    expect(t.origin.arn).toBe('accounts.google.com');
    expect(t.hops[0]).toMatchObject({ accessKeyId: null, identity: { type: 'WebIdentityUser' } });
    expect(t.hops[1].issuedBy?.eventName).toBe('AssumeRoleWithWebIdentity');
  });

  it('GetSessionToken by an IAM user and by root: the long-term key is the origin', () => {
    const user = event('use-session');
    expect(
      user.hops.map((h) => [h.accessKeyId, h.identity.type, h.issuedBy?.eventName ?? null]),
    ).toEqual([
      ['AKIAALICE00000000001', 'IAMUser', null],
      ['ASIASESSIONUSER00001', 'IAMUser', 'GetSessionToken'],
    ]);
    expect(user.hops[1].mfa).toBe(true);
    expect(user.origin).toMatchObject({ kind: 'iam-user', arn: `arn:aws:iam::${A}:user/alice` });
    const root = event('use-root-session');
    expect(root.complete).toBe(true);
    expect(root.origin).toEqual({
      kind: 'root',
      arn: `arn:aws:iam::${A}:root`,
      accountId: A,
      label: `root ${A}`,
    });
    expect(root.hops.map((h) => h.accessKeyId)).toEqual([
      'AKIAROOTKEY000000001',
      'ASIAROOTSESSION00001',
    ]);
  });

  it("GetFederationToken: the federated user's key traces to the IAM user that asked", () => {
    const t = event('use-fed');
    expect(t.hops[1]).toMatchObject({
      accessKeyId: 'ASIAFEDERATED0000001',
      identity: { type: 'FederatedUser', arn: `arn:aws:sts::${A}:federated-user/partner` },
      issuedBy: { eventName: 'GetFederationToken' },
    });
    expect(t.origin).toMatchObject({ kind: 'iam-user', arn: `arn:aws:iam::${A}:user/fedbroker` });
    expect(t.complete).toBe(true);
  });

  it('AssumeRoot: the root session traces to the management-account principal', () => {
    const t = event('use-root-task');
    expect(t.hops.map((h) => [h.accessKeyId, h.identity.type])).toEqual([
      ['AKIAMGMTADMIN0000001', 'IAMUser'],
      ['ASIAROOTTASK00000001', 'Root'],
    ]);
    expect(t.hops[1].issuedBy?.expiration).toBe('2024-04-11T16:15:00Z');
    expect(t.complete).toBe(true);
  });

  it('EC2 with the issuing event: aws-service origin, complete', () => {
    const t = event('use-ec2');
    expect(t.complete).toBe(true);
    expect(t.origin).toMatchObject({ kind: 'aws-service', service: 'ec2.amazonaws.com' });
    expect(t.hops[0]).toMatchObject({ accessKeyId: null, identity: { type: 'AWSService' } });
    expect(t.hops[1]).toMatchObject({
      sessionName: 'i-0abc0000000000001',
      issuedBy: { eventId: 'iss-ec2' },
    });
  });

  it('EC2 and Lambda without the issuing event: the service and role are shown, the gap says the issuance is missing', () => {
    const ec2 = event('use-ec2-noissue');
    expect(ec2.complete).toBe(false);
    expect(ec2.origin).toMatchObject({
      kind: 'aws-service',
      service: 'ec2.amazonaws.com',
      arn: `arn:aws:iam::${A}:role/Worker`,
    });
    expect(ec2.gap?.reason).toMatch(/ec2RoleDelivery.*not in this evidence/);
    expect(ec2.hops).toHaveLength(1);
    const fn = event('use-lambda');
    expect(fn.origin).toMatchObject({
      kind: 'aws-service',
      service: 'lambda.amazonaws.com',
      arn: `arn:aws:iam::${A}:role/OrdersFn`,
    });
    expect(fn.hops[0].notes[0]).toMatch(/function:orders/);
  });

  it('console session: origin console with the user, not a gap; the sign-in is shown', () => {
    const t = event('use-console');
    expect(t.complete).toBe(true);
    expect(t.gap).toBeNull();
    expect(t.origin).toEqual({
      kind: 'console',
      arn: `arn:aws:iam::${A}:user/dana`,
      accountId: A,
      label: 'console user/dana',
    });
    expect(t.hops).toHaveLength(1);
    expect(t.hops[0].issuedBy?.eventId).toBe('console-login-dana');
  });

  it('a key with no issuing event anywhere is a gap that says so', () => {
    const t = key('ASIAORPHANKEY0000001');
    expect(t.complete).toBe(false);
    expect(t.origin).toMatchObject({ kind: 'unknown', arn: `arn:aws:iam::${A}:role/Legacy` });
    expect(t.gap?.reason).toMatch(/no issuing event for ASIAORPHANKEY0000001/);
  });
});

describe('trace: an issuing event made without a key', () => {
  it('AssumeRoleWithSAML / WithWebIdentity: the caller is the origin', () => {
    const saml = event('iss-saml');
    expect(saml.complete).toBe(true);
    expect(saml.origin).toMatchObject({
      kind: 'saml',
      arn: `arn:aws:iam::${A}:saml-provider/Okta`,
    });
    expect(saml.hops).toHaveLength(1);
    expect(saml.hops[0]).toMatchObject({ accessKeyId: null, identity: { type: 'SAMLUser' } });
    expect(saml.gap).toBeNull();
    const web = event('iss-web');
    expect(web).toMatchObject({ complete: true, origin: { kind: 'web-identity' }, gap: null });
  });

  it("the role owner's copy alone: external-account with the caller's account", () => {
    const t = event('iss-ext-owner');
    expect(t).toMatchObject({
      complete: false,
      origin: { kind: 'external-account', accountId: '777788889999' },
    });
    expect(t.gap?.reason).toMatch(/777788889999/);
  });

  it("the role owner's copy, with the caller's copy in evidence: traced through the caller's key", () => {
    const owner = event('iss-chain1-owner');
    const caller = event('iss-chain1-caller');
    expect(owner.complete).toBe(true);
    expect(owner.origin).toEqual(caller.origin);
    expect(owner.hops.map((h) => h.accessKeyId)).toEqual(caller.hops.map((h) => h.accessKeyId));
  });
});

describe('trace: never invent a link', () => {
  it('key reuse: each use links to the issuance in force at its time', () => {
    expect(event('use-reused-1').hops.map((h) => h.issuedBy?.eventId ?? h.accessKeyId)).toEqual([
      'AKIABOB0000000000001',
      'iss-reused-1',
    ]);
    expect(event('use-reused-2').hops.map((h) => h.issuedBy?.eventId ?? h.accessKeyId)).toEqual([
      'AKIACAROL00000000001',
      'iss-reused-2',
    ]);
    expect(key('ASIAREUSEDKEY0000001').origin.arn).toBe(`arn:aws:iam::${A}:user/carol`);
  });

  it('a failed STS call issued nothing, even when its record carries credentials', () => {
    const t = event('use-failed');
    expect(t.complete).toBe(false);
    expect(t.hops).toHaveLength(1);
    expect(t.hops[0].issuedBy).toBeNull();
  });

  it('duplicates (organization trail copies) add no hops', () => {
    const t = event('use-chain3');
    expect(new Set(t.hops.map((h) => h.accessKeyId)).size).toBe(t.hops.length);
    expect(
      db
        .prepare(
          "SELECT count(*) FROM provenance p JOIN events e ON e.id = p.event_rowid WHERE e.event_id = 'iss-chain2'",
        )
        .pluck()
        .get(),
    ).toBe(2);
  });

  it('a crafted cycle terminates with gap.reason naming the cycle', () => {
    const t = event('use-cycle');
    expect(t.complete).toBe(false);
    expect(t.origin.kind).toBe('unknown');
    expect(t.gap?.reason).toContain(
      'cycle: ASIACYCLEA0000000001 ← ASIACYCLEB0000000001 ← ASIACYCLEA0000000001',
    );
    expect(t.hops.map((h) => h.accessKeyId)).toEqual([
      'ASIACYCLEB0000000001',
      'ASIACYCLEA0000000001',
    ]);
  });

  it('placeholder keys never link, as subject, as issued key or as caller', () => {
    const issued = key('ASIAXXXXXXXXXXXXXXXX');
    expect(issued.hops).toHaveLength(1);
    expect(issued.hops[0].issuedBy).toBeNull();
    expect(issued.gap?.reason).toMatch(/placeholder/);
    const sample = event('use-sample-key');
    expect(sample.complete).toBe(false);
    expect(sample.gap?.reason).toMatch(/"SAMPLE_ACCESS_KEY" is a placeholder/);
    const caller = key('ASIAPLACECALLER00001');
    expect(caller.complete).toBe(false);
    expect(caller.gap?.reason).toMatch(/placeholder key "1111"/);
  });

  it('unknown keys and events are undefined, not empty chains', () => {
    expect(traceKey(store, 'ASIANOTINEVIDENCE001')).toBeUndefined();
    expect(traceEvent(store, 'no-such-event')).toBeUndefined();
  });
});

describe('trace: console switch role', () => {
  it('the switched-to role traces through the console session key to the signed-in user', () => {
    const t = event('use-switch-role');
    expect(
      t.hops.map((h) => [h.accessKeyId, h.identity.type, h.issuedBy?.eventName ?? null]),
    ).toEqual([
      ['ASIACONSOLEDANA00001', 'IAMUser', 'ConsoleLogin'],
      ['ASIASWITCHROLE000001', 'AssumedRole', 'AssumeRole'],
    ]);
    expect(t.complete).toBe(true);
    expect(t.origin).toEqual({
      kind: 'console',
      arn: `arn:aws:iam::${A}:user/dana`,
      accountId: A,
      label: 'console user/dana',
    });
    expect(key('ASIACONSOLEDANA00001').derived.map((d) => d.accessKeyId)).toEqual([
      'ASIASWITCHROLE000001',
    ]);
  });
});

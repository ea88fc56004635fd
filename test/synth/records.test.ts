import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { looksLikeCloudTrail, normalizeRecord } from '../../src/ingest/normalize.js';
import { parseLooseTime } from '../../src/domain/time.js';
import { Prng } from '../../src/synth/prng.js';
import {
  apiCall,
  assumeRole,
  assumeRoleWithSaml,
  assumeRoleWithWebIdentity,
  assumedRole,
  awsService,
  consoleLogin,
  crossAccountAssumeRole,
  deliveryPath,
  federatedUser,
  getFederationToken,
  getSessionToken,
  iamUser,
  root,
  samlUser,
  stsExpiration,
  webIdentityUser,
  writeDeliveryFile,
  type RoleRef,
} from '../../src/synth/records.js';

const T0 = Date.UTC(2024, 3, 11, 12, 0, 0);
const ACCT = '111122223333';
const OTHER = '444455556666';
const alice = iamUser({
  account: ACCT,
  userName: 'alice',
  userId: 'AIDAALICE00000000001',
  accessKeyId: 'AKIAALICE00000000001',
});
const role: RoleRef = { account: OTHER, roleName: 'deploy', roleId: 'AROADEPLOY0000000001' };
const base = { timeMs: T0, sourceIp: '198.51.100.7', userAgent: 'aws-cli/2.15.0' };

describe('identities', () => {
  it('normalise to the fields the store indexes', () => {
    const rng = new Prng(1);
    const use = assumedRole({
      role,
      sessionName: 'ci',
      accessKeyId: 'ASIAUSE0000000000001',
      session: { createdMs: T0, mfa: true, sourceIdentity: 'alice' },
    });
    const ev = normalizeRecord(
      apiCall(rng, {
        ...base,
        identity: use,
        eventSource: 's3.amazonaws.com',
        eventName: 'ListBuckets',
        region: 'eu-west-1',
      }),
    );
    expect(ev.strings.identity_type).toBe('AssumedRole');
    expect(ev.strings.arn).toBe(`arn:aws:sts::${OTHER}:assumed-role/deploy/ci`);
    expect(ev.strings.principal_id).toBe('AROADEPLOY0000000001:ci');
    expect(ev.strings.session_issuer_arn).toBe(`arn:aws:iam::${OTHER}:role/deploy`);
    expect(ev.strings.source_identity).toBe('alice');
    expect(ev.strings.recipient_account_id).toBe(OTHER);
    expect(ev.mfa).toBe(true);
    expect(ev.sessionCreatedMs).toBe(T0);
    expect(ev.readOnly).toBe(true);
  });

  it('cover every identity type with its distinguishing fields', () => {
    const fed = federatedUser({
      account: ACCT,
      name: 'bob',
      accessKeyId: 'ASIAFED0000000000001',
      session: { createdMs: T0 },
      issuer: { userName: 'bob', userId: 'AIDABOB' },
    });
    expect(fed.arn).toBe(`arn:aws:sts::${ACCT}:federated-user/bob`);
    expect((fed.sessionContext as { sessionIssuer: { type: string } }).sessionIssuer.type).toBe(
      'IAMUser',
    );
    expect(root({ account: ACCT }).arn).toBe(`arn:aws:iam::${ACCT}:root`);
    expect(awsService('ec2.amazonaws.com')).toEqual({
      type: 'AWSService',
      invokedBy: 'ec2.amazonaws.com',
    });
    expect(samlUser({ userName: 'carol', identityProvider: 'idp' }).type).toBe('SAMLUser');
    expect(
      webIdentityUser({
        provider: 'token.actions.githubusercontent.com',
        audience: 'sts.amazonaws.com',
        subject: 'repo:o/r',
      }).identityProvider,
    ).toBe('token.actions.githubusercontent.com');
    const console = iamUser({
      account: ACCT,
      userName: 'alice',
      userId: 'AIDA1',
      accessKeyId: 'ASIACON',
      session: { createdMs: T0 },
      consoleSession: true,
    });
    expect(
      normalizeRecord(
        apiCall(new Prng(2), {
          ...base,
          identity: console,
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DescribeInstances',
          region: 'us-east-1',
        }),
      ).consoleSession,
    ).toBe(true);
  });
});

describe('STS issuances', () => {
  it('mint an ASIA key the normaliser records as issued, with a parseable expiration', () => {
    const rng = new Prng(3);
    const iss = assumeRole(rng, {
      ...base,
      identity: alice,
      role,
      sessionName: 'ci',
      durationSeconds: 900,
    });
    expect(iss.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(iss.expirationMs).toBe(T0 + 900_000);
    const ev = normalizeRecord(iss.record);
    expect(ev.issuedKey).toBe(iss.accessKeyId);
    expect(ev.issuedExpirationMs).toBe(iss.expirationMs);
    expect(ev.strings.access_key_id).toBe('AKIAALICE00000000001');
    expect(ev.resources.map((r) => r.name)).toContain(`arn:aws:iam::${OTHER}:role/deploy`);
  });

  it('write expirations the way CloudTrail does', () => {
    expect(stsExpiration(Date.UTC(2024, 3, 11, 13, 4, 5))).toBe('Apr 11, 2024, 1:04:05 PM');
    expect(stsExpiration(Date.UTC(2024, 3, 11, 0, 0, 0))).toBe('Apr 11, 2024, 12:00:00 AM');
    expect(parseLooseTime(stsExpiration(T0))).toBe(T0);
  });

  it('issue nothing when the call failed', () => {
    const iss = assumeRole(new Prng(4), {
      ...base,
      identity: alice,
      role,
      sessionName: 'x',
      errorCode: 'AccessDenied',
      errorMessage: 'not authorized',
    });
    expect(iss.record.responseElements).toBeNull();
    expect(normalizeRecord(iss.record).issuedKey).toBeNull();
  });

  it('build every STS-family event with its provider details', () => {
    const rng = new Prng(5);
    const saml = assumeRoleWithSaml(rng, {
      ...base,
      identity: samlUser({ userName: 'carol', identityProvider: 'idp' }),
      role,
      sessionName: 'carol',
      providerArn: `arn:aws:iam::${OTHER}:saml-provider/Okta`,
      subject: 'carol',
      issuer: 'http://www.okta.com/x',
    });
    expect((saml.record.requestParameters as Record<string, string>).principalArn).toContain(
      'saml-provider/Okta',
    );
    const web = assumeRoleWithWebIdentity(rng, {
      ...base,
      identity: webIdentityUser({ provider: 'p', audience: 'a', subject: 's' }),
      role,
      sessionName: 'gh',
      provider: 'token.actions.githubusercontent.com',
      audience: 'sts.amazonaws.com',
      subject: 'repo:o/r',
    });
    expect(
      (web.record.responseElements as Record<string, string>).subjectFromWebIdentityToken,
    ).toBe('repo:o/r');
    const gst = getSessionToken(rng, {
      ...base,
      identity: alice,
      mfaSerial: `arn:aws:iam::${ACCT}:mfa/alice`,
    });
    expect(gst.expirationMs - gst.createdMs).toBe(43_200_000);
    const gft = getFederationToken(rng, { ...base, identity: alice, name: 'bob', account: ACCT });
    for (const iss of [saml, web, gst, gft]) {
      const ev = normalizeRecord(iss.record);
      expect(ev.strings.event_source).toBe('sts.amazonaws.com');
      expect(ev.issuedKey).toBe(iss.accessKeyId);
    }
  });

  it('log a cross-account AssumeRole twice with the same key and sharedEventID', () => {
    const { callerCopy, ownerCopy } = crossAccountAssumeRole(new Prng(6), {
      ...base,
      identity: alice,
      role,
      sessionName: 'x',
    });
    expect(ownerCopy.accessKeyId).toBe(callerCopy.accessKeyId);
    expect(ownerCopy.record.eventID).not.toBe(callerCopy.record.eventID);
    expect(ownerCopy.record.sharedEventID).toBe(callerCopy.record.sharedEventID);
    expect(ownerCopy.record.requestID).toBe(callerCopy.record.requestID);
    expect(callerCopy.record.recipientAccountId).toBe(ACCT);
    expect(ownerCopy.record.recipientAccountId).toBe(OTHER);
    expect((ownerCopy.record.userIdentity as Record<string, unknown>).type).toBe('AWSAccount');
    expect((ownerCopy.record.userIdentity as Record<string, unknown>).accessKeyId).toBeUndefined();
  });

  it('make a failed console login without errorCode but with a message', () => {
    const r = consoleLogin(new Prng(7), {
      identity: iamUser({ account: ACCT, userName: 'alice', userId: 'AIDA1' }),
      timeMs: T0,
      sourceIp: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
      mfa: false,
      success: false,
    });
    expect(r.errorCode).toBeUndefined();
    expect(r.errorMessage).toBe('Failed authentication');
    expect(normalizeRecord(r).mfa).toBe(false);
  });
});

describe('S3 delivery files', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('lay out the AWSLogs path, with and without an organization folder', () => {
    const rng = new Prng(8);
    const t = Date.UTC(2024, 0, 2, 3, 4, 59);
    expect(
      deliveryPath(rng, {
        account: ACCT,
        region: 'eu-west-1',
        timeMs: t,
        suffix: 'abcdEFGH12345678',
      }),
    ).toBe(
      `AWSLogs/${ACCT}/CloudTrail/eu-west-1/2024/01/02/${ACCT}_CloudTrail_eu-west-1_20240102T0304Z_abcdEFGH12345678.json.gz`,
    );
    expect(
      deliveryPath(rng, { account: ACCT, region: 'us-east-1', timeMs: t, orgId: 'o-abc123' }),
    ).toMatch(
      new RegExp(
        `^AWSLogs/o-abc123/${ACCT}/CloudTrail/us-east-1/2024/01/02/${ACCT}_CloudTrail_us-east-1_20240102T0304Z_[A-Za-z0-9]{16}\\.json\\.gz$`,
      ),
    );
  });

  it('write a gzip Records envelope of CloudTrail-looking records', () => {
    dir = mkdtempSync(join(tmpdir(), 'synth-'));
    const rng = new Prng(9);
    const recs = [
      apiCall(rng, {
        ...base,
        identity: alice,
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        region: 'us-east-1',
      }),
    ];
    const path = writeDeliveryFile(
      dir,
      rng,
      { account: ACCT, region: 'us-east-1', timeMs: T0 },
      recs,
    );
    expect(relative(dir, path).startsWith(`AWSLogs/${ACCT}/CloudTrail/us-east-1/2024/04/11/`)).toBe(
      true,
    );
    const doc = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
    expect(doc.Records).toHaveLength(1);
    expect(looksLikeCloudTrail(doc.Records[0])).toBe(true);
    expect(doc.Records[0].readOnly).toBe(false);
  });
});

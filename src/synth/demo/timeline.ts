/**
 * The demo's event collector: stories append calls, and the timeline turns each into a CloudTrail
 * record through the shared builders (`../records.ts`), with IDs from the seeded PRNG.
 */
import type { Prng } from '../prng.js';
import {
  apiCall,
  assumeRole,
  awsService,
  consoleLogin,
  crossAccountAssumeRole,
  type CtRecord,
  type UserIdentity,
} from '../records.js';
import { ACCOUNTS, type RoleSpec, roleRef } from './cast.js';
import type { Actor, Json, RoleSession } from './identity.js';

export interface DemoRecord {
  timeMs: number;
  /** Insertion order: a stable tie-break when two records share a millisecond. */
  seq: number;
  recipient: string;
  region: string;
  record: CtRecord;
}

export interface CallSpec {
  t: number;
  actor: Actor;
  source: string;
  name: string;
  region: string;
  readOnly: boolean;
  req?: Json | null;
  resp?: Json | null;
  additional?: Json;
  error?: { code: string; message?: string };
  resources?: { accountId?: string; type: string; ARN: string }[];
  category?: 'Management' | 'Data';
  eventType?: string;
  recipient?: string;
  requestId?: string;
}

const TLS_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'] as const;

export class Timeline {
  readonly records: DemoRecord[] = [];
  private seq = 0;

  constructor(readonly rng: Prng) {}

  private add(t: number, recipient: string, region: string, record: CtRecord): CtRecord {
    this.records.push({ timeMs: t, seq: this.seq++, recipient, region, record });
    return record;
  }

  /**
   * Real records put tlsDetails (with the endpoint the client used) and sessionCredentialFromConsole
   * last; service-internal calls have no TLS details.
   */
  private finish(
    record: CtRecord,
    actor: Actor,
    source: string,
    region: string,
    host?: string,
  ): CtRecord {
    if (!actor.identity.invokedBy && actor.identity.type !== 'AWSService') {
      // Drawn for every caller so that IDs downstream stay stable whatever the record keeps.
      const cipherSuite = TLS_SUITES[this.rng.int(2)];
      // Sign-in events (ConsoleLogin, password recovery) carry no tlsDetails.
      if (source !== 'signin.amazonaws.com') {
        record.tlsDetails = {
          tlsVersion: 'TLSv1.3',
          cipherSuite,
          clientProvidedHostHeader: host ?? endpoint(source, region),
        };
      }
    }
    if (actor.console) record.sessionCredentialFromConsole = 'true';
    return record;
  }

  call(c: CallSpec): CtRecord {
    const recipient = c.recipient ?? c.actor.account;
    const record = apiCall(this.rng, {
      identity: c.actor.identity,
      timeMs: c.t,
      eventSource: c.source,
      eventName: c.name,
      region: c.region,
      sourceIp: c.actor.ip,
      userAgent: c.actor.userAgent,
      recipientAccountId: recipient,
      requestParameters: c.req ?? null,
      responseElements: c.resp ?? null,
      additionalEventData: c.additional,
      errorCode: c.error?.code,
      errorMessage: c.error?.message,
      readOnly: c.readOnly,
      resources: c.resources,
      eventType: c.eventType,
      category: c.category,
      // S3 request IDs are 16 upper-hex characters; most services use UUIDs.
      requestId:
        c.requestId ?? (c.source === 's3.amazonaws.com' ? this.rng.upperHex(16) : undefined),
      eventVersion: c.category === 'Data' ? '1.10' : '1.09',
      tls: false,
    });
    const host = c.category === 'Data' && typeof c.req?.Host === 'string' ? c.req.Host : undefined;
    return this.add(
      c.t,
      recipient,
      c.region,
      this.finish(record, c.actor, c.source, c.region, host),
    );
  }

  consoleLogin(o: {
    t: number;
    identity: UserIdentity;
    account: string;
    ip: string;
    userAgent: string;
    mfa: boolean;
    success: boolean;
  }): CtRecord {
    const record = consoleLogin(this.rng, {
      identity: o.identity,
      timeMs: o.t,
      sourceIp: o.ip,
      userAgent: o.userAgent,
      mfa: o.mfa,
      success: o.success,
    });
    record.eventVersion = '1.08';
    return this.add(o.t, o.account, 'us-east-1', record);
  }

  /**
   * AssumeRole issuing a new session. Cross-account calls are logged in both accounts (the shared
   * builder makes both copies); same-account calls and service-issued ones once.
   */
  assumeRole(o: {
    t: number;
    actor: Actor;
    role: RoleSpec;
    sessionName: string;
    region?: string;
    durationS?: number;
    mfa?: boolean;
    sourceIdentity?: string;
    ec2?: boolean;
  }): RoleSession {
    const region = o.region ?? 'us-east-1';
    const owner = ACCOUNTS[o.role.account];
    const opts = {
      identity: o.actor.identity,
      timeMs: o.t,
      region,
      sourceIp: o.actor.ip,
      userAgent: o.actor.userAgent,
      durationSeconds: o.durationS ?? 3600,
      sourceIdentity: o.sourceIdentity,
      role: roleRef(o.role),
      sessionName: o.sessionName,
    };
    const host = region === 'us-east-1' ? 'sts.amazonaws.com' : `sts.${region}.amazonaws.com`;
    let issued;
    if (o.actor.account !== owner && o.actor.identity.type !== 'AWSService') {
      const both = crossAccountAssumeRole(this.rng, {
        ...opts,
        recipientAccountId: o.actor.account,
      });
      const caller = this.finish(
        both.callerCopy.record,
        o.actor,
        'sts.amazonaws.com',
        region,
        host,
      );
      // One request, two copies: the owner's copy describes the same TLS connection.
      if (caller.tlsDetails) both.ownerCopy.record.tlsDetails = caller.tlsDetails;
      this.add(o.t, o.actor.account, region, caller);
      this.add(o.t, owner, region, both.ownerCopy.record);
      issued = both.callerCopy;
    } else {
      issued = assumeRole(this.rng, opts);
      this.add(
        o.t,
        owner,
        region,
        this.finish(issued.record, o.actor, 'sts.amazonaws.com', region, host),
      );
    }
    return {
      role: o.role,
      sessionName: o.sessionName,
      accessKeyId: issued.accessKeyId,
      createdMs: issued.createdMs,
      expiresMs: issued.expirationMs,
      mfa: o.mfa ?? false,
      sourceIdentity: o.sourceIdentity,
      ec2: o.ec2,
    };
  }

  /** Instance profiles and Lambda execution roles: the service assumes the role for the workload. */
  serviceAssumeRole(o: {
    t: number;
    service: string;
    role: RoleSpec;
    sessionName: string;
    region: string;
    durationS?: number;
    ec2?: boolean;
  }): RoleSession {
    const actor: Actor = {
      identity: awsService(o.service),
      ip: o.service,
      userAgent: o.service,
      account: ACCOUNTS[o.role.account],
    };
    return this.assumeRole({ ...o, actor, durationS: o.durationS ?? 3600 });
  }

  /** An S3 object-level data event (GetObject / PutObject / ListObjects / HeadObject). */
  s3Data(o: {
    t: number;
    actor: Actor;
    name: 'GetObject' | 'PutObject' | 'ListObjects' | 'HeadObject' | 'DeleteObject';
    bucket: string;
    bucketAccount: string;
    key?: string;
    region: string;
    bytes?: number;
    error?: { code: string; message?: string };
  }): CtRecord {
    const host = `${o.bucket}.s3.${o.region}.amazonaws.com`;
    const req: Json = { bucketName: o.bucket, Host: host };
    if (o.name === 'ListObjects') {
      req['list-type'] = '2';
      req.prefix = o.key ?? '';
    } else if (o.key) {
      req.key = o.key;
    }
    const resources: { accountId?: string; type: string; ARN: string }[] = [];
    if (o.key && o.name !== 'ListObjects')
      resources.push({ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${o.bucket}/${o.key}` });
    resources.push({
      accountId: o.bucketAccount,
      type: 'AWS::S3::Bucket',
      ARN: `arn:aws:s3:::${o.bucket}`,
    });
    return this.call({
      t: o.t,
      actor: o.actor,
      source: 's3.amazonaws.com',
      name: o.name,
      region: o.region,
      readOnly: o.name !== 'PutObject' && o.name !== 'DeleteObject',
      req,
      resp: o.name === 'PutObject' ? { 'x-amz-server-side-encryption': 'aws:kms' } : null,
      additional: {
        SignatureVersion: 'SigV4',
        CipherSuite: 'TLS_AES_128_GCM_SHA256',
        bytesTransferredIn: o.name === 'PutObject' ? (o.bytes ?? 0) : 0,
        AuthenticationMethod: 'AuthHeader',
        'x-amz-id-2': this.rng.alnum(56),
        bytesTransferredOut: o.name === 'GetObject' && !o.error ? (o.bytes ?? 0) : 0,
      },
      error: o.error,
      resources,
      category: 'Data',
      recipient: o.bucketAccount,
    });
  }
}

/** The endpoint host a client would have used (tlsDetails.clientProvidedHostHeader). */
function endpoint(source: string, region: string): string {
  const svc = source.replace(/\.amazonaws\.com$/, '');
  if (svc === 'iam' || svc === 'organizations') return `${svc}.amazonaws.com`;
  if (svc === 'sts')
    return region === 'us-east-1' ? 'sts.amazonaws.com' : `sts.${region}.amazonaws.com`;
  return `${svc}.${region}.amazonaws.com`;
}

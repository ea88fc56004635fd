import type { Hop, IssuedBy, Trace } from './lineage-types.js';
import { keyKind } from './lineage-keys.js';
import { formatTime } from './time.js';

/** The `trailscope trace --json` object (documented in the README's "Credential lineage" section). */
export interface TraceJson {
  subject: string;
  subjectKind: 'key' | 'event';
  accessKeyId: string | null;
  at: string | null;
  hops: HopJson[];
  complete: boolean;
  origin: Trace['origin'];
  gap: { reason: string } | null;
  derived: Trace['derived'];
}

export interface HopJson {
  accessKeyId: string | null;
  keyKind: string | null;
  identity: {
    type: string | null;
    arn: string | null;
    accountId: string | null;
    principalId: string | null;
    userName: string | null;
  };
  issuedBy: null | {
    eventId: string;
    eventName: string | null;
    eventTime: string | null;
    awsRegion: string | null;
    sourceIPAddress: string | null;
    recipientAccountId: string | null;
    userAgent: string | null;
    expiration: string | null;
    /** sts | iam (CreateAccessKey…, a console password) | console (the sign-in) | service (the call a service forwarded). */
    via: 'sts' | 'iam' | 'console' | 'service';
  };
  /** Other keys of the same console session (same principal and creationDate). */
  sessionKeys: string[];
  mfa: boolean | null;
  sourceIdentity: string | null;
  roleArn: string | null;
  sessionName: string | null;
  notes: string[];
}

function issuedByJson(i: IssuedBy | null): HopJson['issuedBy'] {
  if (!i) return null;
  return {
    eventId: i.eventId,
    eventName: i.eventName,
    eventTime: i.eventTime,
    awsRegion: i.awsRegion,
    sourceIPAddress: i.sourceIPAddress,
    recipientAccountId: i.recipientAccountId,
    userAgent: i.userAgent,
    expiration: i.expirationMs === null ? null : formatTime(i.expirationMs),
    via: i.via ?? 'sts',
  };
}

function hopJson(h: Hop): HopJson {
  return {
    accessKeyId: h.accessKeyId,
    keyKind: h.accessKeyId === null ? null : keyKind(h.accessKeyId),
    identity: { ...h.identity },
    issuedBy: issuedByJson(h.issuedBy),
    sessionKeys: [...(h.sessionKeys ?? [])],
    mfa: h.mfa,
    sourceIdentity: h.sourceIdentity,
    roleArn: h.roleArn,
    sessionName: h.sessionName,
    notes: [...h.notes],
  };
}

export function traceJson(t: Trace): TraceJson {
  return {
    subject: t.subject,
    subjectKind: t.subjectKind,
    accessKeyId: t.accessKeyId,
    at: t.atMs === null ? null : formatTime(t.atMs),
    hops: t.hops.map(hopJson),
    complete: t.complete,
    origin: { ...t.origin },
    gap: t.gap,
    derived: t.derived.map((d) => ({ ...d })),
  };
}

/** How a hop's credential came to be, in words (trace text and the chain view). */
export const VERB: Record<'sts' | 'iam' | 'console' | 'service', string> = {
  sts: 'issued by',
  iam: 'created by',
  console: 'console session from',
  service: 'forwarded by a service for',
};

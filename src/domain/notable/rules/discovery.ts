import type { EventFacts, NotableRule } from '../types.js';
import { paramIs } from '../predicates.js';
import { INSTANCE_SESSION, isInstanceSession } from '../addresses.js';
import { byPrincipal, MINUTE, nearby, sweeps } from '../calls.js';
import { failed } from '../predicates.js';
import { INFRA_DISCOVERY, SERVICE_DISCOVERY, UNSECURED_CREDENTIALS } from './mitre.js';

/** The first questions of someone who just got a key: who am I, what is here, who watches. */
const RECON_CALLS = [
  'GetCallerIdentity',
  'GetAccountAuthorizationDetails',
  'GetAccountSummary',
  'ListUsers',
  'ListRoles',
  'ListPolicies',
  'ListAccessKeys',
  'ListAttachedRolePolicies',
  'ListBuckets',
  'DescribeInstances',
  'DescribeSnapshots',
  'DescribeVolumes',
  'DescribeSecurityGroups',
  'DescribeTrails',
  'ListDetectors',
  'ListSecrets',
  'DescribeDBInstances',
  'ListFunctions20150331',
];
/** Distinct reconnaissance calls an instance session makes within ten minutes before it counts. */
export const INSTANCE_RECON = { windowMs: 10 * MINUTE, distinct: 5 };

function instanceRecon(f: EventFacts): boolean {
  if (!isInstanceSession(f) || !RECON_CALLS.includes(f.eventName ?? '')) return false;
  const names = new Set(nearby(f, RECON_CALLS, INSTANCE_RECON.windowMs).map((c) => c.eventName));
  return names.size >= INSTANCE_RECON.distinct;
}

const SES_RECON = [
  'GetAccountSendingEnabled',
  'GetSendQuota',
  'GetSendStatistics',
  'ListIdentities',
  'ListEmailIdentities',
  'GetIdentityVerificationAttributes',
  'ListVerifiedEmailAddresses',
  'GetAccount',
];
/** Distinct SES read calls by one caller within ten minutes before it counts as a survey. */
export const SES_SURVEY = { windowMs: 10 * MINUTE, distinct: 3 };

function sesSurvey(f: EventFacts): boolean {
  if (!byPrincipal(f)) return false;
  const names = new Set(nearby(f, SES_RECON, SES_SURVEY.windowMs).map((c) => c.eventName));
  return names.size >= SES_SURVEY.distinct;
}

/** Discovery: looking around with a key, and the probing that gives it away. */
export const DISCOVERY_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'ec2-user-data-read',
    title:
      'DescribeInstanceAttribute userData refused, or for five or more instances within ten minutes',
    severity: 'medium',
    attemptsMatter: true,
    why: 'User data often carries bootstrap passwords and keys; reading it for many instances in minutes, or being refused, is credential hunting (posture scanners that read every instance show up here too).',
    mitre: UNSECURED_CREDENTIALS,
    names: ['DescribeInstanceAttribute'],
    sources: ['ec2.amazonaws.com'],
    when: (f) =>
      byPrincipal(f) &&
      paramIs(f, 'attribute', /^userData$/) &&
      (failed(f) || sweeps(f, ['DescribeInstanceAttribute'], ['instanceId'], 10 * MINUTE, 5)),
  },
  {
    kind: 'event',
    id: 'instance-role-recon',
    title: 'Five or more kinds of reconnaissance calls by an EC2 instance role within ten minutes',
    severity: 'medium',
    attemptsMatter: true,
    why: 'Workloads on an instance call the few APIs they need; an instance session asking who it is, listing users, roles, buckets, snapshots and trails is someone on the machine (or with its key) looking around.',
    mitre: INFRA_DISCOVERY,
    // candidates through the principal index (instance sessions are few), not the names (common)
    identityTypes: ['AssumedRole'],
    principalIds: INSTANCE_SESSION,
    when: instanceRecon,
  },
  {
    kind: 'event',
    id: 'ses-enumeration',
    title: 'Three or more kinds of SES account reads by one caller within ten minutes',
    severity: 'medium',
    attemptsMatter: true,
    why: 'Sending quota, sending status and verified identities are what a spammer checks before using stolen keys to send mail from the account.',
    mitre: SERVICE_DISCOVERY,
    names: SES_RECON,
    sources: ['ses.amazonaws.com'],
    when: sesSurvey,
  },
  {
    kind: 'access-denied-burst',
    id: 'access-denied-burst',
    title: 'Burst of access denied',
    severity: 'medium',
    attemptsMatter: true,
    why: 'Ten or more AccessDenied/UnauthorizedOperation errors for one identity (not an AWS service) within five minutes: someone probing permissions.',
    mitre: INFRA_DISCOVERY,
  },
  {
    kind: 'service-denied-burst',
    id: 'service-denied-burst',
    title: 'Burst of access denied to an AWS service',
    severity: 'low',
    attemptsMatter: true,
    why: 'The same burst, by an AWS service principal (AWSService, or invokedBy): usually a misconfigured bucket or key policy, not someone probing.',
    mitre: INFRA_DISCOVERY,
  },
];

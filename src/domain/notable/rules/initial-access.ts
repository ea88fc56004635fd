import type { EventFacts, NotableRule } from '../types.js';
import { succeeded } from '../predicates.js';
import { TRUSTED_RELATIONSHIP, VALID_CLOUD_ACCOUNTS } from './mitre.js';

/** A console sign-in by the person themselves, where the MFA flag means something (not federated). */
function directSignIn(f: EventFacts): boolean {
  return f.identityType === 'IAMUser' || f.identityType === 'Root';
}

/** Initial access: sign-ins and credentials used by someone who should not have them. */
export const INITIAL_ACCESS_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'root-console-login',
    title: 'Root console sign-in succeeded',
    severity: 'high',
    why: 'The root user bypasses IAM policies; day-to-day work never needs a root sign-in.',
    mitre: VALID_CLOUD_ACCOUNTS,
    names: ['ConsoleLogin'],
    identityTypes: ['Root'],
    when: succeeded,
  },
  {
    kind: 'event',
    id: 'root-activity',
    title: 'Root user activity',
    severity: 'high',
    why: 'Calls made with root credentials (not by a service on its behalf) are rare and unrestricted.',
    mitre: VALID_CLOUD_ACCOUNTS,
    identityTypes: ['Root'],
    when: (f) =>
      f.eventName !== 'ConsoleLogin' && f.invokedBy === null && f.eventType !== 'AwsServiceEvent',
  },
  {
    kind: 'event',
    id: 'console-login-no-mfa',
    title: 'Console sign-in without MFA succeeded',
    severity: 'medium',
    why: 'A password alone signed in: a stolen password is enough to repeat it.',
    mitre: VALID_CLOUD_ACCOUNTS,
    names: ['ConsoleLogin'],
    when: (f) => succeeded(f) && directSignIn(f) && f.mfa === 0,
  },
  {
    kind: 'foreign-account',
    id: 'foreign-account-caller',
    title: 'Caller from an account outside the evidence',
    severity: 'medium',
    attemptsMatter: true,
    why: "The caller's account is none of the accounts this evidence was recorded in.",
    mitre: TRUSTED_RELATIONSHIP,
  },
  {
    kind: 'caller-identity-new-ip',
    id: 'caller-identity-new-ip',
    title: 'GetCallerIdentity from a new network for the key',
    severity: 'high',
    attemptsMatter: true,
    why: 'A key\'s first call from a network (/16) its owner never used before is "who am I": how a stolen key gets tested.',
    mitre: VALID_CLOUD_ACCOUNTS,
  },
];

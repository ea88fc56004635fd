import type { EventFacts, NotableRule } from '../types.js';
import { failed, hasParam, paramIs } from '../predicates.js';
import { INSTANCE_SESSION, instanceKeyUsedElsewhere } from '../addresses.js';
import { byPrincipal, distinctValues, MINUTE, nearby, paramValues, sweeps } from '../calls.js';
import {
  BRUTE_FORCE,
  CLOUD_SECRETS_STORES,
  INSTANCE_METADATA,
  UNSECURED_CREDENTIALS,
} from './mitre.js';

/** Distinct secrets one caller read within ten minutes before it counts as a sweep. */
export const SECRETS_SWEEP = { windowMs: 10 * MINUTE, distinct: 5 };
/** Distinct decrypted parameters one caller read within ten minutes before it counts as a sweep. */
export const PARAMETERS_SWEEP = { windowMs: 10 * MINUTE, distinct: 10 };

const PARAMETER_READS = ['GetParameter', 'GetParameters', 'GetParametersByPath'];

function decrypts(reqText: string | null): boolean {
  return paramValues(reqText, 'withDecryption').some((v) => v === 'true');
}

/** A decrypting read of the whole tree (`/`, recursive) takes every SecureString at once. */
function readsWholeTree(f: EventFacts): boolean {
  return (
    f.eventName === 'GetParametersByPath' &&
    paramIs(f, 'path', /^\/$/) &&
    paramIs(f, 'recursive', /^true$/)
  );
}

function parameterSweep(f: EventFacts): boolean {
  if (!byPrincipal(f) || !decrypts(f.reqText)) return false;
  if (readsWholeTree(f)) return true;
  const reads = nearby(f, PARAMETER_READS, PARAMETERS_SWEEP.windowMs).filter((c) =>
    decrypts(c.reqText),
  );
  return distinctValues(reads, ['name', 'names', 'path']) >= PARAMETERS_SWEEP.distinct;
}

function secretsSweep(f: EventFacts): boolean {
  if (!byPrincipal(f)) return false;
  const reads = nearby(f, ['GetSecretValue'], SECRETS_SWEEP.windowMs);
  return distinctValues(reads, ['secretId']) >= SECRETS_SWEEP.distinct;
}

/** A batch read by filter (every secret matching a tag or name), or of many named secrets. */
function batchSweep(f: EventFacts): boolean {
  if (!byPrincipal(f)) return false;
  if (hasParam(f, 'key') || hasParam(f, 'values')) return true;
  return paramValues(f.reqText, 'secretIdList').length >= SECRETS_SWEEP.distinct;
}

/** Credential access: passwords, secrets and instance keys taken. */
export const CREDENTIAL_ACCESS_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'console-login-failed',
    title: 'Failed console sign-in',
    severity: 'low',
    attemptsMatter: true,
    why: 'Wrong passwords, repeated, are how password guessing shows up.',
    mitre: BRUTE_FORCE,
    names: ['ConsoleLogin'],
    when: failed,
  },
  {
    kind: 'event',
    id: 'ec2-instance-credentials-elsewhere',
    title: 'EC2 instance-role key used from another network',
    severity: 'high',
    attemptsMatter: true,
    why: "A session of an instance role (named after its instance, i-…) called from a public address outside the network the same key used first (the instance's own egress): the key was copied off the instance.",
    mitre: INSTANCE_METADATA,
    identityTypes: ['AssumedRole'],
    principalIds: INSTANCE_SESSION,
    when: instanceKeyUsedElsewhere,
  },
  {
    kind: 'event',
    id: 'ec2-password-data-read',
    title: 'GetPasswordData refused, or called for three or more instances within ten minutes',
    severity: 'medium',
    attemptsMatter: true,
    why: "GetPasswordData returns a Windows instance's administrator password; an administrator reads the one instance they launched, while refused calls or calls across many instances are credential hunting.",
    mitre: UNSECURED_CREDENTIALS,
    names: ['GetPasswordData'],
    sources: ['ec2.amazonaws.com'],
    when: (f) =>
      byPrincipal(f) &&
      (failed(f) || sweeps(f, ['GetPasswordData'], ['instanceId'], 10 * MINUTE, 3)),
  },
  {
    kind: 'event',
    id: 'secrets-bulk-read',
    title: 'GetSecretValue for five or more secrets by one caller within ten minutes',
    severity: 'high',
    why: 'Applications read the few secrets they use, again and again; one caller reading many different secrets in minutes is a sweep of the vault.',
    mitre: CLOUD_SECRETS_STORES,
    names: ['GetSecretValue'],
    sources: ['secretsmanager.amazonaws.com'],
    when: secretsSweep,
  },
  {
    kind: 'event',
    id: 'secrets-batch-read',
    title: 'BatchGetSecretValue by filter or for five or more secrets called',
    severity: 'high',
    why: 'One batch call returns up to 20 secret values; a filter (a tag, a name prefix, or a negated tag that matches everything) takes every secret it matches.',
    mitre: CLOUD_SECRETS_STORES,
    names: ['BatchGetSecretValue'],
    sources: ['secretsmanager.amazonaws.com'],
    when: batchSweep,
  },
  {
    kind: 'event',
    id: 'ssm-parameters-bulk-decrypt',
    title: 'Decrypting reads of ten or more parameters by one caller within ten minutes',
    severity: 'high',
    why: 'GetParameter(s) WithDecryption returns secrets in clear; a caller decrypting many different parameters (or the whole tree from /) in minutes is harvesting them.',
    mitre: CLOUD_SECRETS_STORES,
    names: PARAMETER_READS,
    sources: ['ssm.amazonaws.com'],
    when: parameterSweep,
  },
];

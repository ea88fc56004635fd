/**
 * The demo's actors (identity + network + tool) built on the shared record builders in
 * `../records.ts`, plus the role sessions the lineage tracer has to join.
 */
import { assumedRole, iamUser, root, type UserIdentity } from '../records.js';
import { ACCOUNTS, type IamUserSpec, type RoleSpec, roleRef } from './cast.js';

export type Json = Record<string, unknown>;

/** Who makes a call, from where, with what tool. */
export interface Actor {
  identity: UserIdentity;
  ip: string;
  userAgent: string;
  /** The caller's account: the default recipient of its calls. */
  account: string;
  /** Console-session credentials: the record gets `sessionCredentialFromConsole`. */
  console?: boolean;
}

/** A long-term key user (CLI, SDK, CI). */
export function keyUser(
  u: IamUserSpec,
  ip: string,
  userAgent: string,
  accessKeyId = u.accessKeyId ?? '',
): Actor {
  return {
    identity: iamUser({
      account: ACCOUNTS[u.account],
      userName: u.name,
      userId: u.principalId,
      accessKeyId,
    }),
    ip,
    userAgent,
    account: ACCOUNTS[u.account],
  };
}

/** An IAM user signed in to the console: the console mints an ASIA key with no STS event. */
export function consoleUser(
  u: IamUserSpec,
  asiaKey: string,
  createdMs: number,
  mfa: boolean,
  ip: string,
  userAgent: string,
): Actor {
  const identity = iamUser({
    account: ACCOUNTS[u.account],
    userName: u.name,
    userId: u.principalId,
    accessKeyId: asiaKey,
    session: { createdMs, mfa },
  });
  return { identity, ip, userAgent, account: ACCOUNTS[u.account], console: true };
}

/** The identity ConsoleLogin itself carries (no key yet). */
export function signInIdentity(u: IamUserSpec): UserIdentity {
  return iamUser({
    account: ACCOUNTS[u.account],
    userName: u.name,
    userId: u.principalId,
    accessKeyId: '',
  });
}

export function rootConsole(
  account: string,
  asiaKey: string,
  createdMs: number,
  mfa: boolean,
  ip: string,
  userAgent: string,
): Actor {
  return {
    identity: root({ account, accessKeyId: asiaKey, session: { createdMs, mfa } }),
    ip,
    userAgent,
    account,
    console: true,
  };
}

export interface RoleSession {
  role: RoleSpec;
  sessionName: string;
  accessKeyId: string;
  createdMs: number;
  expiresMs: number;
  mfa: boolean;
  sourceIdentity?: string;
  /** Instance-profile credentials carry ec2RoleDelivery. */
  ec2?: boolean;
}

export function sessionIdentity(s: RoleSession, invokedBy?: string): UserIdentity {
  return assumedRole({
    invokedBy,
    role: roleRef(s.role),
    sessionName: s.sessionName,
    accessKeyId: s.accessKeyId,
    session: { createdMs: s.createdMs, mfa: s.mfa, sourceIdentity: s.sourceIdentity },
    ec2RoleDelivery: s.ec2 ? '2.0' : undefined,
  });
}

export function sessionActor(s: RoleSession, ip: string, userAgent: string): Actor {
  return { identity: sessionIdentity(s), ip, userAgent, account: ACCOUNTS[s.role.account] };
}

/** True while the session's credentials are valid at `t`. */
export function live(s: RoleSession | null, t: number): s is RoleSession {
  return s !== null && t < s.expiresMs - 60_000;
}

/** A service-linked role acting for its service: the service is the caller's address and agent. */
export function serviceLinkedActor(s: RoleSession, service: string): Actor {
  return {
    identity: sessionIdentity(s, service),
    ip: service,
    userAgent: service,
    account: ACCOUNTS[s.role.account],
  };
}

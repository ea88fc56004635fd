/**
 * Temporary credentials in the benchmark corpus: how sessions start (IAM user AssumeRole, role
 * chaining several hops deep, SSO/SAML, GitHub OIDC, EC2 and Lambda service roles,
 * GetSessionToken, GetFederationToken, console sign-in, external accounts, failed calls, key
 * reuse) and the identity their later calls carry.
 */
import type { Prng } from '../prng.js';
import { WeightedPicker } from '../prng.js';
import {
  assumeRole,
  assumeRoleWithSaml,
  assumeRoleWithWebIdentity,
  assumedRole,
  awsAccount,
  awsService,
  consoleLogin,
  crossAccountAssumeRole,
  federatedUser,
  getFederationToken,
  getSessionToken,
  iamUser,
  samlUser,
  webIdentityUser,
  type CtRecord,
  type UserIdentity,
} from '../records.js';
import type { Role, User, World } from './world.js';

export interface Session {
  key: string;
  identity: UserIdentity;
  /** Account whose trail logs the session's calls. */
  account: string;
  expiresMs: number;
  ips: string[];
  userAgents: string[];
  /** Hops from the origin (1 = issued directly to a user/provider/service). */
  depth: number;
  /** The role this session is in, for chaining onward (null for user sessions). */
  role: Role | null;
  sourceIdentity?: string;
}

type StartKind =
  | 'user-assume'
  | 'chain'
  | 'sso'
  | 'oidc'
  | 'ec2'
  | 'lambda'
  | 'gst'
  | 'gft'
  | 'console'
  | 'external'
  | 'failed'
  | 'root-gst';

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
];

const START_KINDS = new WeightedPicker<StartKind>([
  ['user-assume', 24],
  ['chain', 22],
  ['sso', 15],
  ['oidc', 7],
  ['ec2', 12],
  ['lambda', 8],
  ['gst', 3],
  ['gft', 1],
  ['console', 3],
  ['external', 1.5],
  ['failed', 2.5],
  ['root-gst', 0.2],
]);

export interface SessionStart {
  /** Records to emit now (issuance, or both copies of a cross-account one, or a console login). */
  records: CtRecord[];
  session: Session | null;
}

function rolesOfKind(world: World, account: string, kinds: Role['kind'][]): Role[] {
  return (world.rolesByAccount.get(account) ?? []).filter((r) => kinds.includes(r.kind));
}

function stsRegion(rng: Prng, region: string): string {
  // Most SDKs still call the global endpoint, which CloudTrail logs in us-east-1.
  return rng.chance(0.7) ? 'us-east-1' : region;
}

export class SessionFactory {
  /** Keys seen before, for the rare deliberate key-ID reuse. */
  private readonly usedKeys: string[] = [];

  constructor(
    private readonly rng: Prng,
    private readonly world: World,
  ) {}

  start(timeMs: number, region: string, active: readonly Session[]): SessionStart {
    const rng = this.rng;
    const kind = START_KINDS.pick(rng);
    const world = this.world;
    switch (kind) {
      case 'chain': {
        const parents = active.filter(
          (s) => s.role && s.depth < 6 && s.expiresMs > timeMs + 120_000,
        );
        if (parents.length === 0) return this.fromUser(timeMs, region);
        const parent = rng.pick(parents);
        const acct = rng.chance(0.5) ? parent.account : world.accountPicker.pick(rng).id;
        const targets = rolesOfKind(world, acct, ['human', 'ci', 'service']);
        if (targets.length === 0) return this.fromUser(timeMs, region);
        return this.assume(
          parent.identity,
          parent.account,
          rng.pick(targets),
          timeMs,
          region,
          parent.ips,
          parent.userAgents,
          parent.depth + 1,
          parent.sourceIdentity,
        );
      }
      case 'sso': {
        const acct = world.accountPicker.pick(rng).id;
        const roles = rolesOfKind(world, acct, ['sso']);
        if (roles.length === 0) return this.fromUser(timeMs, region);
        const role = rng.pick(roles);
        const who = rng.pick(world.samlUsers);
        const caller = samlUser({ userName: who, identityProvider: rng.hex(20) + '=' });
        const iss = assumeRoleWithSaml(rng, {
          identity: caller,
          timeMs,
          region: stsRegion(rng, region),
          sourceIp: rng.pick(world.internetIps.slice(0, 400)),
          userAgent: 'aws-internal/3 aws-sdk-java/1.12.0',
          role,
          sessionName: who,
          durationSeconds: 3600 * rng.range(1, 8),
          providerArn: `arn:aws:iam::${acct}:saml-provider/AWSSSO_${rng.hex(16)}_DO_NOT_DELETE`,
          subject: who,
          issuer: 'https://portal.sso.us-east-1.amazonaws.com/saml/assertion/x',
        });
        return this.session(
          [iss.record],
          role,
          who,
          iss.accessKeyId,
          iss.createdMs,
          iss.expirationMs,
          [String(iss.record.sourceIPAddress)],
          [world.userAgents.pick(rng), world.userAgents.pick(rng)],
          1,
        );
      }
      case 'oidc': {
        const acct = world.accountPicker.pick(rng).id;
        const roles = rolesOfKind(world, acct, ['oidc', 'ci']);
        if (roles.length === 0) return this.fromUser(timeMs, region);
        const role = rng.pick(roles);
        const subject = rng.pick(world.oidcSubjects);
        const sessionName = `GitHubActions-${rng.range(1000000, 9999999)}`;
        const caller = webIdentityUser({
          provider: 'token.actions.githubusercontent.com',
          audience: 'sts.amazonaws.com',
          subject,
        });
        const ip = rng.pick(world.workloadIps);
        const iss = assumeRoleWithWebIdentity(rng, {
          identity: caller,
          timeMs,
          region: stsRegion(rng, region),
          sourceIp: ip,
          userAgent: world.userAgents.pick(rng),
          role,
          sessionName,
          provider: 'token.actions.githubusercontent.com',
          audience: 'sts.amazonaws.com',
          subject,
        });
        return this.session(
          [iss.record],
          role,
          sessionName,
          iss.accessKeyId,
          iss.createdMs,
          iss.expirationMs,
          [ip],
          [world.userAgents.pick(rng)],
          1,
          undefined,
          {
            federatedProvider:
              'arn:aws:iam::' + acct + ':oidc-provider/token.actions.githubusercontent.com',
          },
        );
      }
      case 'ec2':
      case 'lambda': {
        const acct = world.accountPicker.pick(rng).id;
        const roles = rolesOfKind(world, acct, [kind]);
        if (roles.length === 0) return this.fromUser(timeMs, region);
        const role = rng.pick(roles);
        const sessionName =
          kind === 'ec2' ? `i-${rng.hex(17)}` : role.roleName.replace('-role', '');
        const service = kind === 'ec2' ? 'ec2.amazonaws.com' : 'lambda.amazonaws.com';
        const iss = assumeRole(rng, {
          identity: awsService(service),
          timeMs,
          region,
          sourceIp: service,
          userAgent: service,
          role,
          sessionName,
          durationSeconds: kind === 'ec2' ? 21600 : 3600,
        });
        // Workload issuances are often missing from evidence (not delivered, or outside the window).
        const records = rng.chance(0.7) ? [iss.record] : [];
        const s = this.session(
          records,
          role,
          sessionName,
          iss.accessKeyId,
          iss.createdMs,
          iss.expirationMs,
          [rng.pick(world.workloadIps)],
          [world.userAgents.pick(rng)],
          1,
        );
        if (s.session && kind === 'ec2') {
          (s.session.identity.sessionContext as Record<string, unknown>).ec2RoleDelivery = '2.0';
        }
        return s;
      }
      case 'gst':
      case 'root-gst': {
        const user = world.userPicker.pick(rng);
        const isRoot = kind === 'root-gst';
        const caller = isRoot
          ? {
              type: 'Root',
              principalId: user.account,
              arn: `arn:aws:iam::${user.account}:root`,
              accountId: user.account,
              accessKeyId: rng.awsId('AKIA'),
            }
          : iamUser({
              account: user.account,
              userName: user.userName,
              userId: user.userId,
              accessKeyId: rng.pick(user.keys),
            });
        const iss = getSessionToken(rng, {
          identity: caller,
          timeMs,
          region,
          sourceIp: rng.pick(user.ips),
          userAgent: rng.pick(user.userAgents),
          mfaSerial: `arn:aws:iam::${user.account}:mfa/${user.userName}`,
        });
        const useIdentity: UserIdentity = {
          ...caller,
          accessKeyId: iss.accessKeyId,
          sessionContext: {
            attributes: {
              creationDate: new Date(iss.createdMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
              mfaAuthenticated: 'true',
            },
          },
        };
        return {
          records: [iss.record],
          session: {
            key: iss.accessKeyId,
            identity: useIdentity,
            account: user.account,
            expiresMs: iss.expirationMs,
            ips: user.ips,
            userAgents: user.userAgents,
            depth: 1,
            role: null,
          },
        };
      }
      case 'gft': {
        const user = world.userPicker.pick(rng);
        const name = `${user.userName}-fed-${rng.hex(3)}`;
        const caller = iamUser({
          account: user.account,
          userName: user.userName,
          userId: user.userId,
          accessKeyId: rng.pick(user.keys),
        });
        const iss = getFederationToken(rng, {
          identity: caller,
          timeMs,
          region,
          sourceIp: rng.pick(user.ips),
          userAgent: rng.pick(user.userAgents),
          name,
          account: user.account,
        });
        const identity = federatedUser({
          account: user.account,
          name,
          accessKeyId: iss.accessKeyId,
          session: { createdMs: iss.createdMs },
          issuer: { userName: user.userName, userId: user.userId },
        });
        return {
          records: [iss.record],
          session: {
            key: iss.accessKeyId,
            identity,
            account: user.account,
            expiresMs: iss.expirationMs,
            ips: user.ips,
            userAgents: user.userAgents,
            depth: 1,
            role: null,
          },
        };
      }
      case 'console': {
        const user = pickHuman(rng, world);
        const ip = rng.pick(user.ips);
        const ua = rng.pick(BROWSERS);
        const mfa = rng.chance(0.8);
        const login = consoleLogin(rng, {
          identity: iamUser({
            account: user.account,
            userName: user.userName,
            userId: user.userId,
          }),
          timeMs,
          sourceIp: ip,
          userAgent: ua,
          mfa,
          success: true,
        });
        const key = rng.awsId('ASIA');
        const identity = iamUser({
          account: user.account,
          userName: user.userName,
          userId: user.userId,
          accessKeyId: key,
          session: { createdMs: timeMs, mfa },
          consoleSession: true,
        });
        return {
          records: [login],
          session: {
            key,
            identity,
            account: user.account,
            expiresMs: timeMs + 12 * 3600_000,
            ips: [ip],
            userAgents: [ua],
            depth: 1,
            role: null,
          },
        };
      }
      case 'external': {
        // A vendor or attacker account assumes a role here: only the role owner's copy is in evidence.
        const acct = world.accountPicker.pick(rng).id;
        const roles = rolesOfKind(world, acct, ['service', 'human']);
        if (roles.length === 0) return this.fromUser(timeMs, region);
        const role = rng.pick(roles);
        const ext = rng.pick(world.externalAccounts);
        const caller = awsAccount({
          principalId: rng.awsId('AROA') + ':vendor-scan',
          accountId: ext,
        });
        const sessionName = `vendor-${rng.hex(6)}`;
        const ip = rng.pick(world.internetIps);
        const iss = assumeRole(rng, {
          identity: caller,
          timeMs,
          region: stsRegion(rng, region),
          sourceIp: ip,
          userAgent: world.userAgents.pick(rng),
          role,
          sessionName,
        });
        return this.session(
          [iss.record],
          role,
          sessionName,
          iss.accessKeyId,
          iss.createdMs,
          iss.expirationMs,
          [ip],
          [world.userAgents.pick(rng)],
          2,
        );
      }
      case 'failed': {
        const user = world.userPicker.pick(rng);
        const target = rng.pick(world.roles);
        const caller = iamUser({
          account: user.account,
          userName: user.userName,
          userId: user.userId,
          accessKeyId: rng.pick(user.keys),
        });
        const iss = assumeRole(rng, {
          identity: caller,
          timeMs,
          region: stsRegion(rng, region),
          sourceIp: rng.pick(user.ips),
          userAgent: rng.pick(user.userAgents),
          role: target,
          sessionName: user.userName,
          recipientAccountId: user.account,
          errorCode: 'AccessDenied',
          errorMessage: `User: arn:aws:iam::${user.account}:user/${user.userName} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${target.account}:role/${target.roleName}`,
        });
        return { records: [iss.record], session: null };
      }
      case 'user-assume':
        return this.fromUser(timeMs, region);
    }
  }

  private fromUser(timeMs: number, region: string): SessionStart {
    const rng = this.rng;
    const user = this.world.userPicker.pick(rng);
    const acct = rng.chance(0.6) ? user.account : this.world.accountPicker.pick(rng).id;
    const roles = rolesOfKind(this.world, acct, user.human ? ['human'] : ['ci', 'service']);
    const role = roles.length ? rng.pick(roles) : rng.pick(this.world.roles);
    const caller = iamUser({
      account: user.account,
      userName: user.userName,
      userId: user.userId,
      accessKeyId: rng.pick(user.keys),
    });
    const sourceIdentity = user.human && rng.chance(0.3) ? user.userName : undefined;
    return this.assume(
      caller,
      user.account,
      role,
      timeMs,
      region,
      user.ips,
      user.userAgents,
      1,
      sourceIdentity,
    );
  }

  private assume(
    caller: UserIdentity,
    callerAccount: string,
    role: Role,
    timeMs: number,
    region: string,
    ips: string[],
    uas: string[],
    depth: number,
    sourceIdentity?: string,
  ): SessionStart {
    const rng = this.rng;
    const sessionName =
      typeof caller.userName === 'string' && rng.chance(0.6)
        ? caller.userName
        : `session-${rng.hex(8)}`;
    const reuse =
      this.usedKeys.length > 100 && rng.chance(0.002) ? rng.pick(this.usedKeys) : undefined;
    const opts = {
      identity: caller,
      timeMs,
      region: stsRegion(rng, region),
      sourceIp: rng.pick(ips),
      userAgent: rng.pick(uas),
      role,
      sessionName,
      durationSeconds: rng.pick([900, 3600, 3600, 3600, 7200]),
      sourceIdentity,
      accessKeyId: reuse,
    };
    let records: CtRecord[];
    let iss;
    if (role.account !== callerAccount) {
      const both = crossAccountAssumeRole(rng, opts);
      iss = both.callerCopy;
      records = [both.callerCopy.record, both.ownerCopy.record];
    } else {
      iss = assumeRole(rng, opts);
      records = [iss.record];
    }
    return this.session(
      records,
      role,
      sessionName,
      iss.accessKeyId,
      iss.createdMs,
      iss.expirationMs,
      ips,
      uas,
      depth,
      sourceIdentity,
    );
  }

  private session(
    records: CtRecord[],
    role: Role,
    sessionName: string,
    key: string,
    createdMs: number,
    expiresMs: number,
    ips: string[],
    uas: string[],
    depth: number,
    sourceIdentity?: string,
    webIdFederationData?: { federatedProvider: string },
  ): SessionStart {
    if (this.usedKeys.length < 5000) this.usedKeys.push(key);
    const identity = assumedRole({
      role,
      sessionName,
      accessKeyId: key,
      session: { createdMs, mfa: false, sourceIdentity },
      webIdFederationData,
    });
    return {
      records,
      session: {
        key,
        identity,
        account: role.account,
        expiresMs,
        ips,
        userAgents: uas,
        depth,
        role,
        sourceIdentity,
      },
    };
  }
}

function pickHuman(rng: Prng, world: World): User {
  for (let i = 0; i < 20; i++) {
    const u = world.userPicker.pick(rng);
    if (u.human) return u;
  }
  return world.users.find((u) => u.human) ?? (world.users[0] as User);
}

import { ctEvent } from '../../../helpers/case-file.js';

/**
 * Building blocks for rule cases: CloudTrail records in the shape CloudTrail writes them
 * (request and response fields as recorded), with the caller, time and address a case needs.
 */

export type Rec = Record<string, unknown>;

/** Cases of one rule: events it must flag, look-alikes it must not, and the evidence around them. */
export interface RuleCases {
  positive: Rec[];
  negative: Rec[];
  /** Stored beside both (earlier calls a rule weighs), asserted neither way. */
  context?: Rec[];
}

export const OWNER = '111122223333';
export const OUTSIDE = '444455556666';

export const ALICE = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLE000000001',
  arn: `arn:aws:iam::${OWNER}:user/alice`,
  accountId: OWNER,
  accessKeyId: 'AKIAEXAMPLE000000001',
  userName: 'alice',
};

/** A role session of an application (not an instance profile). */
export function roleSession(role: string, session: string, key = 'ASIAAPPEXAMPLE000001'): Rec {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLE00001:${session}`,
    arn: `arn:aws:sts::${OWNER}:assumed-role/${role}/${session}`,
    accountId: OWNER,
    accessKeyId: key,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLE00001',
        arn: `arn:aws:iam::${OWNER}:role/${role}`,
        accountId: OWNER,
        userName: role,
      },
      attributes: { creationDate: '2024-04-11T08:00:00Z', mfaAuthenticated: 'false' },
      ec2RoleDelivery: '2.0',
    },
  };
}

/** The session EC2 hands an instance profile: named after the instance. */
export function instanceSession(
  instance = 'i-0a1b2c3d4e5f60718',
  key = 'ASIAINSTANCE00000001',
): Rec {
  return roleSession('web-instance-role', instance, key);
}

/** CloudFormation acting for a principal: the same call, made by the service. */
export const VIA_CLOUDFORMATION = { ...ALICE, invokedBy: 'cloudformation.amazonaws.com' };

/** 2024-04-11 at 10:00 plus `minutes` (and `seconds`). */
export function at(minutes: number, seconds = 0): string {
  const t = Date.UTC(2024, 3, 11, 10, 0, 0) + minutes * 60_000 + seconds * 1000;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

export function call(
  eventSource: string,
  eventName: string,
  requestParameters: unknown = null,
  extra: Rec = {},
): Rec {
  return ctEvent({
    eventSource,
    eventName,
    requestParameters,
    readOnly: false,
    userIdentity: ALICE,
    ...extra,
  });
}

export const denied = { errorCode: 'AccessDenied', errorMessage: 'User is not authorized' };
export const ec2Denied = {
  errorCode: 'Client.UnauthorizedOperation',
  errorMessage: 'You are not authorized to perform this operation.',
};

import type { EventFacts, NotableRule } from '../types.js';
import { allowsEverything, grantsAdmin, hasParam, paramIs, requestOf } from '../predicates.js';
import { accountOfPrincipal, outsidePrincipals } from '../grants.js';
import { byPrincipal, DAY, nearby, paramValues } from '../calls.js';
import {
  ACCOUNT_MANIPULATION,
  ADDITIONAL_CREDENTIALS,
  ADDITIONAL_ROLES,
  CREATE_CLOUD_ACCOUNT,
  SERVERLESS_EXECUTION,
} from './mitre.js';

/** The account that owns what the call changed: the trail's recipient, else the caller's own. */
export function ownerOf(f: EventFacts): string | null {
  return f.recipientAccountId ?? f.accountId ?? null;
}

/** A request parameter as the structured record has it, else from the flattened lines. */
export function requestValue(f: EventFacts, key: string): unknown {
  const req = requestOf(f);
  if (req && typeof req === 'object' && key in req) return (req as Record<string, unknown>)[key];
  return paramValues(f.reqText, key)[0];
}

function trustsOutside(f: EventFacts): boolean {
  const doc = requestValue(
    f,
    f.eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : 'policyDocument',
  );
  return outsidePrincipals(doc, ownerOf(f)).length > 0;
}

/**
 * A resource-based permission for everyone (not pinned to the owner's account or organisation) or
 * for another account. Service principals (`s3.amazonaws.com`) and the owner's principals are not.
 */
function lambdaPermissionOutside(f: EventFacts): boolean {
  const owner = ownerOf(f);
  const [principal] = paramValues(f.reqText, 'principal');
  if (principal === undefined) return false;
  if (principal.trim() === '*') {
    const pinned =
      paramValues(f.reqText, 'sourceAccount').some((a) => a === owner) ||
      paramValues(f.reqText, 'principalOrgID').length > 0 ||
      paramValues(f.reqText, 'sourceArn').some((a) => owner !== null && a.includes(`:${owner}:`));
    return !pinned;
  }
  const account = accountOfPrincipal(principal);
  return account !== null && account !== owner;
}

const LAMBDA_CODE = [
  'UpdateFunctionCode20150331v2',
  'UpdateFunctionCode20150331',
  'UpdateFunctionCode',
];
/** How far back a role's earlier deployment of the same function counts as its routine. */
export const DEPLOY_HISTORY_MS = 30 * DAY;

/** `arn:aws:lambda:…:function:NAME[:QUALIFIER]` and `NAME` name the same function. */
function functionNames(reqText: string | null): string[] {
  return paramValues(reqText, 'functionName').map(
    (v) => v.replace(/^.*:function:/, '').split(':')[0],
  );
}

/**
 * Code replaced by a role (or user) that had not replaced this function's code in the 30 days
 * before: a pipeline's repeated deployments are its routine, an overwrite by someone else is not.
 */
function codeReplacedByNewcomer(f: EventFacts): boolean {
  if (!byPrincipal(f)) return false;
  const [fn] = functionNames(f.reqText);
  return !nearby(f, LAMBDA_CODE, DEPLOY_HISTORY_MS, 'role').some(
    (c) =>
      c.timeMs < (f.timeMs ?? 0) && (fn === undefined || functionNames(c.reqText).includes(fn)),
  );
}

const ADMIN_POLICY_ARN = /:policy\/(AdministratorAccess|IAMFullAccess)$/;

/** The session policy as written (pretty-printed JSON spans lines the flattened text splits). */
function federatesAdmin(f: EventFacts): boolean {
  if (!hasParam(f, 'policy') && !hasParam(f, 'arn')) return false; // no session policy: no permissions
  const policy = requestValue(f, 'policy');
  if (typeof policy === 'string' && policy.includes('"Action"') && allowsEverything(policy))
    return true;
  return grantsAdmin(f) || paramIs(f, 'arn', ADMIN_POLICY_ARN);
}

/** Lambda's CloudTrail names carry the API version (`AddPermission20150331v2`). */
const LAMBDA = ['lambda.amazonaws.com'];

/** Persistence: new users, keys, roles, trust and code that outlive the intrusion. */
export const PERSISTENCE_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'iam-user-created',
    title: 'CreateUser called',
    severity: 'medium',
    why: 'A new user is a classic persistence backdoor.',
    mitre: CREATE_CLOUD_ACCOUNT,
    names: ['CreateUser'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-console-password-set',
    title: 'CreateLoginProfile / UpdateLoginProfile called',
    severity: 'medium',
    why: "Setting another user's console password hands over their sign-in.",
    mitre: ACCOUNT_MANIPULATION,
    names: ['CreateLoginProfile', 'UpdateLoginProfile'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-password-changed',
    title: 'ChangePassword called (own password)',
    severity: 'low',
    why: 'A user changed their own password: routine, unless someone else holds the session.',
    mitre: ACCOUNT_MANIPULATION,
    names: ['ChangePassword'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-access-key-created',
    title: 'CreateAccessKey called',
    severity: 'medium',
    why: 'A new long-term key outlives any session; attackers mint them to keep access.',
    mitre: ADDITIONAL_CREDENTIALS,
    names: ['CreateAccessKey'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-role-created',
    title: 'CreateRole called',
    severity: 'low',
    why: 'A new role can be assumable from outside the account.',
    mitre: ADDITIONAL_ROLES,
    names: ['CreateRole'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-trust-policy-changed',
    title: 'UpdateAssumeRolePolicy called',
    severity: 'medium',
    why: 'The trust policy says who may assume the role; editing it can let an outside account in.',
    mitre: ADDITIONAL_ROLES,
    names: ['UpdateAssumeRolePolicy'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-role-trusts-outside',
    title: 'Role trust policy for another account or everyone requested',
    severity: 'high',
    why: "A trust policy naming another account (or *, with no condition pinning it) lets that account assume the role from outside: a backdoor that survives the intruder's own keys being revoked.",
    mitre: ADDITIONAL_ROLES,
    names: ['CreateRole', 'UpdateAssumeRolePolicy'],
    sources: ['iam.amazonaws.com'],
    when: trustsOutside,
  },
  {
    kind: 'event',
    id: 'sts-federation-token-admin',
    title: 'GetFederationToken with an allow-everything policy called',
    severity: 'medium',
    why: 'A federation token with "Action": "*" (or AdministratorAccess) is a new full-power session that keeps working for up to 36 hours after the user\'s keys are deleted.',
    mitre: ADDITIONAL_CREDENTIALS,
    names: ['GetFederationToken'],
    sources: ['sts.amazonaws.com'],
    when: federatesAdmin,
  },
  {
    kind: 'event',
    id: 'rolesanywhere-trust-anchor',
    title: 'IAM Roles Anywhere trust anchor on a certificate bundle requested',
    severity: 'high',
    why: "A trust anchor on a certificate bundle trusts a CA someone brought in: whoever holds that CA's keys can mint AWS credentials for the profile's roles from anywhere.",
    mitre: ADDITIONAL_CREDENTIALS,
    names: ['CreateTrustAnchor', 'UpdateTrustAnchor'],
    sources: ['rolesanywhere.amazonaws.com'],
    when: (f) => paramIs(f, 'sourceType', /^CERTIFICATE_BUNDLE$/),
  },
  {
    kind: 'event',
    id: 'lambda-permission-outside',
    title: 'Lambda permission for everyone or another account requested',
    severity: 'high',
    why: 'A resource policy statement letting * (unpinned) or another account invoke or change the function opens it from outside the account.',
    mitre: ACCOUNT_MANIPULATION,
    names: ['AddPermission20150331v2', 'AddPermission20150331', 'AddPermission'],
    sources: LAMBDA,
    when: lambdaPermissionOutside,
  },
  {
    kind: 'event',
    id: 'lambda-code-updated',
    title: "UpdateFunctionCode by a role or user new to the function's deployments",
    severity: 'medium',
    why: "UpdateFunctionCode replaces what the function runs with the function's role: a backdoor in place, invisible in the function's configuration. A role that deployed the same function in the 30 days before (a pipeline), or CloudFormation, is routine.",
    mitre: SERVERLESS_EXECUTION,
    names: LAMBDA_CODE,
    sources: LAMBDA,
    when: codeReplacedByNewcomer,
  },
  {
    kind: 'event',
    id: 'lambda-layer-added',
    title: 'UpdateFunctionConfiguration with layers called',
    severity: 'medium',
    why: "A layer (or extension) runs inside every invocation with the function's role and sees its events: a way to keep code running that the function's own code does not show.",
    mitre: SERVERLESS_EXECUTION,
    names: ['UpdateFunctionConfiguration20150331v2', 'UpdateFunctionConfiguration'],
    sources: LAMBDA,
    when: (f) => byPrincipal(f) && paramValues(f.reqText, 'layers').length > 0,
  },
];

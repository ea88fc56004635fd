import { closest } from './suggest.js';

/**
 * What people type versus what CloudTrail records. Matching is case-insensitive anyway, so these
 * only cover words that differ (`network` → `NetworkActivity`, `role` → `AssumedRole`).
 */

const CATEGORY: Record<string, string> = {
  network: 'NetworkActivity',
  networkactivity: 'NetworkActivity',
  insights: 'Insight',
  mgmt: 'Management',
};

const IDENTITY_TYPE: Record<string, string> = {
  user: 'IAMUser',
  iam: 'IAMUser',
  role: 'AssumedRole',
  assumed: 'AssumedRole',
  federated: 'FederatedUser',
  service: 'AWSService',
  account: 'AWSAccount',
  saml: 'SAMLUser',
  web: 'WebIdentityUser',
  webidentity: 'WebIdentityUser',
  oidc: 'WebIdentityUser',
  sso: 'IdentityCenterUser',
  identitycenter: 'IdentityCenterUser',
};

/** userIdentity.type values the CloudTrail user guide documents. */
export const IDENTITY_TYPES = [
  'Root',
  'IAMUser',
  'AssumedRole',
  'Role',
  'FederatedUser',
  'Directory',
  'AWSAccount',
  'AWSService',
  'IdentityCenterUser',
  'SAMLUser',
  'WebIdentityUser',
  'Unknown',
] as const;

/** eventCategory values. */
export const CATEGORIES = ['Management', 'Data', 'Insight', 'NetworkActivity'] as const;

/**
 * A value of a field with a known vocabulary that is close to a known word but is not one
 * (`type:rooot`): the word meant, so the filter can say "did you mean". Values far from every known
 * word pass as typed, since evidence may carry types newer than this list.
 */
export function likelyTypo(
  value: string,
  known: readonly string[],
  aliases: readonly string[],
): string | undefined {
  const lc = value.toLowerCase();
  if (known.some((k) => k.toLowerCase() === lc) || aliases.includes(lc)) return undefined;
  return closest(value, [...known, ...aliases]);
}

export const CATEGORY_ALIASES = Object.keys(CATEGORY);
export const IDENTITY_TYPE_ALIASES = Object.keys(IDENTITY_TYPE);

export function rewriteCategory(v: string): string {
  return CATEGORY[v.toLowerCase()] ?? v;
}

export function rewriteIdentityType(v: string): string {
  return IDENTITY_TYPE[v.toLowerCase()] ?? v;
}

/** `iam` → `iam.amazonaws.com`; anything with a dot or a wildcard is taken as written. */
export function rewriteService(v: string, wildcard: boolean): string {
  return wildcard || v.includes('.') ? v : `${v}.amazonaws.com`;
}

/** `true/false`, `yes/no`, `1/0`, `y/n`, `on/off`; null when it is none of these. */
export function parseBool(v: string): boolean | null {
  const s = v.toLowerCase();
  if (['true', 'yes', 'y', '1', 'on'].includes(s)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(s)) return false;
  return null;
}

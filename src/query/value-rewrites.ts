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

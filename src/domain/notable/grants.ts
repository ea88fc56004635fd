import { policyGrantsEveryone } from './predicates.js';

/**
 * Who a resource policy, trust policy or sharing call lets in, judged against the account that owns
 * the resource (the event's recipient account). "Outside" is another 12-digit account, or
 * everyone; AWS service principals (`s3.amazonaws.com`) and the owner's own principals are not.
 */

type Obj = Record<string, unknown>;

function objectOf(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** Policies arrive as objects or as JSON text, sometimes URL-encoded. */
export function policyObject(v: unknown): Obj | undefined {
  if (typeof v !== 'string') return objectOf(v);
  const spellings = [v];
  try {
    spellings.push(decodeURIComponent(v));
  } catch {
    // not URL-encoded
  }
  for (const text of spellings) {
    try {
      const parsed = objectOf(JSON.parse(text));
      if (parsed) return parsed;
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

/** The account a principal string names: `123456789012`, or an ARN in that account. */
export function accountOfPrincipal(p: string): string | null {
  const trimmed = p.trim();
  if (/^\d{12}$/.test(trimmed)) return trimmed;
  const arn = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(trimmed);
  return arn ? arn[1] : null;
}

/** Principal values of a statement that name AWS accounts or everyone (`*`). */
function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  const o = objectOf(principal);
  if (!o) return [];
  return asList(o.AWS).filter((x): x is string => typeof x === 'string');
}

/**
 * Accounts other than `owner` that an Allow statement of `policy` names as principals, plus `*`
 * when a statement allows everyone with no condition pinning it down. Empty when the policy
 * grants nobody outside (or cannot be read).
 */
export function outsidePrincipals(policy: unknown, owner: string | null | undefined): string[] {
  const doc = policyObject(policy);
  if (!doc) return [];
  const out = new Set<string>();
  if (policyGrantsEveryone(doc) === true) out.add('*');
  for (const raw of asList(doc.Statement)) {
    const st = objectOf(raw);
    if (!st || st.Effect !== 'Allow') continue;
    for (const p of awsPrincipals(st.Principal)) {
      if (p === '*') continue; // judged with its conditions above
      const account = accountOfPrincipal(p);
      if (account !== null && account !== owner) out.add(account);
    }
  }
  return [...out];
}

/** Account IDs (or `all`) added by a sharing call, whatever the spelling of its parameters. */
export function sharedWith(request: unknown): string[] {
  const req = objectOf(request);
  if (!req) return [];
  const out: string[] = [];
  // EC2: launchPermission / createVolumePermission {add: {items: [{userId} | {group: 'all'}]}}
  for (const key of ['launchPermission', 'createVolumePermission']) {
    const add = objectOf(objectOf(req[key])?.add);
    for (const item of asList(add?.items)) {
      const it = objectOf(item);
      if (typeof it?.userId === 'string') out.push(it.userId);
      if (it?.group === 'all') out.push('all');
      if (typeof it?.organizationArn === 'string') out.push(it.organizationArn);
      if (typeof it?.organizationalUnitArn === 'string') out.push(it.organizationalUnitArn);
    }
  }
  // EC2 older spelling: userIds / userGroups with operationType add
  if (req.operationType === 'add') {
    for (const v of asList(objectOf(req.userIds)?.items ?? req.userIds)) {
      const id = typeof v === 'string' ? v : objectOf(v)?.userId;
      if (typeof id === 'string') out.push(id);
    }
    for (const v of asList(objectOf(req.userGroups)?.items ?? req.userGroups)) {
      const g = typeof v === 'string' ? v : objectOf(v)?.userGroup;
      if (g === 'all') out.push('all');
    }
  }
  // RDS: attributeName restore, valuesToAdd [accountId | 'all']
  if (typeof req.attributeName === 'string' && req.attributeName.toLowerCase() === 'restore') {
    for (const v of asList(req.valuesToAdd)) if (typeof v === 'string') out.push(v);
  }
  return out;
}

/**
 * A sharing call that lets another account, or everyone, use the image or snapshot. Sharing with
 * the owner's organisation or one of its units is how AMIs are distributed inside a company.
 */
export function sharesOutside(request: unknown, owner: string | null | undefined): boolean {
  return sharedWith(request).some((v) => {
    const id = v.trim();
    return id.toLowerCase() === 'all' || (/^\d{12}$/.test(id) && id !== owner);
  });
}

import type { UseHints } from './lineage-types.js';

/**
 * What a call's `userIdentity` says about the workload its credentials were delivered to (an EC2
 * instance profile, a Lambda function), which the lineage walk uses when a key's issuance is not in
 * the evidence. Read while the record is parsed and kept with the event in one short text, so
 * that the credential refresh after an index run reads no stored record again: reading them back
 * (inflating their files' bytes) was ~0.8 s of a 16 s run on 200k events of the wide corpus, and
 * ~3.5 s of the keys corpus's refresh at 1M.
 */

const NONE: UseHints = { ec2RoleDelivery: null, inScopeOfIssuer: null, inScopeOfSource: null };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A value's text as the other fields read it: a number is its digits; evidence chooses the length. */
const MAX_HINT = 8192;
const plainText = (v: unknown): string | null =>
  typeof v === 'string' && v !== ''
    ? v.slice(0, MAX_HINT)
    : typeof v === 'number'
      ? String(v)
      : null;

/**
 * The hints of one record's `userIdentity` (anything else: none). `text` reads each value (the
 * normaliser passes the one every interned field goes through: length cap, well-formed UTF-16).
 */
export function workloadHintsOf(
  userIdentity: unknown,
  text: (v: unknown) => string | null = plainText,
): UseHints {
  const ui = isObj(userIdentity) ? userIdentity : {};
  const sc = isObj(ui.sessionContext) ? ui.sessionContext : {};
  const scope = isObj(ui.inScopeOf) ? ui.inScopeOf : {};
  return {
    ec2RoleDelivery: text(sc.ec2RoleDelivery),
    inScopeOfIssuer: text(scope.issuerType),
    inScopeOfSource: text(scope.sourceArn),
  };
}

/**
 * The hints as the case file keeps them: `''` when there are none (most calls; interned, so a
 * byte or two per event), else a JSON array of the three values. A stored NULL means "not kept"
 * (events written before migration 15): read the record.
 */
export function encodeWorkloadHints(h: UseHints): string {
  if (h.ec2RoleDelivery === null && h.inScopeOfIssuer === null && h.inScopeOfSource === null)
    return '';
  return JSON.stringify([h.ec2RoleDelivery, h.inScopeOfIssuer, h.inScopeOfSource]);
}

/** Back from `encodeWorkloadHints`; null when the text is not one of its outputs. */
export function decodeWorkloadHints(stored: string): UseHints | null {
  if (stored === '') return NONE;
  let v: unknown;
  try {
    v = JSON.parse(stored);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 3) return null;
  if (!v.every((x) => x === null || typeof x === 'string')) return null;
  return { ec2RoleDelivery: v[0], inScopeOfIssuer: v[1], inScopeOfSource: v[2] };
}

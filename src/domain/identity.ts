import type { EventRow } from '../store/event-row.js';

type IdentityFields = Pick<EventRow, 'identity_type' | 'arn' | 'user_name' | 'principal_id' | 'invoked_by' | 'account_id'>;

/** The part of an ARN after the last ':' (`user/alice`, `assumed-role/Role/session`). */
function arnResource(arn: string | null): string | null {
  if (!arn) return null;
  const i = arn.indexOf(':', arn.indexOf(':', arn.indexOf(':', arn.indexOf(':', arn.indexOf(':') + 1) + 1) + 1) + 1);
  return i >= 0 ? arn.slice(i + 1) : arn;
}

/**
 * A short readable "who" for tables: `alice`, `Role/session`, `root`, `ec2.amazonaws.com`,
 * `account 444455556666`. The same label in the TUI and in `trailscope query` output.
 */
export function whoLabel(r: IdentityFields): string {
  const res = arnResource(r.arn);
  switch (r.identity_type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return r.user_name ?? res?.replace(/^user\//, '') ?? r.principal_id ?? 'IAMUser';
    case 'AssumedRole':
      return res?.replace(/^assumed-role\//, '') ?? r.principal_id ?? 'AssumedRole';
    case 'FederatedUser':
      return res ?? r.principal_id ?? 'FederatedUser';
    case 'AWSService':
      return r.invoked_by ?? r.principal_id ?? 'AWSService';
    case 'AWSAccount':
      return `account ${r.account_id ?? r.principal_id ?? '?'}`;
    case 'SAMLUser':
    case 'WebIdentityUser':
    case 'IdentityCenterUser':
      return r.user_name ?? r.principal_id ?? r.identity_type;
    default:
      return r.user_name ?? res ?? r.invoked_by ?? r.principal_id ?? r.identity_type ?? '?';
  }
}

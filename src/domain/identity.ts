import type { EventRow } from './event.js';
import { stringifyJson } from '../util/deep-json.js';

type IdentityFields = Pick<
  EventRow,
  'identity_type' | 'arn' | 'user_name' | 'principal_id' | 'invoked_by' | 'account_id'
>;

/** The part of an ARN after the last ':' (`user/alice`, `assumed-role/Role/session`). */
function arnResource(arn: string | null): string | null {
  if (!arn) return null;
  const i = arn.indexOf(
    ':',
    arn.indexOf(':', arn.indexOf(':', arn.indexOf(':', arn.indexOf(':') + 1) + 1) + 1) + 1,
  );
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

/** What each userIdentity.type means, in a responder's words. */
export const IDENTITY_TYPE_MEANING: Record<string, string> = {
  Root: "the account's root user: unrestricted, cannot be limited by IAM policies; rarely used legitimately",
  IAMUser: 'an IAM user: long-term credentials (console password or AKIA access key)',
  AssumedRole:
    'temporary credentials from assuming an IAM role (AssumeRole*, or a service such as EC2 or Lambda)',
  FederatedUser: 'temporary credentials from GetFederationToken, issued to an IAM user or root',
  AWSAccount: 'another AWS account (cross-account access, e.g. through a resource policy)',
  AWSService: "an AWS service acting on its own, not on a caller's credentials",
  SAMLUser: 'a user federated through a SAML identity provider',
  WebIdentityUser: 'a user federated through a web identity (OIDC) provider',
  IdentityCenterUser: 'an IAM Identity Center (SSO) user',
  Unknown: 'CloudTrail could not tell (often a failed sign-in)',
};

export interface ExplainedLine {
  label: string;
  /** Raw evidence text: the caller makes it safe for its output. */
  value: string;
  /** Why this matters, in plain words. */
  note?: string;
  /** Something a responder should look at. */
  warn?: boolean;
}

/** `AKIA…` long-term, `ASIA…` temporary: the first thing a responder asks of a key. */
export function accessKeyKind(
  key: string | null | undefined,
): 'long-term' | 'temporary' | 'unknown' {
  if (!key) return 'unknown';
  if (key.startsWith('AKIA')) return 'long-term';
  if (key.startsWith('ASIA')) return 'temporary';
  return 'unknown';
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
// stringifyJson: a field nested thousands of levels deep must not overflow JSON.stringify's recursion
const str = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'string' ? v : stringifyJson(v);

/** An EC2 instance ID (`i-` and 8 or 17 hex digits): the role session name EC2 gives instance-profile credentials. */
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * Why a session can never carry MFA (so its `MFA no` is not a finding), or null: an AWS service
 * acting itself, a service-linked role (IAM path /aws-service-role/), or an EC2 instance role
 * (session named after the instance).
 */
function mfaNeverApplies(
  type: string | undefined,
  ui: Record<string, unknown>,
  ctx: Record<string, unknown>,
): string | null {
  if (type === 'AWSService') return 'an AWS service acting itself: MFA never applies';
  const issuer = obj(ctx.sessionIssuer);
  if (str(issuer?.arn)?.includes(':role/aws-service-role/'))
    return 'service-linked role session: MFA never applies';
  const session = str(ui.principalId)?.split(':')[1] ?? str(ui.arn)?.split('/')[2];
  if (type === 'AssumedRole' && session && INSTANCE_ID.test(session))
    return 'EC2 instance-role session: MFA never applies';
  return null;
}

/**
 * The identity panel of an event, explained for a responder: who called, with which credentials,
 * through which session, on whose behalf. Pure: `keyEvents` (events that used the same key) comes
 * from the store.
 */
export function explainIdentity(
  record: Record<string, unknown>,
  opts: { keyEvents?: number } = {},
): ExplainedLine[] {
  const ui = obj(record.userIdentity) ?? {};
  const out: ExplainedLine[] = [];
  const type = str(ui.type);
  out.push({
    label: 'type',
    value: type ?? '(none)',
    note: type
      ? (IDENTITY_TYPE_MEANING[type] ?? 'an identity type this tool does not know')
      : 'the record has no userIdentity.type',
    warn: type === 'Root',
  });
  if (ui.principalId !== undefined)
    out.push({ label: 'principal ID', value: str(ui.principalId)! });
  if (ui.arn !== undefined) out.push({ label: 'ARN', value: str(ui.arn)! });
  const account = str(ui.accountId);
  const recipient = str(record.recipientAccountId);
  if (account !== undefined) {
    const foreign = !!recipient && account !== recipient;
    out.push({
      label: 'caller account',
      value: account,
      note: foreign ? `not the recipient account ${recipient}: a cross-account call` : undefined,
      warn: foreign,
    });
  }
  const key = str(ui.accessKeyId);
  if (key) {
    const kind = accessKeyKind(key);
    const n = opts.keyEvents;
    const uses =
      n !== undefined
        ? `; ${n.toLocaleString('en-US')} ${n === 1 ? 'event' : 'events'} in this case file used it`
        : '';
    out.push({
      label: 'access key',
      value: key,
      note:
        kind === 'long-term'
          ? `long-term key (AKIA) of an IAM user or root${uses}`
          : kind === 'temporary'
            ? `temporary key (ASIA) from STS or a console session; t traces where it came from${uses}`
            : `key kind unknown${uses}`,
    });
  }
  if (ui.userName !== undefined) out.push({ label: 'user name', value: str(ui.userName)! });
  const ctx = obj(ui.sessionContext);
  if (ctx) {
    const attrs = obj(ctx.attributes) ?? {};
    if (attrs.creationDate !== undefined)
      out.push({ label: 'session created', value: str(attrs.creationDate)! });
    if (attrs.mfaAuthenticated !== undefined) {
      const mfa = String(attrs.mfaAuthenticated) === 'true';
      const never = mfa ? null : mfaNeverApplies(type, ui, ctx);
      out.push({
        label: 'MFA',
        value: mfa ? 'yes' : 'no',
        note: mfa ? undefined : (never ?? 'session not authenticated with MFA'),
        warn: !mfa && !never,
      });
    }
    const issuer = obj(ctx.sessionIssuer);
    if (issuer && Object.keys(issuer).length) {
      out.push({
        label: 'session issuer',
        value: [str(issuer.type), str(issuer.userName)].filter(Boolean).join(' '),
        note: 'the role (or user) whose credentials this session uses',
      });
      if (issuer.arn !== undefined) out.push({ label: '  issuer ARN', value: str(issuer.arn)! });
      if (issuer.principalId !== undefined)
        out.push({ label: '  issuer ID', value: str(issuer.principalId)! });
      if (issuer.accountId !== undefined)
        out.push({ label: '  issuer account', value: str(issuer.accountId)! });
    }
    if (ctx.sourceIdentity !== undefined) {
      out.push({
        label: 'source identity',
        value: str(ctx.sourceIdentity)!,
        note: 'set by whoever first assumed the role; follows role chains',
      });
    }
    if (ctx.ec2RoleDelivery !== undefined) {
      out.push({
        label: 'EC2 role delivery',
        value: str(ctx.ec2RoleDelivery)!,
        note: 'instance metadata service version that delivered the role credentials',
      });
    }
    const web = obj(ctx.webIdFederationData);
    if (web && Object.keys(web).length) {
      out.push({
        label: 'federation',
        value: str(web.federatedProvider) ?? '',
        note: 'web identity / SAML provider that vouched for the caller',
      });
      const wattrs = obj(web.attributes);
      if (wattrs)
        for (const [k, v] of Object.entries(wattrs))
          out.push({ label: `  ${k}`, value: str(v) ?? '' });
    }
  }
  if (ui.invokedBy !== undefined)
    out.push({
      label: 'invoked by',
      value: str(ui.invokedBy)!,
      note: "an AWS service made this call on the caller's behalf",
    });
  // CloudTrail puts sessionCredentialFromConsole at the top of the record (the string "true");
  // some exports nest it in userIdentity.
  const fromConsole = record.sessionCredentialFromConsole ?? ui.sessionCredentialFromConsole;
  if (fromConsole !== undefined && fromConsole !== null) {
    const yes = String(fromConsole) === 'true';
    out.push({
      label: 'console session',
      value: yes ? 'yes' : 'no',
      note: yes ? 'credentials came from an AWS console sign-in' : undefined,
    });
  }
  if (ui.identityStoreArn !== undefined)
    out.push({ label: 'identity store', value: str(ui.identityStoreArn)! });
  const onBehalf = obj(ui.onBehalfOf);
  if (onBehalf)
    out.push({
      label: 'on behalf of',
      value: [str(onBehalf.userId), str(onBehalf.identityStoreArn)].filter(Boolean).join(' '),
    });
  if (ui.credentialId !== undefined)
    out.push({ label: 'credential ID', value: str(ui.credentialId)! });
  if (!Object.keys(ui).length)
    out.push({ label: 'identity', value: '(no userIdentity in this record)', warn: true });
  return out;
}

/** The request summary of an event: what was asked, from where, and how it ended. */
export function explainRequest(record: Record<string, unknown>): ExplainedLine[] {
  const out: ExplainedLine[] = [];
  const add = (label: string, v: unknown, extra: Partial<ExplainedLine> = {}) => {
    const s = str(v);
    if (s !== undefined && s !== '') out.push({ label, value: s, ...extra });
  };
  add('time', record.eventTime);
  add('event', [str(record.eventSource), str(record.eventName)].filter(Boolean).join(' '));
  add('source IP', record.sourceIPAddress);
  add('user agent', record.userAgent);
  add('region', record.awsRegion);
  add('recipient', record.recipientAccountId);
  add('event type', [str(record.eventType), str(record.eventCategory)].filter(Boolean).join(' / '));
  add('read-only', record.readOnly);
  add('error', record.errorCode, { warn: true });
  add('error message', record.errorMessage, { warn: true });
  const resources = Array.isArray(record.resources) ? record.resources : [];
  for (const r of resources) {
    const o = obj(r);
    if (o) add('resource', [str(o.type), str(o.ARN ?? o.arn)].filter(Boolean).join(' '));
  }
  add('request params', record.requestParameters === null ? undefined : record.requestParameters);
  add('response', record.responseElements === null ? undefined : record.responseElements);
  add('additional data', record.additionalEventData);
  add('request ID', record.requestID);
  add('shared event ID', record.sharedEventID);
  add('event ID', record.eventID);
  return out;
}

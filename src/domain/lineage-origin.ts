import type {
  CallerIdentity,
  Hop,
  HopIdentity,
  Issuance,
  IssuanceDetail,
  KeyUse,
  Origin,
} from './lineage-types.js';

/** The part of an ARN after the fifth ':' (`user/alice`, `assumed-role/Role/session`, `saml-provider/Okta`). */
export function arnResource(arn: string | null | undefined): string | null {
  if (!arn) return null;
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}

/** The account in an ARN (`arn:aws:iam::111122223333:user/x` → `111122223333`). */
export function arnAccount(arn: string | null | undefined): string | null {
  if (!arn) return null;
  const parts = arn.split(':');
  return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : null;
}

export function hopIdentityOf(c: CallerIdentity): HopIdentity {
  return {
    type: c.type,
    arn: c.arn,
    accountId: c.accountId,
    principalId: c.principalId,
    userName: c.userName,
  };
}

/** The identity a freshly issued key acts as, from the issuance alone (when no call made with it is in evidence). */
export function issuedIdentity(iss: Issuance, d: IssuanceDetail | null): HopIdentity {
  const name = iss.eventName ?? '';
  if (iss.via === 'iam') {
    // an IAM-created credential acts as the user it was made for
    return {
      type: 'IAMUser',
      arn: null,
      accountId: iss.recipientAccountId,
      principalId: null,
      userName: iss.forUser ?? null,
    };
  }
  let type: string | null = null;
  let arn = d?.issuedArn ?? null;
  let principalId = d?.issuedPrincipalId ?? null;
  if (name.startsWith('AssumeRole')) type = 'AssumedRole';
  else if (name === 'GetFederationToken') type = 'FederatedUser';
  else if (name === 'AssumeRoot') type = 'Root';
  else if (name === 'GetSessionToken') {
    // GetSessionToken keys act as the caller itself.
    type = iss.caller.type;
    arn = arn ?? iss.caller.arn;
    principalId = principalId ?? iss.caller.principalId;
  }
  return {
    type,
    arn,
    accountId:
      arnAccount(arn) ??
      (name === 'GetSessionToken' ? iss.caller.accountId : iss.recipientAccountId),
    principalId,
    userName: name === 'GetSessionToken' ? iss.caller.userName : null,
  };
}

/**
 * The web-identity provider named in a WebIdentityUser's principalId (`accounts.google.com:app:sub`,
 * `arn:aws:iam::…:oidc-provider/host:aud:sub`), for when the original record is not read.
 */
function providerFromPrincipal(principalId: string | null): string | null {
  if (!principalId) return null;
  const parts = principalId.split(':');
  if (principalId.startsWith('arn:'))
    return parts.length >= 6 ? parts.slice(0, 6).join(':') : principalId;
  return parts[0] || null;
}

/**
 * What the origin needs from an issuance without reading its original record (the bulk refresh
 * resolves thousands of chains; decompressing each issuing record would dominate it).
 */
export function liteDetail(iss: Issuance): IssuanceDetail {
  return {
    roleArn: iss.roleArn,
    roleSessionName: null,
    issuedArn: null,
    issuedPrincipalId: null,
    samlProviderArn: iss.principalArn,
    subject: null,
    webIdentityProvider:
      iss.caller.type === 'WebIdentityUser' ? providerFromPrincipal(iss.caller.principalId) : null,
    sourceIdentity: null,
  };
}

function emptyHop(identity: HopIdentity): Hop {
  return {
    accessKeyId: null,
    identity,
    issuedBy: null,
    mfa: null,
    sourceIdentity: null,
    roleArn: null,
    sessionName: null,
    notes: [],
  };
}

export interface Terminal {
  origin: Origin;
  complete: boolean;
  gap: { reason: string } | null;
  /** A hop for the caller that has no key (SAML user, service, other account…), shown first. */
  firstHop: Hop | null;
  /** The walk goes on through another key (who set a console password, a forwarded call's own session). */
  continueWith?: {
    key: string;
    atMs: number;
    caller: CallerIdentity | null;
    use: KeyUse | undefined;
    hops: Hop[];
  };
}

function accountOfCaller(c: CallerIdentity): string | null {
  if (c.accountId) return c.accountId;
  if (c.principalId && /^\d{12}$/.test(c.principalId)) return c.principalId;
  return arnAccount(c.arn);
}

/**
 * Where the walk ends when an issuing event's caller had no key to follow: the caller itself is
 * the origin (SAML, web identity, a service, an IAM user whose key was redacted), or another
 * account whose copy of the call is missing.
 */
export function callerTerminal(
  iss: Issuance,
  d: IssuanceDetail | null,
  placeholderKey: string | null,
): Terminal {
  const c = iss.caller;
  const first = emptyHop(hopIdentityOf(c));
  first.mfa = c.mfa;
  first.sourceIdentity = c.sourceIdentity;
  const acct = accountOfCaller(c) ?? undefined;
  switch (c.type) {
    case 'SAMLUser': {
      const provider = d?.samlProviderArn ?? null;
      if (!first.identity.arn && provider) first.identity.arn = provider;
      if (d?.subject) first.notes.push(`SAML subject: ${d.subject}`);
      if (provider) first.notes.push(`SAML provider: ${provider}`);
      return {
        origin: {
          kind: 'saml',
          ...(provider ? { arn: provider } : {}),
          ...((arnAccount(provider) ?? acct) ? { accountId: (arnAccount(provider) ?? acct)! } : {}),
          label: `saml ${arnResource(provider)?.replace(/^saml-provider\//, '') ?? c.userName ?? c.principalId ?? '?'}`,
        },
        complete: true,
        gap: null,
        firstHop: first,
      };
    }
    case 'WebIdentityUser': {
      const provider = d?.webIdentityProvider ?? null;
      if (!first.identity.arn && provider && provider.startsWith('arn:'))
        first.identity.arn = provider;
      if (d?.subject) first.notes.push(`subject: ${d.subject}`);
      if (provider) first.notes.push(`identity provider: ${provider}`);
      return {
        origin: {
          kind: 'web-identity',
          ...(provider ? { arn: provider } : {}),
          ...(acct ? { accountId: acct } : {}),
          label: `web-identity ${arnResource(provider)?.replace(/^oidc-provider\//, '') ?? c.userName ?? '?'}`,
        },
        complete: true,
        gap: null,
        firstHop: first,
      };
    }
    case 'AWSService': {
      const service = c.invokedBy ?? c.principalId ?? 'AWS service';
      if (!first.identity.principalId) first.identity.principalId = service;
      return {
        origin: {
          kind: 'aws-service',
          service,
          ...(iss.recipientAccountId ? { accountId: iss.recipientAccountId } : {}),
          label: service,
        },
        complete: true,
        gap: null,
        firstHop: first,
      };
    }
    case 'AWSAccount': {
      const account = acct ?? 'unknown';
      first.identity.accountId = acct ?? null;
      return {
        origin: {
          kind: 'external-account',
          ...(acct ? { accountId: acct } : {}),
          label: `account ${account}`,
        },
        complete: false,
        gap: {
          reason: `issued by ${iss.eventName ?? 'an STS call'} to a caller in account ${account}; that account's copy of the call (naming the caller and its key) is not in this evidence`,
        },
        firstHop: first,
      };
    }
    case 'IAMUser':
    case 'Root': {
      // The caller is named even though its key was redacted: the origin is known, the key is not.
      if (placeholderKey !== null)
        first.notes.push(`access key recorded as "${placeholderKey}" (placeholder: not linked)`);
      const kind = c.type === 'Root' ? 'root' : 'iam-user';
      return {
        origin: {
          kind,
          ...(c.arn ? { arn: c.arn } : {}),
          ...(acct ? { accountId: acct } : {}),
          label:
            kind === 'root'
              ? `root ${acct ?? ''}`.trim()
              : (arnResource(c.arn) ?? `user/${c.userName ?? '?'}`),
        },
        complete: true,
        gap: null,
        firstHop: first,
      };
    }
    default: {
      const what = c.type ?? 'unknown type';
      const why =
        placeholderKey !== null
          ? `the caller of ${iss.eventName ?? 'the issuing call'} (${what}) used a placeholder key "${placeholderKey}" that cannot be followed`
          : `the caller of ${iss.eventName ?? 'the issuing call'} (${what}) has no access key to follow`;
      return {
        origin: {
          kind: 'unknown',
          ...(c.arn ? { arn: c.arn } : {}),
          ...(acct ? { accountId: acct } : {}),
          label: arnResource(c.arn) ?? what,
        },
        complete: false,
        gap: { reason: why },
        firstHop: first,
      };
    }
  }
}

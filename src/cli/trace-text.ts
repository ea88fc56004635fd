import type { Hop, Trace } from '../domain/lineage-types.js';
import { keyKind } from '../domain/lineage-keys.js';
import { VERB } from '../domain/lineage-json.js';
import { formatTime } from '../domain/time.js';
import { safeText } from '../util/safe-text.js';

const t = (v: unknown, max = 200): string => safeText(v, { max });

function keyText(h: Hop): string {
  if (h.accessKeyId === null) return '(no key)';
  const kind = keyKind(h.accessKeyId);
  return `${t(h.accessKeyId)} [${kind}]`;
}

function hopLines(h: Hop, indent: string, isSubject: boolean): string[] {
  const who = [
    t(h.identity.type ?? '?'),
    t(h.identity.arn ?? h.identity.principalId ?? h.identity.userName ?? ''),
  ]
    .filter(Boolean)
    .join('  ');
  const lines = [`${keyText(h)}  ${who}${isSubject ? '   ◀ subject' : ''}`];
  const facts: string[] = [];
  if (h.identity.accountId) facts.push(`account ${t(h.identity.accountId)}`);
  if (h.mfa !== null) facts.push(`MFA ${h.mfa ? 'yes' : 'no'}`);
  if (h.sourceIdentity) facts.push(`source identity ${t(h.sourceIdentity)}`);
  if (h.sessionName) facts.push(`session ${t(h.sessionName)}`);
  if (facts.length) lines.push(`${indent}  ${facts.join(', ')}`);
  const i = h.issuedBy;
  if (i) {
    const when = i.eventTime ?? (i.timeMs ? formatTime(i.timeMs) : '?');
    lines.push(
      `${indent}  ${VERB[i.via ?? 'sts']} ${t(i.eventName ?? '?')} at ${t(when)} in ${t(i.awsRegion ?? '?')} from ${t(i.sourceIPAddress ?? '?')}` +
        `${i.recipientAccountId ? ` (logged in account ${t(i.recipientAccountId)})` : ''}`,
    );
    lines.push(
      `${indent}  event ${t(i.eventId)}${i.userAgent ? `, user agent ${t(i.userAgent, 80)}` : ''}`,
    );
    if (h.roleArn) lines.push(`${indent}  role ${t(h.roleArn)}`);
  }
  if (h.sessionKeys?.length)
    lines.push(`${indent}  same console session: ${h.sessionKeys.map((k) => t(k)).join(', ')}`);
  for (const n of h.notes) lines.push(`${indent}  note: ${t(n)}`);
  return lines;
}

/** The chain as an indented tree, origin first, then the keys the subject's key minted. */
export function formatTraceText(tr: Trace): string {
  const out: string[] = [];
  const subj =
    tr.subjectKind === 'event'
      ? `event ${t(tr.subject)}${tr.accessKeyId ? ` (key ${t(tr.accessKeyId)})` : ''}`
      : `key ${t(tr.subject)}`;
  out.push(`Credential chain for ${subj}${tr.atMs !== null ? ` at ${formatTime(tr.atMs)}` : ''}`);
  const o = tr.origin;
  const where = [
    o.arn ? t(o.arn) : null,
    o.accountId ? `account ${t(o.accountId)}` : null,
    o.service ? t(o.service) : null,
  ]
    .filter(Boolean)
    .join(', ');
  out.push(`Origin: ${o.kind}${where ? ` (${where})` : ''}`);
  out.push(
    tr.complete
      ? 'Chain: complete'
      : `Chain: INCOMPLETE: ${t(tr.gap?.reason ?? 'unknown reason', 400)}`,
  );
  out.push('');
  tr.hops.forEach((h, n) => {
    const indent = n === 0 ? '' : '    '.repeat(n - 1) + '    ';
    const branch = n === 0 ? '● ' : `${'    '.repeat(n - 1)}└─▶ `;
    const lines = hopLines(h, indent, n === tr.hops.length - 1);
    out.push(branch + lines[0]);
    for (const l of lines.slice(1)) out.push(l);
  });
  if (!tr.complete && tr.gap)
    out.push('', `(the trail stops at the first line: ${t(tr.gap.reason, 400)})`);
  out.push('');
  if (tr.derived.length === 0) {
    out.push(
      tr.accessKeyId
        ? `Keys minted by ${t(tr.accessKeyId)}: none in this evidence (STS issuances and IAM-created keys)`
        : 'Keys minted: none',
    );
  } else {
    out.push(`Keys minted by ${t(tr.accessKeyId)} (${tr.derived.length}):`);
    tr.derived.forEach((d, i) => {
      const branch = i === tr.derived.length - 1 ? '└─' : '├─';
      out.push(
        `${branch} ${t(d.accessKeyId)}  ${t(d.eventName ?? '?')} at ${t(d.eventTime ?? '?')}` +
          `${d.via === 'iam' ? `  long-term, for user ${t(d.userName ?? '?')}` : ''}` +
          `${d.roleArn ? `  role ${t(d.roleArn)}` : ''}  ${d.events} event${d.events === 1 ? '' : 's'}  (event ${t(d.eventId)})`,
      );
    });
  }
  return out.join('\n') + '\n';
}

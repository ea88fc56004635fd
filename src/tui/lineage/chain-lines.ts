import type { Hop, Trace } from '../../domain/lineage-types.js';
import { keyKind, shortKey } from '../../domain/lineage-keys.js';
import { formatTime } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';
import { wrap } from '../kit/text.js';
import { VERB } from '../../domain/lineage-json.js';

/** What Enter does on a line of the chain view. */
export type ChainAction =
  | { kind: 'key-events'; key: string }
  | { kind: 'event'; rowid: number }
  | { kind: 'chain'; key: string };

export interface ChainLine {
  text: string;
  style?: 'title' | 'ok' | 'warn' | 'dim' | 'section';
  action?: ChainAction;
}

const s = (v: unknown, max = 200): string => safeText(v, { max });

function hopFacts(h: Hop): string[] {
  const facts: string[] = [];
  if (h.identity.accountId) facts.push(`account ${s(h.identity.accountId)}`);
  if (h.mfa !== null) facts.push(`MFA ${h.mfa ? 'yes' : 'no'}`);
  if (h.sourceIdentity) facts.push(`source identity ${s(h.sourceIdentity)}`);
  if (h.sessionName) facts.push(`session ${s(h.sessionName)}`);
  return facts;
}

/**
 * The chain view's lines: a vertical tree from the origin down to the subject's key, each hop with
 * identity, key, issuing event (time, region, source IP, user agent), MFA and source identity; then
 * the keys the subject's key minted. Evidence is made safe here; lines are wrapped to `width`.
 */
export function chainLines(t: Trace, width: number): ChainLine[] {
  const out: ChainLine[] = [];
  const w = Math.max(20, width);
  const push = (text: string, style?: ChainLine['style'], action?: ChainAction, indent = '') => {
    wrap(text, w - indent.length).forEach((part, i) =>
      out.push({ text: (i === 0 ? '' : indent) + part, style, action }),
    );
  };
  const o = t.origin;
  push(
    `Origin: ${o.kind}  ${s(o.label)}${o.accountId && !o.label.includes(o.accountId) ? `  (account ${s(o.accountId)})` : ''}`,
    'title',
  );
  if (t.complete) push('Chain complete: the origin is in this evidence', 'ok');
  else
    push(`Chain INCOMPLETE: ${s(t.gap?.reason ?? 'unknown reason', 400)}`, 'warn', undefined, '  ');
  out.push({ text: '' });
  t.hops.forEach((h, n) => {
    const last = n === t.hops.length - 1;
    if (h.issuedBy) {
      const i = h.issuedBy;
      const when = i.eventTime ?? (i.timeMs ? formatTime(i.timeMs) : '?');
      push(
        `│ ${VERB[i.via ?? 'sts']} ${s(i.eventName ?? '?')} at ${s(when)}  ${s(i.awsRegion ?? '?')}  from ${s(i.sourceIPAddress ?? '?')}`,
        undefined,
        { kind: 'event', rowid: i.rowid },
        '│   ',
      );
      if (i.userAgent)
        push(
          `│   user agent ${s(i.userAgent, 120)}`,
          'dim',
          { kind: 'event', rowid: i.rowid },
          '│   ',
        );
      if (h.roleArn)
        push(`│   role ${s(h.roleArn)}`, 'dim', { kind: 'event', rowid: i.rowid }, '│   ');
      push('▼', 'dim');
    } else if (n > 0) {
      push('▼', 'dim');
    }
    const key =
      h.accessKeyId === null ? '(no key)' : `${s(h.accessKeyId)} ${keyKind(h.accessKeyId)}`;
    const who = `${s(h.identity.type ?? '?')}  ${s(h.identity.arn ?? h.identity.principalId ?? h.identity.userName ?? '')}`;
    const action: ChainAction | undefined =
      h.accessKeyId !== null ? { kind: 'key-events', key: h.accessKeyId } : undefined;
    push(
      `● ${key}  ${who}${last ? '   ◀ this key' : ''}`,
      last ? 'title' : undefined,
      action,
      '    ',
    );
    const facts = hopFacts(h);
    if (facts.length) push(`    ${facts.join(', ')}`, 'dim', action, '    ');
    if (h.sessionKeys?.length)
      push(
        `    same console session: ${h.sessionKeys.map((k) => s(k)).join(', ')}`,
        'dim',
        action,
        '    ',
      );
    for (const note of h.notes) push(`    ${s(note)}`, 'dim', action, '    ');
  });
  out.push({ text: '' });
  const subjectKey = t.accessKeyId;
  if (!t.derived.length) {
    push(
      subjectKey
        ? `Keys minted by ${shortKey(s(subjectKey))}: none in this evidence`
        : 'Keys minted: none',
      'section',
    );
  } else {
    push(
      `Keys minted by ${shortKey(s(subjectKey))} (${t.derived.length}), Enter traces one:`,
      'section',
    );
    t.derived.forEach((d, i) => {
      const branch = i === t.derived.length - 1 ? '└─' : '├─';
      push(
        `${branch} ${s(d.accessKeyId)}  ${s(d.eventName ?? '?')} ${s(d.eventTime ?? '?')}${d.roleArn ? `  ${s(d.roleArn)}` : ''}` +
          `${d.via === 'iam' ? `  long-term, user ${s(d.userName ?? '?')}` : ''}  ${d.events} event${d.events === 1 ? '' : 's'}`,
        undefined,
        { kind: 'chain', key: d.accessKeyId },
        '   ',
      );
    });
  }
  return out;
}

import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import { traceSubject } from '../../domain/lineage.js';
import { shortKey } from '../../domain/lineage-keys.js';
import { termText } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { useSyncState } from '../use-sync-state.js';
import { fit } from '../text.js';
import { color } from '../colors.js';
import { eventListView } from '../views/event-list.js';
import { eventDetailView } from '../views/event-detail.js';
import { chainLines, type ChainAction } from './chain-lines.js';
import { credentialStore } from './lineage-data.js';

export const CHAIN = 'chain';

export interface ChainParams {
  /** An access key ID or an event ID (the key as it stood at that event's time). */
  subject: string;
}

export function chainView(subject: string, label?: string): ViewInit<ChainParams> {
  return {
    kind: CHAIN,
    title: `chain ${safeText(label ?? shortKey(subject), { max: 30 })}`,
    params: { subject },
  };
}

/** Events made with a key: the same filter text `trailscope query key:…` takes, so both agree. */
export function keyEventsView(key: string): ViewInit {
  return eventListView(
    { text: termText('key', key) },
    `key ${safeText(shortKey(key), { max: 20 })}`,
  );
}

export function ChainView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<ChainParams>): React.JSX.Element | null {
  const { db, reader } = app.services;
  const trace = useMemo(() => {
    try {
      return { t: traceSubject(credentialStore(db), view.params.subject) };
    } catch (err) {
      return { t: undefined, error: (err as Error).message };
    }
  }, [db, view.params.subject]);
  const lines = useMemo(() => (trace.t ? chainLines(trace.t, width) : []), [trace, width]);
  const [getPos, setPos] = useSyncState({ cursor: firstAction(lines), top: 0 });
  const { cursor, top } = getPos();
  const bodyHeight = Math.max(1, height - 1);

  const moveTo = (n: number) =>
    setPos((p) => {
      const c = Math.min(Math.max(0, n), Math.max(0, lines.length - 1));
      const t = c < p.top ? c : c >= p.top + bodyHeight ? c - bodyHeight + 1 : p.top;
      return { cursor: c, top: t };
    });
  const act = (a: ChainAction | undefined) => {
    if (!a) return;
    if (a.kind === 'key-events') app.push(keyEventsView(a.key));
    else if (a.kind === 'chain') app.push(chainView(a.key));
    else {
      const row = reader.row(a.rowid);
      if (row) app.push(eventDetailView(row));
      else app.message('that event is no longer in the case file', 'error');
    }
  };
  const sel = lines[cursor]?.action;
  const selRow = sel?.kind === 'event' ? reader.row(sel.rowid) : undefined;
  app.report(view.key, selRow ? { selected: selRow } : {});

  useCommandHandlers(app, view.key, {
    'chain.down': () => moveTo(getPos().cursor + 1),
    'chain.up': () => moveTo(getPos().cursor - 1),
    'chain.pagedown': () => moveTo(getPos().cursor + bodyHeight - 1),
    'chain.pageup': () => moveTo(getPos().cursor - bodyHeight + 1),
    'chain.first': () => setPos({ cursor: 0, top: 0 }),
    'chain.last': () => moveTo(lines.length - 1),
    'chain.next': () => {
      const i = lines.findIndex(
        (l, n) => n > getPos().cursor && l.action && l.action !== lines[getPos().cursor]?.action,
      );
      if (i >= 0) moveTo(i);
    },
    'chain.open': () => act(lines[getPos().cursor]?.action),
  });

  if (!active) return null;
  const subject = safeText(view.params.subject, { max: 60 });
  if (!trace.t) {
    return (
      <Box flexDirection="column">
        <Text color={color('red')}>
          {fit(
            trace.error
              ? `cannot trace ${subject}: ${safeText(trace.error, { max: 200 })}`
              : `no access key or event "${subject}" in this case file`,
            width,
          )}
        </Text>
      </Box>
    );
  }
  const t = trace.t;
  const head = `Credential chain for ${t.subjectKind === 'event' ? `event ${subject}${t.accessKeyId ? ` (key ${safeText(t.accessKeyId)})` : ''}` : `key ${subject}`}`;
  const shown = lines.slice(top, top + bodyHeight);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {fit(head, width)}
      </Text>
      {shown.map((l, i) => (
        <Text
          key={top + i}
          wrap="truncate"
          inverse={top + i === cursor}
          bold={l.style === 'title' || l.style === 'section'}
          dimColor={l.style === 'dim'}
          color={
            l.style === 'warn'
              ? color('red')
              : l.style === 'ok'
                ? color('green')
                : l.style === 'section'
                  ? color('cyan')
                  : undefined
          }
        >
          {fit(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}

function firstAction(lines: readonly { action?: ChainAction }[]): number {
  const i = lines.findIndex((l) => l.action);
  return i < 0 ? 0 : i;
}

import type { TuiCommand } from '../shell/commands.js';
import type { Feature } from '../shell/registry.js';
import { credentialRow } from '../../store/credentials.js';
import { keyKind } from '../../domain/lineage-keys.js';
import { safeText } from '../../util/safe-text.js';
import { CHAIN, chainView, CREDENTIALS, credentialsView } from '../shell/routes.js';
import { chainFactory } from './chain-view.js';
import { credentialsFactory } from './credentials-view.js';
import { bindOriginLabels, keyWithOrigin } from './origin-labels.js';
import { credentialStore } from './lineage-data.js';

const COMMANDS: TuiCommand[] = [
  {
    id: 'app.trace',
    keys: ['t'],
    description: 'trace the credentials of the selected event back to their origin',
    scope: 'global',
    hint: 'trace',
    order: 30,
    run: (app) => {
      const row = app.context().selected;
      if (!row)
        return app.message('select an event first: t traces the key it was made with', 'error');
      app.push(chainView(row.event_id, row.access_key_id ?? row.event_name ?? 'event'));
    },
  },
  {
    id: 'lineage.credentials',
    keys: ['K'],
    description: 'every access key in the evidence: kind, origin, first/last seen, chain complete',
    scope: 'global',
    hint: 'keys',
    order: 31,
    run: (app) => app.switchTo(credentialsView()),
  },
  {
    id: `${CHAIN}.open`,
    keys: ['enter'],
    description:
      'on a key: its events; on an issuing event: its detail; on a minted key: its chain',
    scope: CHAIN,
    hint: 'open',
    order: 2,
  },
  {
    id: `${CHAIN}.next`,
    keys: ['tab'],
    description: 'next hop, issuing event or minted key',
    scope: CHAIN,
    hint: 'next',
    order: 3,
  },
  {
    id: `${CREDENTIALS}.open`,
    keys: ['enter'],
    description: "open the key's chain",
    scope: CREDENTIALS,
    hint: 'chain',
    order: 2,
  },
  {
    id: `${CREDENTIALS}.events`,
    keys: ['e'],
    description: 'events made with the key',
    scope: CREDENTIALS,
    hint: 'events',
    order: 3,
  },
  {
    id: `${CREDENTIALS}.filter`,
    keys: ['f', '/'],
    description: 'filter keys by text (key, kind, origin, identity, gap)',
    scope: CREDENTIALS,
    hint: 'filter',
    order: 4,
  },
  {
    id: `${CREDENTIALS}.gaps`,
    keys: ['i'],
    description: 'only keys whose chain is incomplete (toggle)',
    scope: CREDENTIALS,
    hint: 'gaps',
    order: 5,
    shadows: true,
  },
  {
    id: `${CREDENTIALS}.sort`,
    keys: ['s'],
    description:
      'sort by the next column (last seen, first seen, events, key, kind, origin, complete)',
    scope: CREDENTIALS,
    hint: 'sort',
    order: 6,
  },
  {
    id: `${CREDENTIALS}.reverse`,
    keys: ['r'],
    description: 'reverse the sort order',
    scope: CREDENTIALS,
  },
];

/** Credential lineage: `t`, `K`, the chain and credentials views, origin labels in the key column. */
export const lineageFeature: Feature = {
  name: 'lineage',
  views: { [CHAIN]: chainFactory, [CREDENTIALS]: credentialsFactory },
  commands: COMMANDS,
  // The access key column shows where a temporary key came from: "ASIA…W3X ← user/ci-deploy". It
  // answers the first question about a row once it has room (24 columns: the origin readable, not
  // cut to a few letters); until then the base column's narrow form (the key alone, cut in the
  // middle) stands in, and region, error keep their place. It grows with the screen (flex).
  columnChanges: {
    key: (c) => ({
      ...c,
      width: Math.max(c.width, 24),
      flex: true,
      priority: Math.min(c.priority, 4.5),
      cut: 'end',
      value: (r) => keyWithOrigin(r),
    }),
  },
  // Origin labels in the event table read the open case file's credential index.
  onOpen: (services) => bindOriginLabels(services.db),
  detailSections: [
    (services, row) => {
      const key = row.access_key_id;
      if (!key) return null;
      credentialStore(services.db);
      const c = credentialRow(services.db, key);
      const kind = keyKind(key);
      if (!c)
        return {
          title: 'Credential origin',
          lines: [`${safeText(key)} (${kind}): not in the credential index; t traces it`],
        };
      const origin = `${safeText(c.origin_kind ?? '?')} ${safeText(c.origin_label ?? '')}`;
      const lines = [
        `${safeText(key)} ← ${origin}`,
        c.complete === 1
          ? `chain complete (${c.depth ?? '?'} key${c.depth === 1 ? '' : 's'} deep) · t shows it hop by hop`
          : `chain has a gap: ${safeText(c.gap ?? 'unknown', { max: 300 })} · t shows where it stops`,
        `${c.events.toLocaleString('en-US')} event${c.events === 1 ? '' : 's'} made with this key${c.minted ? `, ${c.minted} key${c.minted === 1 ? '' : 's'} minted with it` : ''}`,
      ];
      return { title: 'Credential origin', lines };
    },
  ],
};

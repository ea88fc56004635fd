import type { EventRow } from '../../store/event-row.js';
import type {
  DetailSectionProvider,
  Feature,
  RowColorProvider,
  TuiCommand,
  TuiRegistry,
  TuiServices,
  ViewFactory,
} from './app-api.js';
import { Keymap } from './commands.js';
import type { EventColumn } from '../events/columns.js';

export type { DetailSectionProvider, Feature, RowColorProvider, TuiRegistry };
import { MOVES } from '../kit/moves.js';
import { safeText } from '../../util/safe-text.js';

export function buildRegistry(features: readonly Feature[]): TuiRegistry {
  const views = new Map<string, ViewFactory>();
  const commands: TuiCommand[] = [...MOVES];
  let columns: EventColumn[] = [];
  const changes = new Map<string, { by: string; f: (c: EventColumn) => EventColumn }>();
  for (const f of features) {
    for (const [kind, factory] of Object.entries(f.views ?? {})) {
      if (views.has(kind)) throw new Error(`two features declare the view ${kind}`);
      views.set(kind, factory);
    }
    commands.push(...(f.commands ?? []));
    columns.push(...(f.columns ?? []));
    for (const [id, change] of Object.entries(f.columnChanges ?? {})) {
      const prior = changes.get(id);
      if (prior) throw new Error(`features ${prior.by} and ${f.name} both change the column ${id}`);
      changes.set(id, { by: f.name, f: change });
    }
  }
  columns = columns.map((c) => changes.get(c.id)?.f(c) ?? c);
  const colors = features.map((f) => f.rowColor).filter((c): c is RowColorProvider => !!c);
  const hooks = features.map((f) => f.onOpen).filter((h) => !!h);
  const opened = new WeakSet<TuiServices>();
  return {
    views,
    keymap: new Keymap(commands),
    columns,
    detailSections: features.flatMap((f) => f.detailSections ?? []),
    rowColor(row) {
      for (const p of colors) {
        const c = p(row);
        if (c) return c;
      }
      return row.error_code ? 'red' : undefined;
    },
    opened(services) {
      if (opened.has(services)) return;
      opened.add(services);
      for (const h of hooks) h(services);
    },
    reopened(services) {
      for (const h of hooks) h(services);
    },
  };
}

/** Detail sections for one event; a section that throws says so instead of breaking the view. */
export function detailSectionsFor(
  registry: TuiRegistry,
  services: TuiServices,
  row: EventRow,
  record: Record<string, unknown> | null,
): { title: string; lines: string[] }[] {
  const out: { title: string; lines: string[] }[] = [];
  for (const p of registry.detailSections) {
    try {
      const s = p(services, row, record);
      if (s) out.push(s);
    } catch (err) {
      out.push({
        title: 'section failed',
        lines: [`(${safeText((err as Error)?.message ?? err, { max: 200 })})`],
      });
    }
  }
  return out;
}

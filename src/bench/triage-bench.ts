/**
 * Issue #7 view-opening figures: the notable view, a facet and the timeline on the whole case
 * file (the heaviest case: no filter narrows them), each on a fresh connection.
 */
import { openCaseFile, type Database } from '../store/db.js';
import { compileFilter } from '../query/index.js';
import { pageNotableEvents, ruleSummary } from '../store/notable.js';
import { valueCounts } from '../store/stats.js';
import { histogram } from '../store/histogram.js';
import { getInsights } from '../case/insights.js';
import type { Figure } from './figures.js';
import { ruleShareFigures } from './rule-share.js';

function fresh<T>(dbPath: string, fn: (db: Database) => T): { ms: number; value: T } {
  // Read-write, as the TUI opens it: views may cache what they compute in the case file.
  const db = openCaseFile(dbPath);
  try {
    const t0 = performance.now();
    const value = fn(db);
    return { ms: performance.now() - t0, value };
  } finally {
    db.close();
  }
}

export function benchTriage(o: { dbPath: string }): Figure[] {
  const S = 'triage (#7)';
  const all = compileFilter('');
  const figures: Figure[] = [];
  const add = (name: string, fn: (db: Database) => string): void => {
    try {
      const r = fresh(o.dbPath, fn);
      figures.push({
        section: S,
        name,
        unit: 'ms',
        measured: r.ms,
        target: { kind: 'max', value: 300 },
        note: r.value,
      });
    } catch (err) {
      figures.push({
        section: S,
        name,
        unit: 'ms',
        measured: null,
        target: { kind: 'max', value: 300 },
        note: `failed: ${(err as Error).message.slice(0, 160)}`,
      });
    }
  };
  add('notable view open', (db) => {
    const rules = ruleSummary(db);
    const page = pageNotableEvents(db, all, { limit: 50 });
    return `${rules.length} rules with matches; first page ${page.length} events`;
  });
  add('facet open (event name, all events)', (db) => {
    const v = valueCounts(db, all, { kind: 'dict', field: 'event_name' }, 200);
    return `${v.distinct} distinct values`;
  });
  add('facet open (source IP, all events)', (db) => {
    const v = valueCounts(db, all, { kind: 'dict', field: 'source_ip' }, 200);
    return `${v.distinct} distinct values`;
  });
  add('timeline open (all events)', (db) => {
    const h = histogram(db, all, { buckets: 200 });
    return h ? `200 buckets of ${(h.bucketMs / 60000).toFixed(0)} min` : 'no events';
  });
  add('timeline open (error:*)', (db) => {
    const h = histogram(db, compileFilter('error:*'), { buckets: 200 });
    return h ? '200 buckets' : 'no events';
  });
  // Insights are computed on first use and cached in the case file: time both opens.
  add('insights view open (first, computes the cache)', (db) => {
    const r = getInsights(db, { refresh: true });
    return `${r.windows.length} windows; not computed at index time`;
  });
  add('insights view open (cached)', (db) => {
    const r = getInsights(db);
    return `${r.windows.length} windows`;
  });
  figures.push(...ruleShareFigures({ dbPath: o.dbPath }));
  return figures;
}

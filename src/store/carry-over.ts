import type { Database } from 'better-sqlite3';

/**
 * The responder's own data, carried into a rebuilt case file: notes and tags (by eventID, so a
 * note whose event is gone stays as an orphan) and Sigma packs with their rules (run again over the
 * new events: done_rowid starts at 0). Verify verdicts are not carried: they describe the files as
 * they were, and `trailscope verify` states them again for the files as they are.
 */
const CARRIED: readonly { table: string; reset?: Record<string, unknown> }[] = [
  { table: 'notes' },
  { table: 'tags' },
  { table: 'sigma_packs' },
  { table: 'sigma_rules', reset: { done_rowid: 0 } },
];

function columns(db: Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
    (r) => r.name,
  );
}

/** Copy the responder's data from `from` (read-only is enough) into the new case file `to`; counts per table. */
export function carryOverResponderData(from: Database, to: Database): Record<string, number> {
  const counts: Record<string, number> = {};
  to.transaction(() => {
    for (const { table, reset } of CARRIED) {
      const src = columns(from, table);
      const dst = new Set(columns(to, table));
      const cols = src.filter((c) => dst.has(c));
      if (cols.length === 0) continue;
      const quoted = cols.map((c) => `"${c.replace(/"/g, '""')}"`);
      const insert = to.prepare(
        `INSERT OR IGNORE INTO "${table}" (${quoted.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      let n = 0;
      for (const row of from
        .prepare(`SELECT ${quoted.join(', ')} FROM "${table}"`)
        .iterate() as Iterable<Record<string, unknown>>) {
        insert.run(cols.map((c) => (reset && c in reset ? reset[c] : row[c])));
        n++;
      }
      counts[table] = n;
    }
  })();
  return counts;
}

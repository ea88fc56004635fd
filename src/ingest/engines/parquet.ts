import type { RecordSink } from '../record-sink.js';

/**
 * Parquet rows (Security Lake's OCSF objects, or the Athena CloudTrail layout) through DuckDB's
 * Node API, an optional dependency loaded here only, when a Parquet file is met. Each row comes
 * out as JSON (DuckDB's `to_json`) and goes through the same unwrapping as any JSON item.
 */

export const DUCKDB_MISSING =
  'Parquet needs the optional dependency @duckdb/node-api, which is not installed (npm install @duckdb/node-api); the file was not read';

type DuckModule = typeof import('@duckdb/node-api');

async function loadDuckDb(): Promise<DuckModule | null> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    return null;
  }
}

/** Feed every row of the Parquet file at `path` to the sink; a problem comes back as the file's error. */
export async function parseParquet(
  path: string,
  sink: RecordSink,
): Promise<{ error?: string; notEvidence?: string }> {
  const duck = await loadDuckDb();
  if (!duck) return { error: DUCKDB_MISSING };
  let instance: Awaited<ReturnType<DuckModule['DuckDBInstance']['create']>> | null = null;
  try {
    // no extensions, no network: a local file read by a private in-memory database
    instance = await duck.DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      enable_external_access: 'true',
    });
    const conn = await instance.connect();
    try {
      const result = await conn.stream(
        'SELECT to_json(t)::VARCHAR AS j FROM read_parquet($1) AS t',
        [path],
      );
      sink.parquet = true;
      for await (const rows of result.yieldRows()) {
        for (const [j] of rows) {
          sink.item('array', typeof j === 'string' ? j : String(j));
          if (sink.full) await sink.flushIfFull();
        }
      }
      return {};
    } finally {
      conn.closeSync();
    }
  } catch (err) {
    return {
      error: `unreadable Parquet: ${String((err as Error).message ?? err)
        .split('\n')[0]
        .slice(0, 200)}`,
    };
  } finally {
    instance?.closeSync();
  }
}

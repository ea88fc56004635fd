import { parentPort, workerData } from 'node:worker_threads';
import { openCaseFile } from '../../store/db.js';
import { tuneForInteractive } from '../../store/interactive.js';
import { QUERY_OPS, type QueryOp } from './query-ops.js';

/**
 * The TUI's query thread: its own read-only connection, one query at a time. A query cannot be
 * interrupted inside SQLite, so cancelling one terminates this thread (query-client.ts).
 */
const db = openCaseFile((workerData as { dbPath: string }).dbPath, { readonly: true });
// as the TUI's own connection: no memory-mapped reads (a listing of every resource touched the
// whole case file, and every mapped page counted in the TUI's resident memory)
tuneForInteractive(db);

parentPort!.on('message', (m: { id: number; op: QueryOp; args: unknown }) => {
  try {
    const result = (QUERY_OPS[m.op] as (d: typeof db, a: unknown) => unknown)(db, m.args);
    parentPort!.postMessage({ id: m.id, ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, ok: false, error: (err as Error).message });
  }
});

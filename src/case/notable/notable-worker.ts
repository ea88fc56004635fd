// The notable rules' reading half, on a thread of its own during an index run (notable-thread.ts):
// its own read-only connection sees the events the load committed, and the findings go back to the
// writer, which writes them (the case file has one writer).
import { parentPort, workerData } from 'node:worker_threads';
import { openCaseFile } from '../../store/db.js';
import { beginApartReads } from '../../store/ingest-writer.js';
import { computeNotable, type NotableRun } from './evaluate.js';

const { dbPath, run } = workerData as { dbPath: string; run: NotableRun };
try {
  const started = performance.now();
  const db = openCaseFile(dbPath, { readonly: true });
  try {
    beginApartReads(db);
    // one read transaction: every query sees the same events
    const findings = db.transaction(() => computeNotable(db, run))();
    parentPort!.postMessage({ findings, ms: Math.round(performance.now() - started) });
  } finally {
    db.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: (err as Error)?.message ?? String(err) });
}

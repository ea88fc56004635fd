// The notable rules' reading half, on a thread of its own during an index run (notable-thread.ts):
// its own read-only connection sees the events the load committed, and the findings go back to the
// writer, which writes them (the case file has one writer). Then the Insights, when the writer has
// not taken them: they only read too.
import { parentPort, workerData } from 'node:worker_threads';
import { answerApart, takeClaim } from '../apart-thread.js';
import { computeInsights } from '../insights.js';
import { collectBetweenPasses } from '../../util/heap-valve.js';
import { computeNotable, type NotableRun } from './evaluate.js';
import type { ApartReads } from './notable-thread.js';

const { dbPath, run, insightsClaim } = workerData as {
  dbPath: string;
  run: NotableRun;
  insightsClaim: Int32Array | null;
};
answerApart(
  (m) => parentPort!.postMessage(m),
  dbPath,
  (db): ApartReads => {
    // one read transaction per pass: every query of it sees the same events
    const findings = db.transaction(() => computeNotable(db, run))();
    if (!insightsClaim || !takeClaim(insightsClaim)) return { findings };
    // the rules' garbage and page cache go before the Insights grow theirs: this thread runs beside
    // the writer's credential walk, the longest and largest pass. (Should the thread die in the
    // Insights, the writer computes the rules again as well: a thread answers once.)
    const at = performance.now();
    collectBetweenPasses();
    db.pragma('shrink_memory');
    try {
      const insights = db.transaction(() => computeInsights(db))();
      return { findings, insights, insightsMs: Math.round(performance.now() - at) };
    } catch {
      // the findings still count; the writer sees the claim taken without Insights, and computes them
      return { findings };
    }
  },
);

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
    const findings = computeNotable(db, run);
    if (!insightsClaim || !takeClaim(insightsClaim)) return { findings };
    // the rules' garbage and page cache go before the Insights grow theirs: this thread runs beside
    // the writer's credential walk, the longest and largest pass (keys corpus at 1M: 494 MiB peak
    // without this, 1M events with 410k keys)
    collectBetweenPasses();
    db.pragma('shrink_memory');
    const at = performance.now();
    try {
      const insights = computeInsights(db);
      return { findings, insights, insightsMs: Math.round(performance.now() - at) };
    } catch {
      // the findings still count; the writer sees the claim taken without Insights, and computes them
      return { findings };
    }
  },
);

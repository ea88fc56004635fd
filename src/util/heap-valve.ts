import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A pressure valve for long derived-table passes (credential chains, notable rules) over a big
 * case file. They make garbage in bulk (decoded records, rows), and V8 lets an idle heap grow to
 * hundreds of MB before it collects: measured on 200k events, the credentials refresh left 82 MB of
 * garbage (4 MB live). Peak RSS is a promise of the index run, so collect when the heap passes a
 * threshold instead of waiting for V8. On the 1M benchmark: without it 710 MB peak; at 64 MB every
 * 500 keys 447 MB but 11 s slower (too many full collections); at 128 MB every 1,000 keys 450 MB
 * and no slower than without.
 */
let gc: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  } catch {
    gc = null;
  }
  return gc;
}

/**
 * Between two passes: what one left behind is garbage to the next, and a heap V8 let grow for the
 * first is handed back to the system before the second grows its own. Measured on the wide corpus
 * at 1M events: the heap the notable rules grew (~130 MB of garbage, ~30 MB live) was still
 * resident when the Insights pass started, and the run peaked there.
 */
export function collectBetweenPasses(): void {
  collector()?.();
}

/** Collect garbage when the JS heap holds more than `limitBytes` (checked cheaply: call it every few hundred items). */
export function relieveHeap(limitBytes = 128 * 1024 * 1024): void {
  if (process.memoryUsage().heapUsed < limitBytes) return;
  collector()?.();
}

import { appendFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * `TRAILSCOPE_TRACE_FRAMES=FILE`: one line per key, `key<TAB>ms from key to the next frame written`,
 * plus a first line `first-frame<TAB>ms since process start<TAB>ms since the TUI began opening the
 * case file`. The benchmark drives a pty and reads this for p95s. A key that changes nothing on
 * screen is logged when the next frame is written, so drive keys that move something.
 */
export interface FrameTrace {
  key(name: string): void;
}

export function startFrameTrace(
  file: string | undefined,
  out: NodeJS.WriteStream,
  t0: number,
): FrameTrace | null {
  if (!file) return null;
  writeFileSync(file, '');
  let pending: { name: string; at: number } | null = null;
  let first = true;
  const write = out.write.bind(out) as (...args: unknown[]) => boolean;
  // Measures what the user sees: the moment the frame's bytes go to the terminal.
  (out as { write: unknown }).write = (...args: unknown[]) => {
    const ok = write(...args);
    const now = performance.now();
    if (first) {
      first = false;
      appendFileSync(file, `first-frame\t${now.toFixed(1)}\t${(now - t0).toFixed(1)}\n`);
    } else if (pending) {
      appendFileSync(file, `${pending.name}\t${(now - pending.at).toFixed(1)}\n`);
      pending = null;
    }
    return ok;
  };
  return {
    key(name) {
      // keys typed ahead of a frame: time from the first of them
      if (!pending) pending = { name, at: performance.now() };
    },
  };
}

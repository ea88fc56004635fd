// The bench measures the built CLI (dist/). A bare `tsc` leaves the TUI bundle older than the
// modules, and the TUI then loads the modules one by one (launch.ts): measured, that doubled the
// first frame (2.1 s instead of 1.1 s). So the bundle is rebuilt here when it is stale.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/tui/main/run-tui.bundle.js', import.meta.url));
const MODULE = fileURLToPath(new URL('../../dist/tui/main/run-tui.js', import.meta.url));

/** Whether the TUI bundle is missing or older than the compiled TUI. */
export function tuiBundleStale(): boolean {
  if (!existsSync(MODULE)) return false;
  return !existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < statSync(MODULE).mtimeMs;
}

/** Rebuild a stale TUI bundle (throws when the bundler fails: the TUI figures would be wrong). */
export function ensureTuiBundle(log: (msg: string) => void): void {
  if (!tuiBundleStale()) return;
  log(
    'the TUI bundle is older than dist/ (a bare tsc?): rebuilding it so the TUI is measured as shipped…',
  );
  const r = spawnSync(process.execPath, ['scripts/bundle-tui.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('scripts/bundle-tui.mjs failed: run `npm run build`');
}

/**
 * `npm run demo:generate [-- OUT_DIR]`: regenerate the bundled demo evidence (default ./demo-data).
 * The output folder is replaced, so files from an older generator cannot linger.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateDemo } from './generate.js';
import { TRAIL_BUCKETS } from './layout.js';

const out = resolve(process.argv[2] ?? 'demo-data');
if (existsSync(out)) {
  const unexpected = readdirSync(out).filter(
    (n) => ![...TRAIL_BUCKETS, 'console', 'cli', 'README.md'].includes(n as never),
  );
  if (unexpected.length) {
    process.stderr.write(
      `demo:generate: ${out} holds files the generator did not write (${unexpected.join(', ')}); refusing to replace it\n`,
    );
    process.exit(2);
  }
  rmSync(out, { recursive: true, force: true });
}
const started = Date.now();
const s = generateDemo(out);
process.stdout.write(
  `demo evidence: ${s.events} events in ${s.files.length} files under ${out} (${Date.now() - started} ms)\n`,
);

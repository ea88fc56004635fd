// Bundle the compiled TUI (dist/tui/main/run-tui.js with ink, React and their dependencies) into one
// file. Loading ink from node_modules means hundreds of small ES modules (es-toolkit alone is
// ~200 ms on Node 20); one file loads in a fraction of that, and the first frame comes sooner.
// Optional: without rolldown (a production-only install) the launcher uses the unbundled files.
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const input = join(root, 'dist', 'tui', 'main', 'run-tui.js');
const output = join(root, 'dist', 'tui', 'main', 'run-tui.bundle.js');
const INK_WIDTH = join(root, 'dist', 'tui', 'main', 'ink-string-width.js');

let rolldown;
try {
  rolldown = await import('rolldown');
} catch {
  rmSync(output, { force: true });
  console.error(
    'bundle-tui: rolldown not installed; the TUI loads from node_modules (slower start)',
  );
  process.exit(0);
}
if (!existsSync(input)) {
  console.error('bundle-tui: dist/tui/main/run-tui.js missing: run tsc first');
  process.exit(1);
}

// ink imports react-devtools-core only when DEV=true; it is not a dependency: an empty stand-in.
// Its window polyfill for the devtools (loaded only then too) imports `ws`: ~100 KB of the bundle
// that every start would parse; a stand-in as well.
const STUB = '\0devtools-stub';
const WS_STUB = '\0devtools-ws-stub';
await rolldown.build({
  input,
  platform: 'node',
  // the native addon stays a normal import
  external: ['better-sqlite3', /^node:/],
  plugins: [
    {
      // string-width stays a normal import for our width function (src/util/display-width.ts),
      // which the CLI has already loaded: one copy built once (its Unicode segmenter and tables
      // took ~40 ms to build a second time). Everyone else's import of it (ink, wrap-ansi whose
      // own older 7.x gives way too, cli-truncate) goes through src/tui/main/ink-string-width.ts,
      // which answers for the characters a screen is drawn with without building those at all.
      name: 'one-string-width',
      resolveId(source, importer) {
        if (source !== 'string-width') return null;
        if (
          importer &&
          /[\\/](util[\\/]display-width|main[\\/]ink-string-width)\.js$/.test(importer)
        )
          return { id: 'string-width', external: true };
        return INK_WIDTH;
      },
    },
    {
      // yoga-layout's loader fetches its own base64 data: URL when `fetch` exists, which loads
      // Node's undici (~40 ms of the TUI's start); its synchronous base64 decode is what it falls
      // back to, so it takes that path at once (checked by test/tui/main/bundle.test.ts)
      name: 'yoga-without-fetch',
      transform(code, id) {
        if (!/yoga-layout[\\/].*yoga-wasm-base64-esm\.js$/.test(id)) return null;
        const out = code.replaceAll('"function"!=typeof fetch', 'true');
        if (out === code)
          throw new Error('bundle-tui: yoga-layout loader changed; review the patch');
        return { code: out, map: null };
      },
    },
    {
      name: 'devtools-stub',
      resolveId: (id, importer) =>
        id === 'react-devtools-core'
          ? STUB
          : id === 'ws' && importer && /devtools-window-polyfill\.js$/.test(importer)
            ? WS_STUB
            : null,
      load: (id) =>
        id === STUB
          ? 'export default { initialize() {}, connectToDevTools() {} };'
          : id === WS_STUB
            ? 'export default class WebSocket {}'
            : null,
    },
  ],
  // React's and ink's development builds left out: launch.ts selects the production build
  // before the TUI loads (the bundle held both: 2.2 MB to compile at every start)
  transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  output: { file: output, format: 'esm', codeSplitting: false },
  logLevel: 'warn',
});

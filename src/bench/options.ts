/** `npm run bench -- [options]`: what to measure and on how big a corpus. */
import { parseArgs } from 'node:util';

export const PARTS = ['index', 'jq', 'query', 'lineage', 'triage', 'tui'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  events: number;
  seed?: string;
  root: string;
  db?: string;
  parts: Set<Part>;
  json: boolean;
  markdown: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [options]

  --events N      corpus size in events (default 1000000; e.g. 20000 for a quick run)
  --only LIST     comma list of parts: ${PARTS.join(',')} (default: all)
  --skip LIST     parts to leave out
  --json          print the figures as JSON instead of a table
  --markdown      print the table as Markdown (for the README)
  --dir DIR       where corpora and the case file live (default .bench, gitignored)
  --db FILE       case file to build / reuse (default DIR/bench-N.db)
  --seed TEXT     generator seed (default trailscope-bench)

Without "index", the other parts reuse the case file left by an earlier run.
"jq" needs jq and zcat on PATH (apt-get install -y jq).`;

function parts(list: string | undefined, flag: string): Part[] {
  if (!list) return [];
  return list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      if (!(PARTS as readonly string[]).includes(p))
        throw new Error(`${flag}: unknown part "${p}" (parts: ${PARTS.join(', ')})`);
      return p as Part;
    });
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      dir: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const events =
    values.events === undefined ? 1_000_000 : Number(values.events.replace(/[_,]/g, ''));
  if (!Number.isInteger(events) || events < 100)
    throw new Error('--events must be a whole number of at least 100');
  const only = parts(values.only, '--only');
  const selected = new Set<Part>(only.length ? only : PARTS);
  for (const p of parts(values.skip, '--skip')) selected.delete(p);
  return {
    events,
    seed: values.seed,
    root: values.dir ?? '.bench',
    db: values.db,
    parts: selected,
    json: !!values.json,
    markdown: !!values.markdown,
    help: !!values.help,
  };
}

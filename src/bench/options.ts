/** `npm run bench -- [options]`: what to measure and on how big a corpus. */
import { parseArgs } from 'node:util';

export const PARTS = [
  'index',
  'carve',
  'sigma',
  'jq',
  'query',
  'lineage',
  'triage',
  'tui',
] as const;
export type Part = (typeof PARTS)[number];
export const CORPORA = ['bench', 'wide', 'keys'] as const;
/** What a run measures when --corpus is not given: `keys` is the memory case, run on request. */
export const DEFAULT_CORPORA: readonly CorpusName[] = ['bench', 'wide'];
export type CorpusName = (typeof CORPORA)[number];
/** Both corpora at this size finish in reasonable time on 2 cores; `--million` for the size. */
export const DEFAULT_EVENTS = 200_000;

export interface BenchOptions {
  events: number;
  corpora: CorpusName[];
  seed?: string;
  root: string;
  db?: string;
  parts: Set<Part>;
  json: boolean;
  markdown: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [options]

  --events N      size of each corpus in events (default 200000; e.g. 20000 for a quick run)
  --million       1,000,000 events each (the size issue #10 measures)
  --corpus LIST   comma list of corpora: ${CORPORA.join(',')} (default: bench,wide)
                    bench: a week of people and pipelines (src/synth/bench/)
                    wide:  30 days of an organisation trail over 12 accounts with ~160k access
                           keys, ~80k ARNs, ~64k S3 objects per 1M events, MiB records, digests
                    keys:  the wide month with one- or two-call sessions: ~400k access keys and
                           ~180k ARNs per 1M events, records up to 8 MiB (issue #10's memory case)
  --only LIST     comma list of parts: ${PARTS.join(',')} (default: all)
  --skip LIST     parts to leave out
  --json          print the figures as JSON instead of a table
  --markdown      print the table as Markdown (for the README)
  --dir DIR       where corpora and the case files live (default .bench, gitignored)
  --db FILE       bench corpus case file to build / reuse (default DIR/bench-N.db; wide: DIR/wide-N.db)
  --seed TEXT     generator seed (default trailscope-bench / trailscope-wide)

Without "index", the other parts reuse the case file left by an earlier run ("carve" and
"sigma" need "index" in the same run: they are compared with its time).
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
      million: { type: 'boolean' },
      corpus: { type: 'string' },
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
  if (values.million && values.events !== undefined)
    throw new Error('--million and --events: give one size');
  const events = values.million
    ? 1_000_000
    : values.events === undefined
      ? DEFAULT_EVENTS
      : Number(values.events.replace(/[_,]/g, ''));
  if (!Number.isInteger(events) || events < 100)
    throw new Error('--events must be a whole number of at least 100');
  const corpora = (values.corpus ?? DEFAULT_CORPORA.join(','))
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      if (!(CORPORA as readonly string[]).includes(c))
        throw new Error(`--corpus: unknown corpus "${c}" (corpora: ${CORPORA.join(', ')})`);
      return c as CorpusName;
    });
  if (corpora.length === 0) throw new Error('--corpus: name at least one corpus');
  const only = parts(values.only, '--only');
  const selected = new Set<Part>(only.length ? only : PARTS);
  for (const p of parts(values.skip, '--skip')) selected.delete(p);
  return {
    events,
    corpora: [...new Set(corpora)],
    seed: values.seed,
    root: values.dir ?? '.bench',
    db: values.db,
    parts: selected,
    json: !!values.json,
    markdown: !!values.markdown,
    help: !!values.help,
  };
}

/**
 * The reference the index is compared with: `zcat | jq` counting events by name over the same
 * files (issue #2). Its counts are checked against the generator's manifest, so the reference is
 * known to have read every record.
 */
import { spawnSync } from 'node:child_process';
import { runChild } from './child.js';
import type { Figure } from './figures.js';
import type { CorpusManifest } from '../synth/bench/generate.js';

export function haveCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

export async function benchJq(o: {
  corpusDir: string;
  manifest: Pick<CorpusManifest, 'records' | 'eventNames'>;
  indexEventsPerSec: number | null;
}): Promise<Figure[]> {
  const S = 'index (#2)';
  if (!haveCommand('jq') || !haveCommand('zcat')) {
    return [
      {
        section: S,
        name: 'reference zcat | jq',
        unit: 'ev/s',
        measured: null,
        note: 'jq or zcat missing: install jq (apt-get install -y jq) for the reference',
      },
    ];
  }
  const script = `find -H "$1" -name '*.json.gz' -not -path '*/CloudTrail-Digest/*' -print0 | xargs -0 zcat | jq -n 'reduce (inputs.Records[].eventName) as $n ({}; .[$n] += 1)'`;
  const run = await runChild('sh', ['-c', script, 'sh', o.corpusDir]);
  let counts: Record<string, number> = {};
  try {
    counts = JSON.parse(run.stdout) as Record<string, number>;
  } catch {
    return [
      {
        section: S,
        name: 'reference zcat | jq',
        unit: 'ev/s',
        measured: null,
        note: `jq failed: ${run.stderr.slice(0, 200)}`,
      },
    ];
  }
  const jqRate = o.manifest.records / (run.wallMs / 1000);
  const ok = sameCounts(counts, o.manifest.eventNames);
  return [
    {
      section: S,
      name: 'reference zcat | jq (count by name)',
      unit: 'ev/s',
      measured: jqRate,
      note: `${(run.wallMs / 1000).toFixed(1)} s; counts ${ok ? 'match the manifest' : 'DIFFER from the manifest'}`,
    },
    {
      section: S,
      name: 'index speed / jq speed',
      unit: 'x',
      measured: o.indexEventsPerSec === null ? null : o.indexEventsPerSec / jqRate,
      // issue #10: an index run at least twice as fast as counting by name with jq
      target: { kind: 'min', value: 2 },
    },
  ];
}

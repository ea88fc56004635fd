// Sigma evaluation cost: 500 generated CloudTrail rules over the bench corpus (default 20,000
// events), against the index run of the same corpus. `npm run build:dev && node dist-dev/bench/sigma-bench.js [events]`.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCorpus } from '../synth/bench/corpus-cache.js';
import { runIndex } from '../cli/index-runner.js';
import { openCaseFile } from '../store/db.js';
import { evaluateSigma, recordLoadedPack } from '../case/sigma/apply.js';
import { loadPack } from '../domain/sigma/load.js';
import { streamRaw } from '../store/export-stream.js';

/** CPU milliseconds of the whole process (worker threads included) since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
}

/** Rule shapes in roughly the mix of public CloudTrail packs: most name their events. */
function ruleText(i: number, names: readonly string[]): string {
  const name = names[i % names.length];
  const other = names[(i * 7 + 3) % names.length];
  const head = `title: bench rule ${i}\nid: bench-${i}\nlevel: ${['low', 'medium', 'high'][i % 3]}\ntags: [attack.t1078]\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n`;
  switch (i % 10) {
    case 0:
      return `${head}  selection:\n    userAgent|contains: 'bench-${i}'\n  condition: selection\n`; // no event name: every record
    case 1:
      return `${head}  selection:\n    eventName: ${name}\n    sourceIPAddress|cidr: 10.${i % 256}.0.0/16\n  condition: selection\n`;
    case 2:
      return `${head}  selection:\n    eventName: [${name}, ${other}]\n    userIdentity.arn|re: ':user/.*${i}$'\n  filter:\n    errorCode|exists: true\n  condition: selection and not filter\n`;
    default:
      return `${head}  selection:\n    eventSource|endswith: '.amazonaws.com'\n    eventName:\n      - ${name}\n      - ${other}\n  filter_ro:\n    readOnly: true\n  condition: selection and not 1 of filter_*\n`;
  }
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 20_000);
  const rules = Number(process.argv[3] ?? 500);
  const corpus = await ensureCorpus({ root: '.bench', events });
  const dir = mkdtempSync(join(tmpdir(), 'sigma-bench-'));
  try {
    const dbPath = join(dir, 'case.db');
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await runIndex([corpus.dir], { dbPath, quiet: true });
    const indexMs = performance.now() - t0;
    const indexCpu = cpuMs(c0);
    const db = openCaseFile(dbPath);
    const names = db
      .prepare("SELECT value FROM dict WHERE field = 'event_name' ORDER BY value")
      .pluck()
      .all() as string[];
    const pack = join(dir, 'pack');
    mkdirSync(pack);
    for (let i = 0; i < rules; i++)
      writeFileSync(join(pack, `rule-${String(i).padStart(4, '0')}.yml`), ruleText(i, names));
    // what the pass spends only on getting each stored record back as an object (the part an
    // evaluation in the parse workers, on records already parsed, would not pay)
    const cRead = process.cpuUsage();
    let read = 0;
    for (const { raw } of streamRaw(db, { where: '1', params: [] })) if (JSON.parse(raw)) read++;
    const readCpu = cpuMs(cRead);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const loaded = loadPack(pack);
    const t2 = performance.now();
    const loadCpu = cpuMs(c1);
    const c2 = process.cpuUsage();
    recordLoadedPack(db, loaded);
    const run = evaluateSigma(db);
    const t3 = performance.now();
    const evalCpu = cpuMs(c2);
    const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    db.close();
    const pct = ((t3 - t1) / indexMs) * 100;
    process.stdout.write(
      `${total.toLocaleString('en-US')} events, ${rules} rules (${loaded.entries.filter((e) => e.status === 'loaded').length} loaded): ` +
        `index ${(indexMs / 1000).toFixed(1)} s; load ${(t2 - t1).toFixed(0)} ms; evaluate ${(t3 - t2).toFixed(0)} ms (${run.hits.toLocaleString('en-US')} hits); ` +
        `Sigma = ${pct.toFixed(1)} % of the index run\n` +
        `CPU: index ${(indexCpu / 1000).toFixed(1)} s; load ${loadCpu.toFixed(0)} ms; evaluate ${evalCpu.toFixed(0)} ms, of which reading and parsing the ${read.toLocaleString('en-US')} stored records ${readCpu.toFixed(0)} ms; ` +
        `Sigma = ${(((loadCpu + evalCpu) / indexCpu) * 100).toFixed(1)} % of the index run's CPU\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

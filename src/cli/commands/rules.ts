import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { runIndex } from '../index-runner.js';
import { safeJson } from '../safe-json.js';
import { collect, rulePaths, RULES_OPTION_HELP } from '../sigma-run.js';
import { openCaseFile } from '../../store/db.js';
import { openCase } from '../../case/open.js';
import { deletePack, hasSigmaTables, hitCount, hitEvents, storedRules } from '../../store/sigma.js';
import { RULES } from '../../domain/notable/rules.js';
import { evaluateSigma, recordLoadedPack, storedIdOf } from '../../case/sigma/apply.js';
import { loadPack } from '../../domain/sigma/load.js';
import { attackTechnique } from '../../case/sigma/report.js';
import { severityOfLevel } from '../../domain/sigma/types.js';
import { whoLabel } from '../../domain/identity.js';
import { formatTime } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';

/** One line of `trailscope rules`: a built-in rule or a Sigma rule document. */
export interface RuleListing {
  id: string | null;
  source: 'built-in' | 'sigma';
  status: string;
  reason: string | null;
  severity: string;
  title: string;
  mitre: { id: string; name: string };
  /** Sigma: the pack and the file inside it; whether the case file records it. */
  pack?: string;
  file?: string;
  recorded?: boolean;
  tags?: string[];
}

function builtInListings(): RuleListing[] {
  return RULES.map((r) => ({
    id: r.id,
    source: 'built-in',
    status: 'loaded',
    reason: null,
    severity: r.severity,
    title: r.title,
    mitre: r.mitre,
  }));
}

function sigmaListing(
  e: {
    id: string | null;
    status: string;
    reason: string | null;
    level: string | null;
    title: string;
    tags: string[];
    pack: string;
    file: string;
  },
  recorded: boolean,
): RuleListing {
  return {
    id: e.id,
    source: 'sigma',
    status: e.status,
    reason: e.reason,
    severity: severityOfLevel(e.level),
    title: e.title,
    mitre: attackTechnique(e.tags),
    pack: e.pack,
    file: e.file,
    recorded,
    tags: e.tags,
  };
}

function listingLines(rules: readonly RuleListing[]): string[] {
  const out: string[] = [];
  for (const r of rules) {
    const where =
      r.source === 'sigma'
        ? `  [${safeText(r.file ? join(r.pack ?? '', r.file) : (r.pack ?? ''))}]`
        : '';
    out.push(
      `${r.source.padEnd(8)} ${r.status.padEnd(14)} ${r.severity.padEnd(8)} ${safeText(r.id ?? '-')}  ${safeText(r.title)}${where}`,
    );
    if (r.reason) out.push(`${''.padEnd(24)}${safeText(r.reason)}`);
  }
  return out;
}

interface ListOptions {
  db?: string;
  json?: boolean;
  rules?: string[];
}

function runList(opts: ListOptions): number {
  const rules = builtInListings();
  const seen = new Set<string>();
  const { path } = resolveDbPath(opts.db);
  // the case file's recorded packs, when there is a case file (listing never creates one)
  if (existsSync(path)) {
    const db = openCase(path, 'read');
    try {
      if (hasSigmaTables(db)) {
        for (const r of storedRules(db)) {
          seen.add(`${r.pack}\0${r.file}\0${r.doc}`);
          rules.push(
            sigmaListing(
              {
                id: r.rule_id,
                status: r.status,
                reason: r.reason,
                level: r.level,
                title: r.title,
                tags: JSON.parse(r.tags) as string[],
                pack: r.pack,
                file: r.file,
              },
              true,
            ),
          );
        }
      }
    } finally {
      db.close();
    }
  }
  let ok = true;
  for (const p of rulePaths(opts.rules)) {
    try {
      const pack = loadPack(p);
      for (const e of pack.entries) {
        if (seen.has(`${pack.path}\0${e.file}\0${e.doc}`)) continue;
        rules.push(
          sigmaListing(
            {
              id: storedIdOf(e),
              status: e.status,
              reason: e.reason,
              level: e.meta.level,
              title: e.meta.title,
              tags: e.meta.tags,
              pack: pack.path,
              file: e.file,
            },
            false,
          ),
        );
      }
    } catch (err) {
      process.stderr.write(`trailscope: ${safeText((err as Error).message)}\n`);
      ok = false;
    }
  }
  if (opts.json) process.stdout.write(safeJson(rules, 2) + '\n');
  else {
    const sigma = rules.filter((r) => r.source === 'sigma');
    const count = (s: string): number => sigma.filter((r) => r.status === s).length;
    process.stdout.write(
      [
        `${RULES.length} built-in rules; ${sigma.length} Sigma rule documents (${count('loaded')} loaded, ${count('unsupported')} unsupported, ${count('not-cloudtrail')} not CloudTrail, ${count('error')} with errors)`,
        `${'SOURCE'.padEnd(8)} ${'STATUS'.padEnd(14)} ${'SEVERITY'.padEnd(8)} ID  TITLE`,
        ...listingLines(rules),
      ].join('\n') + '\n',
    );
  }
  return ok ? EXIT_OK : EXIT_ERROR;
}

/** `rules test FILE EVIDENCE...`: index the evidence into a throw-away case file and show what the file's rules hit. */
async function runTest(
  file: string,
  evidence: string[],
  opts: { json?: boolean; limit?: string },
): Promise<number> {
  const limit = opts.limit === undefined ? 20 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) {
    process.stderr.write('trailscope: --limit takes a whole number\n');
    return EXIT_ERROR;
  }
  let pack;
  try {
    pack = loadPack(file);
  } catch (err) {
    process.stderr.write(`trailscope: ${safeText((err as Error).message)}\n`);
    return EXIT_ERROR;
  }
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-rules-test-'));
  try {
    const dbPath = join(dir, 'case.db');
    const code = await runIndex(evidence, { dbPath, quiet: true, workers: 0 });
    if (code !== EXIT_OK && code !== EXIT_PARTIAL) {
      process.stderr.write('trailscope: the evidence could not be indexed\n');
      return EXIT_ERROR;
    }
    const db = openCaseFile(dbPath);
    try {
      recordLoadedPack(db, pack);
      evaluateSigma(db);
      const stored = storedRules(db, pack.path);
      const results = stored.map((r) => ({
        id: r.rule_id,
        title: r.title,
        status: r.status,
        reason: r.reason,
        level: r.level,
        hits: r.status === 'loaded' && r.rule_id ? hitCount(db, r.rule_id) : 0,
        events: r.status === 'loaded' && r.rule_id ? hitEvents(db, r.rule_id, limit) : [],
      }));
      if (opts.json) {
        process.stdout.write(
          safeJson(
            results.map((r) => ({
              ...r,
              events: r.events.map((e) => ({
                eventId: e.event_id,
                eventTime: formatTime(e.time_ms),
                eventName: e.event_name,
                who: whoLabel(e),
                sourceIp: e.source_ip,
                errorCode: e.error_code,
              })),
            })),
            2,
          ) + '\n',
        );
      } else {
        const out: string[] = [];
        for (const r of results) {
          out.push(
            `${safeText(r.id ?? '-')}  ${safeText(r.title)}: ${r.status === 'loaded' ? `${r.hits} event${r.hits === 1 ? '' : 's'}` : `${r.status}: ${safeText(r.reason ?? '')}`}`,
          );
          for (const e of r.events) {
            out.push(
              `  ${formatTime(e.time_ms)}  ${safeText(e.event_name ?? '-')}  ${safeText(whoLabel(e))}  ${safeText(e.source_ip ?? '-')}${e.error_code ? `  failed: ${safeText(e.error_code)}` : ''}`,
            );
          }
          if (r.hits > r.events.length) out.push(`  … ${r.hits - r.events.length} more (--limit)`);
        }
        process.stdout.write(out.join('\n') + '\n');
      }
      if (!results.some((r) => r.status === 'loaded')) return EXIT_ERROR;
      return results.some((r) => r.hits > 0) ? EXIT_OK : EXIT_PARTIAL;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runRemove(pack: string, opts: { db?: string }): number {
  const db = openCase(resolveDbPath(opts.db).path, 'write');
  try {
    const n = deletePack(db, resolve(pack));
    if (n === 0) {
      process.stderr.write(
        `trailscope: no rule pack ${safeText(resolve(pack))} in this case file (\`trailscope rules\` lists them)\n`,
      );
      return EXIT_PARTIAL;
    }
    evaluateSigma(db);
    process.stdout.write(
      `removed ${n} rule document${n === 1 ? '' : 's'} of ${safeText(resolve(pack))} and their hits\n`,
    );
    return EXIT_OK;
  } finally {
    db.close();
  }
}

export const rulesCommand: CommandSpec = {
  name: 'rules',
  configure(cmd: Command) {
    cmd
      .option('--db <file>', DB_OPTION_HELP)
      .option('--rules <dir>', `${RULES_OPTION_HELP}; listed, not recorded`, collect)
      .option('--json', 'print the rules as JSON')
      .addHelpText(
        'after',
        `
Lists the built-in rules, the Sigma packs recorded in the case file (index or notable --rules
DIR record them) and any --rules DIR given here, each with its status: loaded, unsupported (with
the reason), not CloudTrail, or error. Exit status: 0 listed, 2 a pack could not be read.

  trailscope rules test FILE.yml EVIDENCE...   what the rules of one file match in some evidence
  trailscope rules remove DIR                  forget a recorded pack and its hits`,
      );
    cmd
      .command('test')
      .description(
        'index EVIDENCE into a temporary case file and show what the rules of FILE match',
      )
      .argument('<file>', 'a Sigma rule file (.yml), or a folder of them')
      .argument('<evidence...>', 'CloudTrail files or folders')
      .option('--json', 'print the result as JSON')
      .option('--limit <n>', 'events to show per rule (default 20)')
      .action(async (file: string, evidence: string[], o: { json?: boolean; limit?: string }) => {
        process.exitCode = await runTest(file, evidence, o);
      });
    cmd
      .command('remove')
      .description('forget a recorded Sigma rule pack and its hits')
      .argument('<dir>', 'the pack, as given to --rules')
      .option('--db <file>', DB_OPTION_HELP)
      .action((dir: string, o: { db?: string }) => {
        process.exitCode = runRemove(dir, o);
      });
  },
  run(opts: ListOptions) {
    return runList(opts);
  },
};

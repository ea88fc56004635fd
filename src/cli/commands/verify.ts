import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { safeJson } from '../safe-json.js';
import { caseInputs, digestInput, logInput, walkEvidence } from '../verify-inputs.js';
import { openCase } from '../../case/open.js';
import { storeVerifyReport } from '../../store/verify-results.js';
import {
  parsePublicKeys,
  signatureFromHeadObject,
  verifyEvidence,
  type DigestInput,
  type LogInput,
  type PublicKey,
  type VerifyReport,
} from '../../domain/verify/verify.js';
import { safeText } from '../../util/safe-text.js';

interface VerifyOptions {
  db?: string;
  publicKeys?: string[];
  signatures?: string;
  json?: boolean;
}

function summary(r: VerifyReport): string {
  const count = <T extends { verdict: string }>(xs: readonly T[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x.verdict, (m.get(x.verdict) ?? 0) + 1);
    return [...m].map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  };
  const lines = [
    `log files: ${count(r.logs)}`,
    `digests:   ${count(r.digests)}`,
    `chains:    ${count(r.chains)}`,
  ];
  const problems = [
    ...r.logs
      .filter((l) => l.verdict !== 'verified')
      .map(
        (l) =>
          `  ${l.verdict.padEnd(22)} ${safeText(l.path ?? l.s3Key)}${l.detail ? ` (${safeText(l.detail)})` : ''}`,
      ),
    ...r.digests
      .filter((d) => d.verdict !== 'valid')
      .map(
        (d) =>
          `  ${d.verdict.padEnd(22)} ${safeText(d.path)}${d.detail ? ` (${safeText(d.detail)})` : ''}`,
      ),
    ...r.chains.flatMap((c) =>
      c.gaps.map(
        (g) =>
          `  chain ${c.verdict.padEnd(16)} ${safeText(c.chain)} ${safeText(g.from)} → ${safeText(g.to)}: ${safeText(g.reason)}`,
      ),
    ),
  ];
  if (problems.length) lines.push('', 'not verified:', ...problems);
  lines.push('', r.allVerified ? 'everything verified' : 'NOT everything is verified (see above)');
  return lines.join('\n') + '\n';
}

/** Keep the verdicts in the case file (event detail, `verified:`, the report); a read-only case says so. */
function storeVerdicts(path: string, report: VerifyReport): void {
  try {
    const db = openCase(path, 'write');
    try {
      storeVerifyReport(db, report);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  } catch (err) {
    process.stderr.write(
      `trailscope verify: verdicts not stored in the case file (${safeText((err as Error).message)})\n`,
    );
  }
}

export const verifyCommand: CommandSpec = {
  name: 'verify',
  configure(cmd) {
    cmd
      .argument(
        '[paths...]',
        'evidence folders to verify directly (default: the files recorded in the case file)',
      )
      .option('--db <file>', DB_OPTION_HELP)
      .option(
        '--public-keys <file>',
        'saved `aws cloudtrail list-public-keys` output (repeatable; outputs may be concatenated)',
        (v: string, prev: string[] = []) => [...prev, v],
      )
      .option(
        '--signatures <dir>',
        "saved `aws s3api head-object` outputs of the newest digests (file name containing the digest's file name)",
      )
      .option('--json', 'print { files, digests, chains, allVerified }')
      .addHelpText(
        'after',
        '\nExit status: 0 everything verified; 1 any problem or anything left unchecked; 2 usage.\nSee docs/evidence.md (Verifying a case).',
      );
  },
  async run(paths: string[], opts: VerifyOptions) {
    let keys: PublicKey[] | null = null;
    for (const file of opts.publicKeys ?? []) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        process.stderr.write(
          `trailscope verify: cannot read ${safeText(file)}: ${safeText((err as Error).message)}\n`,
        );
        return EXIT_ERROR;
      }
      const parsed = parsePublicKeys(text);
      if (typeof parsed === 'string') {
        process.stderr.write(`trailscope verify: ${safeText(file)}: ${safeText(parsed)}\n`);
        return EXIT_ERROR;
      }
      keys = [...(keys ?? []), ...parsed];
    }
    const signatures = new Map<string, string>();
    if (opts.signatures) {
      let names: string[];
      try {
        names = readdirSync(opts.signatures);
      } catch (err) {
        process.stderr.write(
          `trailscope verify: cannot read ${safeText(opts.signatures)}: ${safeText((err as Error).message)}\n`,
        );
        return EXIT_ERROR;
      }
      for (const n of names) {
        let text = '';
        try {
          text = readFileSync(join(opts.signatures, n), 'utf8');
        } catch {
          continue;
        }
        const sig = signatureFromHeadObject(text);
        // the saved file is named after the digest: `$(basename KEY).json`
        if (sig) signatures.set(n.replace(/\.json$/, ''), sig.signature);
      }
    }

    let digests: DigestInput[];
    let logs: LogInput[];
    if (paths.length) {
      const found = walkEvidence(paths);
      digests = await Promise.all(found.digests.map(digestInput));
      logs = [];
      for (const p of found.logs) logs.push(await logInput(p));
    } else {
      // the evidence bytes the case file kept: the evidence folder may be gone
      const db = openCase(resolveDbPath(opts.db).path, 'read');
      try {
        ({ digests, logs } = await caseInputs(db));
      } finally {
        db.close();
      }
    }
    // a signature saved under the digest's file name (with or without .json.gz) finds it
    const bySaved = new Map<string, string>();
    for (const [name, sig] of signatures) {
      bySaved.set(name, sig);
      bySaved.set(name.replace(/\.json\.gz$/, '') + '.json.gz', sig);
    }
    const report = verifyEvidence(digests, logs, keys, bySaved);
    if (!paths.length) storeVerdicts(resolveDbPath(opts.db).path, report);
    if (opts.json)
      process.stdout.write(
        safeJson(
          {
            files: report.logs,
            digests: report.digests,
            chains: report.chains,
            allVerified: report.allVerified,
          },
          2,
        ) + '\n',
      );
    else process.stdout.write(summary(report));
    return report.allVerified ? EXIT_OK : EXIT_PARTIAL;
  },
};

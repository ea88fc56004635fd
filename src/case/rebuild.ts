// `index --rebuild`: the new case file is built beside the old one under a temporary name and
// renamed over it only when the run indexed something. Nothing is removed before: a typo, an
// unmounted volume, an empty folder, Ctrl-C or kill -9 leave the old case file as it was.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CaseFileError, openCaseFile } from '../store/db.js';
import { probeCaseFile } from '../store/case-probe.js';
import { carryOverResponderData } from '../store/carry-over.js';
import { liveIndexRun } from '../store/index-run-lock.js';
import { openCase, writableLocation } from './open.js';

export interface RebuildPlan {
  target: string;
  /** The new case file while it is built: a hidden sibling (same folder, so the rename is atomic). */
  tmp: string;
  /** What was carried over from the old case file, per table. */
  carried: Record<string, number>;
}

const SIBLINGS = ['', '-wal', '-shm', '-journal'];

export function rebuildTempName(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.rebuild-${pid}.db`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of rebuilds that died (kill -9, power loss): their process is gone. */
function removeStale(target: string): void {
  const prefix = `.${basename(target)}.rebuild-`;
  for (const name of readdirSync(dirname(target))) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.db(-wal|-shm|-journal)?$/.exec(name.slice(prefix.length));
    if (m && !pidAlive(Number(m[1]))) rmSync(join(dirname(target), name), { force: true });
  }
}

function removeFile(db: string): void {
  for (const s of SIBLINGS) rmSync(db + s, { force: true });
}

/**
 * Check the old case file (an existing file must be a trailscope case file in a writable folder),
 * create the new one beside it and carry the responder's data over. Throws CaseFileError, with
 * nothing changed, when the old file cannot be replaced.
 */
export function beginRebuild(target: string): RebuildPlan {
  const probe = probeCaseFile(target);
  if (probe.kind === 'foreign') {
    throw new CaseFileError(
      `refusing ${target}: ${probe.what}, not a trailscope case file; it was left untouched (--rebuild replaces case files only)`,
    );
  }
  if (!writableLocation(target))
    throw new CaseFileError(
      `${target} is on read-only storage or in a folder this user cannot write; --rebuild needs to replace it`,
    );
  removeStale(target);
  const tmp = rebuildTempName(target);
  removeFile(tmp);
  const fresh = openCaseFile(tmp, { create: true });
  let carried: Record<string, number> = {};
  try {
    if (probe.kind === 'case') {
      // read-only: a rebuild that finds nothing must leave the old file byte for byte as it was
      const old = openCase(target, 'read');
      try {
        // a run indexing into it would go on writing a file this one is about to replace
        const busy = liveIndexRun(old);
        if (busy)
          throw new CaseFileError(
            `another index run (process ${busy.pid}, since ${busy.since}) is working on ${target}; --rebuild replaces it: wait for that run to finish, or stop it`,
          );
        carried = carryOverResponderData(old, fresh);
      } finally {
        old.close();
      }
    }
  } catch (err) {
    fresh.close();
    removeFile(tmp);
    throw err;
  } finally {
    if (fresh.open) fresh.close();
  }
  return { target, tmp, carried };
}

/** The run failed, found nothing or was stopped: the new file goes, the old one stays. */
export function abandonRebuild(plan: RebuildPlan): void {
  removeFile(plan.tmp);
}

/**
 * Swap the new case file in. The old file's WAL is folded in and removed first: a `-wal` left
 * beside the new file would be replayed onto it. When another process holds the old file open in
 * WAL mode that cannot be done, and the new file stays under its temporary name (returned).
 */
export function commitRebuild(
  plan: RebuildPlan,
): { swapped: true } | { swapped: false; reason: string } {
  if (existsSync(plan.target)) {
    // opening for writing and closing checkpoints and leaves rollback mode (store/db.ts)
    try {
      openCaseFile(plan.target).close();
    } catch {
      // reported below if a WAL is left
    }
    // still in WAL mode after that: another connection holds it (the TUI, a second indexer), and a
    // -wal it writes later would be replayed onto the new file
    if (nonEmpty(`${plan.target}-wal`) || existsSync(`${plan.target}-shm`)) {
      return {
        swapped: false,
        reason: `${plan.target} is open in another trailscope; the rebuilt case file was kept as ${plan.tmp}: close the other program and move it over`,
      };
    }
    rmSync(`${plan.target}-wal`, { force: true });
  }
  renameSync(plan.tmp, plan.target);
  return { swapped: true };
}

function nonEmpty(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

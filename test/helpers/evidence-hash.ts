// Fingerprints an evidence tree so an end-to-end test can prove a command left it exactly as it was.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { expect } from 'vitest';

export interface TreeHash {
  /** SHA-256 over every entry below, in path order. */
  digest: string;
  /** Relative path -> what was hashed for it (kind, permission bits, content hash or link target). */
  entries: Record<string, string>;
}

export interface HashOptions {
  /**
   * Paths left out (with everything below them), plus any path that starts with one of them: a
   * case file placed inside the evidence on purpose brings `-wal`, `-shm` and temporary siblings.
   */
  exclude?: readonly string[];
}

/**
 * Every file's path, permission bits and content; a symlink by its target text (never followed, so
 * a link out of the tree is neither read nor hashed); FIFOs, sockets and devices by kind and mode
 * only (opening a FIFO would block). Directories count by path and mode, not by mtime: creating a
 * case file beside the evidence changes its folder's mtime without touching any evidence.
 */
export function hashTree(root: string, opts: HashOptions = {}): TreeHash {
  const base = resolve(root);
  const excluded = (opts.exclude ?? []).map((p) => resolve(p));
  const skip = (abs: string): boolean => excluded.some((x) => abs === x || abs.startsWith(x));
  const entries: Record<string, string> = {};
  const pending = [base];
  // iterative: an attacker's evidence folder may nest deeper than the stack
  while (pending.length) {
    const abs = pending.pop()!;
    if (skip(abs)) continue;
    const st = lstatSync(abs);
    const rel = relative(base, abs).split(sep).join('/') || '.';
    const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
    if (st.isSymbolicLink()) entries[rel] = `link ${readlinkSync(abs)}`;
    else if (st.isFile())
      entries[rel] = `file ${mode} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
    else if (st.isDirectory()) {
      entries[rel] = `dir ${mode}`;
      for (const name of readdirSync(abs)) pending.push(join(abs, name));
    } else entries[rel] = `${st.isFIFO() ? 'fifo' : st.isSocket() ? 'socket' : 'device'} ${mode}`;
  }
  const sorted = Object.keys(entries).sort();
  const h = createHash('sha256');
  for (const k of sorted) h.update(`${k}\0${entries[k]}\n`);
  return {
    digest: h.digest('hex'),
    entries: Object.fromEntries(sorted.map((k) => [k, entries[k]])),
  };
}

export interface EvidenceGuard {
  /**
   * Wrap a hook through which the test itself changes the evidence mid-run (a file swapped for a
   * FIFO after discovery): the tree must be as expected when the hook starts, and what the hook
   * does becomes the new expectation. Nothing is thrown inside the hook; `check()` reports it.
   */
  around<A extends unknown[]>(hook: (...args: A) => void): (...args: A) => void;
  /** Fails the test, naming what changed, when the tree differs from what is expected. */
  check(): void;
}

/** Hash `root` now; `check()` later asserts that nothing under it changed. */
export function guardEvidence(root: string, opts: HashOptions = {}): EvidenceGuard {
  let expected = hashTree(root, opts);
  let mismatch: { expected: TreeHash; found: TreeHash } | null = null;
  const compare = (found: TreeHash, want: TreeHash): void => {
    if (found.digest !== want.digest)
      expect(found.entries, `evidence under ${root} changed`).toEqual(want.entries);
  };
  return {
    around(hook) {
      return (...args) => {
        const now = hashTree(root, opts);
        if (now.digest !== expected.digest) mismatch ??= { expected, found: now };
        hook(...args);
        expected = hashTree(root, opts);
      };
    },
    check() {
      if (mismatch) compare(mismatch.found, mismatch.expected);
      compare(hashTree(root, opts), expected);
    },
  };
}

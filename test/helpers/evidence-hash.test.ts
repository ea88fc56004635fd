import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guardEvidence, hashTree } from './evidence-hash.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(): string {
  dir = mkdtempSync(join(tmpdir(), 'evidence-hash-'));
  mkdirSync(join(dir, 'AWSLogs', 'a'), { recursive: true });
  writeFileSync(join(dir, 'AWSLogs', 'a', 'x.json'), '{"Records":[]}');
  writeFileSync(join(dir, 'b.json'), 'b');
  return dir;
}

describe('evidence tree hash', () => {
  it('changes with content, mode, a new file or a re-pointed link; not with the excluded case file', () => {
    const root = tree();
    const outside = mkdtempSync(join(tmpdir(), 'evidence-hash-out-'));
    try {
      symlinkSync(join(outside, 'secret'), join(root, 'link.json')); // dangling: never followed
      execFileSync('mkfifo', [join(root, 'pipe.json')]); // would block if opened
      const base = hashTree(root, { exclude: [join(root, 'case.db')] }).digest;
      const same = () => hashTree(root, { exclude: [join(root, 'case.db')] }).digest;
      writeFileSync(join(root, 'case.db'), 'x');
      writeFileSync(join(root, 'case.db-wal'), 'x');
      writeFileSync(join(outside, 'secret'), 'the link target changed, not the link');
      expect(same()).toBe(base);

      writeFileSync(join(root, 'b.json'), 'B');
      expect(same()).not.toBe(base);
      writeFileSync(join(root, 'b.json'), 'b');
      expect(same()).toBe(base);
      chmodSync(join(root, 'b.json'), 0o600);
      expect(same()).not.toBe(base);
      chmodSync(join(root, 'b.json'), 0o644);
      unlinkSync(join(root, 'link.json'));
      symlinkSync(join(outside, 'other'), join(root, 'link.json'));
      expect(same()).not.toBe(base);
      unlinkSync(join(root, 'link.json'));
      symlinkSync(join(outside, 'secret'), join(root, 'link.json'));
      writeFileSync(join(root, 'AWSLogs', 'new.json'), '');
      expect(same()).not.toBe(base);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('hashes a single file as its own root', () => {
    const root = tree();
    const h = hashTree(join(root, 'b.json'));
    expect(Object.keys(h.entries)).toEqual(['.']);
    expect(h.entries['.']).toMatch(/^file \d{4} [0-9a-f]{64}$/);
  });

  it('a guard names what changed, and accepts what a wrapped hook does', () => {
    const root = tree();
    const g = guardEvidence(root);
    g.check();
    const hook = g.around(() => writeFileSync(join(root, 'swapped.json'), 'the test did this'));
    hook();
    g.check();
    writeFileSync(join(root, 'b.json'), 'tampered');
    expect(() => g.check()).toThrow(/evidence under .* changed/);
  });

  it('a guard reports a change made before a wrapped hook ran', () => {
    const root = tree();
    const g = guardEvidence(root);
    const hook = g.around(() => undefined);
    writeFileSync(join(root, 'b.json'), 'tampered by the code under test');
    hook();
    expect(() => g.check()).toThrow(/changed/);
  });
});

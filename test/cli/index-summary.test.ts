import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/cli/index-summary.js';
import { progressLine } from '../../src/cli/index-progress.js';
import { safeJson } from '../../src/cli/safe-json.js';
import { exitStatusOf } from '../../src/cli/index-runner.js';
import type { IndexSummary } from '../../src/ingest/pipeline.js';

function summary(
  over: Partial<IndexSummary> = {},
  files: Partial<IndexSummary['files']> = {},
): IndexSummary {
  return {
    dbPath: '/case/trailscope.db',
    interrupted: false,
    files: {
      found: 3,
      indexed: 2,
      digest: 0,
      skippedUnchanged: 0,
      skippedAliases: 0,
      notCloudTrail: 0,
      failed: 1,
      notRead: 0,
      ...files,
    },
    shapes: { 's3-delivery': 2 },
    events: { read: 10, added: 8, duplicates: 2, total: 8 },
    seconds: 2,
    eventsPerSecond: 5,
    failed: [
      {
        path: '/ev/\u001b]52;c;aGk=\u0007evil\u202e.json',
        reason: 'invalid JSON at byte 3: \u009b31m',
      },
    ],
    notCloudTrail: [],
    aliases: [],
    warnings: [],
    ...over,
  };
}

describe('index summary and progress', () => {
  it('prints counts by shape and every failure with its reason, sanitised', () => {
    const text = formatSummary(summary());
    expect(text).toMatch(/3 found: 2 indexed, 0 unchanged \(skipped\), 1 failed/);
    expect(text).toMatch(/S3 delivery .* 2/);
    expect(text).toMatch(/10 read, 8 added, 2 duplicates/);
    expect(text).toContain(
      '/ev/\\e]52;c;aGk=\\x07evil\\u{202e}.json: invalid JSON at byte 3: \\x9b31m',
    );
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('lists aliases and files an interrupted run did not read', () => {
    const text = formatSummary(
      summary(
        {
          interrupted: true,
          aliases: [
            { path: '/ev/d2', reason: 'another name for a folder: already read as /ev/d1' },
          ],
        },
        { found: 10, indexed: 2, failed: 1, skippedAliases: 1, notRead: 6 },
      ),
    );
    expect(text).toMatch(
      /10 found: 2 indexed, 0 unchanged \(skipped\), 1 alias \(skipped\), 1 failed, 6 not read \(interrupted\)/,
    );
    expect(text).toMatch(
      /Skipped, another name for a file or folder already found \(1\):\n {2}\/ev\/d2: another name for a folder/,
    );
  });

  it('JSON output escapes C1 controls and bidi marks but stays the same data', () => {
    const s = summary();
    const out = safeJson(s);
    expect(out).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(out)).toEqual(s);
  });

  it('exit status: 0 all indexed, 1 some failed but events were indexed, 2 nothing usable, 130 interrupted', () => {
    expect(exitStatusOf(summary({}, { failed: 0 }))).toBe(0);
    expect(exitStatusOf(summary())).toBe(1);
    const none = { events: { read: 0, added: 0, duplicates: 0, total: 0 } };
    expect(exitStatusOf(summary(none, { indexed: 0, notCloudTrail: 2 }))).toBe(2);
    expect(exitStatusOf(summary({}, { indexed: 0, failed: 0, skippedUnchanged: 3 }))).toBe(0);
    expect(exitStatusOf(summary({ interrupted: true }))).toBe(130);
    // every file failed, but the records before the damage were indexed: partial, not "nothing"
    const salvaged = { events: { read: 1176, added: 1176, duplicates: 0, total: 1176 } };
    expect(exitStatusOf(summary(salvaged, { indexed: 0, failed: 2 }))).toBe(1);
    // read again, all already in the case file: still something indexed
    expect(
      exitStatusOf(
        summary(
          { events: { read: 5, added: 0, duplicates: 5, total: 5 } },
          { indexed: 0, failed: 1 },
        ),
      ),
    ).toBe(1);
    expect(
      exitStatusOf(
        summary(
          { events: { read: 0, added: 0, duplicates: 0, total: 0 } },
          { indexed: 0, failed: 2 },
        ),
      ),
    ).toBe(2);
  });

  it('a progress line shows files, events, events/s and an ETA within the width', () => {
    const line = progressLine(
      {
        phase: 'indexing',
        filesTotal: 100,
        filesDone: 25,
        bytesTotal: 1000,
        bytesDone: 250,
        events: 50_000,
        added: 50_000,
        elapsedMs: 10_000,
      },
      80,
    );
    expect(line).toMatch(/^\[#+-+\] 25\/100 files  50,000 events  5,000 ev\/s  ETA 0:30$/);
    expect(line.length).toBeLessThan(80);
    expect(
      progressLine(
        {
          phase: 'building indexes',
          filesTotal: 1,
          filesDone: 1,
          bytesTotal: 1,
          bytesDone: 1,
          events: 5,
          added: 5,
          elapsedMs: 1,
        },
        80,
      ),
    ).toMatch(/building indexes…/);
  });
});

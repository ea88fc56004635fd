import { describe, expect, it } from 'vitest';
import {
  buildCoverage,
  cellFilterText,
  cellGlyph,
  CoverageTooWideError,
  HOUR_MS,
} from '../../../src/domain/coverage/build.js';
import { blindWindows } from '../../../src/domain/coverage/blind.js';
import { parseFilter } from '../../../src/query/index.js';
import { logFilePlace } from '../../../src/domain/coverage/digests.js';
import { ACCOUNT, H, change, digestFile, logFile, logKey } from './fixtures.js';

const counts = (region: string, hours: number[], events = 5) =>
  hours.map((h) => ({ account: ACCOUNT, region, hour: H(h), events }));

describe('coverage grid', () => {
  const files = [
    digestFile('us-east-1', 10, null, [logKey('us-east-1', 10, 5)]),
    digestFile('us-east-1', 11, 10),
    // the 12:00 digest is absent: 13:00 names it, so 12:00-13:00 is a gap the digests declare
    digestFile('us-east-1', 13, 12),
    logFile('us-east-1', 10, 5),
    logFile('eu-west-1', 11, 15),
    { path: '/evidence/lookup-events.json', status: 'indexed', digest: null },
  ];
  const cov = buildCoverage({
    zoom: 'hour',
    eventCounts: [...counts('us-east-1', [10, 11, 12, 13]), ...counts('eu-west-1', [11])],
    files,
    changes: [
      change('StopLogging', H(11, 30), { name: 'main' }),
      change('StartLogging', H(12, 30), { name: 'main' }),
      // a failed attempt opens no window
      change(
        'StopLogging',
        H(13, 10),
        { name: 'main' },
        { errorCode: 'AccessDenied', errorMessage: 'denied' },
      ),
    ],
  });
  const row = (region: string) => cov.rows.find((r) => r.region === region)!;

  it('spans every hour from the first to the last thing with a time, per account and region', () => {
    expect(cov.from).toBe(H(10));
    expect(cov.to).toBe(H(14));
    expect(cov.rows.map((r) => `${r.account}/${r.region}`)).toEqual([
      `${ACCOUNT}/eu-west-1`,
      `${ACCOUNT}/us-east-1`,
    ]);
    expect(row('us-east-1').cells.map((c) => c.events)).toEqual([5, 5, 5, 5]);
    expect(row('us-east-1').cells.map((c) => c.files)).toEqual([1, 0, 0, 0]);
    expect(cov.filesWithoutPlace).toBe(1);
  });

  it('marks digest coverage and the gap the chain declares, with its reason; no digest is "none", not a gap', () => {
    expect(row('us-east-1').cells.map((c) => c.digest)).toEqual([
      'digested',
      'digested',
      'gap',
      'digested',
    ]);
    expect(row('eu-west-1').cells.map((c) => c.digest)).toEqual(['none', 'none', 'none', 'none']);
    expect(cov.gaps).toHaveLength(1);
    expect(cov.gaps[0]).toMatchObject({ region: 'us-east-1', from: H(12), to: H(13) });
    expect(cov.gaps[0].reason).toMatch(/missing from the evidence/);
    expect(cov.verdictsUsed).toBe(false);
  });

  it('draws a blind window from a successful StopLogging to the StartLogging; a failed one draws nothing', () => {
    expect(cov.blindWindows).toEqual([
      expect.objectContaining({
        kind: 'logging-stopped',
        account: ACCOUNT,
        regions: ['us-east-1'],
        target: 'main',
        from: H(11, 30),
        to: H(12, 30),
      }),
    ]);
    expect(row('us-east-1').cells.map((c) => c.blind)).toEqual([
      [],
      ['logging-stopped'],
      ['logging-stopped'],
      [],
    ]);
    expect(row('eu-west-1').cells.every((c) => c.blind.length === 0)).toBe(true);
    expect(row('us-east-1').cells.map(cellGlyph).join('')).toBe('+XX+');
    expect(row('eu-west-1').cells.map(cellGlyph).join('')).toBe('.o..');
  });

  it('uses stored verify verdicts: valid digests make cells verified, a modified file a problem', () => {
    const v = buildCoverage({
      zoom: 'hour',
      eventCounts: counts('us-east-1', [10, 11]),
      files: files.slice(0, 2).concat(files[3]),
      changes: [],
      verdicts: {
        digests: [
          { path: files[0].path, verdict: 'valid' },
          { path: files[1].path, verdict: 'signature-unchecked' },
        ],
        files: [{ path: files[3].path, verdict: 'verified' }],
      },
    });
    expect(v.verdictsUsed).toBe(true);
    expect(v.rows[0].cells.map((c) => c.digest)).toEqual(['verified', 'digested']);
    const bad = buildCoverage({
      zoom: 'hour',
      eventCounts: [],
      files: files.slice(0, 1).concat(files[3]),
      changes: [],
      verdicts: {
        digests: [{ path: files[0].path, verdict: 'valid' }],
        files: [{ path: files[3].path, verdict: 'modified' }],
      },
    });
    expect(bad.rows[0].cells.map((c) => c.digest)).toEqual(['problem']);
    // verify stores a file a digest lists but the evidence lacks as `missing:KEY`
    const missing = buildCoverage({
      zoom: 'hour',
      eventCounts: [],
      files: files.slice(0, 1),
      changes: [],
      verdicts: {
        digests: [{ path: files[0].path, verdict: 'valid' }],
        files: [
          { path: `missing:${logKey('us-east-1', 10, 5)}`, verdict: 'missing-from-evidence' },
        ],
      },
    });
    expect(missing.rows[0].cells.map((c) => c.digest)).toEqual(['problem']);
  });

  it('zooms out to days: sums events and files, keeps the worst digest state and every blind kind', () => {
    const day = buildCoverage({
      zoom: 'day',
      eventCounts: counts('us-east-1', [10, 11, 12, 13]),
      files,
      changes: [change('StopLogging', H(11, 30), { name: 'main' })],
    });
    expect(day.rows.find((r) => r.region === 'us-east-1')!.cells).toEqual([
      {
        start: Date.UTC(2024, 3, 11),
        events: 20,
        files: 1,
        digest: 'gap',
        blind: ['logging-stopped'],
        outside: false,
      },
    ]);
    // no StartLogging: the window lasts to the end of the evidence
    expect(day.blindWindows[0].to).toBeNull();
  });

  it('refuses an hour grid wider than it can draw, and says to use days', () => {
    expect(() =>
      buildCoverage({
        zoom: 'hour',
        eventCounts: [
          { account: ACCOUNT, region: 'us-east-1', hour: H(0), events: 1 },
          { account: ACCOUNT, region: 'us-east-1', hour: H(0) + 20_000 * HOUR_MS, events: 1 },
        ],
        files: [],
        changes: [],
      }),
    ).toThrow(CoverageTooWideError);
  });

  it('builds the event-list filter of a cell from exact terms, also for hostile values', () => {
    expect(
      cellFilterText({ account: ACCOUNT, region: 'us-east-1' }, { start: H(11) }, HOUR_MS),
    ).toBe(
      `recipient:${ACCOUNT} region:us-east-1 after:2024-04-11T11:00:00Z before:2024-04-11T12:00:00Z`,
    );
    const hostile = cellFilterText(
      { account: '(none)', region: 'x" OR name:*' },
      { start: H(11) },
      HOUR_MS,
    );
    expect(hostile).toMatch(/^recipient:"" region:"x\\" OR name:\*" after:/);
    expect(() => parseFilter(hostile)).not.toThrow();
  });

  it("reads a log file's account, region and delivery time from its name only", () => {
    expect(logFilePlace(`/e/${logKey('eu-west-1', 11, 15)}`)).toEqual({
      account: ACCOUNT,
      region: 'eu-west-1',
      delivered: H(11, 15),
    });
    expect(logFilePlace('/e/AWSLogs/111122223333/CloudTrail-Digest/x.json.gz')).toBeNull();
    expect(
      logFilePlace('/e/111122223333_CloudTrail_us-east-1_20241341T9999Z_x.json.gz'),
    ).toBeNull();
  });
});

describe('blind windows', () => {
  const regionsOf = () => ['eu-west-1', 'us-east-1'];
  const noBuckets = new Map<string, Set<string>>();

  it('a multi-region trail (CreateTrail says so) is blind in every region of its account; an ARN names the home region', () => {
    const w = blindWindows({
      regionsOf,
      trailBuckets: noBuckets,
      events: [
        change('CreateTrail', H(9), { name: 'org', isMultiRegionTrail: 'true', s3BucketName: 'b' }),
        change(
          'DeleteTrail',
          H(10),
          { name: `arn:aws:cloudtrail:us-west-2:${ACCOUNT}:trail/org` },
          { region: 'us-west-2' },
        ),
      ],
    });
    expect(w).toEqual([
      expect.objectContaining({
        kind: 'trail-deleted',
        target: 'org',
        regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
        to: null,
      }),
    ]);
  });

  it("a StopLogging that is not CloudTrail's own call opens nothing (the shared logging-change predicate)", () => {
    const w = blindWindows({
      regionsOf,
      trailBuckets: noBuckets,
      events: [change('StopLogging', H(10), { name: 'main' }, { eventSource: 'evil.example.com' })],
    });
    expect(w).toEqual([]);
  });

  it('selector reductions last until selectors that record everything again; widening opens nothing', () => {
    const w = blindWindows({
      regionsOf,
      trailBuckets: noBuckets,
      events: [
        change('PutEventSelectors', H(10), {
          trailName: 'main',
          readWriteType: 'WriteOnly',
          includeManagementEvents: 'true',
        }),
        change('PutEventSelectors', H(11), {
          trailName: 'main',
          readWriteType: 'All',
          includeManagementEvents: 'true',
        }),
      ],
    });
    expect(w).toEqual([
      expect.objectContaining({
        kind: 'selectors-reduced',
        from: H(10),
        to: H(11),
        regions: ['us-east-1'],
      }),
    ]);
  });

  it('bucket lifecycle and policy changes count only on a bucket a trail delivers to', () => {
    const w = blindWindows({
      regionsOf,
      trailBuckets: new Map([['trail-bucket', new Set([ACCOUNT])]]),
      events: [
        change('PutBucketLifecycleConfiguration', H(10), { bucketName: 'trail-bucket' }),
        change('PutBucketPolicy', H(10, 5), { bucketName: 'other-bucket' }),
        change('PutBucketPolicy', H(11), { bucketName: 'trail-bucket' }),
        change(
          'DeleteBucketPolicy',
          H(12),
          { bucketName: 'trail-bucket' },
          { errorCode: 'AccessDenied' },
        ),
        change('PutBucketPolicy', H(13), { bucketName: 'trail-bucket' }),
      ],
    });
    expect(w.map((x) => [x.kind, x.target, x.from, x.to])).toEqual([
      ['bucket-lifecycle', 'trail-bucket', H(10), null],
      ['bucket-policy', 'trail-bucket', H(11), H(13)],
      ['bucket-policy', 'trail-bucket', H(13), null],
    ]);
    expect(w[0].regions).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('coverage of a carved case', () => {
  const carve = (from: number | null, to: number | null, where: string | null = null) =>
    JSON.stringify({ from, to, where });
  const files = [
    digestFile('us-east-1', 10, null),
    digestFile('us-east-1', 11, 10),
    digestFile('us-east-1', 13, 12), // names the absent 12:00 digest
    { ...logFile('us-east-1', 10, 5), carve: carve(H(10), H(12), 'region:us-east-1') },
  ];

  it('cells outside the carve window claim nothing: no gap, no problem, drawn as ~', () => {
    const cov = buildCoverage({
      zoom: 'hour',
      eventCounts: counts('us-east-1', [10, 11]),
      files,
      changes: [],
      verdicts: {
        digests: [],
        files: [
          { path: `missing:${logKey('us-east-1', 13, 5)}`, verdict: 'missing-from-evidence' },
        ],
      },
    });
    expect(cov.carveWindows).toEqual([{ from: H(10), to: H(12) }]);
    expect(cov.rows[0].cells.map((c) => [c.outside, c.digest])).toEqual([
      [false, 'digested'],
      [false, 'digested'],
      [true, 'none'],
      [true, 'digested'],
    ]);
    expect(cov.rows[0].cells.map(cellGlyph).join('')).toBe('++~~');
    expect(cov.gaps).toEqual([]);
    expect(cov.gapsOutsideCarve).toBe(1);
    expect(cov.filteredAtIngest).toEqual(['region:us-east-1']);
  });

  it('a file read whole lifts the restriction: the gap is reported again', () => {
    const cov = buildCoverage({
      zoom: 'hour',
      eventCounts: [],
      files: [...files, logFile('us-east-1', 13, 5)],
      changes: [],
    });
    expect(cov.carveWindows).toBeNull();
    expect(cov.gaps).toHaveLength(1);
    expect(cov.rows[0].cells.some((c) => c.outside)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { columnWidths, renderTable, type TableColumn } from '../../src/cli/output/table.js';
import { eventColumn, eventColumns, serviceText } from '../../src/cli/output/event-columns.js';
import { csvCell, jsonForTerminal } from '../../src/cli/output/record-writers.js';
import { displayWidth } from '../../src/util/display-width.js';
import type { EventRow } from '../../src/store/event-row.js';
import { safeText } from '../../src/util/safe-text.js';

const COLS: TableColumn[] = [
  { header: 'time' },
  { header: 'who', flex: 3, min: 6 },
  { header: 'ua', flex: 1, min: 4 },
];
const ROWS = [
  [
    '2024-04-11T12:00:00Z',
    'AdminRole/very-long-session-name',
    'aws-cli/2.15.0 Python/3.11.6 Linux/6.1',
  ],
  ['2024-04-11T12:00:01Z', 'alice', 'Boto3'],
];

describe('width-aware table', () => {
  it('keeps natural widths when piped (no width)', () => {
    const lines = renderTable(COLS, ROWS);
    expect(lines[1]).toBe(
      '2024-04-11T12:00:00Z  AdminRole/very-long-session-name  aws-cli/2.15.0 Python/3.11.6 Linux/6.1',
    );
  });

  it('fits a terminal width by shrinking flexible columns, never fixed ones', () => {
    for (const width of [80, 60, 50]) {
      const lines = renderTable(COLS, ROWS, { width });
      for (const l of lines) expect(l.length, `${width}: ${l}`).toBeLessThanOrEqual(width);
      expect(lines[1].startsWith('2024-04-11T12:00:00Z  ')).toBe(true);
      expect(lines[1]).toContain('…');
    }
  });

  it('past the flexible minimums, cuts the widest columns (fixed ones too) so lines never wrap', () => {
    expect(columnWidths(COLS, ROWS, 30)).toEqual([16, 6, 4]);
    for (const l of renderTable(COLS, ROWS, { width: 30 }))
      expect(l.length).toBeLessThanOrEqual(30);
    // every column at its last-resort width: the narrowest table there is
    expect(columnWidths(COLS, ROWS, 10)).toEqual([3, 3, 3]);
  });

  it('right-aligns and trims trailing spaces', () => {
    const lines = renderTable(
      [{ header: 'n', align: 'right' }, { header: 'v' }],
      [
        ['5', ''],
        ['123', 'x'],
      ],
    );
    expect(lines).toEqual(['  n  v', '  5', '123  x']);
  });
});

describe('event columns', () => {
  it('accepts field names and aliases, and special columns', () => {
    expect(eventColumns(undefined).map((c) => c.header)).toEqual([
      'time',
      'event',
      'service',
      'who',
      'ip',
      'region',
      'error',
    ]);
    expect(eventColumn('eventName').header).toBe('event');
    expect(eventColumn('ua').key).toBe('ua');
    expect(serviceText('iam.amazonaws.com')).toBe('iam');
  });

  it("resource and resourceType list the event's resources in one cell", () => {
    const extras = {
      resources: () => [
        { value: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' },
        { value: 'arn:aws:s3:::b/k, with a comma', type: 'AWS::S3::Object' },
        { value: 'ops', type: null },
      ],
    };
    const row = {} as EventRow;
    expect(eventColumn('resource').get(row, extras)).toBe(
      'arn:aws:s3:::b, arn:aws:s3:::b/k, with a comma, ops',
    );
    expect(eventColumn('rtype').get(row, extras)).toBe('AWS::S3::Bucket, AWS::S3::Object');
    expect(eventColumn('resource').get(row, { resources: () => [] })).toBe('');
  });

  it("caveat lists the event's caveats in one cell, differs first", () => {
    const none = { resources: () => [], differs: () => false };
    const row = { flags: 8 | 1 } as EventRow;
    expect(eventColumn('caveat').get(row, none)).toBe('unverified, badTime');
    expect(eventColumn('caveat').get(row, { ...none, differs: () => true })).toBe(
      'differs, unverified, badTime',
    );
    expect(eventColumn('caveat').get({ flags: 0 } as EventRow, none)).toBe('');
  });

  it('rejects unknown fields with a suggestion', () => {
    expect(() => eventColumn('nmae')).toThrow('did you mean "name"');
    expect(() => eventColumn('after')).toThrow('no single value');
  });
});

describe('wide characters and emoji', () => {
  const rows = [
    [
      '2024-04-11T12:00:00Z',
      '管理者ユーザー',
      safeText('😀 agent 👍🏽 ❤️ 日本語のユーザーエージェント'),
    ],
    ['2024-04-11T12:00:01Z', 'alice', 'Boto3'],
  ];
  it('columns line up in terminal columns, piped or fitted', () => {
    const piped = renderTable(COLS, rows);
    const at = (l: string, needle: string) => displayWidth(l.slice(0, l.indexOf(needle)));
    expect(at(piped[1]!, '😀')).toBe(at(piped[2]!, 'Boto3'));
    for (const width of [80, 50, 40]) {
      const lines = renderTable(COLS, rows, { width });
      for (const l of lines) expect(displayWidth(l), `${width}: ${l}`).toBeLessThanOrEqual(width);
      expect(at(lines[1]!, '管') + 0).toBe(at(lines[2]!, 'alice'));
    }
  });
});

describe('output escaping', () => {
  it('quotes CSV cells only when needed', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' lead')).toBe('" lead"');
  });

  it('escapes terminal-active characters in JSON without changing its meaning', () => {
    const text = JSON.stringify({ ua: 'a\u009b31mb\u202ec' });
    const safe = jsonForTerminal(text);
    expect(safe).not.toMatch(/[\u009b\u202e]/);
    expect(JSON.parse(safe)).toEqual(JSON.parse(text));
  });
});

import { describe, expect, it } from 'vitest';
import { astToString, compileFilter, FilterError, pointAt } from '../../src/query/index.js';
import { expectGolden } from '../helpers/golden.js';

const NOW = Date.parse('2024-04-12T00:00:00Z');

/** The grammar's golden table: input -> tree -> SQL + parameters. */
const INPUTS = [
  '',
  'name:StopLogging',
  'name:StopLogging,DeleteTrail',
  'eventName:Create*',
  'arn:*admin*',
  '-error:*',
  'NOT user:alice',
  '-(src:iam OR src:sts)',
  'name:A OR name:B name:C',
  '(name:A OR name:B) name:C',
  'name:A AND name:B',
  'user:""',
  'has:mfa',
  'ip:10.0.0.0/8',
  'ip:10.0.0.0/8,192.168.0.0/16 -ip:10.1.0.0/16',
  'ip:81.2.69.142/32',
  'type:root category:mgmt',
  'type:Directory',
  'src:iam',
  'type:role',
  'category:network',
  'role:AdminRole',
  'session:alice@example.com',
  'ua:"aws-cli/2 (x)"',
  'msg:"not authorized"',
  'mfa:false readOnly:no',
  'param:bucketName=prod-*',
  'param:my_bucket%',
  'resource:prod-data',
  'rtype:AWS::S3::Bucket',
  'id:3f0c2e1a-0000 requestId:ABC*',
  'requestId:7Z3BKJ5R2K1CKH7C reqid:a,b',
  'after:2024-04-11 before:2024-04-11T13:00Z',
  'on:2024-04-11T13:05',
  'since:2h',
  'since:3d name:ConsoleLogin',
  'AssumeRole',
  '"access denied"',
  'arn:aws:iam::111122223333:user/alice',
  'name:"quoted \\"inner\\" value"',
  'error:AccessDenied* OR error:*UnauthorizedOperation',
];

function block(input: string): string {
  const c = compileFilter(input, { now: NOW });
  return [
    `> ${input}`,
    `ast:    ${astToString(c.ast)}`,
    `sql:    ${c.where}`,
    `params: ${JSON.stringify(c.params)}`,
    '',
  ].join('\n');
}

/** Mistakes: input -> message, position, length, suggestion. */
const MISTAKES = [
  'evnt:foo',
  'name:StopLogging evnt:foo',
  'usr:alice',
  'name:',
  'name:"unclosed',
  '(name:A',
  'name:A)',
  '()',
  'OR name:A',
  'name:A OR',
  'name:A AND',
  'NOT',
  'name:A or name:B',
  'ip:10.0.0.0/33',
  'ip:10.0.0/8',
  'after:yesterday',
  'before:2024-02-30',
  'since:2 hours',
  'since:2x',
  'on:2024-04-11,2024-04-12',
  'mfa:maybe',
  'has:nothing',
  'has:',
  'name:"a"b',
  'na"me',
  'type:rooot',
  'ip:300.1.1.1',
  'category:managment',
  '-',
  'name:X -',
  'name:X - name:Y',
];

function errorBlock(input: string): string {
  try {
    compileFilter(input, { now: NOW });
    return `> ${input}\nno error!\n`;
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    const caret = ' '.repeat(err.position) + '^'.repeat(Math.max(1, err.length));
    return [
      `> ${input}`,
      `  ${caret}`,
      `error:  ${err.message} @${err.position}+${err.length}${err.suggestion ? ` suggestion=${err.suggestion}` : ''}`,
      '',
    ].join('\n');
  }
}

describe('filter compiler', () => {
  it('refuses a value longer than SQLite could match, pointing at it', () => {
    const long = 'x'.repeat(60_000);
    let err: unknown;
    try {
      compileFilter(`name:A ua:${long}`, { now: NOW });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FilterError);
    expect((err as FilterError).message).toMatch(/value too long \(60,000 characters/);
    expect((err as FilterError).position).toBe(10);
  });

  it('points at a mistake in a long filter with a window, and under wide characters', () => {
    const text = `${'name:A '.repeat(200)}evnt:x`;
    const shown = pointAt(text, new FilterError('unknown field', text.length - 6, 4));
    const [line, caret] = shown.split('\n');
    expect(line.length).toBeLessThan(200);
    expect(line.startsWith('  …')).toBe(true);
    expect(caret.indexOf('^')).toBe(line.indexOf('evnt'));
    const wide = pointAt('日本語 evnt:x', new FilterError('unknown field', 4, 4)).split('\n');
    // 日本語 takes six columns: the caret sits under "evnt" on screen
    expect(wide[1].indexOf('^')).toBe(2 + 6 + 1);
  });

  it('matches the golden table of input -> AST -> SQL + params', () => {
    expectGolden('query/compile.txt', INPUTS.map(block).join('\n'));
  });

  it('matches the golden table of mistakes with positions', () => {
    expectGolden('query/errors.txt', MISTAKES.map(errorBlock).join('\n'));
  });

  it('raises FilterError (never anything else) for every mistake', () => {
    for (const m of MISTAKES) expect(() => compileFilter(m, { now: NOW }), m).toThrow(FilterError);
  });

  it('suggests the closest field', () => {
    try {
      compileFilter('evnt:foo');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FilterError);
      const e = err as FilterError;
      expect(e.message).toBe('unknown field "evnt" — did you mean "event"?');
      expect([e.position, e.length, e.suggestion]).toEqual([0, 4, 'event']);
    }
  });

  it('never puts a value into the SQL text', () => {
    const hostile = `name:"x' OR 1=1 --" user:'; DROP TABLE events; ua:"%_\\\\"`;
    const c = compileFilter(hostile);
    expect(c.where).not.toMatch(/DROP|1=1|x'/);
    expect(c.params).toContain("x' OR 1=1 --");
  });

  it('counts since: back from the end of the evidence, not the clock', () => {
    const c = compileFilter('since:2h', { now: 10_000_000 });
    expect(c.where).toContain('(SELECT max(time_ms) FROM events)');
    expect(c.params).toEqual([7_200_000]);
    expect(compileFilter('since:30m on:2024-04-11', { now: NOW }).timeRange).toEqual({
      fromMs: Date.parse('2024-04-11T00:00:00Z'),
      toMs: Date.parse('2024-04-12T00:00:00Z'),
    });
  });

  it('warns when the time terms select no time at all', () => {
    expect(compileFilter('after:2023-07-10 before:2023-07-09').warnings[0]).toMatch(
      /inverted.*2023-07-10T00:00:00Z.*2023-07-09T00:00:00Z/,
    );
    expect(compileFilter('after:2023-07-10T10:00Z before:2023-07-10T10:00Z').warnings[0]).toMatch(
      /time range is empty/,
    );
    expect(compileFilter('since:0m').warnings).toEqual([]);
    expect(compileFilter('after:2023-07-09 before:2023-07-10').warnings).toEqual([]);
  });

  it('survives arbitrary junk without throwing anything but FilterError', () => {
    const alphabet = [
      'a',
      ':',
      '"',
      '(',
      ')',
      '-',
      '*',
      ',',
      ' ',
      'OR',
      'NOT',
      '\\',
      'name',
      'ip:',
      '/',
      '\u0000',
      '\u202e',
    ];
    let seed = 7;
    for (let i = 0; i < 600; i++) {
      let s = '';
      const len = (i % 12) + 1;
      for (let j = 0; j < len; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += alphabet[seed % alphabet.length];
      }
      try {
        const c = compileFilter(s);
        expect(typeof c.where).toBe('string');
      } catch (err) {
        expect(err, s).toBeInstanceOf(FilterError);
      }
    }
  });
});

describe('limits', () => {
  it('refuses absurd nesting and term counts with a FilterError, not a crash', () => {
    expect(() => compileFilter('('.repeat(5000) + 'name:A' + ')'.repeat(5000))).toThrow(
      /nested too deeply/,
    );
    expect(() => compileFilter('NOT '.repeat(5000) + 'name:A')).toThrow(/nested too deeply/);
    expect(() =>
      compileFilter(Array.from({ length: 600 }, (_, i) => `name:n${i}`).join(' OR ')),
    ).toThrow(/too many terms/);
    expect(() =>
      compileFilter('name:' + Array.from({ length: 3000 }, (_, i) => `n${i}`).join(',')),
    ).toThrow(/too many values/);
    expect(() => compileFilter('('.repeat(30) + 'name:A' + ')'.repeat(30))).not.toThrow();
  });
});

describe('limits in SQLite', () => {
  it('runs the largest accepted filters', async () => {
    const { caseFileWith, ctEvent } = await import('../helpers/case-file.js');
    const db = caseFileWith([ctEvent({ eventName: 'n7' })]);
    for (const text of [
      Array.from({ length: 500 }, (_, i) => `-name:n${i}`).join(' OR '),
      Array.from({ length: 500 }, (_, i) => `name:n${i}`).join(' '),
      '-('.repeat(60) + 'name:n7' + ')'.repeat(60),
      'name:' + Array.from({ length: 2000 }, (_, i) => `n${i}`).join(','),
    ]) {
      const c = compileFilter(text);
      expect(
        () =>
          db
            .prepare(`SELECT count(*) FROM events e WHERE ${c.where}`)
            .pluck()
            .get(...c.params),
        text.slice(0, 40),
      ).not.toThrow();
    }
  });
});

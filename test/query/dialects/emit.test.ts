import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/query/index.js';
import { emitSql, likeToRegex, sqlString } from '../../../src/query/dialects/emit.js';
import { ipSpellingRegex } from '../../../src/query/dialects/ip-regex.js';
import { likeMatcher } from '../../../src/query/field-norm.js';
import { expectGolden } from '../../helpers/golden.js';
import { FILTER_CORPUS } from '../../helpers/filter-corpus.js';

const require = createRequire(import.meta.url);
const { Parser } = require('node-sql-parser') as typeof import('node-sql-parser');
const parser = new Parser();

describe('filters compiled for other engines', () => {
  for (const engine of ['athena', 'security-lake'] as const) {
    it(`${engine}: the SQL parses with an independent Athena/Trino parser, and matches the golden file`, () => {
      const out: string[] = [];
      for (const f of FILTER_CORPUS) {
        const e = emitSql(parseFilter(f), engine, { partitions: 'org' });
        out.push(`> ${f}`);
        if (e.unsupported.length)
          out.push(...e.unsupported.map((u) => `unsupported: ${u.field}: ${u.reason}`));
        else {
          expect(
            () => parser.astify(e.sql, { database: 'athena' }),
            `${f}\n${e.sql}`,
          ).not.toThrow();
          out.push(e.sql);
        }
        out.push(...e.warnings.map((w) => `warning: ${w}`), '');
      }
      expectGolden(`query/emit-${engine}.txt`, out.join('\n'));
    });
  }

  it('names every field an engine cannot answer instead of dropping it', () => {
    const e = emitSql(parseFilter('name:X param:bucketName=y'), 'athena');
    expect(e.unsupported).toEqual([
      { field: 'param', reason: expect.stringMatching(/JSON string/) },
    ]);
    expect(emitSql(parseFilter('sourceIdentity:a'), 'security-lake').unsupported[0].field).toBe(
      'sourceIdentity',
    );
  });

  it('warns about a full scan without a time range, and uses partitions when there is one', () => {
    expect(emitSql(parseFilter('name:X'), 'athena').warnings.join()).toMatch(/every partition/);
    const e = emitSql(parseFilter('on:2024-04-11 name:X'), 'athena');
    expect(e.warnings).toEqual([]);
    expect(e.sql).toContain(`"timestamp" >= '2024/04/11'`);
    expect(e.sql).toContain(`"timestamp" <= '2024/04/11'`);
    expect(emitSql(parseFilter('on:2024-04-11 name:X'), 'security-lake').sql).toContain(
      `eventday >= '20240411'`,
    );
  });

  it('keeps control characters out of the SQL text', () => {
    expect(sqlString("a'b\u001b]52;c\u0007")).toBe("('a''b' || chr(27) || ']52;c' || chr(7))");
  });

  it('translates a LIKE pattern into a regex that matches the same strings', () => {
    // patterns and values in lower case: the engines fold case before matching (translate)
    const chars = fc.constantFrom(
      'a',
      'b',
      '%',
      '_',
      '\\%',
      '\\_',
      '\\\\',
      '.',
      '*',
      '(',
      '[',
      '$',
      '^',
      '\n',
    );
    const value = fc
      .array(fc.constantFrom('a', 'b', '%', '_', '\\', '.', '*', '(', '\n', 'é'), { maxLength: 6 })
      .map((xs) => xs.join(''));
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 6 }).map((xs) => xs.join('')),
        value,
        (pattern, v) => {
          const re = new RegExp(likeToRegex(pattern).replace('(?s)', ''), 'su');
          expect(re.test(v), `${pattern} ~ ${v}`).toBe(likeMatcher(pattern)(v));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('matches every spelling of an address with one regex', () => {
    const re = (ip: string) => new RegExp(ipSpellingRegex(ip)!.replace('(?i)', ''), 'i');
    for (const v of [
      '35.249.253.232',
      '035.249.253.232',
      '::ffff:35.249.253.232',
      '0:0:0:0:0:FFFF:35.249.253.232',
      '::ffff:23f9:fde8',
    ])
      expect(re('35.249.253.232').test(v), v).toBe(true);
    for (const v of ['35.249.253.23', '135.249.253.232'])
      expect(re('35.249.253.232').test(v), v).toBe(false);
    for (const v of ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:0db8::0:1', '2001:db8:0::1'])
      expect(re('2001:db8::1').test(v), v).toBe(true);
    expect(re('2001:db8::1').test('2001:db8::2')).toBe(false);
  });
});

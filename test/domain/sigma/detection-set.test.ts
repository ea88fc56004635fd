import { describe, expect, it } from 'vitest';
import { DetectionSet } from '../../../src/domain/sigma/detection-set.js';
import { CachedRecord } from '../../../src/domain/sigma/fields.js';
import { parseRuleText } from '../../../src/domain/sigma/rule-text.js';
import type { DetectionRule } from '../../../src/domain/sigma/types.js';

const rule = (detection: string): string =>
  `title: t\nid: t\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n${detection}`;

function compile(detection: string): DetectionRule {
  const e = parseRuleText(rule(detection))[0];
  expect(e.status, e.reason ?? '').toBe('loaded');
  return e.compiled as DetectionRule;
}

// Rules of every shape the set treats apart: named, with a text need (grouped by field), neither.
const DETECTIONS = [
  `  sel:\n    eventName: GetObject\n  condition: sel\n`,
  `  sel:\n    eventName: [GetObject, PutObject]\n    userAgent|contains: Boto3\n  condition: sel\n`,
  `  sel:\n    userAgent|contains: 'kali'\n  condition: sel\n`,
  `  sel:\n    userAgent|startswith: 'aws-cli/2.'\n  condition: sel\n`,
  `  sel:\n    userAgent|endswith: 'Linux'\n  condition: sel\n`,
  `  sel:\n    userAgent: 'aws-*-cli/?.1*'\n  condition: sel\n`,
  `  sel:\n    userAgent: 'lit\\*star'\n  condition: sel\n`,
  `  sel:\n    userAgent|contains|all: [bo, to3]\n  condition: sel\n`,
  `  sel:\n    userAgent|cased: 'Boto3'\n  condition: sel\n`,
  `  sel:\n    userAgent|contains|cased: 'İ'\n  condition: sel\n`,
  `  sel:\n    userAgent|contains: 'ǅ'\n  condition: sel\n`,
  `  sel:\n    userAgent|contains|windash: ' -enc '\n  condition: sel\n`,
  `  sel:\n    userAgent|base64offset|contains: 'kali'\n  condition: sel\n`,
  `  sel:\n    userAgent|re|i: '^aws'\n  condition: sel\n`,
  `  sel:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: sel\n`,
  `  sel:\n    errorCode|exists: true\n  condition: sel\n`,
  `  sel:\n    errorCode: null\n  condition: sel\n`,
  `  sel:\n    requestParameters.items.name|contains: secret\n  condition: sel\n`,
  `  sel:\n    readOnly: false\n  condition: sel\n`,
  `  sel:\n    eventVersion: 1.08\n  condition: sel\n`,
  `  keywords:\n    - 'denied'\n  condition: keywords\n`,
  `  a:\n    userAgent|contains: kali\n  b:\n    errorCode: AccessDenied\n  condition: a or b\n`,
  `  a:\n    userAgent|contains: kali\n  b:\n    errorCode: AccessDenied\n  condition: a and not b\n`,
  `  a:\n    userAgent|contains: kali\n  b:\n    sourceIPAddress|startswith: '10.'\n  condition: 1 of them\n`,
  `  a:\n    userAgent|contains: boto\n  b:\n    sourceIPAddress|startswith: '10.'\n  condition: all of them\n`,
  `  sel:\n    - userAgent|contains: kali\n    - sourceIPAddress: 203.0.113.9\n  condition: sel\n`,
  `  a:\n    userAgent|contains: kali\n  b:\n    eventName: ListBuckets\n  condition:\n    - a\n    - b\n`,
  `  sel:\n    userAgent|contains: ''\n  condition: sel\n`,
  `  sel:\n    userAgent: '*'\n  condition: sel\n`,
];

/** A small deterministic generator (the records must vary, and the test must repeat). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const AGENTS = [
  'aws-cli/2.15.0 Python/3.11 Linux',
  'AWS-CLI/2.1 KALI',
  'Boto3/1.34 Botocore/1.34',
  'boto3',
  'aws-sdk-cli/1.10',
  'lit*star',
  'litXstar',
  'İstanbul tool',
  'istanbul tool',
  'ǆ lower digraph',
  'run /enc payload',
  'run -enc payload',
  Buffer.from('xx kali yy').toString('base64'),
  '',
  'ΑΣ final sigma',
];

function randomRecord(r: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rec: Record<string, unknown> = {
    eventVersion: pick(['1.08', '1.09', 1.08]),
    eventName: pick(['GetObject', 'getobject', 'PutObject', 'ListBuckets', 'DescribeInstances']),
    sourceIPAddress: pick(['10.1.2.3', '203.0.113.9', 'ec2.amazonaws.com', '010.1.2.3']),
    readOnly: pick([true, false, 'false']),
  };
  if (r() < 0.9) rec.userAgent = pick(AGENTS);
  if (r() < 0.2) rec.userAgent = [pick(AGENTS), pick(AGENTS)];
  if (r() < 0.3) rec.errorCode = pick(['AccessDenied', null, 'Client.UnauthorizedOperation']);
  if (r() < 0.3) rec.errorMessage = 'User is not authorized: access denied';
  if (r() < 0.3)
    rec.requestParameters = { items: [{ name: pick(['prod/Secret-1', 'public']) }, { name: 'x' }] };
  return rec;
}

describe('DetectionSet', () => {
  const rules = DETECTIONS.map(compile);
  const set = new DetectionSet(rules);

  it('matches exactly what each rule matches on its own, over varied records', () => {
    const r = prng(7);
    let hits = 0;
    for (let n = 0; n < 3000; n++) {
      const rec = randomRecord(r);
      const expected = rules.flatMap((rule, i) => (rule.match(new CachedRecord(rec)) ? [i] : []));
      expect(set.matches(rec), JSON.stringify(rec)).toEqual(expected);
      hits += expected.length;
    }
    // the records do exercise the rules (not a comparison of two empty lists)
    expect(hits).toBeGreaterThan(3000);
  });

  it('derives a text need only where a case-insensitive literal is required', () => {
    const need = (d: string) => compile(d).need;
    expect(need(`  sel:\n    userAgent|contains: Kali\n  condition: sel\n`)).toEqual({
      field: 'userAgent',
      literals: ['kali'],
    });
    // the longest literal run of a wildcard pattern, of each value of a list
    expect(need(`  sel:\n    userAgent: ['aws-*-cli/?.1*', 'boto3*']\n  condition: sel\n`)).toEqual(
      { field: 'userAgent', literals: ['-cli/', 'boto3'] },
    );
    // with |all, the value with the longest text stands for the item
    expect(
      need(`  sel:\n    userAgent|contains|all: [bo, botocore]\n  condition: sel\n`)?.literals,
    ).toEqual(['botocore']);
    // the most selective of a selection's fields, eventName aside (the name index handles it)
    expect(
      need(
        `  sel:\n    eventName: GetObject\n    eventSource|endswith: .amazonaws.com\n    userAgent|contains: x\n  condition: sel\n`,
      ),
    ).toEqual({ field: 'eventSource', literals: ['.amazonaws.com'] });
    for (const none of [
      `  sel:\n    userAgent|cased: Kali\n  condition: sel\n`,
      `  sel:\n    userAgent|re: kali\n  condition: sel\n`,
      `  sel:\n    userAgent: '*'\n  condition: sel\n`,
      `  sel:\n    userAgent: [kali, '*']\n  condition: sel\n`,
      `  sel:\n    errorCode: null\n  condition: sel\n`,
      `  a:\n    userAgent|contains: kali\n  b:\n    errorCode: X\n  condition: a or b\n`,
      `  a:\n    userAgent|contains: kali\n  condition: not a\n`,
    ])
      expect(need(none), none).toBeNull();
  });

  it('a rule set without rules matches nothing', () => {
    expect(new DetectionSet([]).matches({ eventName: 'GetObject' })).toEqual([]);
  });
});

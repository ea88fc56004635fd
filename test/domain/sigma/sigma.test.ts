import { describe, expect, it } from 'vitest';
import { matchesRecord } from '../../../src/domain/sigma/parse.js';
import { parseRuleText } from '../../../src/domain/sigma/rule-text.js';
import {
  evaluateCorrelation,
  type CorrelationInput,
} from '../../../src/domain/sigma/correlation.js';
import type { CorrelationRule } from '../../../src/domain/sigma/types.js';

/** A CloudTrail detection rule around a detection block (YAML indented by 4). */
function rule(detection: string, extra = ''): string {
  return `title: test rule
id: 11111111-2222-3333-4444-555555555555
status: test
level: high
tags:
  - attack.defense-evasion
  - attack.t1562.008
logsource:
  product: aws
  service: cloudtrail
${extra}detection:
${detection}`;
}

function one(text: string) {
  const entries = parseRuleText(text);
  expect(entries).toHaveLength(1);
  return entries[0];
}

const stopLogging = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    accessKeyId: 'AKIAEXAMPLE',
    userName: 'alice',
  },
  eventTime: '2024-03-01T10:00:00Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  userAgent: 'aws-cli/2.15.0 Python/3.11',
  requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' },
  responseElements: null,
  eventID: 'e1',
  readOnly: false,
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
};

const authorizeIngress = {
  ...stopLogging,
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  requestParameters: {
    groupId: 'sg-0123',
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] },
        },
        {
          ipProtocol: 'tcp',
          fromPort: 3389,
          toPort: 3389,
          ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
        },
      ],
    },
  },
  responseElements: { _return: true, securityGroupRuleSet: { items: [{ groupRuleId: 'sgr-1' }] } },
};

const failedLogin = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    accountId: '111122223333',
    userName: 'alice',
  },
  eventTime: '2024-03-01T10:00:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  sourceIPAddress: '198.51.100.9',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Failure' },
  additionalEventData: {
    LoginTo: 'https://console.aws.amazon.com/console/home',
    MobileVersion: 'No',
    MFAUsed: 'No',
  },
  errorMessage: 'Failed authentication',
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '111122223333',
};

describe('Sigma detection rules on CloudTrail records', () => {
  it('reads the rule metadata', () => {
    const e = one(
      rule(`    selection:\n        eventName: StopLogging\n    condition: selection\n`),
    );
    expect(e.status).toBe('loaded');
    expect(e.meta).toMatchObject({
      id: '11111111-2222-3333-4444-555555555555',
      title: 'test rule',
      level: 'high',
      sigmaStatus: 'test',
    });
    expect(e.meta.tags).toContain('attack.t1562.008');
  });

  it('map = AND, list = OR, matching case-insensitively by default', () => {
    const e = one(
      rule(
        `    selection:\n        eventSource: CLOUDTRAIL.amazonaws.com\n        eventName:\n            - DeleteTrail\n            - stoplogging\n    condition: selection\n`,
      ),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    expect(matchesRecord(e, { ...stopLogging, eventSource: 's3.amazonaws.com' })).toBe(false);
    expect(matchesRecord(e, { ...stopLogging, eventName: 'StartLogging' })).toBe(false);
  });

  it('cased makes a value case-sensitive', () => {
    const e = one(
      rule(`    selection:\n        eventName|cased: stoplogging\n    condition: selection\n`),
    );
    expect(matchesRecord(e, stopLogging)).toBe(false);
    expect(matchesRecord(e, { ...stopLogging, eventName: 'stoplogging' })).toBe(true);
  });

  it('contains, startswith, endswith', () => {
    const c = one(
      rule(`    selection:\n        userAgent|contains: 'CLI/2'\n    condition: selection\n`),
    );
    const s = one(
      rule(
        `    selection:\n        userIdentity.arn|startswith: 'arn:aws:iam::111122223333:'\n    condition: selection\n`,
      ),
    );
    const t = one(
      rule(
        `    selection:\n        requestParameters.name|endswith: 'trail/MAIN'\n    condition: selection\n`,
      ),
    );
    for (const e of [c, s, t]) expect(matchesRecord(e, stopLogging)).toBe(true);
    expect(matchesRecord(c, { ...stopLogging, userAgent: 'console.amazonaws.com' })).toBe(false);
  });

  it('all: every value must match', () => {
    const e = one(
      rule(
        `    selection:\n        userAgent|contains|all:\n            - aws-cli\n            - python\n    condition: selection\n`,
      ),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    expect(matchesRecord(e, { ...stopLogging, userAgent: 'aws-cli/2 Go' })).toBe(false);
  });

  it('wildcards * and ?, and escaped wildcards are literal', () => {
    const e = one(
      rule(`    selection:\n        eventName: 'Stop?ogg*'\n    condition: selection\n`),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    const lit = one(
      rule(`    selection:\n        requestParameters.name: 'a\\*b'\n    condition: selection\n`),
    );
    expect(matchesRecord(lit, { ...stopLogging, requestParameters: { name: 'a*b' } })).toBe(true);
    expect(matchesRecord(lit, { ...stopLogging, requestParameters: { name: 'axxb' } })).toBe(false);
  });

  it('re (case-sensitive unless |i)', () => {
    const e = one(
      rule(
        `    selection:\n        sourceIPAddress|re: '^203\\.0\\.113\\.\\d+$'\n    condition: selection\n`,
      ),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    const i = one(
      rule(`    selection:\n        eventName|re|i: '^stop'\n    condition: selection\n`),
    );
    expect(matchesRecord(i, stopLogging)).toBe(true);
    const cs = one(
      rule(`    selection:\n        eventName|re: '^stop'\n    condition: selection\n`),
    );
    expect(matchesRecord(cs, stopLogging)).toBe(false);
  });

  it('cidr', () => {
    const e = one(
      rule(
        `    selection:\n        sourceIPAddress|cidr: 203.0.113.0/24\n    condition: selection\n`,
      ),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    expect(matchesRecord(e, { ...stopLogging, sourceIPAddress: 'AWS Internal' })).toBe(false);
  });

  it('exists and null', () => {
    const ex = one(
      rule(`    selection:\n        errorCode|exists: false\n    condition: selection\n`),
    );
    expect(matchesRecord(ex, stopLogging)).toBe(true);
    expect(matchesRecord(ex, { ...stopLogging, errorCode: 'AccessDenied' })).toBe(false);
    const nul = one(
      rule(`    selection:\n        responseElements: null\n    condition: selection\n`),
    );
    expect(matchesRecord(nul, stopLogging)).toBe(true);
    expect(matchesRecord(nul, authorizeIngress)).toBe(false);
  });

  it('numbers and booleans compare with the record as written', () => {
    const e = one(
      rule(
        `    selection:\n        requestParameters.ipPermissions.items.fromPort: 3389\n        readOnly: false\n    condition: selection\n`,
      ),
    );
    expect(matchesRecord(e, authorizeIngress)).toBe(true);
    expect(matchesRecord(e, { ...authorizeIngress, readOnly: true })).toBe(false);
  });

  it('dotted paths walk arrays: any element matches', () => {
    const e = one(
      rule(
        `    selection:\n        eventName: AuthorizeSecurityGroupIngress\n        requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0\n    condition: selection\n`,
      ),
    );
    expect(matchesRecord(e, authorizeIngress)).toBe(true);
    const narrow = JSON.parse(JSON.stringify(authorizeIngress));
    narrow.requestParameters.ipPermissions.items[1].ipRanges.items[0].cidrIp = '192.168.0.0/16';
    expect(matchesRecord(e, narrow)).toBe(false);
  });

  it('windash and base64 expand the written value', () => {
    const w = one(
      rule(`    selection:\n        userAgent|windash|contains: ' -x'\n    condition: selection\n`),
    );
    expect(matchesRecord(w, { ...stopLogging, userAgent: 'tool /x' })).toBe(true);
    const b = one(
      rule(
        `    selection:\n        requestParameters.userData|base64: 'curl'\n    condition: selection\n`,
      ),
    );
    expect(
      matchesRecord(b, {
        ...stopLogging,
        requestParameters: { userData: Buffer.from('curl').toString('base64') },
      }),
    ).toBe(true);
    const bo = one(
      rule(
        `    selection:\n        requestParameters.userData|base64offset|contains: 'curl'\n    condition: selection\n`,
      ),
    );
    expect(
      matchesRecord(bo, {
        ...stopLogging,
        requestParameters: { userData: Buffer.from('#!/bin/sh\ncurl http://x').toString('base64') },
      }),
    ).toBe(true);
  });

  it('keywords search every value of the record', () => {
    const e = one(
      rule(`    keywords:\n        - '*cloudtrail:us-east-1*'\n    condition: keywords\n`),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    expect(matchesRecord(e, authorizeIngress)).toBe(false);
  });

  it('conditions: and, or, not, parentheses', () => {
    const e = one(
      rule(
        `    sel_trail:\n        eventSource: cloudtrail.amazonaws.com\n    sel_name:\n        eventName: StopLogging\n    filter_ci:\n        userIdentity.userName: ci-bot\n    other:\n        eventName: Nothing\n    condition: (sel_trail and sel_name) and not filter_ci or other\n`,
      ),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    expect(matchesRecord(e, { ...stopLogging, userIdentity: { userName: 'ci-bot' } })).toBe(false);
    expect(matchesRecord(e, { ...authorizeIngress, eventName: 'Nothing' })).toBe(true);
  });

  it('1 of sel*, all of sel*, 1 of them, all of them', () => {
    const base = `    sel_a:\n        eventName: StopLogging\n    sel_b:\n        eventSource: ec2.amazonaws.com\n`;
    const oneOf = one(rule(`${base}    condition: 1 of sel_*\n`));
    const allOf = one(rule(`${base}    condition: all of sel_*\n`));
    const oneThem = one(rule(`${base}    condition: 1 of them\n`));
    const allThem = one(rule(`${base}    condition: all of them\n`));
    expect(matchesRecord(oneOf, stopLogging)).toBe(true);
    expect(matchesRecord(allOf, stopLogging)).toBe(false);
    expect(matchesRecord(oneThem, authorizeIngress)).toBe(true);
    expect(matchesRecord(allThem, { ...authorizeIngress, eventName: 'StopLogging' })).toBe(true);
  });

  it('a list of maps is OR of the maps', () => {
    const e = one(
      rule(
        `    selection:\n        - eventName: StopLogging\n        - eventName: DeleteTrail\n    condition: selection\n`,
      ),
    );
    expect(matchesRecord(e, stopLogging)).toBe(true);
    expect(e.compiled?.kind === 'detection' && e.compiled.eventNames).toEqual([
      'stoplogging',
      'deletetrail',
    ]);
  });

  it('a deeply nested record is walked without recursion', () => {
    let deep: unknown = 'needle';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const e = one(
      rule(`    selection:\n        requestParameters.x: needle\n    condition: selection\n`),
    );
    expect(matchesRecord(e, { ...stopLogging, requestParameters: { x: deep } })).toBe(true);
  });
});

describe('rules that do not load say why', () => {
  const cases: [string, string, RegExp][] = [
    ['YAML syntax', 'title: x\ndetection: [unclosed\n', /^YAML/],
    ['no detection', 'title: x\nlogsource: {product: aws, service: cloudtrail}\n', /no detection/],
    [
      'condition names a missing selection',
      rule(`    selection:\n        eventName: X\n    condition: selection and sel2\n`),
      /"sel2", which is not a selection/,
    ],
    [
      'unbalanced parentheses',
      rule(`    selection:\n        eventName: X\n    condition: (selection\n`),
      /parenthes/,
    ],
    [
      'pattern with no selection',
      rule(`    selection:\n        eventName: X\n    condition: 1 of filter_*\n`),
      /matches no selection/,
    ],
    [
      'bad cidr',
      rule(`    selection:\n        sourceIPAddress|cidr: 10.0.0.0/99\n    condition: selection\n`),
      /not a CIDR/,
    ],
    [
      'exists without a boolean',
      rule(`    selection:\n        errorCode|exists: maybe\n    condition: selection\n`),
      /exists takes true or false/,
    ],
  ];
  for (const [what, text, reason] of cases) {
    it(`error: ${what}`, () => {
      const e = parseRuleText(text)[0];
      expect(e.status).toBe('error');
      expect(e.reason).toMatch(reason);
    });
  }
  const unsupportedCases: [string, string, RegExp][] = [
    [
      'aggregation',
      rule(
        `    selection:\n        eventName: X\n    condition: selection | count() by userIdentity.arn > 5\n`,
      ),
      /aggregation/,
    ],
    [
      'utf16 modifier',
      rule(`    selection:\n        eventName|wide: X\n    condition: selection\n`),
      /wide/,
    ],
    [
      'unknown modifier',
      rule(`    selection:\n        eventName|frobnicate: X\n    condition: selection\n`),
      /modifier "frobnicate"/,
    ],
    [
      'timeframe',
      rule(`    selection:\n        eventName: X\n    timeframe: 5m\n    condition: selection\n`),
      /timeframe/,
    ],
    [
      'regex JavaScript cannot read',
      rule(`    selection:\n        eventName|re: '(?<x'\n    condition: selection\n`),
      /not a JavaScript regular expression/,
    ],
    [
      'correlation aliases',
      'title: c\ncorrelation:\n  type: temporal\n  rules: [a, b]\n  group-by: [ip]\n  timespan: 5m\n  aliases:\n    ip: {a: sourceIPAddress, b: sourceIPAddress}\n',
      /aliases/,
    ],
    [
      'deeply nested condition',
      rule(
        `    selection:\n        eventName: X\n    condition: ${'('.repeat(100)}selection${')'.repeat(100)}\n`,
      ),
      /nested deeper/,
    ],
  ];
  for (const [what, text, reason] of unsupportedCases) {
    it(`unsupported: ${what}`, () => {
      const e = parseRuleText(text)[0];
      expect(e.status).toBe('unsupported');
      expect(e.reason).toMatch(reason);
    });
  }
  it('a rule for another log source is "not CloudTrail"', () => {
    const e = parseRuleText(
      'title: w\nlogsource: {product: windows, service: security}\ndetection:\n  s: {EventID: 4625}\n  condition: s\n',
    )[0];
    expect(e.status).toBe('not-cloudtrail');
    expect(e.reason).toContain('product windows');
  });
  it("a broken document is an error of its own: the file's other documents still load", () => {
    const ok = (title: string, name: string): string =>
      `title: ${title}\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {eventName: ${name}}, condition: s}\n`;
    const entries = parseRuleText(`${ok('a', 'X')}---\ntitle: b\nb: [\n---\n${ok('c', 'Y')}`);
    expect(entries.map((e) => [e.meta.title, e.status])).toEqual([
      ['a', 'loaded'],
      ['(untitled)', 'error'],
      ['c', 'loaded'],
    ]);
    // the place is given in lines of the whole file
    expect(entries[1].reason).toMatch(/^YAML: .* at line 7, column 1$/);
    // a directive before the first document is not a document of its own
    const directed = parseRuleText(`%YAML 1.2\n# pack\n---\n${ok('a', 'X')}---\nb: [\n`);
    expect(directed.map((e) => [e.meta.title, e.status])).toEqual([
      ['a', 'loaded'],
      ['(untitled)', 'error'],
    ]);
    expect(directed[1].reason).toMatch(/at line 9, column 1$/);
    expect(parseRuleText('a: 1\na: 2\n')[0].reason).toMatch(
      /^YAML: duplicated mapping key at line 2/,
    );
  });
  it('a Sigma date stays text (YAML core schema, no timestamps)', () => {
    const e = parseRuleText(
      'title: d\ndate: 2024-01-01\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {eventName: X}, condition: s}\n',
    )[0];
    expect(e.status).toBe('loaded');
    expect(JSON.parse(e.source)).toMatchObject({ date: '2024-01-01' });
  });
  it('one long text repeated through aliases is refused, not written out a thousand times', () => {
    const long = 'x'.repeat(10_000);
    const text = `title: t\na: &s "${long}"\nb: [${Array(300).fill('*s').join(', ')}]\n`;
    const [e] = parseRuleText(text);
    expect(e.status).toBe('error');
    expect(e.reason).toMatch(/^YAML: aliases expand/);
    expect(e.source.length).toBeLessThan(1000);
  });
  it('YAML alias bombs stop with an error', () => {
    const bomb =
      'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    const e = parseRuleText(bomb)[0];
    expect(e.status).toBe('error');
  });
});

describe('correlation rules', () => {
  const corr = (
    type: CorrelationRule['type'],
    extra: Partial<CorrelationRule> = {},
  ): CorrelationRule => ({
    kind: 'correlation',
    type,
    rules: ['a', 'b'],
    groupBy: ['userIdentity.arn'],
    timespanMs: 60_000,
    condition: {},
    field: null,
    generate: false,
    ...extra,
  });
  const hit = (
    rowid: number,
    s: number,
    ruleIndex = 0,
    group = 'alice',
    value: string | null = null,
  ): CorrelationInput => ({ rowid, timeMs: s * 1000, ruleIndex, group, value });

  it('parses each type from Sigma YAML', () => {
    const text = `title: many denied
id: c1
correlation:
  type: value_count
  rules:
    - denied
  group-by:
    - userIdentity.arn
  timespan: 10m
  condition:
    field: eventName
    gte: 3
level: high
`;
    const e = parseRuleText(text)[0];
    expect(e.status).toBe('loaded');
    expect(e.compiled).toMatchObject({
      kind: 'correlation',
      type: 'value_count',
      timespanMs: 600_000,
      field: 'eventName',
      condition: { gte: 3 },
    });
    expect(parseRuleText(text.replace('10m', 'ten minutes'))[0].reason).toMatch(/timespan/);
    expect(parseRuleText(text.replace('    field: eventName\n', ''))[0].reason).toMatch(
      /condition.field/,
    );
  });

  it('event_count: gte within the timespan, per group', () => {
    const r = corr('event_count', { rules: ['a'], condition: { gte: 3 } });
    const got = evaluateCorrelation(r, [
      hit(1, 0),
      hit(2, 30),
      hit(3, 59),
      hit(4, 200),
      hit(5, 10, 0, 'bob'),
      hit(6, 11, 0, 'bob'),
    ]);
    expect([...got].sort()).toEqual([1, 2, 3]);
    expect(
      evaluateCorrelation({ ...r, condition: { gt: 3 } }, [hit(1, 0), hit(2, 30), hit(3, 59)]).size,
    ).toBe(0);
    expect(
      evaluateCorrelation({ ...r, condition: { eq: 2 } }, [
        hit(5, 10, 0, 'bob'),
        hit(6, 11, 0, 'bob'),
      ]).size,
    ).toBe(2);
  });

  it('value_count: distinct values of a field', () => {
    const r = corr('value_count', { rules: ['a'], condition: { gte: 3 }, field: 'eventName' });
    expect(
      evaluateCorrelation(r, [
        hit(1, 0, 0, 'g', 'A'),
        hit(2, 1, 0, 'g', 'A'),
        hit(3, 2, 0, 'g', 'B'),
      ]).size,
    ).toBe(0);
    expect(
      evaluateCorrelation(r, [
        hit(1, 0, 0, 'g', 'A'),
        hit(2, 1, 0, 'g', 'B'),
        hit(3, 2, 0, 'g', 'C'),
      ]).size,
    ).toBe(3);
    expect(
      evaluateCorrelation({ ...r, condition: { lte: 1 } }, [
        hit(1, 0, 0, 'g', 'A'),
        hit(2, 1, 0, 'g', 'A'),
      ]).size,
    ).toBe(2);
  });

  it('temporal: every referenced rule within the timespan, any order', () => {
    const r = corr('temporal');
    expect([...evaluateCorrelation(r, [hit(1, 0, 1), hit(2, 30, 0)])].sort()).toEqual([1, 2]);
    expect(evaluateCorrelation(r, [hit(1, 0, 1), hit(2, 90, 0)]).size).toBe(0);
    expect(evaluateCorrelation(r, [hit(1, 0, 1, 'alice'), hit(2, 1, 0, 'bob')]).size).toBe(0);
  });

  it('temporal_ordered: in the order listed', () => {
    const r = corr('temporal_ordered');
    expect([...evaluateCorrelation(r, [hit(1, 0, 0), hit(2, 30, 1)])].sort()).toEqual([1, 2]);
    expect(evaluateCorrelation(r, [hit(1, 0, 1), hit(2, 30, 0)]).size).toBe(0);
    expect(evaluateCorrelation(r, [hit(1, 0, 0), hit(2, 61, 1)]).size).toBe(0);
    // a later start leaves more room: 0@50 then 1@100 fits although 0@0 does not
    expect(
      [...evaluateCorrelation(r, [hit(1, 0, 0), hit(2, 50, 0), hit(3, 100, 1)])].sort(),
    ).toEqual([2, 3]);
  });

  it('a failed login burst followed by a success, as Sigma writes it, parses', () => {
    const text = `title: Console brute force then success
id: bf-then-ok
correlation:
  type: temporal_ordered
  rules: [failed_console_login, ok_console_login]
  group-by: [sourceIPAddress]
  timespan: 10m
level: high
---
title: failed console login
name: failed_console_login
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventName: ConsoleLogin
    responseElements.ConsoleLogin: Failure
  condition: selection
`;
    const [c, base] = parseRuleText(text);
    expect(c.status).toBe('loaded');
    expect(base.meta.id).toBe('failed_console_login');
    expect(matchesRecord(base, failedLogin)).toBe(true);
  });
});

describe('regular expressions with inline flags', () => {
  it('moves leading (?i) (?s) (?m) to the expression flags; elsewhere the rule is unsupported', () => {
    const e = one(rule(`  sel:\n    userAgent|re: '(?i)^aws-cli/'\n  condition: sel\n`));
    expect(e.status).toBe('loaded');
    expect(matchesRecord(e, { ...stopLogging, userAgent: 'AWS-CLI/2.15 Python' })).toBe(true);
    expect(matchesRecord(e, { ...stopLogging, userAgent: 'boto3 aws-cli/2' })).toBe(false);
    // without the flag the same pattern is case-sensitive, as Sigma's re is
    const cased = one(rule(`  sel:\n    userAgent|re: '^aws-cli/'\n  condition: sel\n`));
    expect(matchesRecord(cased, { ...stopLogging, userAgent: 'AWS-CLI/2.15' })).toBe(false);
    const inner = one(rule(`  sel:\n    userAgent|re: 'aws(?i)-cli'\n  condition: sel\n`));
    expect(inner.status).toBe('unsupported');
    expect(inner.reason).toMatch(/not a JavaScript regular expression/);
  });
});

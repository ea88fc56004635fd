import { describe, expect, it } from 'vitest';
import {
  decodeWorkloadHints,
  encodeWorkloadHints,
  workloadHintsOf,
} from '../../src/domain/workload-hints.js';
import { normalizeRecord } from '../../src/ingest/normalize.js';
import { ctEvent } from '../helpers/case-file.js';

describe('workload hints', () => {
  it('reads EC2 delivery and Lambda scope from userIdentity, and nothing from anything else', () => {
    expect(
      workloadHintsOf({
        type: 'AssumedRole',
        sessionContext: { ec2RoleDelivery: '2.0' },
        inScopeOf: {
          issuerType: 'AWS::Lambda::Function',
          sourceArn: 'arn:aws:lambda:us-east-1:111122223333:function:orders',
        },
      }),
    ).toEqual({
      ec2RoleDelivery: '2.0',
      inScopeOfIssuer: 'AWS::Lambda::Function',
      inScopeOfSource: 'arn:aws:lambda:us-east-1:111122223333:function:orders',
    });
    const none = { ec2RoleDelivery: null, inScopeOfIssuer: null, inScopeOfSource: null };
    expect(workloadHintsOf(undefined)).toEqual(none);
    expect(workloadHintsOf('x')).toEqual(none);
    expect(workloadHintsOf({ sessionContext: { ec2RoleDelivery: {} }, inScopeOf: [] })).toEqual(
      none,
    );
  });

  it('reads a number as its digits, and cuts what evidence makes long', () => {
    expect(workloadHintsOf({ sessionContext: { ec2RoleDelivery: 2 } }).ec2RoleDelivery).toBe('2');
    const long = workloadHintsOf({ inScopeOf: { sourceArn: 'a'.repeat(5_000_000) } });
    expect(long.inScopeOfSource!.length).toBe(8192);
  });

  it('round-trips through the kept text; none is the empty text', () => {
    const h = { ec2RoleDelivery: '1.0', inScopeOfIssuer: null, inScopeOfSource: 'a"b\n' };
    expect(decodeWorkloadHints(encodeWorkloadHints(h))).toEqual(h);
    const none = { ec2RoleDelivery: null, inScopeOfIssuer: null, inScopeOfSource: null };
    expect(encodeWorkloadHints(none)).toBe('');
    expect(decodeWorkloadHints('')).toEqual(none);
  });

  it('refuses text it did not write', () => {
    for (const bad of ['{', '[]', '[1,2,3]', '["a",null]', '{"a":1}', 'null'])
      expect(decodeWorkloadHints(bad)).toBeNull();
  });

  it('the normaliser keeps them bounded and well-formed, whatever the record holds', () => {
    const e = normalizeRecord(
      ctEvent({
        userIdentity: {
          type: 'AssumedRole',
          inScopeOf: {
            issuerType: 'AWS::Lambda::Function',
            sourceArn: 'x'.repeat(5_000_000) + '\ud800',
          },
        },
      }),
    );
    expect(e.workloadHints.length).toBeLessThan(8300);
    expect(decodeWorkloadHints(e.workloadHints)).toMatchObject({
      inScopeOfIssuer: 'AWS::Lambda::Function',
    });
    expect(normalizeRecord(ctEvent()).workloadHints).toBe('');
  });
});

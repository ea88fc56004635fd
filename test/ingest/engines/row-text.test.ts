import { describe, expect, it } from 'vitest';
import { parseRowText } from '../../../src/ingest/engines/row-text.js';
import { USER_IDENTITY, TRINO_COLUMNS } from '../../../src/ingest/engines/trino-schema.js';

const RESOURCES = (
  TRINO_COLUMNS.get('resources')!.kind as { row: Parameters<typeof parseRowText>[1] }
).row;

describe("Trino ROW text, read with the table's types", () => {
  it('nested ROWs with null fields become CloudTrail objects with camelCase names (nulls left out)', () => {
    const text =
      '{type=AssumedRole, principalid=AROAX:alice, arn=arn:aws:sts::111122223333:assumed-role/Admin/alice, accountid=111122223333, invokedby=null, ' +
      'accesskeyid=ASIAX, username=null, onbehalfof=null, sessioncontext={attributes={mfaauthenticated=true, creationdate=2024-04-11T11:00:00Z}, ' +
      'sessionissuer={type=Role, principalid=AROAX, arn=arn:aws:iam::111122223333:role/Admin, accountid=111122223333, username=Admin}, ec2roledelivery=null, webidfederationdata=null}}';
    const r = parseRowText(text, USER_IDENTITY);
    expect(r).toEqual({
      ok: true,
      unknown: [],
      value: {
        type: 'AssumedRole',
        principalId: 'AROAX:alice',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
        accountId: '111122223333',
        accessKeyId: 'ASIAX',
        sessionContext: {
          attributes: { mfaAuthenticated: 'true', creationDate: '2024-04-11T11:00:00Z' },
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAX',
            arn: 'arn:aws:iam::111122223333:role/Admin',
            accountId: '111122223333',
            userName: 'Admin',
          },
        },
      },
    });
  });

  it('values holding ", ", "=", braces, brackets and quotes are read whole, never split on commas', () => {
    const name = 'bob, arn=fake=1 {x}"q" [y]';
    const text = `{type=IAMUser, principalid=AIDAX, arn=arn:aws:iam::1:user/bob, accountid=1, invokedby=null, accesskeyid=AKIAX, username=${name}, onbehalfof=null, sessioncontext=null}`;
    const r = parseRowText(text, USER_IDENTITY);
    expect(r.ok && (r.value as Record<string, unknown>).userName).toBe(name);
    expect(r.ok && (r.value as Record<string, unknown>).arn).toBe('arn:aws:iam::1:user/bob');
  });

  it('arrays of ROWs whose values hold "}, {" and "=" ', () => {
    const text =
      '[{arn=arn:aws:s3:::b,with,commas, accountid=111122223333, type=AWS::S3::Bucket}, {arn=arn:aws:s3:::b2/key=1}, {x, accountid=null, type=AWS::S3::Object}]';
    const r = parseRowText(text, RESOURCES);
    expect(r).toEqual({
      ok: true,
      unknown: [],
      value: [
        { ARN: 'arn:aws:s3:::b,with,commas', accountId: '111122223333', type: 'AWS::S3::Bucket' },
        { ARN: 'arn:aws:s3:::b2/key=1}, {x', type: 'AWS::S3::Object' },
      ],
    });
  });

  it('an older or longer DDL: fields it lacks are fine, fields outside the type are read leniently and named', () => {
    expect(parseRowText('{type=IAMUser, arn=a, username=u}', USER_IDENTITY)).toEqual({
      ok: true,
      unknown: [],
      value: { type: 'IAMUser', arn: 'a', userName: 'u' },
    });
    const r = parseRowText('{type=IAMUser, newfield=v, arn=a, later={x=1, y=2}}', USER_IDENTITY);
    expect(r).toEqual({
      ok: true,
      unknown: expect.arrayContaining(['newfield', 'later']),
      value: { type: 'IAMUser', newfield: 'v', arn: 'a', later: { x: '1', y: '2' } },
    });
  });

  it('malformed text comes back with a reason, never a throw', () => {
    // Trino escapes nothing, so only text no reading fits is malformed: a broken start or end
    for (const bad of [
      '{type=IAMUser',
      'type=IAMUser}',
      '{=x}',
      '[{arn=x}',
      '{'.repeat(50_000),
      'null trailing',
      '{sessioncontext={attributes=oops}}',
    ]) {
      const r = parseRowText(bad, USER_IDENTITY);
      expect(r.ok).toBe(false);
    }
    // a field given twice cannot be two fields: the only reading keeps the rest inside one value
    const twice =
      '{' + Array.from({ length: 400 }, (_, i) => `username=a, arn=b${i}`).join(', ') + '}';
    const r = parseRowText(twice, USER_IDENTITY);
    expect(
      r.ok && (r.value as Record<string, string>).arn.startsWith('b0, username=a, arn=b1'),
    ).toBe(true);
    // costly hostile text ends within the step budget, with a reason
    const started = Date.now();
    const costly = parseRowText('{type=' + ', x={'.repeat(3000) + '[', USER_IDENTITY);
    expect(costly.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { stackedHistogram } from '../../src/store/timeline.js';
import { evaluateNotable } from '../../src/case/notable/evaluate.js';
import { MATCH_ALL } from '../../src/store/filter-sql.js';
import type { Database } from '../../src/store/db.js';

let db: Database | undefined;
afterEach(() => db?.close());

describe('stacked timeline histogram', () => {
  it('splits each bucket into notable, other failed, and the rest without counting twice', () => {
    const t = (min: number) => `2024-04-11T12:${String(min).padStart(2, '0')}:00Z`;
    db = caseFileWith([
      ctEvent({ eventTime: t(0) }),
      ctEvent({ eventTime: t(1), errorCode: 'AccessDenied', errorMessage: 'no' }),
      // notable (two rules: root activity and StopLogging) and failed: counted once, as notable
      ctEvent({
        eventTime: t(2),
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        errorCode: 'AccessDenied',
        errorMessage: 'no',
        userIdentity: {
          type: 'Root',
          principalId: '111122223333',
          arn: 'arn:aws:iam::111122223333:root',
          accountId: '111122223333',
        },
      }),
      ctEvent({
        eventTime: t(12),
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        readOnly: false,
      }),
      ctEvent({ eventTime: t(13) }),
    ]);
    evaluateNotable(db);
    const h = stackedHistogram(db, MATCH_ALL, {
      from: Date.parse(t(0)),
      bucketMs: 10 * 60_000,
      buckets: 3,
    });
    expect(h.total).toEqual([3, 2, 0]);
    expect(h.notable).toEqual([1, 1, 0]);
    expect(h.errors).toEqual([1, 0, 0]);
  });
});

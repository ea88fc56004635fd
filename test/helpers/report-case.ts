import { openCaseFile, type Database } from '../../src/store/db.js';
import { beginFile, finishFile } from '../../src/store/files.js';
import { addNote, addTags } from '../../src/store/notes.js';
import { storeVerifyReport } from '../../src/store/verify-results.js';
import { evaluateNotable } from '../../src/case/notable/evaluate.js';
import { refreshCredentials } from '../../src/case/lineage-refresh.js';
import { addRecords, ctEvent } from './case-file.js';
import { ACCOUNT, H, digestFile, logKey } from '../domain/coverage/fixtures.js';

const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
/** Evidence text that tries every trick a document renderer can fall for. */
export const HOSTILE =
  'evil|agent `code` <script>alert(1)</script> [x](javascript:alert(1)) **b** \u001b[31m\u202egnp.exe http://x.test/';

const alice = {
  type: 'IAMUser',
  principalId: 'AIDAALICE',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAALICE00000000001',
  userName: 'alice',
};
const role = {
  type: 'AssumedRole',
  principalId: 'AROAOPS:ops-session',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/ops-session`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAOPS0000000000001',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAOPS',
      arn: `arn:aws:iam::${ACCOUNT}:role/ops`,
      accountId: ACCOUNT,
      userName: 'ops',
    },
    attributes: { mfaAuthenticated: 'false', creationDate: at(H(10, 4)) },
  },
};

/**
 * The report's fixed fixture case: two regions over four hours, a signed-looking chain of digests
 * with one missing, a StopLogging that succeeded (and a DeleteTrail that failed), a role chain, a
 * hostile user agent and a hostile note, and stored verify verdicts. Written to `path` (or memory).
 */
export function reportCase(path = ':memory:'): Database {
  const db = openCaseFile(path, { create: true });
  const ct = (h: number, m: number, o: Record<string, unknown>) =>
    ctEvent({
      eventTime: at(H(h, m)),
      eventID: `ev-${h}${String(m).padStart(2, '0')}-${String(o.eventName ?? 'x')}`,
      requestID: `req-${h}-${m}`,
      ...o,
    });
  addRecords(
    db,
    [
      ct(10, 1, { eventName: 'DescribeInstances', userAgent: HOSTILE }),
      ct(10, 4, {
        userIdentity: alice,
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        readOnly: false,
        requestParameters: {
          roleArn: `arn:aws:iam::${ACCOUNT}:role/ops`,
          roleSessionName: 'ops-session',
        },
        responseElements: {
          credentials: {
            accessKeyId: 'ASIAOPS0000000000001',
            expiration: 'Apr 11, 2024, 11:04:00 AM',
            sessionToken: 'x',
          },
        },
      }),
      ct(10, 20, {
        userIdentity: role,
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        readOnly: false,
        requestParameters: { userName: 'backup' },
      }),
      ct(10, 30, {
        userIdentity: role,
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        readOnly: false,
        requestParameters: { name: 'main' },
      }),
      ct(10, 40, {
        userIdentity: role,
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'DeleteTrail',
        readOnly: false,
        requestParameters: { name: 'main' },
        errorCode: 'AccessDenied',
        errorMessage: 'not allowed',
      }),
      ct(11, 50, {
        userIdentity: alice,
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StartLogging',
        readOnly: false,
        requestParameters: { name: 'main' },
      }),
      ct(12, 5, { eventName: 'DescribeInstances', awsRegion: 'eu-west-1' }),
      ct(13, 15, { eventName: 'DescribeInstances' }),
    ],
    `/evidence/${logKey('us-east-1', 10, 5)}`,
  );
  const digests = [
    digestFile('us-east-1', 10, null, [logKey('us-east-1', 10, 5)]),
    digestFile('us-east-1', 11, 10),
    digestFile('us-east-1', 13, 12),
  ];
  for (const f of digests) {
    const id = beginFile(db, { path: f.path, size: null, mtimeMs: null });
    finishFile(db, id, {
      status: 'digest',
      shape: 'digest',
      sha256: 'ab'.repeat(32),
      events: 0,
      added: 0,
      duplicates: 0,
      error: null,
      warnings: [],
      digest: f.digest,
    });
  }
  db.prepare("UPDATE files SET sha256 = ? WHERE path LIKE '%CloudTrail_us-east-1%'").run(
    'cd'.repeat(32),
  );
  // fixed times: the report must not depend on when the case was built
  db.prepare('UPDATE files SET indexed_at = ?').run('2024-04-12T00:00:00.000Z');
  storeVerifyReport(db, {
    logs: [
      {
        path: `/evidence/${logKey('us-east-1', 10, 5)}`,
        s3Key: logKey('us-east-1', 10, 5),
        verdict: 'verified',
        digest: digests[0].path,
      },
      {
        path: null,
        s3Key: logKey('us-east-1', 13, 5),
        verdict: 'missing-from-evidence',
        digest: digests[2].path,
      },
    ],
    digests: digests.map((d) => ({
      path: d.path,
      s3Key: null,
      chain: null,
      endTime: null,
      verdict: 'signature-unchecked' as const,
    })),
    chains: [],
    allVerified: false,
  });
  evaluateNotable(db);
  refreshCredentials(db, 0);
  addNote(
    db,
    'ev-1030-StopLogging',
    'ops role stopped the trail | see `ticket` <b>42</b>',
    '2024-04-12T09:00:00Z',
  );
  addTags(db, 'ev-1030-StopLogging', ['exfil', 'logging'], '2024-04-12T09:00:00Z');
  addNote(
    db,
    'ev-1001-DescribeInstances',
    `recon with a crafted agent: ${HOSTILE}`,
    '2024-04-12T09:05:00Z',
  );
  addNote(
    db,
    'gone-event',
    'this event was in an earlier build of the case',
    '2024-04-12T09:10:00Z',
  );
  return db;
}

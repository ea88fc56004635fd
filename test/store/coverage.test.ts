import { describe, expect, it } from 'vitest';
import { addRecords, caseFileWith, ctEvent } from '../helpers/case-file.js';
import { beginFile, finishFile } from '../../src/store/files.js';
import {
  eventCountsByHour,
  loggingChangeEvents,
  storedVerdicts,
} from '../../src/store/coverage.js';
import { loadCoverage } from '../../src/case/coverage.js';
import { LOGGING_CHANGE_NAMES } from '../../src/domain/coverage/blind.js';
import { ACCOUNT, H, digestFile, logKey } from '../domain/coverage/fixtures.js';

const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function fixtureCase() {
  const db = caseFileWith(
    [
      ctEvent({ eventTime: at(H(10, 1)) }),
      ctEvent({ eventTime: at(H(10, 2)), awsRegion: 'eu-west-1' }),
      ctEvent({
        eventTime: at(H(11, 0)),
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main` },
      }),
      ctEvent({
        eventTime: at(H(11, 10)),
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: { name: 'main' },
        errorCode: 'AccessDenied',
        errorMessage: 'no',
      }),
      ctEvent({
        eventTime: at(H(13, 0)),
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StartLogging',
        requestParameters: { name: 'main' },
      }),
      ctEvent({ eventTime: at(H(13, 30)), recipientAccountId: undefined }),
    ],
    `/evidence/${logKey('us-east-1', 10, 5)}`,
  );
  addRecords(db, [ctEvent({ eventTime: 'not a time' })], '/evidence/lookup.json');
  for (const f of [digestFile('us-east-1', 10, null), digestFile('us-east-1', 12, 11)]) {
    const id = beginFile(db, { path: f.path, size: null, mtimeMs: null });
    finishFile(db, id, {
      status: 'digest',
      shape: 'digest',
      sha256: null,
      events: 0,
      added: 0,
      duplicates: 0,
      error: null,
      warnings: [],
      digest: f.digest,
    });
  }
  return db;
}

describe('coverage store', () => {
  it('counts events per recipient account, region and hour, leaving out events whose time did not parse', () => {
    const db = fixtureCase();
    const counts = eventCountsByHour(db);
    expect(counts.reduce((n, c) => n + c.events, 0)).toBe(6);
    expect(counts).toContainEqual({
      account: ACCOUNT,
      region: 'us-east-1',
      hour: H(11),
      events: 2,
    });
    expect(counts).toContainEqual({ account: null, region: 'us-east-1', hour: H(13), events: 1 });
  });

  it('reads the logging-change events with their request parameters', () => {
    const db = fixtureCase();
    const changes = loggingChangeEvents(db, LOGGING_CHANGE_NAMES);
    expect(changes.map((c) => [c.eventName, c.errorCode])).toEqual([
      ['StopLogging', null],
      ['StopLogging', 'AccessDenied'],
      ['StartLogging', null],
    ]);
    expect(changes[0].request!()).toEqual({
      name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`,
    });
  });

  it('builds the grid of a real case file: blind window from the successful StopLogging, digest gap at 11:00', () => {
    const db = fixtureCase();
    const cov = loadCoverage(db, 'hour');
    const row = cov.rows.find((r) => r.account === ACCOUNT && r.region === 'us-east-1')!;
    expect(row.cells.map((c) => [c.events, c.files, c.digest, c.blind.join()])).toEqual([
      [1, 1, 'digested', ''],
      [2, 0, 'gap', 'logging-stopped'],
      [0, 0, 'digested', 'logging-stopped'],
      [1, 0, 'none', ''],
    ]);
    expect(cov.rows.map((r) => `${r.account}/${r.region}`)).toEqual([
      '(none)/us-east-1',
      `${ACCOUNT}/eu-west-1`,
      `${ACCOUNT}/us-east-1`,
    ]);
    expect(cov.blindWindows).toHaveLength(1);
    expect(cov.filesWithoutPlace).toBe(1);
    expect(storedVerdicts(db)).toBeNull();
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_RULE_CASES } from '../domain/notable/fixtures.js';

/**
 * An evidence file for triage end-to-end tests, written to a fresh temp dir: the positive events of
 * every per-event rule with their context (spread over an afternoon), quiet background, a burst of 60 GetObject calls
 * in one minute, ten denied calls in a minute by one identity, and a CloudTrail Insights record.
 */
export function writeTriageEvidence(prefix = 'trailscope-triage-'): {
  dir: string;
  file: string;
  ruleIds: string[];
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const base = Date.UTC(2024, 3, 11, 12, 0, 0);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const records: Record<string, unknown>[] = [];
  let n = 0;
  const id = () => `e2e-${String(++n).padStart(6, '0')}`;
  const ruleIds = Object.keys(EVENT_RULE_CASES);
  ruleIds.forEach((rule, i) => {
    // every positive with the rule's context, moved to the rule's slot with their spacing kept
    // (a burst rule needs the whole burst, an address rule the key's earlier calls)
    const cases = EVENT_RULE_CASES[rule];
    const first = Date.parse(String(cases.positive[0].eventTime));
    for (const rec of [...(cases.context ?? []), ...cases.positive]) {
      const offset = Date.parse(String(rec.eventTime)) - first;
      records.push({ ...rec, eventTime: iso(base + i * 5 * 60_000 + offset), eventID: id() });
    }
  });
  for (let m = 0; m < 6 * 60; m += 3) {
    records.push({
      ...EVENT_RULE_CASES['s3-list-buckets'].negative[0],
      eventName: 'DescribeInstances',
      eventSource: 'ec2.amazonaws.com',
      eventTime: iso(base + m * 60_000 + 1000),
      eventID: id(),
    });
  }
  const mallory = {
    type: 'IAMUser',
    principalId: 'AIDAMALLORY',
    arn: 'arn:aws:iam::111122223333:user/mallory',
    accountId: '111122223333',
    accessKeyId: 'AKIAMALLORY000000001',
    userName: 'mallory',
  };
  for (let i = 0; i < 60; i++) {
    records.push({
      ...EVENT_RULE_CASES['s3-list-buckets'].negative[0],
      userIdentity: mallory,
      eventName: 'GetObject',
      eventTime: iso(base + 200 * 60_000 + i * 1000),
      eventID: id(),
    });
  }
  for (let i = 0; i < 10; i++) {
    records.push({
      ...EVENT_RULE_CASES['s3-list-buckets'].negative[0],
      userIdentity: mallory,
      eventName: `List${i}`,
      errorCode: 'AccessDenied',
      errorMessage: 'denied',
      eventTime: iso(base + 250 * 60_000 + i * 2000),
      eventID: id(),
    });
  }
  records.push({
    eventVersion: '1.07',
    eventTime: iso(base + 300 * 60_000),
    awsRegion: 'us-east-1',
    eventID: id(),
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: '111122223333',
    sharedEventID: 'insight-1',
    eventCategory: 'Insight',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    insightDetails: {
      state: 'Start',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      insightType: 'ApiCallRateInsight',
      insightContext: { statistics: { baseline: { average: 0.1 }, insight: { average: 7 } } },
    },
  });
  const file = join(dir, 'evidence.json');
  writeFileSync(file, JSON.stringify({ Records: records }));
  return { dir, file, ruleIds };
}

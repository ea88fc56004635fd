/**
 * The demo case, end to end: background, decoys and incident on one timeline, then written out in
 * every shape the bundle ships. Deterministic: the same seed gives the same decompressed content
 * (and, with the same zlib, the same bytes).
 */
import { Prng } from '../prng.js';
import type { CtRecord } from '../records.js';
import { background } from './background.js';
import { ACCOUNTS, ORG_ID, WINDOW_END, WINDOW_START } from './cast.js';
import { decoys } from './decoys.js';
import { INCIDENT, INCIDENT_DAY, incident } from './incident.js';
import {
  byTime,
  consoleCsv,
  consoleJson,
  lookupEventsPage,
  writeS3Trees,
  writeText,
} from './layout.js';
import { Timeline, type DemoRecord } from './timeline.js';
import { at } from './time.js';
import { demoReadme } from './readme.js';

export const DEMO_SEED = 'trailscope-demo-v1';

export const CONSOLE_JSON = 'console/event-history_dev_us-east-1_2026-03-12.json';
export const CONSOLE_CSV = 'console/event-history_dev_us-east-1_2026-03-12.csv';
export const LOOKUP_PAGE = 'cli/lookup-events_ci-deployer-key_page1.json';

export interface DemoSummary {
  events: number;
  files: string[];
  consoleEvents: number;
  lookupEvents: number;
}

/** Build the whole timeline in memory (about 25k records), sorted by time. */
export function buildTimeline(seed = DEMO_SEED): DemoRecord[] {
  const rng = new Prng(seed);
  const tl = new Timeline(rng.fork('ids'));
  background(tl, rng.fork('background'));
  decoys(tl, rng.fork('decoys'));
  incident(tl, rng.fork('incident'));
  return tl.records.filter((r) => r.timeMs >= WINDOW_START && r.timeMs < WINDOW_END).sort(byTime);
}

function isDevHomeManagement(r: DemoRecord): boolean {
  return (
    r.recipient === ACCOUNTS.dev &&
    r.region === 'us-east-1' &&
    r.record.eventCategory === 'Management'
  );
}

/** Write the bundle under `out` (which should be empty); returns what was written. */
export function generateDemo(out: string, seed = DEMO_SEED): DemoSummary {
  const records = buildTimeline(seed);
  const rng = new Prng(seed).fork('layout');
  const files = writeS3Trees(out, rng, records);

  // The responder's console download: dev, us-east-1, the night's management events, newest first.
  const from = at(INCIDENT_DAY, '01:40:00');
  const to = at(INCIDENT_DAY, '03:10:00');
  const night: CtRecord[] = records
    .filter((r) => isDevHomeManagement(r) && r.timeMs >= from && r.timeMs < to)
    .reverse()
    .map((r) => r.record);
  files.push(writeText(out, CONSOLE_JSON, consoleJson(night)));
  files.push(writeText(out, CONSOLE_CSV, consoleCsv(night)));

  // lookup-events for the leaked key: the first page (50 newest) up to when it was disabled.
  const byKey = records
    .filter((r) => isDevHomeManagement(r) && r.timeMs < INCIDENT.keyDisabled)
    .filter(
      (r) => (r.record.userIdentity as Record<string, unknown>).accessKeyId === INCIDENT.leakedKey,
    )
    .reverse()
    .slice(0, 50)
    .map((r) => r.record);
  files.push(writeText(out, LOOKUP_PAGE, lookupEventsPage(rng, byKey)));

  const summary: DemoSummary = {
    events: records.length,
    files,
    consoleEvents: night.length,
    lookupEvents: byKey.length,
  };
  files.push(writeText(out, 'README.md', demoReadme(summary, ORG_ID)));
  return summary;
}

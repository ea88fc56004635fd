import { INTERNED_FIELDS, storedEventTime, type NormalizedEvent } from './event-row.js';

/**
 * A batch of normalised events in the shape that is cheapest to post from a parse worker to the
 * writer and to intern there: the repeated strings of the interned fields (accounts, regions,
 * services, ARNs, user agents…) appear once in a batch-local table and rows refer to them by
 * number, in typed arrays that cross threads without per-object work. The writer then interns each
 * distinct (field, string) once per batch instead of once per row.
 */
export interface PackedBatch {
  n: number;
  /** Batch-local table of interned-field values and resource types/names. */
  strings: string[];
  /** n × INTERNED_FIELDS.length indexes into `strings`, -1 for null. */
  refs: Int32Array;
  eventIds: string[];
  eventTimes: (string | null)[];
  /** n × NUMS: time_ms, flags, read_only, mfa, console_session, session_created_ms, issued_expiration_ms (NaN = null). */
  nums: Float64Array;
  /** n × TEXTS: request_id, shared_event_id, issued_key, req_text. */
  texts: (string | null)[];
  /** n indexes into `strings`: each event's encoded workload hints (NormalizedEvent.workloadHints). */
  workloadHints: Int32Array;
  /** Triples (event index, type string index or -1, name string index). */
  resources: Int32Array;
  recordIndexes: Int32Array;
  /**
   * Per event: the byte offset of its record in the file's content (kept as the file's evidence
   * bytes), or -1 when its record is in `chunk`.
   */
  rawOffsets: Float64Array;
  /** Per located event: a 48-bit prefix of the SHA-256 of its record's bytes (NaN when not located). */
  rawHashes: Float64Array;
  /** The records not located in the content, deflate-compressed, in row order (see encodeRawChunk); empty when none. */
  chunk: Uint8Array;
  /** Pairs (event index, rule index) of the Sigma rules of the run each event matched. */
  ruleHits: Int32Array;
}

export const NUMS = 7;
export const TEXTS = 4;
export const NF = INTERNED_FIELDS.length;

function tri(v: boolean | null): number {
  return v === null ? NaN : v ? 1 : 0;
}

function num(v: number | null): number {
  return v === null ? NaN : v;
}

/** Pack normalised events (their `raw` already compressed into `chunk`). */
export function packBatch(
  events: readonly NormalizedEvent[],
  recordIndexes: readonly number[],
  chunk: Uint8Array,
  flagsOf: (e: NormalizedEvent) => number,
  rawOffsets?: readonly number[],
  rawHashes?: readonly number[],
  ruleHits?: readonly number[],
): PackedBatch {
  const n = events.length;
  const table = new Map<string, number>();
  const strings: string[] = [];
  const ref = (s: string | null): number => {
    if (s === null) return -1;
    let i = table.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      table.set(s, i);
    }
    return i;
  };
  const refs = new Int32Array(n * NF);
  const nums = new Float64Array(n * NUMS);
  const texts: (string | null)[] = new Array(n * TEXTS);
  const eventIds: string[] = new Array(n);
  const eventTimes: (string | null)[] = new Array(n);
  const workloadHints = new Int32Array(n);
  const res: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = events[i];
    eventIds[i] = e.eventId;
    eventTimes[i] = storedEventTime(e.eventTime, e.timeMs, e.timeValid);
    for (let f = 0; f < NF; f++) refs[i * NF + f] = ref(e.strings[INTERNED_FIELDS[f]]);
    const o = i * NUMS;
    nums[o] = e.timeMs;
    nums[o + 1] = flagsOf(e);
    nums[o + 2] = tri(e.readOnly);
    nums[o + 3] = tri(e.mfa);
    nums[o + 4] = tri(e.consoleSession);
    nums[o + 5] = num(e.sessionCreatedMs);
    nums[o + 6] = num(e.issuedExpirationMs);
    const t = i * TEXTS;
    texts[t] = e.requestId;
    texts[t + 1] = e.sharedEventId;
    texts[t + 2] = e.issuedKey;
    texts[t + 3] = e.reqText;
    workloadHints[i] = ref(e.workloadHints);
    for (const r of e.resources) res.push(i, ref(r.type), ref(r.name));
  }
  return {
    n,
    strings,
    refs,
    eventIds,
    eventTimes,
    nums,
    texts,
    workloadHints,
    resources: Int32Array.from(res),
    recordIndexes: Int32Array.from(recordIndexes),
    rawOffsets: rawOffsets ? Float64Array.from(rawOffsets) : new Float64Array(n).fill(-1),
    rawHashes: rawHashes ? Float64Array.from(rawHashes) : new Float64Array(n).fill(NaN),
    chunk,
    ruleHits: Int32Array.from(ruleHits ?? []),
  };
}

// Sigma detections evaluated where each record is already parsed (the parse workers, or this thread
// when parsing in-thread): compiled once per worker from the JSON the case file keeps of each rule.
import { DetectionSet } from '../domain/sigma/detection-set.js';
import { entryOfDocument } from '../domain/sigma/parse.js';
import type { DetectionRule, WorkerRules } from '../domain/sigma/types.js';
import type { IngestLimits } from './limits.js';

export type { WorkerRules };

/** Indexes (into WorkerRules) of the rules a record matches. */
export type RecordRules = (record: unknown) => number[];

const NEVER: DetectionRule = { kind: 'detection', match: () => false, eventNames: [], need: null };

/**
 * The main thread chose these rules because they compiled as detections there; the same source
 * compiles the same way here. A source that did not (a different build in the worker) never
 * matches rather than shifting the indexes of the others.
 */
export function compileWorkerRules(rules: WorkerRules): DetectionSet {
  return new DetectionSet(
    rules.sources.map((s) => {
      try {
        const c = entryOfDocument(JSON.parse(s) as unknown).compiled;
        return c?.kind === 'detection' ? c : NEVER;
      } catch {
        return NEVER;
      }
    }),
  );
}

const sets = new WeakMap<IngestLimits, RecordRules | null>();

/** The run's per-record rule test, compiled once per worker and limits object (not per file). */
export function recordRulesFor(limits: IngestLimits): RecordRules | null {
  let f = sets.get(limits);
  if (f === undefined) {
    const set = limits.sigma?.ids.length ? compileWorkerRules(limits.sigma) : null;
    f = set ? (record) => set.matches(record) : null;
    sets.set(limits, f);
  }
  return f;
}

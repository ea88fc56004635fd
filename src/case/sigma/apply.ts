// Sigma packs recorded in the case file and evaluated over its events (detections in one streamed
// pass, then correlations over the stored hits). Parsing and matching are pure (domain/sigma/).
import type { Database } from 'better-sqlite3';
import { streamRaw } from '../../store/export-stream.js';
import { EventReader } from '../../store/event-reader.js';
import { refreshSigmaSummary } from '../../store/notable.js';
import {
  clearHits,
  countEventsAfter,
  deleteRule,
  dropOrphanHits,
  hasSigmaTables,
  hitsOf,
  HitWriter,
  markDone,
  maxRowid,
  publishHits,
  recordPack,
  setRuleStatus,
  setUnpublished,
  hasUnpublished,
  storedRules,
  upsertRule,
  type StoredSigmaRule,
} from '../../store/sigma.js';
import { severityRank } from '../../domain/notable/types.js';
import {
  evaluateCorrelation,
  groupKey,
  type CorrelationInput,
} from '../../domain/sigma/correlation.js';
import { valuesAt } from '../../domain/sigma/fields.js';
import { DetectionSet } from '../../domain/sigma/detection-set.js';
import type { LoadedPack } from '../../domain/sigma/load.js';
import { textOf } from '../../domain/sigma/modifiers.js';
import { entryOfDocument } from '../../domain/sigma/parse.js';
import {
  severityOfLevel,
  storedIdOf,
  type CorrelationRule,
  type DetectionRule,
  type SigmaEntry,
  type WorkerRules,
} from '../../domain/sigma/types.js';

export { storedIdOf };

export interface PackChange {
  path: string;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
}

/**
 * Record a pack in the case file: new and changed rule documents are stored (and will be evaluated
 * over every event), unchanged ones keep their hits, documents gone from the pack are dropped.
 */
export function recordLoadedPack(db: Database, pack: LoadedPack, now = new Date()): PackChange {
  const change: PackChange = { path: pack.path, added: 0, changed: 0, unchanged: 0, removed: 0 };
  db.transaction(() => {
    recordPack(db, pack.path, now.toISOString());
    const before = new Map(storedRules(db, pack.path).map((r) => [`${r.file}\0${r.doc}`, r]));
    for (const e of pack.entries) {
      if (e.status === 'loaded' && !compiled.has(e.source))
        remember(e.source, { doc: JSON.parse(e.source) as unknown, entry: e });
      const key = `${e.file}\0${e.doc}`;
      const old = before.get(key);
      before.delete(key);
      if (old && old.hash === e.hash) {
        change.unchanged++;
        continue;
      }
      if (old) change.changed++;
      else change.added++;
      upsertRule(db, {
        pack: pack.path,
        file: e.file,
        doc: e.doc,
        rule_id: storedIdOf(e),
        hash: e.hash,
        status: e.status,
        reason: e.reason,
        kind:
          e.compiled?.kind ?? (e.source.includes('"correlation"') ? 'correlation' : 'detection'),
        title: e.meta.title,
        level: e.meta.level,
        tags: JSON.stringify(e.meta.tags),
        description: e.meta.description,
        source: e.source,
      });
      if (old?.rule_id) clearHits(db, old.rule_id);
    }
    for (const gone of before.values()) {
      deleteRule(db, gone);
      change.removed++;
    }
  })();
  return change;
}

export interface SigmaRun {
  /** Detection rules that ran, and over how many events. */
  rules: number;
  events: number;
  correlations: number;
  hits: number;
  ms: number;
}

export interface SigmaProgress {
  (done: number, total: number): void;
}

interface ActiveRule {
  row: StoredSigmaRule;
  id: string;
  entry: SigmaEntry;
}

/**
 * Rules compiled in this process, by their stored JSON: a run resolves the recorded rules more
 * than once (before the parse workers start, and when it publishes), and a pack loaded from YAML
 * was compiled already. Compiled rules are pure, so sharing them is safe. Bounded.
 */
const compiled = new Map<string, { doc: unknown; entry: SigmaEntry }>();
const COMPILED_MAX = 20_000;

function compiledOf(source: string): { doc: unknown; entry: SigmaEntry } | null {
  let c = compiled.get(source);
  if (!c) {
    let doc: unknown;
    try {
      doc = JSON.parse(source);
    } catch {
      return null;
    }
    c = { doc, entry: entryOfDocument(doc) };
    remember(source, c);
  }
  return c;
}

function remember(source: string, c: { doc: unknown; entry: SigmaEntry }): void {
  if (compiled.size >= COMPILED_MAX) compiled.clear();
  compiled.set(source, c);
}

/**
 * Resolve what each stored rule is now: duplicates of an id already taken, and correlations whose
 * referenced rules are missing, unsupported or correlations themselves, are unsupported with the reason.
 */
function resolve(
  db: Database,
  rows: readonly StoredSigmaRule[],
): { detections: ActiveRule[]; correlations: ActiveRule[]; byRef: Map<string, ActiveRule> } {
  const taken = new Map<string, StoredSigmaRule>();
  const active: ActiveRule[] = [];
  const byRef = new Map<string, ActiveRule>();
  const byRefAny = new Map<string, StoredSigmaRule>();
  const set = (row: StoredSigmaRule, status: string, reason: string | null): void => {
    if (row.status !== status || row.reason !== reason) setRuleStatus(db, row, status, reason);
    row.status = status;
    row.reason = reason;
  };
  for (const row of rows) {
    // a document that did not read as YAML (or could not be read) is stored without a rule: its
    // stored reason is the one to keep, there is nothing to compile again
    if (row.source === 'null' && row.status === 'error') continue;
    const known = compiledOf(row.source);
    if (!known) {
      set(row, 'error', 'stored rule is not JSON');
      continue;
    }
    const { doc, entry } = known;
    // a loaded rule's reason is evaluateSigma's note (it feeds a correlation), kept until it runs
    set(
      row,
      entry.status,
      entry.status === 'loaded' && row.status === 'loaded' ? row.reason : entry.reason,
    );
    for (const ref of [entry.meta.id, entry.meta.name, (doc as { id?: unknown } | null)?.id]) {
      if (typeof ref === 'string' && !byRefAny.has(ref)) byRefAny.set(ref, row);
    }
    if (entry.status !== 'loaded' || !row.rule_id) continue;
    const first = taken.get(row.rule_id);
    if (first) {
      set(
        row,
        'unsupported',
        `duplicate id: ${row.rule_id} is also ${first.pack}${first.file ? `/${first.file}` : ''}`,
      );
      continue;
    }
    taken.set(row.rule_id, row);
    const a: ActiveRule = { row, id: row.rule_id, entry };
    active.push(a);
    const d = doc as { id?: unknown; name?: unknown };
    for (const ref of [d.id, d.name])
      if (typeof ref === 'string' || typeof ref === 'number') byRef.set(String(ref), a);
  }
  const detections = active.filter((a) => a.entry.compiled?.kind === 'detection');
  const correlations: ActiveRule[] = [];
  for (const a of active) {
    const c = a.entry.compiled;
    if (c?.kind !== 'correlation') continue;
    const problem = c.rules
      .map((ref) => {
        const target = byRef.get(ref);
        if (!target) {
          const other = byRefAny.get(ref);
          return other
            ? `refers to "${ref}", which is ${other.status}${other.reason ? ` (${other.reason})` : ''}`
            : `refers to "${ref}", which is not loaded`;
        }
        if (target.entry.compiled?.kind === 'correlation')
          return `refers to the correlation "${ref}" (chained correlations)`;
        return null;
      })
      .find((p) => p);
    if (problem) set(a.row, 'unsupported', problem);
    else correlations.push(a);
  }
  return { detections, correlations, byRef };
}

/** The detections an index run evaluates in its parse workers, and what to mark when it ends. */
export interface RunRules extends WorkerRules {
  rows: StoredSigmaRule[];
}

/**
 * Recorded detection rules that are up to date with the case file (they have seen every event
 * there is): an index run evaluates them on its new records as the parse workers read them, so
 * the run needs no second pass over what it stored. Rules behind (a new or changed pack on a case
 * file that has events) are left to evaluateSigma's pass over the stored records.
 */
export function rulesForRun(db: Database): RunRules {
  const none: RunRules = { ids: [], sources: [], rows: [] };
  if (!hasSigmaTables(db)) return none;
  const rows = storedRules(db);
  if (rows.length === 0) return none;
  const top = maxRowid(db);
  const ready = resolve(db, rows).detections.filter((d) => d.row.done_rowid === top);
  return {
    ids: ready.map((d) => d.id),
    sources: ready.map((d) => d.row.source),
    rows: ready.map((d) => d.row),
  };
}

/**
 * After the run: the workers saw every record the run stored (each event's hits were written in
 * the event's own transaction, also when the run was stopped early), so these rules are up to
 * date with the case file as it is now.
 */
export function markRunRulesDone(db: Database, rules: RunRules): void {
  if (rules.rows.length === 0) return;
  const top = maxRowid(db);
  db.transaction(() => {
    for (const r of rules.rows) markDone(db, r, top);
    setUnpublished(db, true);
  })();
}

/**
 * Bring every stored Sigma rule up to date: detection rules over the events they have not seen
 * (all events for a new or changed rule, the new ones after an index run) in one streamed pass,
 * then the correlations over the stored hits, then publish the hits beside the built-in rules.
 */
export function evaluateSigma(db: Database, opts: { progress?: SigmaProgress } = {}): SigmaRun {
  const started = performance.now();
  const run: SigmaRun = { rules: 0, events: 0, correlations: 0, hits: 0, ms: 0 };
  if (!hasSigmaTables(db)) return run;
  db.transaction(() => {
    const rows = storedRules(db);
    if (
      rows.length === 0 &&
      !db.prepare("SELECT 1 FROM event_notable WHERE rule_id LIKE 'sigma:%' LIMIT 1").get()
    ) {
      if (hasUnpublished(db)) setUnpublished(db, false);
      return;
    }
    const { detections, correlations, byRef } = resolve(db, rows);
    dropOrphanHits(db);
    const top = maxRowid(db);
    for (const d of detections) {
      // events were removed since this rule ran (a rebuilt case file): it starts over
      if (d.row.done_rowid > top) {
        clearHits(db, d.id);
        d.row.done_rowid = 0;
      }
    }
    const pending = detections.filter((d) => d.row.done_rowid < top);
    if (pending.length) {
      const from = Math.min(...pending.map((d) => d.row.done_rowid));
      run.rules = pending.length;
      run.hits += scan(db, pending, from, opts.progress, (n) => (run.events = n));
      for (const d of pending) markDone(db, d.row, top);
    }
    for (const c of correlations) {
      run.correlations++;
      run.hits += correlate(db, c, byRef);
    }
    // referenced rules report on their own only when a correlation asks for it (`generate: true`)
    const quiet = new Map<string, string>();
    const loud = new Set<string>();
    for (const c of correlations) {
      const spec = c.entry.compiled as CorrelationRule;
      for (const ref of spec.rules) {
        const target = byRef.get(ref);
        if (!target) continue;
        if (spec.generate) loud.add(target.id);
        else quiet.set(target.id, c.entry.meta.title);
      }
    }
    // a quiet rule says why it is not in the notable view (`rules` shows the reason)
    for (const d of detections) {
      const feeds = loud.has(d.id) ? undefined : quiet.get(d.id);
      const reason = feeds
        ? `feeds the correlation "${feeds}": its own hits are not reported (the correlation has no generate: true)`
        : null;
      if (d.row.reason !== reason) setRuleStatus(db, d.row, d.row.status, reason);
    }
    const reporting = [...detections, ...correlations]
      .filter((a) => loud.has(a.id) || !quiet.has(a.id))
      .map((a) => ({ ruleId: a.id, severity: severityRank(severityOfLevel(a.entry.meta.level)) }));
    refreshSigmaSummary(db, publishHits(db, reporting));
    setUnpublished(db, false);
  })();
  run.ms = performance.now() - started;
  return run;
}

function scan(
  db: Database,
  rules: readonly ActiveRule[],
  from: number,
  progress: SigmaProgress | undefined,
  seen: (n: number) => void,
): number {
  const set = new DetectionSet(rules.map((r) => r.entry.compiled as DetectionRule));
  const total = countEventsAfter(db, from);
  const writer = new HitWriter(db);
  let done = 0;
  let hits = 0;
  for (const { id, raw } of streamRaw(db, { where: 'e.id > ?', params: [from] })) {
    done++;
    if (progress && done % 2000 === 0) progress(done, total);
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      continue;
    }
    for (const i of set.matches(record)) {
      const r = rules[i];
      if (id > r.row.done_rowid) {
        writer.add(r.id, id);
        hits++;
      }
    }
  }
  progress?.(done, total);
  seen(done);
  return hits;
}

function correlate(db: Database, c: ActiveRule, byRef: Map<string, ActiveRule>): number {
  const spec = c.entry.compiled as CorrelationRule;
  clearHits(db, c.id);
  const reader = new EventReader(db);
  const needRecord = spec.groupBy.length > 0 || spec.field !== null;
  const inputs: CorrelationInput[] = [];
  spec.rules.forEach((ref, ruleIndex) => {
    const target = byRef.get(ref) as ActiveRule;
    for (const h of hitsOf(db, target.id)) {
      let record: unknown = null;
      if (needRecord) {
        try {
          record = reader.rawRecord(h);
        } catch {
          record = null;
        }
      }
      const value = spec.field
        ? (valuesAt(record, spec.field)
            .map(textOf)
            .find((t) => t !== null) ?? null)
        : null;
      inputs.push({
        rowid: h.rowid,
        timeMs: h.time_ms,
        ruleIndex,
        group: needRecord ? groupKey(record, spec.groupBy) : '',
        value,
      });
    }
  });
  const flagged = evaluateCorrelation(spec, inputs);
  const writer = new HitWriter(db);
  for (const id of flagged) writer.add(c.id, id);
  return flagged.size;
}

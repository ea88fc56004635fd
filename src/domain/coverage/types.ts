/**
 * Coverage: which account × region × hour (or day) the evidence speaks for. Vocabulary (fixed,
 * documented in docs/evidence.md "Coverage"):
 * - digest state of a cell: `none` (no digest in the evidence covers it: nothing is claimed),
 *   `digested` (a digest covers it), `verified` (stored verify verdicts: its digest is valid and its
 *   files verified), `problem` (stored verdicts found something), `gap` (inside a chain of digests,
 *   the digests themselves say the hour is missing; the gap carries their reason);
 * - blind windows only where a successful logging change says so (see blind.ts). Hours with no
 *   events are "no events", never "blind" or "missing".
 */

export type CoverageZoom = 'hour' | 'day';

export type DigestState = 'none' | 'digested' | 'verified' | 'problem' | 'gap';

/** What a successful logging change did: its kind decides how it is drawn and worded. */
export type BlindKind =
  'logging-stopped' | 'trail-deleted' | 'selectors-reduced' | 'bucket-lifecycle' | 'bucket-policy';

export interface BlindWindow {
  kind: BlindKind;
  account: string;
  /** Regions of the grid it covers (the trail's home region, or every region when the trail is known to be multi-region). */
  regions: string[];
  /** The trail name or the bucket name the change was made on. */
  target: string;
  from: number;
  /** Null: no event in the evidence ends it (it lasts to the end of the evidence at least). */
  to: number | null;
  fromEventId: string;
  toEventId: string | null;
  /** Why this is a blind window, in one line. */
  reason: string;
}

export interface CoverageGap {
  chain: string;
  account: string;
  region: string;
  /** Null when the gap starts before the evidence (a first digest naming an absent predecessor). */
  from: number | null;
  to: number;
  reason: string;
}

export interface CoverageCell {
  start: number;
  events: number;
  files: number;
  digest: DigestState;
  /** Kinds of blind windows overlapping the cell (strongest first). */
  blind: BlindKind[];
  /** Outside every carve window the evidence was indexed under: not read, so nothing is claimed (no gap, no problem). */
  outside: boolean;
}

export interface CoverageRow {
  account: string;
  region: string;
  cells: CoverageCell[];
}

export interface Coverage {
  zoom: CoverageZoom;
  /** Start of the first cell and end of the last (exclusive); null when the case holds nothing with a time. */
  from: number | null;
  to: number | null;
  bucketMs: number;
  accounts: string[];
  regions: string[];
  rows: CoverageRow[];
  blindWindows: BlindWindow[];
  gaps: CoverageGap[];
  /** Whether verify verdicts stored in the case file were used for the digest states. */
  verdictsUsed: boolean;
  /** Evidence files whose name does not place them in an account, region and hour (lookup-events output, SIEM exports…). */
  filesWithoutPlace: number;
  /** The carve windows (`index --from/--to`) the files were read under; null when some file was read whole. */
  carveWindows: { from: number | null; to: number | null }[] | null;
  /** `--where` filters applied at ingest: hours without events say even less. */
  filteredAtIngest: string[];
  /** Digest gaps that lie wholly outside the carve windows (not reported as gaps). */
  gapsOutsideCarve: number;
}

/** Rows from the store: events per account (recipient), region and hour. */
export interface EventCount {
  account: string | null;
  region: string | null;
  hour: number;
  events: number;
}

/** An evidence file as the case file lists it. */
export interface EvidenceFile {
  path: string;
  status: string;
  /** The digest JSON, for digest files. */
  digest: string | null;
  /** The carve it was read under (JSON `{from, to, where}`), null when read whole. */
  carve?: string | null;
}

/** Verify verdicts stored in the case file, when `verify` has stored them. */
export interface StoredVerdicts {
  files: { path: string; verdict: string }[];
  digests: { path: string; verdict: string }[];
}

/** One logging-change candidate event, with what predicates need. */
export interface LoggingChangeEvent {
  eventId: string;
  time: number;
  eventName: string | null;
  eventSource: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  region: string | null;
  account: string | null;
  reqText: string | null;
  request?: () => unknown;
}

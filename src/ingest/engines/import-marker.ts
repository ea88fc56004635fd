/**
 * What a record rebuilt from an engine's result says about itself, kept small, under one member
 * of the record (`trailscopeImport`) so `query --format json` and the TUI detail both show it.
 */

export type EngineName = 'athena' | 'cloudtrail-lake' | 'security-lake';

export interface ImportMarker {
  /** The engine whose result the record was rebuilt from (not the record as CloudTrail wrote it). */
  engine: EngineName;
  /** CloudTrail fields the engine's row did not carry, so the record lacks them. */
  fieldsMissingFromEngineResult?: string[];
  /** Result columns (or OCSF attributes) with no CloudTrail field, kept as returned. */
  engineFields?: Record<string, unknown>;
  /** Values that could not be read (malformed ROW text), kept as text. */
  unreadable?: Record<string, string>;
}

export const MARKER_KEY = 'trailscopeImport';

/** CloudTrail fields every delivered record has: absent from a rebuilt one means the engine dropped them. */
export const CORE_FIELDS = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'eventID',
  'eventType',
  'recipientAccountId',
] as const;

/** Attach the marker; empty parts are left out. */
export function markRecord(record: Record<string, unknown>, m: ImportMarker): void {
  const out: ImportMarker = { engine: m.engine };
  if (m.fieldsMissingFromEngineResult?.length)
    out.fieldsMissingFromEngineResult = [...new Set(m.fieldsMissingFromEngineResult)];
  if (m.engineFields && Object.keys(m.engineFields).length) out.engineFields = m.engineFields;
  if (m.unreadable && Object.keys(m.unreadable).length) out.unreadable = m.unreadable;
  record[MARKER_KEY] = out;
}

/** `2024-04-11 12:00:00.000` (a Trino TIMESTAMP, UTC in CloudTrail Lake) as CloudTrail writes times. */
export function trinoTimestampToIso(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?( UTC)?$/.exec(v.trim());
  if (!m) return v;
  const frac = m[3] && /[1-9]/.test(m[3]) ? m[3] : '';
  return `${m[1]}T${m[2]}${frac}Z`;
}

export const isTrinoTimestamp = (v: string): boolean =>
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?( UTC)?$/.test(v.trim());

/** Cap for text kept in `unreadable` (the whole result file is the evidence; this is a pointer). */
export const UNREADABLE_CAP = 2000;

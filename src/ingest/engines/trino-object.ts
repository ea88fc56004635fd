import type { RowType } from './row-text.js';
import { CORE_COLUMNS, TRINO_COLUMNS } from './trino-schema.js';
import { markRecord, trinoTimestampToIso } from './import-marker.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A row of the Athena CloudTrail table as an object (Parquet in that layout, such as
 * `trailscope export --format parquet --layout athena` writes, read back): lower-case column and
 * struct field names. Recognised by its keys, never by a file name.
 */
export function looksLikeTrinoRow(v: Obj): boolean {
  if (!('eventname' in v) && !('eventid' in v)) return false;
  let known = 0;
  for (const k of Object.keys(v)) if (TRINO_COLUMNS.has(k)) known++;
  return known >= 3;
}

function rename(v: unknown, type: RowType): unknown {
  if (v === null || v === undefined) return undefined;
  if (type.t === 'struct' && isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const f = type.fields.get(k);
      const val = f ? rename(x, f.type) : x;
      if (val !== undefined && val !== null) out[f?.name ?? k] = val;
    }
    return out;
  }
  if (type.t === 'array' && Array.isArray(v))
    return v.map((x) => rename(x, type.of)).filter((x) => x !== undefined);
  return v;
}

function json(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export function fromTrinoRow(row: Obj): Obj {
  const r: Obj = {};
  const extra: Obj = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined || v === '') continue;
    const col = TRINO_COLUMNS.get(k);
    if (!col) {
      extra[k] = v;
      continue;
    }
    const kind = col.kind;
    if (kind === 'json') r[col.name] = json(v);
    else if (kind === 'boolean')
      r[col.name] = v === 'true' || v === true ? true : v === 'false' || v === false ? false : v;
    else if (kind === 'time') r[col.name] = typeof v === 'string' ? trinoTimestampToIso(v) : v;
    else if (kind === 'string') r[col.name] = v;
    else {
      const val = rename(v, kind.row);
      if (val !== undefined) r[col.name] = val;
    }
  }
  const missing = CORE_COLUMNS.filter((k) => !(k in row)).map((k) => TRINO_COLUMNS.get(k)!.name);
  markRecord(r, { engine: 'athena', fieldsMissingFromEngineResult: missing, engineFields: extra });
  return r;
}

import { parseRowText } from './row-text.js';
import { CORE_COLUMNS, JSON_AS_MAP, TRINO_COLUMNS } from './trino-schema.js';
import {
  isTrinoTimestamp,
  markRecord,
  trinoTimestampToIso,
  UNREADABLE_CAP,
  type EngineName,
} from './import-marker.js';

type Obj = Record<string, unknown>;

/** Columns that hold the whole event as JSON (a CloudTrail Lake `SELECT eventjson`, or a tool's). */
const WHOLE_EVENT = new Set(['eventjson', 'cloudtrailevent']);

const cellKey = (h: string): string => h.replace(/^\ufeff/, '').trim();

/**
 * A result CSV of the CloudTrail table from Athena or CloudTrail Lake: the header uses the table's
 * lower-case column names (`eventname`, `useridentity`…) exactly, which no console or tool CSV
 * with CloudTrail's camelCase names does.
 */
export function looksLikeEngineHeader(header: readonly string[]): boolean {
  const keys = header.map(cellKey);
  if (keys.includes('eventjson')) return true;
  if (!keys.includes('eventname') && !keys.includes('eventid')) return false;
  return keys.filter((k) => TRINO_COLUMNS.has(k)).length >= 3;
}

function parseJsonish(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A MAP(VARCHAR, VARCHAR) value whose strings are often JSON (CloudTrail Lake's requestparameters). */
function mapValues(m: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(m)) {
    const parsed = typeof v === 'string' ? parseJsonish(v) : undefined;
    out[k] = parsed === undefined ? v : parsed;
  }
  return out;
}

/** Trino TIMESTAMP values inside the identity (CloudTrail Lake) back to CloudTrail's ISO text. */
function fixIdentityTimes(ui: unknown): void {
  const attrs = (ui as { sessionContext?: { attributes?: Obj } } | null)?.sessionContext
    ?.attributes;
  if (attrs && typeof attrs.creationDate === 'string')
    attrs.creationDate = trinoTimestampToIso(attrs.creationDate);
}

export interface EngineRow {
  record: Obj;
}

/**
 * Rebuilds CloudTrail records from the rows of an engine's result CSV. Which engine is decided on
 * the first row: CloudTrail Lake's eventtime is a TIMESTAMP (`2024-04-11 12:00:00.000`) and its
 * JSON-text fields are maps (`{bucketName=b}`); Athena's table keeps both as CloudTrail wrote them.
 */
export class EngineCsvMapper {
  private readonly keys: string[];
  private readonly missing: string[];
  private readonly wholeCol: number;
  engine: EngineName | null = null;
  private unreadableRows = 0;
  private firstUnreadable: string | null = null;
  private readonly lenientFields = new Set<string>();
  private rowNo = 0;

  constructor(private readonly header: readonly string[]) {
    this.keys = header.map(cellKey);
    const have = new Set(this.keys);
    this.missing = CORE_COLUMNS.filter((k) => !have.has(k)).map((k) => TRINO_COLUMNS.get(k)!.name);
    this.wholeCol = this.keys.findIndex((k) => WHOLE_EVENT.has(k));
    if (have.has('eventjson')) this.engine = 'cloudtrail-lake';
  }

  private decideEngine(row: readonly string[]): EngineName {
    const at = (k: string): string => row[this.keys.indexOf(k)] ?? '';
    const time = at('eventtime');
    const params = at('requestparameters').trim();
    const lake =
      isTrinoTimestamp(time) ||
      (params.startsWith('{') && parseJsonish(params) === undefined && /^\{[^"=]+=/.test(params));
    return lake ? 'cloudtrail-lake' : 'athena';
  }

  /** One data row; null for a row of empty cells. */
  map(row: readonly string[]): Obj | null {
    this.rowNo++;
    if (row.every((c) => c === '')) return null;
    this.engine ??= this.decideEngine(row);
    const engine = this.engine;
    if (this.wholeCol >= 0) {
      const whole = parseJsonish(row[this.wholeCol] ?? '');
      if (whole && typeof whole === 'object' && !Array.isArray(whole)) {
        const rec = whole as Obj;
        const extra: Obj = {};
        this.keys.forEach((k, i) => {
          if (i !== this.wholeCol && !TRINO_COLUMNS.has(k) && row[i])
            extra[this.header[i]] = row[i];
        });
        markRecord(rec, { engine, engineFields: extra });
        return rec;
      }
    }
    const record: Obj = {};
    const extra: Obj = {};
    const unreadable: Record<string, string> = {};
    const missing = [...this.missing];
    for (let i = 0; i < this.keys.length; i++) {
      const cell = row[i];
      if (cell === undefined || cell === '') continue;
      const col = TRINO_COLUMNS.get(this.keys[i]);
      if (!col) {
        if (i !== this.wholeCol) extra[this.header[i]] = cell;
        continue;
      }
      const kind = col.kind;
      if (kind === 'string') record[col.name] = cell;
      else if (kind === 'time') record[col.name] = trinoTimestampToIso(cell);
      else if (kind === 'boolean')
        record[col.name] = cell === 'true' ? true : cell === 'false' ? false : cell;
      else if (kind === 'json') {
        const parsed = parseJsonish(cell);
        if (parsed !== undefined) record[col.name] = parsed;
        else if (cell.trim().startsWith('{') && engine === 'cloudtrail-lake') {
          const m = parseRowText(cell, JSON_AS_MAP);
          if (m.ok) record[col.name] = m.value === null ? null : mapValues(m.value as Obj);
          else this.unreadable(unreadable, missing, col.name, this.keys[i], cell, m.reason);
        } else record[col.name] = cell;
      } else if (cell !== 'null') {
        const p = parseRowText(cell, kind.row);
        if (p.ok) {
          if (p.value !== null) record[col.name] = p.value;
          for (const u of p.unknown) this.lenientFields.add(`${this.keys[i]}.${u}`);
        } else this.unreadable(unreadable, missing, col.name, this.keys[i], cell, p.reason);
      }
    }
    if (record.userIdentity) fixIdentityTimes(record.userIdentity);
    markRecord(record, {
      engine,
      fieldsMissingFromEngineResult: missing,
      engineFields: extra,
      unreadable,
    });
    return record;
  }

  private unreadable(
    into: Record<string, string>,
    missing: string[],
    name: string,
    column: string,
    cell: string,
    reason: string,
  ): void {
    into[name] = cell.length > UNREADABLE_CAP ? cell.slice(0, UNREADABLE_CAP) + '…' : cell;
    missing.push(name);
    if (Object.keys(into).length === 1) this.unreadableRows++;
    this.firstUnreadable ??= `row ${this.rowNo}, column ${column}: ${reason}`;
  }

  /** What the file's outcome should say about the rows read so far. */
  notes(): string[] {
    const out: string[] = [];
    if (this.missing.length)
      out.push(
        `fields missing from the engine's result (not among its columns): ${this.missing.join(', ')}`,
      );
    if (this.unreadableRows) {
      out.push(
        `${this.unreadableRows} row(s) had ROW values that could not be read (kept as text under trailscopeImport.unreadable; first: ${this.firstUnreadable})`,
      );
    }
    if (this.lenientFields.size)
      out.push(
        `ROW fields outside the documented table were read: ${[...this.lenientFields].slice(0, 10).join(', ')}`,
      );
    return out;
  }
}

/**
 * The CloudTrail console's Event-history "Download events → CSV": one row per event with the
 * console's column names ("Event ID", "Event time", "User name", "Event name", "Event source",
 * "Resource type", "Resource name", "AWS access key", "AWS region", "Error code",
 * "Source IP address", "Read-only", and, when present, "CloudTrail event" holding the full JSON).
 * Exports made by other tools use CloudTrail's own field names ("eventName", "userIdentity.arn").
 * Whatever a file carries is kept: the row becomes a record with the fields it has.
 */

import { stringifyJson } from '../util/deep-json.js';

type Obj = Record<string, unknown>;

/** Column name → where it goes in a CloudTrail record. Keys are lower-case with non-alphanumerics removed. */
const COLUMN_PATHS: Record<string, string> = {
  eventid: 'eventID',
  eventtime: 'eventTime',
  eventname: 'eventName',
  eventsource: 'eventSource',
  username: 'userIdentity.userName',
  useridentityusername: 'userIdentity.userName',
  awsaccesskey: 'userIdentity.accessKeyId',
  accesskeyid: 'userIdentity.accessKeyId',
  useridentityaccesskeyid: 'userIdentity.accessKeyId',
  awsregion: 'awsRegion',
  region: 'awsRegion',
  errorcode: 'errorCode',
  errormessage: 'errorMessage',
  sourceipaddress: 'sourceIPAddress',
  sourceip: 'sourceIPAddress',
  readonly: 'readOnly',
  requestid: 'requestID',
  useragent: 'userAgent',
  eventtype: 'eventType',
  eventcategory: 'eventCategory',
  eventversion: 'eventVersion',
  recipientaccountid: 'recipientAccountId',
  sharedeventid: 'sharedEventID',
  useridentitytype: 'userIdentity.type',
  identitytype: 'userIdentity.type',
  useridentityarn: 'userIdentity.arn',
  arn: 'userIdentity.arn',
  useridentityprincipalid: 'userIdentity.principalId',
  principalid: 'userIdentity.principalId',
  useridentityaccountid: 'userIdentity.accountId',
  accountid: 'userIdentity.accountId',
  useridentityinvokedby: 'userIdentity.invokedBy',
  requestparameters: 'requestParameters',
  responseelements: 'responseElements',
  additionaleventdata: 'additionalEventData',
};

const RESOURCE_TYPE = 'resourcetype';
const RESOURCE_NAME = 'resourcename';
const FULL_EVENT = ['cloudtrailevent', 'rawevent', 'event', 'raw'];

export function columnKey(name: string): string {
  return name
    .replace(/^\ufeff/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A header that names at least an event name or ID plus one more known column. */
export function looksLikeCsvHeader(fields: readonly string[]): boolean {
  const keys = fields.map(columnKey);
  const hasCore = keys.includes('eventname') || keys.includes('eventid');
  const known = keys.filter(
    (k) =>
      k in COLUMN_PATHS || k === RESOURCE_TYPE || k === RESOURCE_NAME || FULL_EVENT.includes(k),
  ).length;
  return hasCore && known >= 2;
}

function setPath(target: Obj, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]];
    if (typeof next === 'object' && next !== null) node = next as Obj;
    else {
      const created: Obj = {};
      node[parts[i]] = created;
      node = created;
    }
  }
  node[parts[parts.length - 1]] = value;
}

/** Split the console's multi-valued resource cells ("a, b" or newline-separated). */
function splitCell(v: string): string[] {
  return v
    .split(/\r?\n|,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface CsvRecord {
  /** The CloudTrail-like record to normalise. */
  record: Obj;
  /** The original row as a JSON object of column → cell (or the full event's JSON when a column held it). */
  raw: string;
  /** Built from the row's columns, not from a whole record in it (the `rebuilt` caveat). */
  fromColumns?: true;
  /** Its whole-event cell starts a JSON object that does not parse (cut or damaged). */
  cutFullEvent?: true;
}

export class CsvRowMapper {
  private readonly keys: string[];
  private readonly fullEventCol: number;

  constructor(private readonly header: readonly string[]) {
    this.keys = header.map(columnKey);
    this.fullEventCol = this.keys.findIndex((k) => FULL_EVENT.includes(k));
  }

  /** Cells in the header: a row with another count is ragged. */
  get width(): number {
    return this.header.length;
  }

  /**
   * Whether a row has a cell other than the whole-event column that spans lines: no console
   * column holds a line break, so such a cell is rows joined by a stray quote and the one after
   * it (CSV cannot tell them apart from a quoted cell).
   */
  joinsLines(row: readonly string[]): boolean {
    return row.some((c, i) => i !== this.fullEventCol && (c.includes('\n') || c.includes('\r')));
  }

  map(row: readonly string[]): CsvRecord | null {
    if (row.every((c) => c === '')) return null;
    let cut = false;
    if (this.fullEventCol >= 0) {
      const text = row[this.fullEventCol] ?? '';
      if (text.trimStart().startsWith('{')) {
        try {
          const full = JSON.parse(text) as unknown;
          if (typeof full === 'object' && full !== null && !Array.isArray(full)) {
            return {
              record: full as Obj,
              raw: text.includes('\n') || text.includes('\r') ? stringifyJson(full) : text,
            };
          }
        } catch {
          // fall back to the columns, and say so
          cut = true;
        }
      }
    }
    const original: Obj = {};
    const record: Obj = {};
    let types: string[] = [];
    let names: string[] = [];
    for (let i = 0; i < this.header.length; i++) {
      const cell = row[i];
      if (cell === undefined) continue;
      original[this.header[i]] = cell;
      if (cell === '') continue;
      const key = this.keys[i];
      if (key === RESOURCE_TYPE) types = splitCell(cell);
      else if (key === RESOURCE_NAME) names = splitCell(cell);
      else {
        const path = COLUMN_PATHS[key];
        if (path) setPath(record, path, cell);
      }
    }
    if (names.length) {
      record.resources = names.map((n, i) => ({ ARN: n, type: types[i] ?? types[0] ?? null }));
    }
    return {
      record,
      raw: stringifyJson(original),
      fromColumns: true,
      ...(cut ? { cutFullEvent: true as const } : {}),
    };
  }
}

/** CSV records lack eventVersion and userIdentity details; they are CloudTrail if they name an event. */
export function csvRecordUsable(r: Obj): boolean {
  return typeof r.eventName === 'string' || typeof r.eventID === 'string';
}

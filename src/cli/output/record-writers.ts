import type { EventRow } from '../../store/event-row.js';
import { whoLabel } from '../../domain/identity.js';
import { safeText } from '../../util/safe-text.js';
import type { EventColumn } from './event-columns.js';
import { timeText } from './event-columns.js';
import type { Sink } from './sink.js';

/** One exported event: its row and its original record text. */
export interface RecordItem {
  /** Present when the writer asked for rows (`needsRow`); the JSON formats only need `raw`. */
  row?: EventRow;
  raw: string;
  resources?: () => { type: string | null; name: string }[];
}

export interface RecordWriter {
  /** Whether `write` needs the decoded row (CSV) or only the original record (JSON formats). */
  readonly needsRow: boolean;
  begin(): void;
  write(item: RecordItem): void;
  end(): void;
}

// Characters valid inside JSON strings that a terminal may act on (C1 controls, bidi, invisible
// formatting). Escaping them as \uXXXX keeps the JSON equal in meaning; only done for terminals.
const TERMINAL_UNSAFE_JSON = /[\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

export function jsonForTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE_JSON, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** JSON Lines: the original records, one per line (jq -c friendly). */
export class JsonlWriter implements RecordWriter {
  readonly needsRow = false;
  constructor(
    private readonly sink: Sink,
    private readonly terminal = false,
  ) {}
  begin(): void {}
  write(item: RecordItem): void {
    this.sink.write((this.terminal ? jsonForTerminal(item.raw) : item.raw) + '\n');
  }
  end(): void {}
}

/** The console's JSON download: `{"Records":[...]}`, one record per line inside the array. */
export class JsonRecordsWriter implements RecordWriter {
  readonly needsRow = false;
  private first = true;
  constructor(
    private readonly sink: Sink,
    private readonly terminal = false,
  ) {}
  begin(): void {
    this.sink.write('{"Records":[');
  }
  write(item: RecordItem): void {
    this.sink.write((this.first ? '\n' : ',\n') + (this.terminal ? jsonForTerminal(item.raw) : item.raw));
    this.first = false;
  }
  end(): void {
    this.sink.write(this.first ? ']}\n' : '\n]}\n');
  }
}

/** The console's Event history CSV columns (what "Download events → CSV" writes), plus the full record. */
export const CONSOLE_CSV_HEADER = [
  'Event ID', 'Event time', 'User name', 'Event name', 'Event source', 'Resource type', 'Resource name',
  'AWS access key', 'AWS region', 'Error code', 'Source IP address', 'Read-only', 'CloudTrail event',
];

function consoleCsvRow(item: RecordItem, r: EventRow): string[] {
  const res = item.resources ? item.resources() : [];
  return [
    r.event_id,
    timeText(r),
    r.user_name ?? whoLabel(r),
    r.event_name ?? '',
    r.event_source ?? '',
    res.map((x) => x.type ?? '').join(', '),
    res.map((x) => x.name).join(', '),
    r.access_key_id ?? '',
    r.aws_region ?? '',
    r.error_code ?? '',
    r.source_ip ?? '',
    r.read_only === null ? '' : r.read_only ? 'true' : 'false',
    item.raw,
  ];
}

/** RFC 4180 cell: quoted when it holds a quote, comma or line break (or edge spaces Excel would trim). */
export function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV: the console's columns by default, or the chosen `--fields`. Cells are made safe only when
 * the CSV goes to a terminal; files keep the evidence exactly.
 */
export class CsvWriter implements RecordWriter {
  readonly needsRow = true;
  constructor(
    private readonly sink: Sink,
    private readonly columns: readonly EventColumn[] | null,
    private readonly terminal = false,
  ) {}
  private line(cells: string[]): void {
    const safe = this.terminal ? cells.map((c) => safeText(c)) : cells;
    this.sink.write(safe.map(csvCell).join(',') + '\r\n');
  }
  begin(): void {
    this.line(this.columns ? this.columns.map((c) => c.header) : CONSOLE_CSV_HEADER);
  }
  write(item: RecordItem): void {
    const row = item.row;
    if (!row) throw new Error('CsvWriter needs rows');
    this.line(this.columns ? this.columns.map((c) => c.get(row)) : consoleCsvRow(item, row));
  }
  end(): void {}
}

import type { EventRow } from '../../store/event-row.js';
import { whoLabel } from '../../domain/identity.js';
import { safeText } from '../../util/safe-text.js';
import { neutraliseCsvCell } from '../../util/csv-cell.js';
import { wellFormedJsonText } from '../../util/json-text.js';
import { jsonForTerminal } from '../safe-json.js';
import type { EventColumn, RowExtras } from './event-columns.js';
import { timeText } from './event-columns.js';
import type { Sink } from './sink.js';

/** One exported event: its row and its original record text. */
export interface RecordItem {
  /** Present when the writer asked for rows (`needsRow`); the JSON formats only need `raw`. */
  row?: EventRow;
  raw: string;
  resources?: () => { type: string | null; name: string }[];
  /** The event's resources in their normal form, for `--fields resource`. */
  resourceValues?: () => readonly { value: string; type: string | null }[];
  /** Whether another copy of the event differs, for `--fields caveat`. */
  differs?: () => boolean;
}

export interface RecordWriter {
  /** Whether `write` needs the decoded row (CSV) or only the original record (JSON formats). */
  readonly needsRow: boolean;
  begin(): void;
  write(item: RecordItem): void;
  end(): void;
}

export { jsonForTerminal };

/** A record as exported: valid for strict parsers always, and escaped for a terminal when it goes to one. */
function recordText(raw: string, terminal: boolean): string {
  return terminal ? jsonForTerminal(raw) : wellFormedJsonText(raw);
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
    this.sink.write(recordText(item.raw, this.terminal) + '\n');
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
    this.sink.write((this.first ? '\n' : ',\n') + recordText(item.raw, this.terminal));
    this.first = false;
  }
  end(): void {
    this.sink.write(this.first ? ']}\n' : '\n]}\n');
  }
}

/** The console's Event history CSV columns (what "Download events → CSV" writes), plus the full record. */
export const CONSOLE_CSV_HEADER = [
  'Event ID',
  'Event time',
  'User name',
  'Event name',
  'Event source',
  'Resource type',
  'Resource name',
  'AWS access key',
  'AWS region',
  'Error code',
  'Source IP address',
  'Read-only',
  'CloudTrail event',
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
    wellFormedJsonText(item.raw),
  ];
}

/** RFC 4180 cell: quoted when it holds a quote, comma or line break (or edge spaces Excel would trim). */
export function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV: the console's columns by default, or the chosen `--fields`. A cell a spreadsheet would run
 * as a formula is prefixed with `'` (csv-cell.ts) unless `raw` (`--csv-raw`) asks for the evidence
 * exactly; cells are also made safe when the CSV goes to a terminal.
 */
export class CsvWriter implements RecordWriter {
  readonly needsRow = true;
  constructor(
    private readonly sink: Sink,
    private readonly columns: readonly EventColumn[] | null,
    private readonly terminal = false,
    private readonly raw = false,
  ) {}
  private line(cells: string[]): void {
    const plain = this.raw ? cells : cells.map(neutraliseCsvCell);
    const safe = this.terminal ? plain.map((c) => safeText(c)) : plain;
    this.sink.write(safe.map(csvCell).join(',') + '\r\n');
  }
  begin(): void {
    this.line(this.columns ? this.columns.map((c) => c.header) : CONSOLE_CSV_HEADER);
  }
  write(item: RecordItem): void {
    const row = item.row;
    if (!row) throw new Error('CsvWriter needs rows');
    const extras: RowExtras = {
      resources: () => {
        if (!item.resourceValues) throw new Error('CsvWriter: resources were not provided');
        return item.resourceValues();
      },
      differs: () => item.differs?.() ?? false,
    };
    this.line(
      this.columns ? this.columns.map((c) => c.get(row, extras)) : consoleCsvRow(item, row),
    );
  }
  end(): void {}
}

import { stringify } from 'csv-stringify/sync';
import type { Database } from 'better-sqlite3';
import type { EventReader } from '../../store/event-reader.js';
import type { EventRow } from '../../store/event-row.js';
import type { SqlFilter } from '../../store/filter-sql.js';
import { pageEvents } from '../../store/event-pages.js';
import { whoLabel } from '../../domain/identity.js';
import { neutraliseCsvCell } from '../../util/csv-cell.js';
import { wellFormedJsonText } from '../../util/json-text.js';
import { beginOutput } from '../../case/output-file.js';
import { caseOrigin } from '../../case/open.js';

export type ExportFormat = 'jsonl' | 'json' | 'csv';

export function formatForPath(path: string): ExportFormat {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  return 'jsonl';
}

const PAGE = 2000;
const CSV_HEADER = [
  'eventTime',
  'eventName',
  'eventSource',
  'who',
  'sourceIPAddress',
  'awsRegion',
  'errorCode',
  'accessKeyId',
  'arn',
  'eventID',
];

/**
 * Write the events of a view to a new file (never overwrites, never the case file), in keyset pages
 * so any size works: JSON Lines or `{"Records":[…]}` of the original records, or CSV of the table's
 * fields. Written under a temporary name and linked into place when complete: a full disk leaves
 * no truncated file behind, and the same name can be tried again.
 */
export function exportEvents(
  db: Database,
  reader: EventReader,
  filter: SqlFilter,
  order: 'asc' | 'desc',
  path: string,
): number {
  const format = formatForPath(path);
  const out = beginOutput(path, { caseFile: caseOrigin(db) });
  let n = 0;
  try {
    if (format === 'json') out.write('{"Records":[\n');
    if (format === 'csv') out.write(stringify([CSV_HEADER]));
    let after: { time_ms: number; id: number } | undefined;
    for (;;) {
      const rows: EventRow[] = pageEvents(db, filter, { after, limit: PAGE, order });
      if (!rows.length) break;
      let chunk = '';
      if (format === 'csv') {
        chunk = stringify(
          rows.map((r) =>
            [
              r.event_time,
              r.event_name,
              r.event_source,
              whoLabel(r),
              r.source_ip,
              r.aws_region,
              r.error_code,
              r.access_key_id,
              r.arn,
              r.event_id,
            ].map(neutraliseCsvCell),
          ),
        );
      } else {
        for (const r of rows) {
          const raw = wellFormedJsonText(reader.rawText(r));
          chunk += format === 'json' ? (n > 0 || chunk ? ',\n' : '') + raw : raw + '\n';
        }
      }
      out.write(chunk);
      n += rows.length;
      const last = rows[rows.length - 1]!;
      after = { time_ms: last.time_ms, id: last.id };
      if (rows.length < PAGE) break;
    }
    if (format === 'json') out.write('\n]}\n');
  } catch (err) {
    out.abort();
    throw err;
  }
  out.commit();
  return n;
}

import { dirname, join, resolve } from 'node:path';
import type { AppApi, ModalModel } from '../shell/app-api.js';
import type { SqlFilter } from '../../store/filter-sql.js';
import { exportEvents } from './export-file.js';
import { promptModal } from '../kit/prompt.js';
import { safeText } from '../../util/safe-text.js';
import { formatTime } from '../../domain/time.js';

/** `x`: export the current view; asks for the path, proposing a new file next to the case file. */
export function exportModal(app: AppApi, sql: SqlFilter, total: number): ModalModel {
  const initial = join(
    dirname(app.services.dbPath),
    `trailscope-export-${formatTime(Date.now(), 'stamp')}.jsonl`,
  );
  return promptModal(
    app,
    `export ${total.toLocaleString('en-US')} events to: `,
    initial,
    (text, a) => {
      if (!text.trim()) return 'give a file name (.jsonl, .json or .csv)';
      const path = resolve(dirname(a.services.dbPath), text.trim());
      try {
        const n = exportEvents(a.services.db, a.services.reader, sql, a.settings.order, path);
        a.message(`exported ${n.toLocaleString('en-US')} events to ${safeText(path)}`);
        return null;
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EEXIST') return `${path} exists: choose another name`;
        return `cannot write ${path}: ${e.message}`;
      }
    },
    '.jsonl: original records, one per line · .json: {"Records":[…]} (console format) · .csv: table fields',
  );
}

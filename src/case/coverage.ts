// Coverage read from the case file; the grid itself is built by domain/coverage/build.ts.
import type { Database } from 'better-sqlite3';
import {
  eventCountsByHour,
  evidenceFiles,
  loggingChangeEvents,
  storedVerdicts,
} from '../store/coverage.js';
import { LOGGING_CHANGE_NAMES } from '../domain/coverage/blind.js';
import { buildCoverage, type CoverageInputs } from '../domain/coverage/build.js';
import type { Coverage, CoverageZoom } from '../domain/coverage/types.js';

/** What coverage reads from a case file: one grouped scan of the events, the files table, the few logging changes. */
export function coverageInputs(db: Database): Omit<CoverageInputs, 'zoom'> {
  return {
    eventCounts: eventCountsByHour(db),
    files: evidenceFiles(db),
    changes: loggingChangeEvents(db, LOGGING_CHANGE_NAMES),
    verdicts: storedVerdicts(db),
  };
}

export function loadCoverage(db: Database, zoom: CoverageZoom): Coverage {
  return buildCoverage({ zoom, ...coverageInputs(db) });
}

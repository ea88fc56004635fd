import type { Database } from 'better-sqlite3';
import {
  eventCountsByHour,
  evidenceFiles,
  loggingChangeEvents,
  storedVerdicts,
} from '../../store/coverage.js';
import { LOGGING_CHANGE_NAMES } from './blind.js';
import { buildCoverage, type CoverageInputs } from './build.js';
import type { Coverage, CoverageZoom } from './types.js';

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

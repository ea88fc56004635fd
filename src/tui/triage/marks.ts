import type { Database } from 'better-sqlite3';
import { marksInRange } from '../../store/notable.js';
import { severityOfRank, type Severity } from '../../domain/notable/types.js';

/** Rowids per block: a visible page touches one or a few blocks, each loaded with one range read. */
const BLOCK_SHIFT = 10;
/** Blocks kept (memory stays small whatever the case file size). */
const MAX_BLOCKS = 2048;

/**
 * The notable marker for the event table: the highest severity per event, loaded by blocks of
 * rowids the first time a row of the block is drawn, never a query per row.
 */
export class NotableMarks {
  private blocks = new Map<number, Map<number, number>>();

  constructor(private readonly db: Database) {}

  severity(rowid: number): Severity | null {
    const b = rowid >> BLOCK_SHIFT;
    let block = this.blocks.get(b);
    if (!block) {
      block = new Map();
      try {
        for (const m of marksInRange(this.db, b << BLOCK_SHIFT, ((b + 1) << BLOCK_SHIFT) - 1))
          block.set(m.id, m.sev);
      } catch {
        // a case file without the triage tables shows no markers rather than failing the table
      }
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.clear();
      this.blocks.set(b, block);
    }
    const sev = block.get(rowid);
    return sev === undefined ? null : severityOfRank(sev);
  }
}

/** One character per severity: readable without colour. */
export function markerChar(s: Severity | null): string {
  switch (s) {
    case 'critical':
    case 'high':
      return '★';
    case 'medium':
      return '☆';
    case 'low':
      return '·';
    default:
      return ' ';
  }
}

let current: NotableMarks | null = null;
let currentDb: Database | null = null;

/** The TUI's case file changed (opened): start a fresh marker cache for it. */
export function attachMarks(db: Database): void {
  if (db === currentDb) return;
  currentDb = db;
  current = new NotableMarks(db);
}

export function markFor(rowid: number): string {
  return current ? markerChar(current.severity(rowid)) : ' ';
}

/** Row colour for notable rows (the marker says the same without colour). */
export function notableColor(rowid: number): string | undefined {
  const s = current?.severity(rowid) ?? null;
  return s === 'critical' || s === 'high' ? 'magenta' : s === 'medium' ? 'yellow' : undefined;
}

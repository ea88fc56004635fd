/**
 * Issue #4 fuzzy search: time per keystroke as a user types into `/` (each prefix is one search),
 * over the distinct values of the indexed benchmark case file.
 */
import { openCaseFile } from '../store/db.js';
import { FuzzyIndex } from '../tui/events/fuzzy-index.js';
import { summarize, type Figure } from './figures.js';

const TYPED = [
  'asumrol',
  'olvia',
  'stoplog',
  '203.0.1',
  'arn:aws:iam',
  'AKIA',
  'eu-wes',
  'AccessDen',
  'terraform',
  'getobj',
];

export function benchFuzzy(o: { dbPath: string }): Figure[] {
  const S = 'TUI (#4)';
  const db = openCaseFile(o.dbPath, { readonly: true });
  try {
    const index = new FuzzyIndex(db);
    const times: number[] = [];
    let first = NaN;
    let slowest = { ms: 0, q: '' };
    for (const word of TYPED) {
      for (let i = 1; i <= word.length; i++) {
        const q = word.slice(0, i);
        const t0 = performance.now();
        index.search(q, null, 20);
        const ms = performance.now() - t0;
        if (Number.isNaN(first)) first = ms;
        else times.push(ms);
        if (ms > slowest.ms) slowest = { ms, q };
      }
    }
    const s = summarize(times);
    return [
      {
        section: S,
        name: `fuzzy search per keystroke (p95 of ${s.n})`,
        unit: 'ms',
        measured: s.p95,
        target: { kind: 'max', value: 30 },
        note: `median ${s.median.toFixed(1)} ms, max ${s.max.toFixed(1)} ms ("${slowest.q}"); first keystroke (builds indexes) ${first.toFixed(0)} ms`,
      },
    ];
  } catch (err) {
    return [
      {
        section: S,
        name: 'fuzzy search per keystroke',
        unit: 'ms',
        measured: null,
        target: { kind: 'max', value: 30 },
        note: `failed: ${(err as Error).message.slice(0, 160)}`,
      },
    ];
  } finally {
    db.close();
  }
}

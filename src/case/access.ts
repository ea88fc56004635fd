// Who writes to a case file: every command, classified once. SECURITY.md and `trailscope help`
// describe the same table, and test/case/access.test.ts fails when a command is missing from it.

/**
 * - creates: may create a case file (only where nothing exists) and writes it;
 * - derived: opens read-only; writes derived tables (rule results, credential chains) only when they
 *   are missing or out of date, in the case file when it is writable, else in a temporary copy;
 * - responder: writes the responder's own data (notes, tags, rule packs, verify verdicts); refused
 *   with a message on a read-only case file;
 * - reads: opens read-only and never writes the case file;
 * - none: does not open a case file.
 */
export type CaseAccess = 'creates' | 'derived' | 'responder' | 'reads' | 'none';

export interface CommandAccess {
  access: CaseAccess;
  /** What it reads besides the case file. */
  reads: string;
  /** Everything it may write. Evidence is never among them. */
  writes: string;
}

export const COMMAND_ACCESS: Readonly<Record<string, CommandAccess>> = {
  index: {
    access: 'creates',
    reads: 'the evidence paths given (files, folders, zips), never following links out of them',
    writes:
      'the case file (created only where nothing exists; an existing file must be a trailscope case file); with --rebuild a temporary sibling renamed over it when the run succeeded',
  },
  '(default)': {
    access: 'creates',
    reads: 'as index, then as open',
    writes: 'as index, then as open',
  },
  demo: {
    access: 'creates',
    reads: 'the demo evidence bundled with trailscope',
    writes: 'a case file in the cache folder',
  },
  open: {
    access: 'responder',
    reads: 'nothing else',
    writes:
      'notes and tags added in the TUI, derived tables when out of date, files exported with x (temporary file and rename); on a read-only case file nothing',
  },
  query: { access: 'reads', reads: 'nothing else', writes: 'nothing (stdout only)' },
  stats: { access: 'reads', reads: 'nothing else', writes: 'nothing (stdout only)' },
  export: {
    access: 'reads',
    reads: 'nothing else',
    writes: 'the --out file (temporary file and rename; never the case file itself)',
  },
  coverage: { access: 'reads', reads: 'nothing else', writes: 'nothing (stdout only)' },
  report: {
    access: 'derived',
    reads: 'nothing else',
    writes:
      'rule results and credential chains when out of date (read-only case file: a temporary copy); the --out file (temporary file and rename; never the case file itself)',
  },
  insights: {
    access: 'reads',
    reads: 'nothing else',
    writes: 'nothing (results are cached only by index)',
  },
  trace: {
    access: 'derived',
    reads: 'nothing else',
    writes: 'credential chains when out of date (read-only case file: a temporary copy)',
  },
  notable: {
    access: 'derived',
    reads: 'rule packs given with --rules',
    writes:
      'rule results when out of date (read-only case file: a temporary copy); with --rules the pack is recorded (responder data)',
  },
  rules: {
    access: 'responder',
    reads: 'rule packs and, for rules test, evidence',
    writes: 'with --remove the case file; rules test indexes into a temporary folder',
  },
  note: {
    access: 'responder',
    reads: 'nothing else',
    writes: 'notes and tags (--list only reads)',
  },
  verify: {
    access: 'responder',
    reads: 'the evidence files the case file lists, or the paths given; public keys and signatures',
    writes: 'verdicts into the case file (not stored when it is read-only)',
  },
  'carve-list': {
    access: 'none',
    reads: 'the result files given',
    writes: 'nothing (stdout only)',
  },
};

// Rule files as text: YAML documents to rule entries. Kept apart from parse.ts so that the parse
// workers, which compile rules from the JSON kept in the case file, never load the YAML parser.
import { createHash } from 'node:crypto';
import { CORE_SCHEMA, load, loadAll } from 'js-yaml';
import { entryOfDocument } from './parse.js';
import type { SigmaEntry } from './types.js';

/** Bounds on what one rule file may ask of the parser (a rule pack is input like any other). */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;
const MAX_DOCS = 200;

/**
 * YAML 1.2's core schema: plain scalars are strings, numbers, booleans and null only (a Sigma
 * `date: 2024-01-01` stays text, as Sigma means it); a key twice in one mapping is an error.
 */
const OPTIONS = { schema: CORE_SCHEMA, json: false } as const;

/** Text with nothing but directives, comments and blank lines. */
const NOT_A_DOCUMENT = /^(?:[ \t]*(?:[%#][^\n]*)?(?:\r?\n|$))*$/;

/** A line that starts a YAML document (`---`, alone or followed by content after a space). */
const DOC_START = /^---(?=[ \t]|$)/m;

/** Every rule document of one file's text; a YAML error makes one "error" entry for its document. */
export function parseRuleText(text: string): SigmaEntry[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_RULE_FILE_BYTES)
    return [errorEntry(`larger than ${MAX_RULE_FILE_BYTES} bytes`)];
  let docs: unknown[];
  try {
    docs = loadAll(text, undefined, OPTIONS);
  } catch {
    // one broken document: read the file a document at a time, so the others still load
    return perDocument(text);
  }
  if (docs.length > MAX_DOCS) return [errorEntry(`more than ${MAX_DOCS} documents in one file`)];
  const budget = budgetFor(text);
  const out: SigmaEntry[] = [];
  for (const js of docs) {
    const entry = entryOf(js, budget);
    if (entry) out.push(entry);
  }
  return out;
}

function perDocument(text: string): SigmaEntry[] {
  const parts = text.split(DOC_START);
  if (parts.length > MAX_DOCS + 1)
    return [errorEntry(`more than ${MAX_DOCS} documents in one file`)];
  const budget = budgetFor(text);
  const out: SigmaEntry[] = [];
  let lineBefore = 0;
  for (const part of parts) {
    // directives (`%YAML 1.2`), comments and blank lines before a `---` are not a document
    if (NOT_A_DOCUMENT.test(part)) {
      lineBefore += countLines(part);
      continue;
    }
    let js: unknown;
    let failed: unknown = null;
    try {
      js = load(part, OPTIONS);
    } catch (err) {
      failed = err;
    }
    if (failed) out.push(errorEntry(`YAML: ${describe(failed, lineBefore)}`));
    else {
      const entry = entryOf(js, budget);
      if (entry) out.push(entry);
    }
    lineBefore += countLines(part);
  }
  return out;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * What a file's documents may expand to, in characters of keys and text plus one per value, all
 * documents together: aliases let a few bytes stand for a huge value ("billion laughs", or one long
 * text repeated), and without them a file never holds more than its own characters.
 */
interface Budget {
  left: number;
}
const budgetFor = (text: string): Budget => ({ left: 2 * text.length + 1000 });

/** null for an empty document (a trailing `---`). */
function entryOf(js: unknown, budget: Budget): SigmaEntry | null {
  if (js === null || js === undefined) return null;
  if (!spend(js, budget))
    return errorEntry('YAML: aliases expand to more than the file holds (an alias bomb?)');
  try {
    return entryOfDocument(js);
  } catch (err) {
    return errorEntry(`cannot read the rule: ${(err as Error).message ?? String(err)}`);
  }
}

/** Take the value's size (a value shared through an alias counted each time) from the budget. */
function spend(root: unknown, budget: Budget): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    budget.left -= 1 + (typeof v === 'string' ? v.length : 0);
    if (budget.left < 0) return false;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        budget.left -= k.length;
        stack.push(x);
      }
  }
  return true;
}

/** js-yaml's reason and place (lines of the whole file), without its multi-line excerpt. */
function describe(err: unknown, lineBefore: number): string {
  const e = err as {
    reason?: unknown;
    mark?: { line?: unknown; column?: unknown };
    message?: unknown;
  };
  if (typeof e.reason === 'string' && typeof e.mark?.line === 'number') {
    const col = typeof e.mark.column === 'number' ? e.mark.column + 1 : 1;
    return `${e.reason} at line ${lineBefore + e.mark.line + 1}, column ${col}`;
  }
  return String(e.message ?? err).split('\n')[0];
}

function errorEntry(reason: string): SigmaEntry {
  const e = entryOfDocument(null);
  return { ...e, status: 'error', reason, hash: createHash('sha256').update(reason).digest('hex') };
}

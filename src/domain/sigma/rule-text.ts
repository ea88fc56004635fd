// Rule files as text: YAML documents to rule entries. Kept apart from parse.ts so that the parse
// workers, which compile rules from the JSON kept in the case file, never load the YAML parser.
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { entryOfDocument } from './parse.js';
import type { SigmaEntry } from './types.js';

/** Bounds on what one rule file may ask of the parser (a rule pack is input like any other). */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;
const MAX_DOCS = 200;

/** Every rule document of one file's text; a YAML error makes one "error" entry for the file. */
export function parseRuleText(text: string): SigmaEntry[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_RULE_FILE_BYTES)
    return [errorEntry(`larger than ${MAX_RULE_FILE_BYTES} bytes`)];
  let docs;
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return [errorEntry(`YAML: ${(err as Error).message}`)];
  }
  if (!Array.isArray(docs)) return [];
  if (docs.length > MAX_DOCS) return [errorEntry(`more than ${MAX_DOCS} documents in one file`)];
  const out: SigmaEntry[] = [];
  for (const d of docs) {
    if (d.errors.length) {
      out.push(errorEntry(`YAML: ${d.errors[0].message.split('\n')[0]}`));
      continue;
    }
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 100 });
    } catch (err) {
      out.push(errorEntry(`YAML: ${(err as Error).message}`));
      continue;
    }
    if (js === null || js === undefined) continue; // an empty document (a trailing ---)
    out.push(entryOfDocument(js));
  }
  return out;
}

function errorEntry(reason: string): SigmaEntry {
  const e = entryOfDocument(null);
  return { ...e, status: 'error', reason, hash: createHash('sha256').update(reason).digest('hex') };
}

import { writeJson } from '../../util/deep-json.js';

/** Text form of a record value for string tests: numbers and booleans as written, objects as JSON. */
export function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return writeJson(v);
  } catch {
    return null;
  }
}

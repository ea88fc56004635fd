import { wellFormedJsonText } from '../util/json-text.js';

/**
 * JSON that is safe on a terminal and valid for strict parsers. JSON.stringify escapes C0 controls
 * but leaves C1 controls (U+009B is a CSI to some terminals), bidi overrides, zero-width, tag and
 * other invisible characters as they are: each of those (the set safeText shows as an escape, see
 * safe-text.ts) is written as a `\uXXXX` escape instead, so the JSON decodes to the same strings and
 * shows nothing invisible. C0 controls are left to JSON itself (inside strings they are already
 * escaped; outside, tabs and newlines are JSON whitespace).
 */
const UNSAFE_IN_JSON =
  /(?![\x00-\x1f])(?:[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\p{Emoji_Modifier}\u2800]|(?!\x20)\p{Zs})/gu;

function jsonEscape(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += '\\u' + c.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

/** JSON text (a record as kept, or JSON.stringify output) made safe for a terminal. */
export function jsonForTerminal(text: string): string {
  return wellFormedJsonText(text).replace(UNSAFE_IN_JSON, jsonEscape);
}

/** JSON.stringify, safe for a terminal and for strict parsers (lone surrogates: see json-text.ts). */
export function safeJson(value: unknown, indent?: number): string {
  return jsonForTerminal(JSON.stringify(value, null, indent));
}

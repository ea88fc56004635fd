/**
 * JSON text for strict consumers. A JSON string may spell a lone UTF-16 surrogate (`"\ud800"`), as
 * attacker-written CloudTrail records do; JSON.parse accepts it but jq (and any parser that decodes
 * to UTF-8) stops at that line and drops every later one, and no UTF-8 encoder can write it raw.
 *
 * So in exported JSON each lone surrogate, escaped (`\ud800`) or raw, is written as the six
 * characters `\ud800` of text: the JSON escape `\\ud800`, which parses to the visible text
 * `\ud800` (lowercase hex, always six characters). To read the value back exactly, turn each
 * `\udXXX` text whose XXX is 800–fff into that code unit; the case file keeps the record as it
 * was (the TUI's record view shows the value with `\u{d800}` in it). Surrogate pairs (emoji and
 * other characters beyond U+FFFF), whether escaped or raw, are kept as they are.
 */
const MAYBE_SURROGATE = /\\u[dD][89a-fA-F]|[\ud800-\udfff]/;
const TOKENS =
  /\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([dD][89a-fA-F][0-9a-fA-F]{2})|\\[\s\S]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g;

export function wellFormedJsonText(text: string): string {
  if (!MAYBE_SURROGATE.test(text)) return text;
  return text.replace(TOKENS, (m: string, _hi?: string, _lo?: string, lone?: string) => {
    if (lone !== undefined) return '\\\\u' + lone.toLowerCase();
    if (m.length === 1) return '\\\\u' + m.charCodeAt(0).toString(16);
    return m;
  });
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls but leaves C1 controls (U+009B is a CSI
 * to some terminals), bidi overrides and zero-width characters as they are. Escape those too; the
 * output is still valid JSON and decodes to the same strings.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

import { safeText } from '../util/safe-text.js';

/**
 * Evidence strings in a document. First the one sanitiser (safeText): control characters, bidi
 * overrides and invisible code points become visible escapes, so nothing raw reaches the page and
 * two different values never look alike; then the syntax of the target format is neutralised.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function htmlText(value: unknown): string {
  return safeText(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Markdown (CommonMark + GitHub tables): every ASCII punctuation character that starts syntax is
 * backslash-escaped (emphasis, code spans, links and images, table cells, HTML), `<`, `>` and `&`
 * become entities so no tag or entity forms, and `://` and `www.` are broken so no autolink forms.
 */
export function mdText(value: unknown): string {
  return safeText(value)
    .replace(/[\\`*_[\]()|~]/g, (c) => '\\' + c)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
    .replace(/:\/\//g, '\\:\\/\\/')
    .replace(/\bwww\./gi, (m) => m.slice(0, 3) + '\\.');
}

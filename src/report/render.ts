import type { Block, Inline, Seg } from './document.js';
import { htmlText, mdText } from './escape.js';

const segs = (i: Inline): Seg[] => (Array.isArray(i) ? i : [i]);

function mdInline(i: Inline): string {
  return segs(i)
    .map((s) =>
      typeof s === 'string'
        ? mdText(s)
        : 'code' in s
          ? '`' + s.code.replace(/`/g, '') + '`'
          : `**${mdText(s.strong)}**`,
    )
    .join('');
}

/** Markdown (CommonMark with GitHub tables); charts as SVG data-URI images. */
export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h':
        out.push(`${'#'.repeat(b.level)} ${mdText(b.text)}`, '');
        break;
      case 'p':
        out.push(mdInline(b.text), '');
        break;
      case 'list':
        b.items.forEach((it, n) => out.push(`${b.ordered ? `${n + 1}.` : '-'} ${mdInline(it)}`));
        out.push('');
        break;
      case 'table':
        out.push(`| ${b.head.map(mdText).join(' | ')} |`);
        out.push(
          `| ${b.head.map((_, i) => (b.numeric?.includes(i) ? '---:' : '---')).join(' | ')} |`,
        );
        for (const r of b.rows) out.push(`| ${r.map((c) => mdInline(c) || ' ').join(' | ')} |`);
        out.push('');
        break;
      case 'svg':
        out.push(
          `![${mdText(b.alt)}](data:image/svg+xml;base64,${Buffer.from(b.svg, 'utf8').toString('base64')})`,
          '',
        );
        break;
      case 'pre': {
        // a fence longer than any backtick run inside, so evidence cannot close it
        const longest = Math.max(
          2,
          ...b.lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))),
        );
        const fence = '`'.repeat(longest + 1);
        out.push(fence + 'text', ...b.lines.map((l) => mdPre(l)), fence, '');
        break;
      }
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** Inside a fence only the sanitiser applies (Markdown is not interpreted there). */
function mdPre(line: string): string {
  return htmlText(line)
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function htmlInline(i: Inline): string {
  return segs(i)
    .map((s) =>
      typeof s === 'string'
        ? htmlText(s)
        : 'code' in s
          ? `<code>${htmlText(s.code)}</code>`
          : `<strong>${htmlText(s.strong)}</strong>`,
    )
    .join('');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
td.n{text-align:right}th{background:#f3f3f3}code,pre{font-family:ui-monospace,monospace;font-size:12px}td{overflow-wrap:anywhere}
pre{background:#f7f7f7;padding:8px;overflow-x:auto}figure{margin:1em 0}`;

/**
 * One HTML file: styles inline, charts as inline SVG, nothing to fetch. The Content-Security-Policy
 * forbids every load except inline styles and data: images, so even a missed escape cannot reach
 * the network or run a script.
 */
export function renderHtml(blocks: readonly Block[]): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="referrer" content="no-referrer">',
    '<title>Case report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
  ];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h':
        out.push(`<h${b.level}>${htmlText(b.text)}</h${b.level}>`);
        break;
      case 'p':
        out.push(`<p>${htmlInline(b.text)}</p>`);
        break;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        out.push(`<${tag}>`, ...b.items.map((it) => `<li>${htmlInline(it)}</li>`), `</${tag}>`);
        break;
      }
      case 'table':
        out.push(
          '<table>',
          `<thead><tr>${b.head.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr></thead>`,
          '<tbody>',
        );
        for (const r of b.rows)
          out.push(
            `<tr>${r.map((c, i) => `<td${b.numeric?.includes(i) ? ' class="n"' : ''}>${htmlInline(c)}</td>`).join('')}</tr>`,
          );
        out.push('</tbody>', '</table>');
        break;
      case 'svg':
        out.push(`<figure role="figure" aria-label="${htmlText(b.alt)}">`, b.svg, '</figure>');
        break;
      case 'pre':
        out.push(`<pre>${b.lines.map(htmlText).join('\n')}</pre>`);
        break;
    }
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/**
 * Sigma string values: `*` any run of characters, `?` one character, `\*` `\?` `\\` the characters
 * themselves (any other backslash is a plain backslash). Matching is case-insensitive unless the
 * rule says `cased`.
 */

type Token = { lit: string } | { wild: '*' | '?' };

export function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  let lit = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length && '*?\\'.includes(pattern[i + 1])) {
      lit += pattern[++i];
    } else if (c === '*' || c === '?') {
      if (lit) out.push({ lit });
      lit = '';
      out.push({ wild: c });
    } else {
      lit += c;
    }
  }
  if (lit) out.push({ lit });
  return out;
}

export type StringTest = (value: string) => boolean;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A test for one Sigma value. `anchor` adds the wildcards of contains / startswith / endswith.
 * The common shapes (plain, prefix, suffix, substring) avoid regular expressions.
 */
export function compilePattern(
  pattern: string,
  opts: { cased: boolean; anchor?: 'contains' | 'startswith' | 'endswith' },
): StringTest {
  const tokens = tokenize(pattern);
  if (opts.anchor === 'contains' || opts.anchor === 'endswith') tokens.unshift({ wild: '*' });
  if (opts.anchor === 'contains' || opts.anchor === 'startswith') tokens.push({ wild: '*' });
  const fold = opts.cased ? (s: string) => s : (s: string) => s.toLowerCase();
  const lits = tokens.map((t) => ('lit' in t ? fold(t.lit) : null));
  const wildAt = tokens.map((t) => 'wild' in t && t.wild === '*');
  const hasQ = tokens.some((t) => 'wild' in t && t.wild === '?');
  // collapse runs of '*' so "**x" is handled like "*x"
  const inner = lits.filter((l) => l !== null) as string[];
  if (!hasQ && inner.length <= 1) {
    const text = inner[0] ?? '';
    const first = wildAt[0] ?? false;
    const last = wildAt[wildAt.length - 1] ?? false;
    if (tokens.length === 0) return (v) => v === '';
    if (inner.length === 0) return () => true; // only '*'
    // values already lower-cased (`cased` here) need no fold call per test
    if (opts.cased) {
      if (first && last) return (v) => v.includes(text);
      if (first) return (v) => v.endsWith(text);
      if (last) return (v) => v.startsWith(text);
      return (v) => v === text;
    }
    if (first && last) return (v) => fold(v).includes(text);
    if (first) return (v) => fold(v).endsWith(text);
    if (last) return (v) => fold(v).startsWith(text);
    return (v) => fold(v) === text;
  }
  const source = tokens
    .map((t, i) => ('lit' in t ? escapeRe(lits[i] as string) : t.wild === '*' ? '.*' : '.'))
    .join('');
  const re = new RegExp(`^${source}$`, 's');
  if (opts.cased) return (v) => re.test(v);
  return (v) => re.test(fold(v));
}

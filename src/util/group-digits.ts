/**
 * An integer with thousands separators, as `toLocaleString('en-US')` writes it, without ICU: the
 * first locale-aware call builds a number formatter (5-8 ms here), which the TUI's first frame
 * paid for its event count. Other numbers go to toLocaleString itself.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3)
    out = digits.slice(Math.max(0, end - 3), end) + (out ? ',' + out : '');
  return n < 0 ? '-' + out : out;
}

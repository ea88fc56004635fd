import { ASCII_LEVELS, asciiOnly } from '../term/charset.js';

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * One character per bucket; empty buckets are blank so quiet periods read as gaps. Any non-zero
 * bucket gets at least the lowest bar: a single event at 3 a.m. must stay visible.
 */
export function sparkline(counts: readonly number[]): string {
  const LEVELS = asciiOnly() ? ASCII_LEVELS : BLOCKS;
  const max = Math.max(0, ...counts);
  if (max === 0) return ' '.repeat(counts.length);
  return counts
    .map((n) =>
      n <= 0
        ? ' '
        : LEVELS[
            Math.min(LEVELS.length - 1, Math.floor((n / max) * (LEVELS.length - 1) + 0.5)) || 0
          ]!,
    )
    .map((c, i) => (counts[i]! > 0 && c === ' ' ? LEVELS[0]! : c))
    .join('');
}

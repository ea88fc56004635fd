const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Where the JSON object or array that starts at `start` ends (exclusive), in bytes, or -1 when it
 * does not end in `buf` (or does not start with `{` or `[`). Used to read a record back from its
 * offset in a file's content: records were split from that same content, so brackets balance.
 */
export function jsonValueEnd(buf: Uint8Array, start: number): number {
  const open = buf[start];
  if (open !== 0x7b && open !== 0x5b) return -1;
  let depth = 0;
  for (let i = start; i < buf.length; i++) {
    const b = buf[i];
    if (b === QUOTE) {
      // skip the string: a quote preceded by an even number of backslashes ends it
      for (i++; i < buf.length; i++) {
        const c = buf[i];
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) break;
      }
      continue;
    }
    if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

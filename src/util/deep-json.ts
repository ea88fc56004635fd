/**
 * Evidence can nest as deep as its author likes: `JSON.parse` copes (V8 parses iteratively), but
 * anything that walks a value by recursion, `JSON.stringify` included (it overflows the stack near
 * 5,000 levels), crashes on it. Code that walks a record uses these loops with an explicit stack,
 * and views stop at MAX_JSON_DEPTH levels, showing what lies deeper as its JSON text.
 */

/** Levels of nesting a view or a rule walks into; below it a value is shown as its JSON text. */
export const MAX_JSON_DEPTH = 1000;

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

interface Frame {
  arr: unknown[] | null;
  obj: Record<string, unknown> | null;
  keys: string[] | null;
  i: number;
  wrote: boolean;
}

/**
 * JSON text of a parsed JSON value, however deep, with an explicit stack: the same text as
 * `JSON.stringify(v)` (keys in `Object.keys` order, `undefined` members skipped, `undefined` array
 * items as `null`), or with every object's keys sorted by UTF-16 code units (`sortKeys`).
 * `maxChars`: stop once the text is longer (for display; the text is then cut, not valid JSON).
 */
export function writeJson(
  root: unknown,
  opts: { sortKeys?: boolean; maxChars?: number } = {},
): string {
  const sortKeys = opts.sortKeys === true;
  const maxChars = opts.maxChars ?? Infinity;
  let out = '';
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (Array.isArray(v)) {
      out += '[';
      stack.push({ arr: v, obj: null, keys: null, i: 0, wrote: false });
    } else if (isContainer(v)) {
      out += '{';
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (sortKeys) keys.sort();
      stack.push({ arr: null, obj, keys, i: 0, wrote: false });
    } else {
      out += JSON.stringify(v) ?? 'null';
    }
  };
  open(root);
  while (stack.length && out.length <= maxChars) {
    const f = stack[stack.length - 1];
    if (f.arr) {
      if (f.i >= f.arr.length) {
        out += ']';
        stack.pop();
        continue;
      }
      if (f.i > 0) out += ',';
      const v = f.arr[f.i++];
      open(v === undefined ? null : v);
      continue;
    }
    const keys = f.keys!;
    const obj = f.obj!;
    while (f.i < keys.length && obj[keys[f.i]] === undefined) f.i++;
    if (f.i >= keys.length) {
      out += '}';
      stack.pop();
      continue;
    }
    const k = keys[f.i++];
    out += (f.wrote ? ',' : '') + JSON.stringify(k) + ':';
    f.wrote = true;
    open(obj[k]);
  }
  return out;
}

/** `JSON.stringify(v)` for a parsed JSON value of any depth (the native one when it copes). */
export function stringifyJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch (err) {
    if (err instanceof RangeError) return writeJson(v);
    throw err;
  }
}

/** Does `v` hold containers more than `limit` levels deep (the value itself is level 0)? Iterative. */
export function deeperThan(v: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isContainer(node)) continue;
    if (depth > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const c of children) if (isContainer(c)) stack.push([c, depth + 1]);
  }
  return false;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseRuleText, MAX_RULE_FILE_BYTES } from './rule-text.js';
import type { SigmaEntry } from './types.js';

/** A pack bigger than this is refused rather than walked forever. */
const MAX_FILES = 20_000;

export interface PackFileEntry extends SigmaEntry {
  /** Path inside the pack ('' when the pack is one file). */
  file: string;
  /** Document number inside the file. */
  doc: number;
}

export interface LoadedPack {
  /** Absolute path, as recorded in the case file. */
  path: string;
  entries: PackFileEntry[];
  /** Problems with the pack itself (not with a rule). */
  notes: string[];
}

const isRuleFile = (name: string): boolean => /\.ya?ml$/i.test(name);

/**
 * Every rule of a pack: a folder (walked, .yml / .yaml files, symbolic links not followed) or a
 * single rule file. Files are read in name order so a pack loads the same way everywhere.
 */
export function loadPack(pathArg: string): LoadedPack {
  const root = resolve(pathArg);
  const notes: string[] = [];
  const files: string[] = [];
  let st;
  try {
    st = statSync(root);
  } catch (err) {
    throw new Error(
      `rule pack ${pathArg}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message}`,
    );
  }
  if (st.isFile()) files.push(root);
  else {
    const stack = [root];
    while (stack.length) {
      const dir = stack.pop() as string;
      let ents;
      try {
        ents = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        notes.push(`${relative(root, dir) || '.'}: ${(err as Error).message}`);
        continue;
      }
      for (const e of ents) {
        const p = join(dir, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (e.isFile() && isRuleFile(e.name)) files.push(p);
      }
      if (files.length > MAX_FILES)
        throw new Error(`rule pack ${pathArg}: more than ${MAX_FILES} rule files`);
    }
  }
  files.sort();
  const entries: PackFileEntry[] = [];
  for (const f of files) {
    const file = st.isFile() ? '' : relative(root, f);
    let text: string;
    try {
      if (statSync(f).size > MAX_RULE_FILE_BYTES)
        throw new Error(`larger than ${MAX_RULE_FILE_BYTES} bytes`);
      text = readFileSync(f, 'utf8');
    } catch (err) {
      entries.push({ ...readError((err as Error).message), file, doc: 0 });
      continue;
    }
    parseRuleText(text).forEach((e, doc) => entries.push({ ...e, file, doc }));
  }
  return { path: root, entries, notes };
}

function readError(message: string): SigmaEntry {
  return {
    meta: {
      id: null,
      name: null,
      title: '(unreadable)',
      sigmaStatus: null,
      level: null,
      tags: [],
      description: null,
    },
    hash: `unreadable:${message}`,
    source: 'null',
    status: 'error',
    reason: `cannot read: ${message}`,
    compiled: null,
  };
}

// Every file a command writes (exports, reports, the TUI's x export) goes through here: written
// under a temporary name beside the target and renamed into place when complete, so a failed write
// (disk full, Ctrl-C) leaves no truncated target and a retry works; and never onto the case file
// being read, whatever the path looks like and whatever --force says.
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve, sep } from 'node:path';

export class OutputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFileError';
  }
}

const CASE_SIBLINGS = ['', '-wal', '-shm', '-journal'];

function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * Throws when `target` is the case file or one of its `-wal`/`-shm`/`-journal` files: compared by
 * device and inode, so another name for it (a hard link, a symlink, `./x/../case.db`) is caught.
 */
export function refuseCaseFileTarget(target: string, caseFile: string | undefined): void {
  if (!caseFile || caseFile === ':memory:') return;
  const id = identity(target);
  const named = resolve(target);
  for (const s of CASE_SIBLINGS) {
    const sib = caseFile + s;
    if (named === resolve(sib) || (id !== null && id === identity(sib))) {
      throw new OutputFileError(
        `${target} is the case file being read${s ? ` (its ${s.slice(1)} file)` : ''}; choose another output path`,
      );
    }
  }
}

/** Throws when the case file lies inside `folder` (a folder output replaced with --force). */
export function refuseFolderHoldingCase(folder: string, caseFile: string | undefined): void {
  if (!caseFile || caseFile === ':memory:') return;
  let dir: string;
  let file: string;
  try {
    dir = realpathSync(folder);
    file = realpathSync(caseFile);
  } catch {
    return; // no such folder yet: nothing in it can be the case file
  }
  if (file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) {
    throw new OutputFileError(
      `${folder} holds the case file being read; choose another output folder`,
    );
  }
}

export interface PendingFile {
  /** Write here (a temporary file beside the target, created with O_EXCL). */
  readonly fd: number;
  readonly tmp: string;
  write(data: string | Buffer): void;
  /** fsync, close, and move into place. Throws, removing the temporary file, when it cannot. */
  commit(): void;
  /** Close and remove the temporary file (safe to call after a failed commit, or twice). */
  abort(): void;
}

export interface OutputOptions {
  /** Replace an existing target (--force). Without it an existing target is an error, checked again at the rename. */
  overwrite?: boolean;
  /** The case file the command reads: never a target. */
  caseFile?: string;
}

/** Start writing `target` through a temporary sibling. */
export function beginOutput(target: string, opts: OutputOptions = {}): PendingFile {
  refuseCaseFileTarget(target, opts.caseFile);
  let existing: ReturnType<typeof statSync> | null = null;
  try {
    existing = statSync(target);
  } catch {
    existing = null;
  }
  if (existing?.isDirectory()) throw new OutputFileError(`${target} is a folder`);
  if (existing && !opts.overwrite)
    throw new OutputFileError(`${target} exists (use --force to overwrite)`);
  const tmp = join(
    dirname(resolve(target)),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`,
  );
  const fd = openSync(tmp, 'wx', 0o644);
  let open = true;
  const closeFd = (): void => {
    if (open) {
      open = false;
      closeSync(fd);
    }
  };
  return {
    fd,
    tmp,
    write(data) {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    },
    commit() {
      try {
        fsyncSync(fd);
        closeFd();
        // the target may have become the case file's name since the start (a rename, a link)
        refuseCaseFileTarget(target, opts.caseFile);
        if (opts.overwrite) renameSync(tmp, target);
        else {
          // link() fails when the name was taken meanwhile, where rename() would replace it
          try {
            linkSync(tmp, target);
            unlinkSync(tmp);
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'EEXIST' || existsSync(target))
              throw Object.assign(new Error('exists'), { code: 'EEXIST' });
            // a file system without hard links (FAT, some shares): the check just made must do
            renameSync(tmp, target);
          }
        }
      } catch (err) {
        this.abort();
        if ((err as NodeJS.ErrnoException).code === 'EEXIST')
          throw new OutputFileError(`${target} exists (use --force to overwrite)`);
        throw err;
      }
    },
    abort() {
      try {
        closeFd();
      } catch {
        // already closed
      }
      rmSync(tmp, { force: true });
    },
  };
}

/** Write a whole text file through a temporary sibling and a rename. */
export function writeOutputFile(target: string, text: string, opts: OutputOptions = {}): void {
  const out = beginOutput(target, opts);
  try {
    out.write(text);
  } catch (err) {
    out.abort();
    throw err;
  }
  out.commit();
}

import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Buffered synchronous writes to a file descriptor: exports stream millions of lines, and
 * synchronous writes keep memory flat (no backlog of pending async writes) and ordering simple.
 */
export class Sink {
  private buf: string[] = [];
  private size = 0;
  /** Set when the reader went away (`| head`): callers stop producing. */
  closed = false;

  constructor(
    private readonly fd: number,
    private readonly flushAt = 1 << 20,
  ) {}

  static toFile(path: string): Sink {
    return new Sink(openSync(path, 'w'));
  }

  write(s: string): void {
    if (this.closed) return;
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.buf.length === 0 || this.closed) return;
    const data = Buffer.from(this.buf.join(''), 'utf8');
    this.buf = [];
    this.size = 0;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue; // non-blocking pipe momentarily full
        if (code === 'EPIPE') {
          this.closed = true;
          return;
        }
        throw err;
      }
    }
  }

  close(): void {
    this.flush();
    if (this.fd > 2) closeSync(this.fd);
  }
}

/** stdout as a sink (fd 1). */
export function stdoutSink(): Sink {
  return new Sink(1, 64 * 1024);
}

import { Writable } from 'node:stream';
import { GridParser, type Grid, type Row } from './grid.js';
import { paintDiff, paintFull, unknownCursor, type CursorState } from './paint.js';
import { StyleTable } from './style.js';
import type { TermCaps } from './caps.js';

/**
 * Between ink and the terminal. ink renders each frame as a whole string into `sink` (its debug
 * mode: one write per frame, no erase sequences; any escape that is not SGR would be dropped by
 * the grid parser anyway); the writer keeps what the terminal shows as a grid of cells and sends
 * only what changed.
 *
 * No frames nobody sees: frames made in the same turn of the event loop (keys that arrived in one
 * read) become one; while the terminal has not taken the previous frame (`write` returned false)
 * only the newest frame is kept, and it is drawn on 'drain'; at most `maxFps` frames a second.
 * A full redraw happens at the start, on resize, on `redraw()` (Ctrl-L) and after anything else
 * wrote to the terminal.
 */
export interface TerminalWriterOptions {
  caps: TermCaps;
  maxFps?: number;
  /** Also watch this stream (stderr on the same terminal) for foreign writes. */
  alsoWatch?: NodeJS.WriteStream | null;
}

type WriteFn = (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;

export class FrameSink extends Writable {
  // ink's debug mode writes whole frames whatever this says; components may read it
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
    private readonly onFrame: (frame: string) => void,
  ) {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.onFrame(typeof chunk === 'string' ? chunk : String(chunk));
    cb();
  }
}

export interface WriterStats {
  /** Frames ink produced. */
  framesIn: number;
  /** Frames that reached the terminal (after coalescing). */
  framesOut: number;
  bytes: number;
  fullRedraws: number;
}

export class TerminalWriter {
  readonly sink: FrameSink;
  readonly stats: WriterStats = { framesIn: 0, framesOut: 0, bytes: 0, fullRedraws: 0 };
  private readonly caps: TermCaps;
  private readonly styles: StyleTable;
  private parser: GridParser;
  private shown: Grid | null = null;
  private cursor: CursorState = unknownCursor();
  private blankRow: Row;
  private blankGrid: Grid;
  private pending: string | null = null;
  private lastFrame = '';
  private needFull = true;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private waitingDrain = false;
  private lastWriteAt = -Infinity;
  private holdUntil = -Infinity;
  private readonly minInterval: number;
  private readonly rawWrite: WriteFn;
  private readonly restores: Array<() => void> = [];
  private writing = false;
  private disposed = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    opts: TerminalWriterOptions,
  ) {
    this.caps = opts.caps;
    this.minInterval = 1000 / (opts.maxFps ?? 60);
    this.styles = new StyleTable(this.caps);
    this.parser = new GridParser(this.styles, { ascii: this.caps.ascii });
    const { cols, rows } = this.size();
    this.blankRow = this.parser.parseLine('', cols);
    this.blankGrid = this.parser.blank(cols, rows);
    this.sink = new FrameSink(cols, rows, (frame) => this.frame(frame));

    this.rawWrite = out.write.bind(out) as WriteFn;
    this.watch(out);
    if (opts.alsoWatch && opts.alsoWatch !== out) this.watch(opts.alsoWatch);
    const onResize = () => this.resized();
    out.on('resize', onResize);
    this.restores.push(() => out.off('resize', onResize));
  }

  /** Draw everything again on the next frame (Ctrl-L). */
  redraw(): void {
    this.needFull = true;
    this.schedule();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelTimer();
    for (const undo of this.restores.splice(0)) undo();
  }

  private size(): { cols: number; rows: number } {
    return { cols: Math.max(1, this.out.columns || 80), rows: Math.max(1, this.out.rows || 24) };
  }

  /** Anything written to the terminal by someone else leaves the screen unknown. */
  private watch(stream: NodeJS.WriteStream): void {
    const original = stream.write;
    const self = this;
    const wrapped = function (this: unknown, ...args: unknown[]): boolean {
      if (!self.writing && !self.disposed) {
        self.needFull = true;
        self.schedule();
      }
      return (original as (...a: unknown[]) => boolean).apply(stream, args);
    };
    (stream as { write: unknown }).write = wrapped;
    this.restores.push(() => {
      if (stream.write === (wrapped as unknown)) (stream as { write: unknown }).write = original;
    });
  }

  private resized(): void {
    const { cols, rows } = this.size();
    this.sink.columns = cols;
    this.sink.rows = rows;
    this.blankRow = this.parser.parseLine('', cols);
    this.blankGrid = this.parser.blank(cols, rows);
    this.needFull = true;
    // ink writes a frame at once, laid out at the new width from the old state; the views follow
    // a moment later: draw once, after both (a window being dragged also sends many resizes)
    this.holdUntil = performance.now() + 60;
    this.sink.emit('resize');
    this.schedule();
  }

  private frame(frame: string): void {
    if (this.disposed) return;
    this.stats.framesIn++;
    this.pending = frame;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.waitingDrain || this.disposed) return;
    const now = performance.now();
    const wait = Math.max(this.lastWriteAt + this.minInterval, this.holdUntil) - now;
    // setImmediate: every frame of this turn (each key of one read) is in before we draw
    this.timer = wait > 1 ? setTimeout(() => this.flush(), wait) : setImmediate(() => this.flush());
  }

  private cancelTimer(): void {
    if (!this.timer) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  /** Draw the newest frame now. */
  flush(): void {
    this.cancelTimer();
    if (this.disposed || this.waitingDrain) return;
    if (this.pending === null && !this.needFull) return;
    const frame = this.pending ?? this.lastFrame;
    this.pending = null;
    this.lastFrame = frame;
    const { cols, rows } = this.size();
    const grid = this.parser.parse(frame, cols, rows);
    let bytes: string;
    const full =
      this.needFull || !this.shown || this.shown.cols !== cols || this.shown.rows !== rows;
    if (full) {
      const r = paintFull(grid, this.styles, this.caps, this.blankGrid);
      bytes = r.bytes;
      this.cursor = r.state;
      this.stats.fullRedraws++;
    } else {
      const r = paintDiff(this.shown!, grid, this.cursor, this.styles, this.caps, this.blankRow);
      bytes = r.bytes;
      this.cursor = r.state;
    }
    this.needFull = false;
    this.shown = grid;
    if (bytes === '') return;
    if (this.caps.sync) bytes = `\u001b[?2026h${bytes}\u001b[?2026l`;
    this.writing = true;
    let ok: boolean;
    try {
      ok = this.rawWrite(bytes);
    } finally {
      this.writing = false;
    }
    this.stats.framesOut++;
    this.stats.bytes += Buffer.byteLength(bytes);
    this.lastWriteAt = performance.now();
    if (!ok) {
      // the terminal is behind: keep only the newest frame until it catches up
      this.waitingDrain = true;
      this.out.once('drain', () => {
        this.waitingDrain = false;
        if (this.pending !== null || this.needFull) this.schedule();
      });
    }
  }
}

// Worker-thread entry: parses jobs the main thread hands out and posts their messages back.
import { parentPort, workerData } from 'node:worker_threads';
import { parseJob } from './parse-file.js';
import type { IngestLimits } from './limits.js';
import type { FileMessage, ParseJob } from './messages.js';
import type { ToMain, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');
const { window } = workerData as { window: number };
/** Set by the first message: a worker starts before the run knows its rules. */
let limits: IngestLimits | null = null;

let credits = window;
const waiting: (() => void)[] = [];

function post(m: ToMain): void {
  port!.postMessage(m);
}

/** Back-pressure: at most `window` messages un-acknowledged by the writer. */
async function emit(msg: FileMessage): Promise<void> {
  while (credits <= 0) await new Promise<void>((r) => waiting.push(r));
  credits--;
  post({ t: 'msg', msg });
}

/** Jobs handed out ahead of time, so the worker never waits for the busy writer thread to give it the next one. */
const queue: ParseJob[] = [];
let running = false;

async function drain(): Promise<void> {
  running = true;
  while (queue.length) {
    const job = queue.shift()!;
    try {
      if (!limits) throw new Error('a job came before the run limits');
      await parseJob(job, limits, emit);
      post({ t: 'done', id: job.id });
    } catch (err) {
      post({ t: 'crash', id: job.id, error: (err as Error)?.message ?? String(err) });
    }
  }
  running = false;
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'limits') limits = m.limits;
  else if (m.t === 'ack') {
    credits += m.n;
    for (let i = 0; i < m.n && waiting.length; i++) waiting.shift()!();
  } else if (m.t === 'job') {
    queue.push(m.job);
    if (!running) void drain();
  }
});

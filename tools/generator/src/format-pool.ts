import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Options } from 'prettier';

/** Below this much text in all, formatting stays on this thread: starting workers and their prettier costs more. */
const parallelThreshold = 200_000;

// The worker is inline so that it survives bundling; it loads the generator's own prettier and formats the texts
// it is sent in order. A text prettier rejects comes back as `null` (the caller formats it again to report why).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.prettier);
let queue = Promise.resolve();
parentPort.on('message', ([id, text, options]) => {
  queue = queue.then(async () => {
    const prettier = await ready;
    const format = prettier.format ?? prettier.default.format;
    const formatted = await format(text, options).catch(() => null);
    parentPort.postMessage([id, formatted]);
  });
});`;

interface Job {
  readonly id: number;
  readonly text: string;
  readonly options: Options;
  readonly resolve: (formatted: string | undefined) => void;
  readonly reject: (error: unknown) => void;
}

interface Lane {
  readonly worker: Worker;
  /** Characters sent and not yet returned: the next text goes to the lane with the fewest. */
  outstanding: number;
  readonly jobs: Map<number, Job>;
}

/**
 * Prettier on worker threads, fed as texts come: the generator submits each output's pieces as soon as its emitter
 * is done, so the threads format while this one emits the next output (bench/README.md, session 4). The threads
 * start only once enough text is waiting; a run with less formats on this thread when it drains. This thread never
 * formats once they have started: it holds the whole model and every output, and prettier's garbage on a heap that
 * large cost more in collection than the formatting itself.
 */
export class FormatPool {
  readonly #lanes: Lane[] = [];
  readonly #held: Job[] = [];
  #heldSize = 0;
  #nextId = 0;

  /** The formatted text, or `undefined` when prettier rejects it. */
  submit(text: string, options: Options): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const job = { id: this.#nextId++, text, options, resolve, reject };
      if (this.#lanes.length > 0) return this.#send(job);
      this.#held.push(job);
      this.#heldSize += text.length;
      const threads = Math.min(availableParallelism(), 4);
      if (this.#heldSize >= parallelThreshold && threads >= 2) {
        this.#start(threads);
        for (const held of this.#held.splice(0)) this.#send(held);
      }
    });
  }

  /** Formats on this thread whatever is still held (less than the threshold in all). */
  async drain(): Promise<void> {
    const held = this.#held.splice(0);
    if (held.length === 0) return;
    const { format } = await import('prettier');
    for (const job of held) job.resolve(await format(job.text, job.options).catch(() => undefined));
  }

  close(): void {
    for (const { worker } of this.#lanes) void worker.terminate();
  }

  #start(threads: number): void {
    // The generator's own prettier (the one this module imports), wherever the workspace being generated is.
    const prettier = pathToFileURL(createRequire(import.meta.url).resolve('prettier')).href;
    for (let index = 0; index < threads; index += 1) {
      const lane: Lane = {
        worker: new Worker(workerSource, { eval: true, workerData: { prettier } }),
        outstanding: 0,
        jobs: new Map(),
      };
      lane.worker.on('message', ([id, formatted]: [number, string | null]) => {
        const job = lane.jobs.get(id)!;
        lane.jobs.delete(id);
        lane.outstanding -= job.text.length;
        job.resolve(formatted ?? undefined);
      });
      lane.worker.once('error', (error) => {
        for (const job of lane.jobs.values()) job.reject(error);
      });
      this.#lanes.push(lane);
    }
  }

  #send(job: Job): void {
    const lane = this.#lanes.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
    lane.outstanding += job.text.length;
    lane.jobs.set(job.id, job);
    lane.worker.postMessage([job.id, job.text, job.options]);
  }
}

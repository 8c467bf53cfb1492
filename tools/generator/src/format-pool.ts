import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Options } from 'prettier';

/** Below this much text in all, formatting stays on this thread: starting workers and their prettier costs more. */
const defaultParallelThreshold = 200_000;

/** Texts that every thread is sent, each formatted by the first to claim it; past this many, one thread is chosen. */
const sharedJobs = 1 << 16;

/**
 * Past this much text sent and not yet formatted, a text goes to one thread (the one with the least waiting) instead
 * of every thread: each thread holds a copy of what it was sent until it reaches it, so copying a long queue to both
 * doubled the memory it takes (bench/README.md, session 4). Below it, sharing keeps both threads busy to the end.
 */
const defaultSharedBacklog = 2_000_000;

/** How much text may wait for the threads before {@link FormatPool.room} holds the caller back (backpressure). */
const defaultBacklogLimit = 4_000_000;

// The worker is inline so that it survives bundling; it loads the generator's own prettier and formats the texts
// it is sent in order, skipping those another thread has claimed. A text prettier rejects comes back as `null`
// (the caller formats it again to report why).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.prettier);
const claims = new Int32Array(workerData.claims);
const queue = [];
let next = 0;
let running = false;
parentPort.on('message', (job) => {
  queue.push(job);
  if (!running) void run();
});
async function run() {
  running = true;
  const prettier = await ready;
  const format = prettier.format ?? prettier.default.format;
  while (next < queue.length) {
    const [id, text, options] = queue[next];
    queue[next++] = undefined;
    if (id < claims.length && Atomics.compareExchange(claims, id, 0, 1) !== 0) continue;
    parentPort.postMessage([id, await format(text, options).catch(() => null)]);
  }
  running = false;
}`;

interface Job {
  readonly id: number;
  /** The text's length (the text itself is not kept here once sent: the thread has its copy). */
  readonly size: number;
  /** The thread it was sent to alone, or `undefined` when every thread got it. */
  lane?: number;
  readonly resolve: (formatted: string | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/** Sizes in characters of text; tests set them low to reach each path with small texts. */
export interface PoolLimits {
  /** How much text must be waiting before the threads start. */
  readonly parallelThreshold?: number;
  /** Past this much text waiting for the threads, a text is sent to one thread instead of every thread. */
  readonly sharedBacklog?: number;
  /** Past this much text waiting for the threads, {@link FormatPool.room} holds the caller back. */
  readonly backlogLimit?: number;
}

/** A job still on this thread, with its text. */
interface HeldJob extends Job {
  readonly text: string;
  readonly options: Options;
}

/**
 * Prettier on worker threads, fed as texts come: the generator submits each output's pieces as soon as its emitter
 * is done, so the threads format while this one emits the next output (bench/README.md, session 4). The threads
 * start only once enough text is waiting; a run with less formats on this thread when it drains. This thread never
 * formats once they have started: it holds the whole model and every output, and prettier's garbage on a heap that
 * large cost more in collection than the formatting itself.
 */
export class FormatPool {
  readonly #lanes: Worker[] = [];
  /** One flag per shared job, set by the thread that formats it (work stealing, without asking this thread). */
  readonly #claims = new SharedArrayBuffer(sharedJobs * Int32Array.BYTES_PER_ELEMENT);
  readonly #held: HeldJob[] = [];
  #heldSize = 0;
  /** Jobs sent to the threads and not yet formatted, by id. */
  readonly #jobs = new Map<number, Job>();
  /** Characters sent and not yet formatted: in all, and per thread for the texts sent to that thread alone. */
  #backlog = 0;
  readonly #laneBacklog: number[] = [];
  readonly #waiting: (() => void)[] = [];
  #nextId = 0;

  readonly #limits: Required<PoolLimits>;

  constructor(limits: PoolLimits = {}) {
    this.#limits = {
      parallelThreshold: defaultParallelThreshold,
      sharedBacklog: defaultSharedBacklog,
      backlogLimit: defaultBacklogLimit,
      ...limits,
    };
  }

  /** The formatted text, or `undefined` when prettier rejects it. */
  submit(text: string, options: Options): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const job: HeldJob = { id: this.#nextId++, size: text.length, text, options, resolve, reject };
      if (this.#lanes.length > 0) return this.#send(job);
      this.#held.push(job);
      this.#heldSize += text.length;
      const threads = Math.min(availableParallelism(), 4);
      if (this.#heldSize >= this.#limits.parallelThreshold && threads >= 2) {
        this.#start(threads);
        for (const held of this.#held.splice(0)) this.#send(held);
      }
    });
  }

  /**
   * Starts the threads now, before enough text is waiting, when the caller knows that much will come: each thread
   * then loads prettier while this one is still loading the generator's libraries and emitting, on a core that
   * would otherwise idle (bench/README.md, session 5). Texts held so far, and every text after, go to the threads.
   */
  startThreads(): void {
    const threads = Math.min(availableParallelism(), 4);
    if (this.#lanes.length > 0 || threads < 2) return;
    this.#start(threads);
    for (const held of this.#held.splice(0)) this.#send(held);
  }

  /** Characters sent to the threads and not yet formatted. */
  get backlog(): number {
    return this.#backlog;
  }

  /**
   * Resolves once the text waiting for the threads is under the limit: the generator waits on it between files,
   * so its emitters cannot run far ahead of the formatting and pile up text in three heaps.
   */
  room(): Promise<void> {
    if (this.#backlog <= this.#limits.backlogLimit) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Formats on this thread whatever is still held (less than the threshold in all). */
  async drain(): Promise<void> {
    const held = this.#held.splice(0);
    if (held.length === 0) return;
    const { format } = await import('prettier');
    for (const job of held) job.resolve(await format(job.text, job.options).catch(() => undefined));
  }

  close(): void {
    for (const worker of this.#lanes) void worker.terminate();
  }

  #start(threads: number): void {
    // The generator's own prettier (the one this module imports), wherever the workspace being generated is.
    const prettier = pathToFileURL(createRequire(import.meta.url).resolve('prettier')).href;
    for (let index = 0; index < threads; index += 1) {
      const worker = new Worker(workerSource, { eval: true, workerData: { prettier, claims: this.#claims } });
      worker.on('message', ([id, formatted]: [number, string | null]) => {
        const job = this.#jobs.get(id)!;
        this.#jobs.delete(id);
        this.#backlog -= job.size;
        if (job.lane !== undefined) this.#laneBacklog[job.lane]! -= job.size;
        if (this.#backlog <= this.#limits.backlogLimit)
          for (const resume of this.#waiting.splice(0)) resume();
        job.resolve(formatted ?? undefined);
      });
      worker.once('error', (error) => {
        for (const job of this.#jobs.values()) job.reject(error);
      });
      this.#lanes.push(worker);
      this.#laneBacklog.push(0);
    }
  }

  #send({ text, options, ...job }: HeldJob): void {
    this.#jobs.set(job.id, job);
    // While the queue is short, every thread gets the text and the first free one claims and formats it, so none
    // idles while another has a queue (a piece's cost varies fivefold with its code). With a long queue, or past
    // the flags, the text goes to the thread with the least waiting: both are busy for a while either way.
    if (job.id < sharedJobs && this.#backlog < this.#limits.sharedBacklog) {
      for (const worker of this.#lanes) worker.postMessage([job.id, text, options]);
    } else {
      const lane = this.#laneBacklog.indexOf(Math.min(...this.#laneBacklog));
      job.lane = lane;
      this.#laneBacklog[lane]! += job.size;
      this.#lanes[lane]!.postMessage([job.id, text, options]);
    }
    this.#backlog += job.size;
  }
}

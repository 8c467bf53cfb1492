import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Options } from 'prettier';
import {
  type BatchedPart,
  type FormatJob,
  type FormatResults,
  type PrintedData,
  runJob,
} from './format-jobs.ts';
import type { DataStatement } from './format-literal.ts';
import type { OatStatement } from './format-openapi.ts';
import type { FormatWorkerData, JobMessage, ResultMessage } from './format-worker.ts';

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

interface Job {
  readonly id: number;
  /**
   * What the job weighs in the backlog: a text's length, or its data's serialized bytes (the job itself is not kept
   * here once sent: the thread has its copy).
   */
  readonly size: number;
  /** The thread it was sent to alone, or `undefined` when every thread got it. */
  lane?: number;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Sizes in characters of text (bytes of data); tests set them low to reach each path with small texts. */
export interface PoolLimits {
  /** How much text must be waiting before the threads start. */
  readonly parallelThreshold?: number;
  /** Past this much text waiting for the threads, a text is sent to one thread instead of every thread. */
  readonly sharedBacklog?: number;
  /** Past this much text waiting for the threads, {@link FormatPool.room} holds the caller back. */
  readonly backlogLimit?: number;
}

/** A job still on this thread: the job itself, and what the threads are sent (its data serialized once). */
interface HeldJob extends Job {
  readonly job: FormatJob;
  readonly payload: string | Uint8Array;
}

/**
 * The formatting threads' module, bundled (bin/run-ts.mjs `compileFormatWorker`): beside this module's own bundle,
 * or, when this module runs from source (the generator's tests), where run-ts.mjs keeps it.
 */
export function formatWorkerFile(): string {
  const here = import.meta.url;
  return fileURLToPath(
    here.endsWith('.ts')
      ? new URL('../../../node_modules/.cache/graph-incidents-generator/format-worker.mjs', here)
      : new URL('./format-worker.mjs', here),
  );
}

/** A formatting thread stopped or failed to start: every job waiting for it fails with this. */
export class FormatThreadError extends Error {
  readonly code = 'FORMAT_THREAD_FAILED';
}

/**
 * Prettier and the printers of data (format-jobs.ts) on worker threads, fed as texts come: the generator submits
 * each output's pieces as soon as its emitter is done, so the threads format while this one emits the next output
 * (bench/README.md, session 4). The threads start only once enough text is waiting; a run with less formats on this
 * thread when it drains. This thread never formats once they have started: it holds the whole model and every
 * output, and prettier's garbage on a heap that large cost more in collection than the formatting itself.
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
  #closing = false;
  /** Why the threads stopped, once one has failed: every job after fails with it too. */
  #failure: FormatThreadError | undefined;
  readonly #workerFile: string;

  readonly #limits: Required<PoolLimits>;

  constructor(limits: PoolLimits = {}, workerFile = formatWorkerFile()) {
    this.#limits = {
      parallelThreshold: defaultParallelThreshold,
      sharedBacklog: defaultSharedBacklog,
      backlogLimit: defaultBacklogLimit,
      ...limits,
    };
    this.#workerFile = workerFile;
  }

  /** The formatted text, or `undefined` when prettier rejects it. */
  async submit(text: string, options: Options): Promise<string | undefined> {
    return (await this.#submit({ kind: 'text', text, options }, text)) ?? undefined;
  }

  /** The statement printed in prettier's form (format-literal.ts), or its one-line text for prettier. */
  print(statement: DataStatement, options: Options): Promise<PrintedData> {
    return this.#submit({ kind: 'data', statement, options }, serialize(statement));
  }

  /** Each function or statement printed in prettier's form (format-drawing.ts, format-schema.ts), or its text. */
  printBatch(parts: readonly BatchedPart[], options: Options): Promise<readonly PrintedData[]> {
    return this.#submit({ kind: 'batch', parts, options }, serialize(parts));
  }

  /** `openapi.gen.ts`'s statements printed in prettier's form (format-openapi.ts), or `null` where not mirrored. */
  printOpenApi(statements: readonly OatStatement[], options: Options): Promise<string | null> {
    const payload = serialize(statements);
    // Toward the threads' threshold (which weighs prettier's work) it counts as the text it stands for, at the cost
    // of its printing: the Security module's `openapi.gen.ts` is 112,829 bytes serialized for 39,428 characters of
    // text, printed here in 26 ms against prettier's 194 ms (bench/README.md, session 7). Counted as its bytes, it
    // alone would start the threads for a description formatted on this thread before.
    return this.#submit(
      { kind: 'openapi', statements, options },
      payload,
      Math.ceil(payload.byteLength / 20),
    );
  }

  #submit<Kind extends FormatJob['kind']>(
    job: FormatJob & { kind: Kind },
    payload: string | Uint8Array,
    thresholdSize?: number,
  ): Promise<FormatResults[Kind]> {
    return new Promise((resolve, reject) => {
      if (this.#failure) return reject(this.#failure);
      const size = typeof payload === 'string' ? payload.length : payload.byteLength;
      const held: HeldJob = {
        id: this.#nextId++,
        size,
        job,
        payload,
        resolve: resolve as (result: unknown) => void,
        reject,
      };
      if (this.#lanes.length > 0) return this.#send(held);
      this.#held.push(held);
      this.#heldSize += thresholdSize ?? size;
      if (this.#heldSize >= this.#limits.parallelThreshold) this.startThreads();
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

  /**
   * Runs on this thread whatever is still held (less than the threshold in all), and what their results submit in
   * turn (a data statement's text for prettier), until nothing is held.
   */
  async drain(): Promise<void> {
    while (this.#held.length > 0) {
      const held = this.#held.splice(0);
      this.#heldSize = 0;
      const prettier = await import('prettier');
      for (const { job, resolve, reject } of held) await runJob(job, prettier).then(resolve, reject);
      // The callers' continuations run before this; what they submit is held again.
      await new Promise(setImmediate);
    }
  }

  close(): void {
    this.#closing = true;
    for (const worker of this.#lanes) void worker.terminate();
  }

  #start(threads: number): void {
    // The generator's own prettier (the one this module imports), wherever the workspace being generated is.
    const prettier = pathToFileURL(createRequire(import.meta.url).resolve('prettier')).href;
    const workerData: FormatWorkerData = { prettier, claims: this.#claims };
    for (let index = 0; index < threads; index += 1) {
      const worker = new Worker(this.#workerFile, { workerData });
      worker.on('message', ([id, result, fault]: ResultMessage) => {
        const job = this.#jobs.get(id)!;
        this.#jobs.delete(id);
        this.#backlog -= job.size;
        if (job.lane !== undefined) this.#laneBacklog[job.lane]! -= job.size;
        if (this.#backlog <= this.#limits.backlogLimit)
          for (const resume of this.#waiting.splice(0)) resume();
        if (fault === undefined) job.resolve(result);
        else job.reject(new FormatThreadError(`A formatting thread failed on a job: ${fault}`));
      });
      // A thread that cannot load its module or prettier, or that dies, fails every job still waiting: one that
      // only another thread got would otherwise never settle.
      const fail = (reason: string): void => {
        if (this.#closing) return;
        const error = new FormatThreadError(`A formatting thread (${this.#workerFile}) ${reason}`);
        this.#failure = error;
        for (const job of this.#jobs.values()) job.reject(error);
        this.#jobs.clear();
        this.#backlog = 0;
        this.#laneBacklog.fill(0);
        for (const resume of this.#waiting.splice(0)) resume();
        this.close();
      };
      worker.once('error', (error) => fail(`failed: ${error.stack ?? error.message}`));
      worker.once('exit', (code) => fail(`stopped with exit code ${code}`));
      this.#lanes.push(worker);
      this.#laneBacklog.push(0);
    }
  }

  #send({ job, payload, ...sent }: HeldJob): void {
    this.#jobs.set(sent.id, sent);
    const message: JobMessage = [sent.id, job.kind, payload, job.options];
    // While the queue is short, every thread gets a text and the first free one claims and formats it, so none
    // idles while another has a queue (a piece's cost varies fivefold with its code). With a long queue, past the
    // flags, or for data (one statement can be megabytes, which a copy to each thread would double), the job goes
    // to the thread with the least waiting: both are busy for a while either way.
    if (job.kind === 'text' && sent.id < sharedJobs && this.#backlog < this.#limits.sharedBacklog) {
      for (const worker of this.#lanes) worker.postMessage(message);
    } else {
      const lane = this.#laneBacklog.indexOf(Math.min(...this.#laneBacklog));
      sent.lane = lane;
      this.#laneBacklog[lane]! += sent.size;
      this.#lanes[lane]!.postMessage(message, ownBuffer(payload));
    }
    this.#backlog += sent.size;
  }
}

/** The serialized data's memory, to move to the thread instead of copying it, when the bytes are all it holds. */
function ownBuffer(payload: string | Uint8Array): ArrayBuffer[] {
  if (typeof payload === 'string') return [];
  const { buffer } = payload;
  return buffer instanceof ArrayBuffer && payload.byteOffset === 0 && buffer.byteLength === payload.byteLength
    ? [buffer]
    : [];
}

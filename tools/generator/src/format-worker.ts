import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { Options, Plugin } from 'prettier';
import { type FormatJob, type Prettier, runJob } from './format-jobs.ts';

/*
 * A formatting thread (format-pool.ts starts it from its bundle, which bin/run-ts.mjs builds beside the generator's):
 * it loads the generator's own prettier and runs the jobs it is sent in order, skipping those another thread has
 * claimed. A job's data comes serialized (`v8.serialize`), so that the pool counts its size in bytes.
 */

/** A job as the pool sends it: id, kind, the text or the serialized data, the options. */
export type JobMessage = readonly [
  id: number,
  kind: FormatJob['kind'],
  payload: string | Uint8Array,
  options: object,
];

/** What a thread sends back: the job's result, or the message of a fault in the printers. */
export type ResultMessage = readonly [id: number, result: unknown, fault?: string];

/** Given by the pool: prettier's URL, and the flags of the shared jobs (set by the thread that claims one). */
export interface FormatWorkerData {
  readonly prettier: string;
  readonly claims: SharedArrayBuffer;
}

const port = parentPort!;
const { prettier: prettierUrl, claims: claimFlags } = workerData as FormatWorkerData;
const ready = Promise.resolve().then(loadPrettier);
const claims = new Int32Array(claimFlags);
const queue: (JobMessage | undefined)[] = [];
let next = 0;
let running = false;

port.on('message', (message: JobMessage) => {
  queue.push(message);
  if (!running) void run();
});

async function run(): Promise<void> {
  running = true;
  const prettier = await ready;
  while (next < queue.length) {
    const [id, kind, payload, options] = queue[next]!;
    queue[next++] = undefined;
    if (id < claims.length && Atomics.compareExchange(claims, id, 0, 1) !== 0) continue;
    try {
      port.postMessage([id, await runJob(jobOf(kind, payload, options), prettier)] satisfies ResultMessage);
    } catch (error) {
      const fault = error instanceof Error ? (error.stack ?? error.message) : String(error);
      port.postMessage([id, undefined, fault] satisfies ResultMessage);
    }
  }
  running = false;
}

function jobOf(kind: FormatJob['kind'], payload: string | Uint8Array, options: object): FormatJob {
  if (kind === 'text') return { kind, text: payload as string, options };
  const data: unknown = deserialize(payload as Uint8Array);
  if (kind === 'openapi')
    return { kind, statements: data as Extract<FormatJob, { kind: 'openapi' }>['statements'], options };
  return kind === 'data'
    ? { kind, statement: data as Extract<FormatJob, { kind: 'data' }>['statement'], options }
    : { kind, parts: data as Extract<FormatJob, { kind: 'batch' }>['parts'], options };
}

/**
 * The same prettier's standalone build and the plugins the generated files need, loaded as CommonJS: a thread took
 * ~150-200 ms less to load them and format its first text than to load prettier's ES module entry, which also
 * carries config resolution and the CLI's plugin loading the threads never use (bench/README.md, session 6). The
 * parser comes from the options, as prettier's entry infers it: the generated files' `babel-ts` needs babel and
 * estree; the typescript plugin is loaded only for another parser (or none, inferred from a `.ts` name).
 */
function loadPrettier(): Prettier {
  const require = createRequire(fileURLToPath(prettierUrl));
  const standalone = require('./standalone.js') as Prettier;
  const builtIn: Plugin[] = [
    require('./plugins/estree.js') as Plugin,
    require('./plugins/babel.js') as Plugin,
  ];
  let withTypescript: Plugin[] | undefined;
  const pluginsFor = (options: Options): Plugin[] =>
    options.parser === 'babel-ts' || options.parser === 'babel'
      ? builtIn
      : (withTypescript ??= [...builtIn, require('./plugins/typescript.js') as Plugin]);
  return {
    ...standalone,
    format: (text, options = {}) => standalone.format(text, { ...options, plugins: pluginsFor(options) }),
  };
}

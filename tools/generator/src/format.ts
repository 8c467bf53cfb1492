import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Options } from 'prettier';
import type { GeneratedFiles } from './emit-support.ts';
import { cutIntoPieces, joinPieces, type Piece } from './format-pieces.ts';

/** Below this much text in all, formatting stays on this thread: starting a worker and its prettier costs more. */
const parallelThreshold = 200_000;

// The worker is inline so that it survives bundling; it loads the generator's own prettier and formats one piece
// per message, so that the threads share the pieces as they finish (a piece's cost varies with its code).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.prettier);
parentPort.on('message', async ([index, text, options]) => {
  const prettier = await ready;
  const format = prettier.format ?? prettier.default.format;
  parentPort.postMessage([index, await format(text, options)]);
});`;

/** One piece of text to format, with the prettier options that apply to its file (the workspace's overrides included). */
type Job = [text: string, options: Options];

// Loaded on first use: a `--check` run whose output is unchanged never needs prettier.
const prettier = () => import('prettier');

/**
 * Formats every generated file once, with the workspace's prettier settings. Output order is sorted by path.
 * A large file is formatted in pieces of whole top-level statements (format-pieces.ts), shared out among threads.
 */
export async function formatFiles(files: GeneratedFiles, workspaceRoot: string): Promise<GeneratedFiles> {
  const { util } = await prettier();
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
  const jobs: Job[] = [];
  const layout: { path: string; pieces: Piece[]; first: number }[] = [];
  for (const [path, text] of sorted) {
    const options: Options = { ...(await optionsFor(workspaceRoot, path)), filepath: path };
    const pieces = cutIntoPieces(path, text, util.isNextLineEmpty);
    layout.push({ path, pieces, first: jobs.length });
    for (const piece of pieces) jobs.push([piece.text, options]);
  }
  const total = jobs.reduce((sum, [text]) => sum + text.length, 0);
  const lanes = Math.min(availableParallelism(), 4);
  const results =
    total < parallelThreshold || lanes < 2 ? await formatInline(jobs) : await formatInWorkers(jobs, lanes);
  return new Map(
    layout.map(({ path, pieces, first }) => [
      path,
      joinPieces(pieces, results.slice(first, first + pieces.length)),
    ]),
  );
}

async function optionsFor(workspaceRoot: string, path: string): Promise<Options> {
  const { resolveConfig } = await prettier();
  return (await resolveConfig(join(workspaceRoot, path))) ?? {};
}

/** What each generated file was made from, kept in the lock file: hashes of its text before and after prettier. */
export interface FormatManifest {
  /** Prettier's version: another version invalidates every entry. */
  readonly formatter: string;
  /** Per file: the unformatted text with its prettier options, and the formatted text. */
  readonly outputs: Readonly<Record<string, { readonly raw: string; readonly formatted: string }>>;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Formats like {@link formatFiles}, but reuses a file from disk when the manifest shows that prettier already turned
 * this exact unformatted text, with these options, into exactly what is on disk. Prettier is deterministic, so the
 * result is the same as formatting again; it only saves the time (prettier is most of a run). Anything else, a file
 * edited by hand included, is formatted again.
 */
export async function formatIncrementally(
  files: GeneratedFiles,
  workspaceRoot: string,
  previous: FormatManifest | undefined,
): Promise<{ files: GeneratedFiles; manifest: FormatManifest }> {
  const { version } = await import('prettier/package.json', { with: { type: 'json' } }).then(
    (module: { default: { version: string } }) => module.default,
  );
  const formatter = `prettier ${version}`;
  const rawHashes = new Map<string, string>();
  const reused: GeneratedFiles = new Map();
  const pending: GeneratedFiles = new Map();
  for (const [path, text] of files) {
    const raw = sha256(`${JSON.stringify(await optionsFor(workspaceRoot, path))}\n${text}`);
    rawHashes.set(path, raw);
    const entry = previous?.formatter === formatter ? previous.outputs[path] : undefined;
    const onDisk =
      entry?.raw === raw
        ? await readFile(join(workspaceRoot, path), 'utf8').catch(() => undefined)
        : undefined;
    if (onDisk !== undefined && sha256(onDisk) === entry?.formatted) reused.set(path, onDisk);
    else pending.set(path, text);
  }
  const formatted = pending.size > 0 ? await formatFiles(pending, workspaceRoot) : new Map<string, string>();
  const result: GeneratedFiles = new Map();
  const outputs: Record<string, { raw: string; formatted: string }> = {};
  for (const path of [...files.keys()].sort()) {
    const text = reused.get(path) ?? formatted.get(path)!;
    result.set(path, text);
    outputs[path] = { raw: rawHashes.get(path)!, formatted: sha256(text) };
  }
  return { files: result, manifest: { formatter, outputs } };
}

async function formatInline(jobs: readonly Job[]): Promise<string[]> {
  const { format } = await prettier();
  const out: string[] = [];
  for (const [text, options] of jobs) out.push(await format(text, options));
  return out;
}

/** Formats the jobs on this thread and `lanes - 1` workers, largest first, each thread taking the next job when it is done with one. */
async function formatInWorkers(jobs: readonly Job[], lanes: number): Promise<string[]> {
  const order = jobs.map((_, index) => index).sort((a, b) => jobs[b]![0].length - jobs[a]![0].length);
  const out: string[] = new Array<string>(jobs.length);
  let next = 0;
  // The generator's own prettier (the one this module imports), wherever the workspace being generated is.
  const prettierUrl = pathToFileURL(createRequire(import.meta.url).resolve('prettier')).href;
  const workers = Array.from(
    { length: lanes - 1 },
    () => new Worker(workerSource, { eval: true, workerData: { prettier: prettierUrl } }),
  );
  try {
    const fromWorkers = workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let pending = 0;
          const send = () => {
            if (next >= order.length) return pending === 0 ? resolve() : undefined;
            const index = order[next++]!;
            pending += 1;
            worker.postMessage([index, ...jobs[index]!]);
          };
          worker.on('message', ([index, text]: [number, string]) => {
            out[index] = text;
            pending -= 1;
            send();
          });
          worker.once('error', reject);
          send();
        }),
    );
    const { format } = await prettier();
    while (next < order.length) {
      // prettier's promises never wait for the event loop: yield to it, so that a worker that is done gets its next
      // piece now rather than after this thread has formatted all the rest.
      await new Promise((resolve) => setImmediate(resolve));
      if (next >= order.length) break;
      const index = order[next++]!;
      const [text, options] = jobs[index]!;
      out[index] = await format(text, options);
    }
    await Promise.all(fromWorkers);
  } finally {
    for (const worker of workers) void worker.terminate();
  }
  return out;
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Options } from 'prettier';
import type { GeneratedFiles } from './emit-support.ts';

/** Files above this size are formatted in worker threads, in parallel; prettier dominates generation time. */
const parallelThreshold = 200_000;

// The worker is inline so that it survives bundling; it loads the generator's own prettier.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.prettier).then(async (prettier) => {
  const format = prettier.format ?? prettier.default.format;
  const out = [];
  for (const [path, text, options] of workerData.files) out.push([path, await format(text, { ...options, filepath: path })]);
  parentPort.postMessage(out);
});`;

/** One file to format, with the prettier options that apply to its path (the workspace's overrides included). */
type Job = [path: string, text: string, options: Options];

// Loaded on first use: a `--check` run whose output is unchanged never needs prettier.
const prettier = () => import('prettier');

/** Formats every generated file once, with the workspace's prettier settings. Output order is sorted by path. */
export async function formatFiles(files: GeneratedFiles, workspaceRoot: string): Promise<GeneratedFiles> {
  const jobs = await Promise.all(
    [...files]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(async ([path, text]): Promise<Job> => [path, text, await optionsFor(workspaceRoot, path)]),
  );
  const total = jobs.reduce((sum, [, text]) => sum + text.length, 0);
  const lanes = Math.min(availableParallelism(), 4);
  const results =
    total < parallelThreshold || lanes < 2 ? await formatInline(jobs) : await formatInWorkers(jobs, lanes);
  return new Map(jobs.map(([path]) => [path, results.get(path)!]));
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

async function formatInline(jobs: readonly Job[]): Promise<Map<string, string>> {
  const { format } = await prettier();
  const out = new Map<string, string>();
  for (const [path, text, options] of jobs) out.set(path, await format(text, { ...options, filepath: path }));
  return out;
}

/** Splits the files into `lanes` groups of similar size: one on this thread, the rest in workers. */
async function formatInWorkers(jobs: readonly Job[], lanes: number): Promise<Map<string, string>> {
  const groups: { size: number; jobs: Job[] }[] = Array.from({ length: lanes }, () => ({
    size: 0,
    jobs: [],
  }));
  for (const job of [...jobs].sort(([, a], [, b]) => b.length - a.length)) {
    const lightest = groups.reduce((min, group) => (group.size < min.size ? group : min));
    lightest.jobs.push(job);
    lightest.size += job[1].length;
  }
  // The generator's own prettier (the one this module imports), wherever the workspace being generated is.
  const prettierUrl = pathToFileURL(createRequire(import.meta.url).resolve('prettier')).href;
  const [local, ...remote] = groups;
  const fromWorkers = remote.map(
    (group) =>
      new Promise<[string, string][]>((resolve, reject) => {
        const worker = new Worker(workerSource, {
          eval: true,
          workerData: { prettier: prettierUrl, files: group.jobs },
        });
        worker.once('message', (result: [string, string][]) => {
          resolve(result);
          void worker.terminate();
        });
        worker.once('error', reject);
      }),
  );
  const out = await formatInline(local!.jobs);
  for (const result of await Promise.all(fromWorkers)) for (const [path, text] of result) out.set(path, text);
  return out;
}

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { format, resolveConfig, type Options } from 'prettier';
import type { GeneratedFiles } from './emit-support.ts';

/** Files above this size are formatted in worker threads, in parallel; prettier dominates generation time. */
const parallelThreshold = 200_000;

// The worker is inline so that it survives bundling; it loads the workspace's own prettier.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.prettier).then(async (prettier) => {
  const format = prettier.format ?? prettier.default.format;
  const out = [];
  for (const [path, text] of workerData.files) out.push([path, await format(text, { ...workerData.options, filepath: path })]);
  parentPort.postMessage(out);
});`;

/** Formats every generated file once, with the workspace's prettier settings. Output order is sorted by path. */
export async function formatFiles(files: GeneratedFiles, workspaceRoot: string): Promise<GeneratedFiles> {
  const options: Options = (await resolveConfig(join(workspaceRoot, 'package.json'))) ?? {};
  const entries = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
  const total = entries.reduce((sum, [, text]) => sum + text.length, 0);
  const lanes = Math.min(availableParallelism(), 4);
  const results =
    total < parallelThreshold || lanes < 2
      ? await formatInline(entries, options)
      : await formatInWorkers(entries, options, lanes);
  return new Map(entries.map(([path]) => [path, results.get(path)!]));
}

async function formatInline(entries: [string, string][], options: Options): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [path, text] of entries) out.set(path, await format(text, { ...options, filepath: path }));
  return out;
}

/** Splits the files into `lanes` groups of similar size: one on this thread, the rest in workers. */
async function formatInWorkers(
  entries: [string, string][],
  options: Options,
  lanes: number,
): Promise<Map<string, string>> {
  const groups: { size: number; files: [string, string][] }[] = Array.from({ length: lanes }, () => ({
    size: 0,
    files: [],
  }));
  for (const entry of [...entries].sort(([, a], [, b]) => b.length - a.length)) {
    const lightest = groups.reduce((min, group) => (group.size < min.size ? group : min));
    lightest.files.push(entry);
    lightest.size += entry[1].length;
  }
  // The generator's own prettier (the one this module imports), wherever the workspace being generated is.
  const prettier = pathToFileURL(createRequire(import.meta.url).resolve('prettier')).href;
  const [local, ...remote] = groups;
  const fromWorkers = remote.map(
    (group) =>
      new Promise<[string, string][]>((resolve, reject) => {
        const worker = new Worker(workerSource, {
          eval: true,
          workerData: { prettier, files: group.files, options },
        });
        worker.once('message', (result: [string, string][]) => {
          resolve(result);
          void worker.terminate();
        });
        worker.once('error', reject);
      }),
  );
  const out = await formatInline(local!.files, options);
  for (const result of await Promise.all(fromWorkers)) for (const [path, text] of result) out.set(path, text);
  return out;
}

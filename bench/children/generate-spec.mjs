// Runs the generator's whole pipeline (`generate` from tools/generator/src/generate.ts, compiled by the bench to
// argv[2]) on the spec file argv[3], in memory: nothing is written. Prints one JSON line with the file count,
// output size and the pipeline's own time. Wall time and peak memory are measured by the parent.
// With `--parse-cache <dir>` (argv[5..6]) the spec's parse is looked up there by its text's hash, as `npm run
// generate` does in the launcher's folder (tools/generator/bin/run-ts.mjs, parseCacheDir), where `spec:import`
// keeps the parse of what it wrote.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [compiled, specFile, workspaceRoot, flag, parseCache] = process.argv.slice(2);
if (flag !== undefined && (flag !== '--parse-cache' || !parseCache))
  throw new Error(`usage: generate-spec.mjs <compiled> <spec> <workspace root> [--parse-cache <dir>]`);
const { generate } = await import(pathToFileURL(compiled).href);
const text = await readFile(specFile, 'utf8');
const started = performance.now();
// A file name outside specs/ is generated as the default version, through every emitter.
const files = await generate(
  [{ file: 'bench/synthetic/openapi.yaml', text }],
  workspaceRoot,
  parseCache ? { parseCache } : {},
);
const pipelineMs = performance.now() - started;
let bytes = 0;
for (const content of files.values()) bytes += content.length;
process.stdout.write(`${JSON.stringify({ files: files.size, bytes, pipelineMs })}\n`);

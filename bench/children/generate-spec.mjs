// Runs the generator's whole pipeline (`generate` from tools/generator/src/generate.ts, compiled by the bench to
// argv[2]) on the spec file argv[3], in memory: nothing is written. Prints one JSON line with the file count,
// output size and the pipeline's own time. Wall time and peak memory are measured by the parent.
// The options make it start as `npm run generate` does (tools/generator/bin/run-ts.mjs): `--parse-cache <dir>` looks the
// spec's parse up there by its text's hash (`spec:import` keeps the parse of what it wrote in the launcher's
// parseCacheDir), and `--code-cache <dir>` compiles the largest libraries with the launcher's V8 code cache
// (code-cache.mjs, codeCacheDir).
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { useCodeCache } from '../../tools/generator/bin/code-cache.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'parse-cache': { type: 'string' }, 'code-cache': { type: 'string' } },
});
const [compiled, specFile, workspaceRoot] = positionals;
const parseCache = values['parse-cache'];
if (values['code-cache']) useCodeCache(values['code-cache']);
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

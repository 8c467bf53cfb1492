import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { compileFormatWorker, generatorBuildOptions } from '../../tools/generator/bin/run-ts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Compiles the generator's pure pipeline (`tools/generator/src/generate.ts`) with the options
 * tools/generator/bin/run-ts.mjs uses for the CLI, into node_modules/.cache (so its packages resolve from the
 * workspace), with the formatting threads' module beside it (where `format-pool.ts` starts it), and returns the
 * file's path.
 */
export async function compileGenerator() {
  const outfile = `${root}node_modules/.cache/graph-incidents-bench/generate.mjs`;
  await build(await generatorBuildOptions(`${root}tools/generator/src/generate.ts`, outfile));
  await compileFormatWorker(`${root}node_modules/.cache/graph-incidents-bench/format-worker.mjs`);
  return outfile;
}

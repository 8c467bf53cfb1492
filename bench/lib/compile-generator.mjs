import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Compiles the generator's pure pipeline (`tools/generator/src/generate.ts`) with esbuild, as
 * tools/generator/bin/run-ts.mjs does for the CLI, into node_modules/.cache (so its packages resolve from the
 * workspace) and returns the file's path.
 */
export function compileGenerator() {
  const outfile = `${root}node_modules/.cache/graph-incidents-bench/generate.mjs`;
  buildSync({
    entryPoints: [`${root}tools/generator/src/generate.ts`],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

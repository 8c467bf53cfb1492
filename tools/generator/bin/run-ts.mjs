// Compiles one TypeScript entry of the generator with esbuild (a few milliseconds) into node_modules/.cache and
// imports it with plain Node, so the commands work right after `npm ci`, without a build step or a loader hook.
import { buildSync } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs `main(argv, workspaceRoot, generatorDir)` of `tools/generator/src/<entry>.ts` and sets the exit code it returns. */
export async function runTs(entry) {
  const outfile = fileURLToPath(
    new URL(`../../../node_modules/.cache/graph-incidents-generator/${entry}.mjs`, import.meta.url),
  );
  buildSync({
    entryPoints: [fileURLToPath(new URL(`../src/${entry}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = await main(
    process.argv.slice(2),
    workspaceRoot,
    fileURLToPath(new URL('..', import.meta.url)),
  );
}

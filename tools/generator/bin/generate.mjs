#!/usr/bin/env node
// Compiles the TypeScript generator with esbuild (a few milliseconds) into node_modules/.cache and runs it with
// plain Node, so `npm run generate` works right after `npm ci`, without a build step or a loader hook on every import.
import { buildSync } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const outfile = fileURLToPath(
  new URL('../../../node_modules/.cache/graph-incidents-generator/cli.mjs', import.meta.url),
);
buildSync({
  entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
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
process.exitCode = await main(process.argv.slice(2), fileURLToPath(new URL('../../..', import.meta.url)));

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * Bundles one program as a browser app would ship it (esbuild: bundle, minify, ESM, browser platform) and returns
 * the minified and min+gzip sizes in bytes. Packages resolve through node_modules, so workspace packages come from
 * their built `dist`.
 */
export async function bundleSize(entry) {
  return sizeOf({ entryPoints: [entry] });
}

/**
 * The size of everything one package entry exports (`export * from specifier`), bundled for the browser: what a
 * dashboard pays at most for importing it.
 */
export async function entryBundleSize(specifier) {
  const resolveDir = fileURLToPath(new URL('../..', import.meta.url));
  return sizeOf({ stdin: { contents: `export * from '${specifier}';`, resolveDir, loader: 'js' } });
}

async function sizeOf(input) {
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  return { minified: bytes.length, gzip: gzipSync(bytes).length };
}

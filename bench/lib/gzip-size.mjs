import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

/**
 * Bundles one program as a browser app would ship it (esbuild: bundle, minify, ESM, browser platform) and returns
 * the minified and min+gzip sizes in bytes. Packages resolve through node_modules, so workspace packages come from
 * their built `dist`.
 */
export async function bundleSize(entry) {
  const result = await build({
    entryPoints: [entry],
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

import { build } from 'esbuild';
import { rolldown } from 'rolldown';
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

/**
 * The same program bundled by a second bundler, rolldown (bundle, minify, ESM, browser platform), so that a size or
 * a tree-shaking result does not depend on esbuild alone. `text` is returned to check what was left out.
 */
export async function rolldownBundleSize(entry) {
  const bundle = await rolldown({ input: entry, platform: 'browser', logLevel: 'silent' });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    const text = output.map((chunk) => chunk.code ?? '').join('\n');
    const bytes = Buffer.from(text);
    return { minified: bytes.length, gzip: gzipSync(bytes).length, text };
  } finally {
    await bundle.close();
  }
}

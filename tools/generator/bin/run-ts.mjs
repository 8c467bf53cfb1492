// Compiles one TypeScript entry of the generator with esbuild (a few milliseconds) into node_modules/.cache and
// imports it with plain Node, so the commands work right after `npm ci`, without a build step or a loader hook.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The packages the sources import statically are loaded with `require()`, not `import`. Node's ESM → CommonJS
 * bridge first compiles a package's whole entry to detect its module format and then lexes it for export names;
 * for TypeScript's 9 MB (imported by the generator and again by openapi-typescript's ESM build) that doubled the
 * libraries' load time (about 1 s of CPU of a `generate --check`, bench/README.md). Through `require()`,
 * openapi-typescript loads its CommonJS build and everything below it stays on the CommonJS path; an ESM-only
 * package still loads (`require(esm)`, Node ≥ 20.19). Each import goes through a small CommonJS module
 * (`module.exports = require(name)`), so esbuild's interop gives exactly the default and named exports that
 * `import` would (a `__esModule` build's `default`, or a plain CommonJS module's `module.exports`).
 * Dynamic `import()` (prettier, loaded only when something must be formatted) is left as it is.
 */
const requirePackages = {
  name: 'require-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.namespace === 'package-cjs') return { path: args.path, external: true };
      if (args.path.startsWith('require:'))
        return { path: args.path.slice('require:'.length), namespace: 'package-cjs' };
      if (args.kind !== 'import-statement' || args.path.startsWith('node:')) return undefined;
      return { path: args.path, namespace: 'package-esm' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'package-esm' }, ({ path }) => {
      const cjs = JSON.stringify(`require:${path}`);
      return { contents: `export * from ${cjs};\nexport { default } from ${cjs};\n`, loader: 'js' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'package-cjs' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});\n`,
      loader: 'js',
    }));
  },
};

/** esbuild's options for one entry of the generator's sources (also used by the bench, bench/lib/compile-generator.mjs). */
export function generatorBuildOptions(entryPoint, outfile) {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [requirePackages],
    // esbuild's `require` shim calls the module's own `require`, resolved from the output file's folder.
    banner: {
      js: "import { createRequire as __generatorCreateRequire } from 'node:module';\nconst require = __generatorCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}

/** Runs `main(argv, workspaceRoot, generatorDir)` of `tools/generator/src/<entry>.ts` and sets the exit code it returns. */
export async function runTs(entry) {
  const outfile = fileURLToPath(
    new URL(`../../../node_modules/.cache/graph-incidents-generator/${entry}.mjs`, import.meta.url),
  );
  await build({
    ...generatorBuildOptions(fileURLToPath(new URL(`../src/${entry}.ts`, import.meta.url)), outfile),
    sourcemap: 'inline',
  });
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = await main(
    process.argv.slice(2),
    workspaceRoot,
    fileURLToPath(new URL('..', import.meta.url)),
  );
}

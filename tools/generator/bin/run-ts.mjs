// Compiles one TypeScript entry of the generator with esbuild (a few milliseconds) into node_modules/.cache and
// imports it with plain Node, so the commands work right after `npm ci`, without a build step or a loader hook.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { useCodeCache } from './code-cache.mjs';

const require = createRequire(import.meta.url);
/**
 * esbuild, loaded only when something must be compiled: importing it took ~125 ms, a third of a CSDL `spec:import`'s
 * start-up, at every command whose bundles were fresh (bench/README.md, session 7).
 */
const build = async (options) => (await import('esbuild')).build(options);
const cacheDir = fileURLToPath(
  new URL('../../../node_modules/.cache/graph-incidents-generator', import.meta.url),
);
/**
 * Where the commands keep each description's parsed data by the hash of its text (`parse-cache.ts`): `spec:import`
 * writes the entry of what it wrote, and `generate` reads it. The bench's generate child is pointed here too.
 */
export const parseCacheDir = `${cacheDir}/parsed`;
/** Where V8's compiled code of the largest libraries is kept (`code-cache.mjs`); the bench's generate child uses it too. */
export const codeCacheDir = `${cacheDir}/code`;

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
const requirePackages = (substitutes) => ({
  name: 'require-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/, namespace: 'package-cjs' }, ({ path }) => ({ path, external: true }));
    esbuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('require:'))
        return { path: args.path.slice('require:'.length), namespace: 'package-cjs' };
      // A package loaded on demand with `import()` that has a bundle of its own (Redocly) is required from it, when
      // first imported, like the packages the sources import statically.
      if (args.kind === 'dynamic-import' && Object.hasOwn(substitutes, args.path))
        return { path: args.path, namespace: 'package-cjs' };
      if (args.kind !== 'import-statement' || args.path.startsWith('node:')) return undefined;
      return { path: args.path, namespace: 'package-esm' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'package-esm' }, ({ path }) => {
      const cjs = JSON.stringify(`require:${path}`);
      return { contents: `export * from ${cjs};\nexport { default } from ${cjs};\n`, loader: 'js' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'package-cjs' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(Object.hasOwn(substitutes, path) ? substitutes[path] : path)});\n`,
      loader: 'js',
    }));
  },
});

/**
 * ts-morph carries its own copy of TypeScript (`@ts-morph/common/dist/typescript.js`, 9 MB), which Node would read
 * and compile next to the workspace's, already loaded for openapi-typescript: a second ~0.3 s of every start. When
 * both are the same TypeScript minor version, the sources get a ts-morph bundled once (per install) with its
 * `./typescript` pointing at the workspace's. Otherwise ts-morph keeps its own copy. Returns the module to require.
 */
async function tsMorphModule() {
  const minor = (version) => version.split('.').slice(0, 2).join('.');
  const tsMorph = require.resolve('ts-morph');
  const commonRequire = createRequire(tsMorph);
  const common = commonRequire.resolve('@ts-morph/common');
  const bundled = commonRequire('@ts-morph/common/package.json').devDependencies.typescript;
  if (minor(require('typescript/package.json').version) !== minor(bundled)) return 'ts-morph';
  const outfile = `${cacheDir}/ts-morph-sharing-typescript.cjs`;
  const built = statSync(outfile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const inputs = [
    tsMorph,
    common,
    require.resolve('typescript/package.json'),
    fileURLToPath(import.meta.url),
  ];
  if (inputs.every((input) => statSync(input).mtimeMs < built)) return outfile;
  await build({
    entryPoints: [tsMorph],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'ts-morph-sharing-typescript',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^@ts-morph\/common$/ }, () => ({ path: common }));
          esbuild.onResolve({ filter: /^\.\/typescript$/ }, ({ importer }) =>
            importer === common ? { path: 'typescript', external: true } : undefined,
          );
        },
      },
    ],
  });
  return outfile;
}

/**
 * What `npm install` last changed (npm rewrites this file at each install): Redocly's bundle is built again after it,
 * since it holds Redocly's dependencies too.
 */
const installRecord = fileURLToPath(new URL('../../../node_modules/.package-lock.json', import.meta.url));

/**
 * `@redocly/openapi-core` (the validator, validate.ts) is an ES module package of ~250 files, with ~360 more of its
 * dependencies: Node loads each through its ESM loader, which the V8 code cache (`code-cache.mjs`, CommonJS only)
 * does not cover, and loading it with its configuration took 0.6 s of CPU at each validation. The sources get it
 * bundled once (per install) into one CommonJS file, which the code cache covers (0.26 s; bench/README.md,
 * session 7). Its plugin loading (`import()` of a configured plugin), which a bundle cannot hold, is not used: the
 * generator configures rules only. Returns the module to require: the package itself if the bundle cannot be built.
 */
export async function redoclyModule() {
  return bundledPackage('@redocly/openapi-core', 'redocly-openapi-core.cjs', []);
}

/**
 * openapi-typescript (`openapi.gen.ts`'s types, emit-types.ts) and the Redocly 1.x it requires (its own copy, for
 * its lint and bundle): ~360 CommonJS files, which took ~0.44 s to load at every `generate` even from the code cache
 * (resolving, reading and checking each file), and ~0.33 s as one bundle (bench/README.md, session 7). TypeScript
 * stays outside, shared with ts-morph. Redocly 1.x is in the bundle but runs only when first used
 * ({@link lazyRedocly}): the generator calls openapi-typescript's transform without its lint and bundle (emit-types.ts),
 * so a `generate` never loads it (bench/README.md, session 8). Returns the module to require: the package itself if
 * the bundle cannot be built.
 */
export async function openapiTypescriptModule() {
  // js-yaml, which the generator loads too (parse-fast.ts), stays outside while Redocly 1.x resolves the same file.
  const redocly = createRequire(require.resolve('openapi-typescript')).resolve('@redocly/openapi-core');
  const shared = ['js-yaml'].filter((name) => createRequire(redocly).resolve(name) === require.resolve(name));
  return bundledPackage(
    'openapi-typescript',
    'openapi-typescript.cjs',
    ['typescript', ...shared],
    [lazyRedocly(dirname(require.resolve('openapi-typescript')))],
  );
}

/**
 * openapi-typescript requires Redocly 1.x's entry when it loads, for `openapiTS`'s lint and bundle only (its
 * transforms require `ref-utils.js` alone, which stays as it is). In the bundle that `require` gives one stand-in,
 * and Redocly, resolved from `from` (openapi-typescript's folder), runs at the first use of any of its exports:
 * loading the bundle took ~45 ms instead of ~115 ms.
 */
const lazyRedocly = (from) => ({
  name: 'lazy-redocly',
  setup(esbuild) {
    const namespace = 'lazy-redocly';
    esbuild.onResolve({ filter: /^@redocly\/openapi-core$/ }, ({ namespace: requirer }) =>
      requirer === namespace ? undefined : { path: 'openapi-core', namespace },
    );
    esbuild.onLoad({ filter: /.*/, namespace }, () => ({
      resolveDir: from,
      loader: 'js',
      contents: `let core;
const load = () => (core ??= require('@redocly/openapi-core'));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});
`,
    }));
  },
});

/**
 * Bundles the package `name` with its dependencies (but `external`) into one CommonJS file of the cache, once per
 * install, and returns its path; returns `name` if it cannot be built.
 */
async function bundledPackage(name, file, external, plugins = []) {
  const entry = require.resolve(name);
  const outfile = `${cacheDir}/${file}`;
  const built = statSync(outfile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const folder = join('node_modules', name);
  const manifest = join(entry.slice(0, entry.lastIndexOf(folder) + folder.length), 'package.json');
  const inputs = [entry, manifest, installRecord, fileURLToPath(import.meta.url)];
  if (inputs.every((input) => (statSync(input, { throwIfNoEntry: false })?.mtimeMs ?? 0) < built))
    return outfile;
  try {
    // Written under a name of its own, then renamed: a command started meanwhile requires the old or the new whole.
    const partial = `${outfile}.${process.pid}.partial`;
    await build({
      entryPoints: [entry],
      outfile: partial,
      // The same bytes from any folder (esbuild's comments name the inputs relative to it), for the code cache's key.
      absWorkingDir: workspaceRoot,
      bundle: true,
      external,
      plugins,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
    });
    renameSync(partial, outfile);
    return outfile;
  } catch {
    return name;
  }
}

/** esbuild's options for one entry of the generator's sources (also used by the bench, bench/lib/compile-generator.mjs). */
export async function generatorBuildOptions(entryPoint, outfile) {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [
      requirePackages({
        'ts-morph': await tsMorphModule(),
        'openapi-typescript': await openapiTypescriptModule(),
        '@redocly/openapi-core': await redoclyModule(),
      }),
    ],
    // esbuild's `require` shim calls the module's own `require`, resolved from the output file's folder.
    banner: {
      js: "import { createRequire as __generatorCreateRequire } from 'node:module';\nconst require = __generatorCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}

/**
 * Runs `main(argv, workspaceRoot, generatorDir, { cacheDir, parseCache })` of `tools/generator/src/<entry>.ts` and
 * sets the exit code it returns. With `codeCache`, CommonJS is compiled through the V8 code cache (`code-cache.mjs`):
 * `generate` loads 15 MB of it (TypeScript, ts-morph, Redocly's dependencies), and `generate --check` took 11 % less
 * CPU with the cache of its 1 MB files and 8 % less again with every file; `spec:import` loads small modules (yaml,
 * saxes), and the CSDL import measured no better with it (bench/README.md, session 5).
 */
export async function runTs(entry, { codeCache = false } = {}) {
  const outfile = `${cacheDir}/${entry}.mjs`;
  await compile(fileURLToPath(new URL(`../src/${entry}.ts`, import.meta.url)), outfile);
  await compileFormatWorker();
  if (codeCache) useCodeCache(codeCacheDir);
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = await main(
    process.argv.slice(2),
    workspaceRoot,
    fileURLToPath(new URL('..', import.meta.url)),
    { cacheDir, parseCache: parseCacheDir },
  );
}

/**
 * The formatting threads' module (`src/format-worker.ts`: prettier, and the printers of data statements and drawing
 * functions), bundled beside the entry that starts them: `format-pool.ts` starts `./format-worker.mjs` next to its own
 * bundle, or this file when it runs from source (the generator's tests, whose vitest setup calls this).
 */
export const formatWorkerFile = `${cacheDir}/format-worker.mjs`;

/** Bundles the formatting threads' module into `outfile` (beside the bundle of the code that starts them), if stale. */
export async function compileFormatWorker(outfile = formatWorkerFile) {
  await compile(fileURLToPath(new URL('../src/format-worker.ts', import.meta.url)), outfile);
}

/**
 * Compiles `entryPoint` into `outfile`, unless no file it was compiled from (listed beside it from esbuild's
 * metafile), nor this script, changed since: starting esbuild takes longer than looking at the files' times.
 */
async function compile(entryPoint, outfile) {
  const inputsFile = `${outfile}.inputs.json`;
  if (isFresh(outfile, inputsFile)) return;
  const startedAt = Date.now();
  const options = await generatorBuildOptions(entryPoint, outfile);
  // Written under a name of its own, then renamed: a command or test started meanwhile reads the old or the new
  // bundle whole, never a half-written one.
  const { metafile, outputFiles } = await build({
    ...options,
    sourcemap: 'inline',
    sourcesContent: false,
    metafile: true,
    write: false,
  });
  const partial = `${outfile}.${process.pid}.partial`;
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(partial, outputFiles[0].contents);
  renameSync(partial, outfile);
  const inputs = Object.keys(metafile.inputs)
    .filter((input) => !/^[\w-]+:/.test(input))
    .map((input) => resolve(input));
  // The ts-morph that shares TypeScript, and Redocly's bundle, are required from their own files, which must still be
  // there; an install may change what Redocly's bundle holds.
  const tsMorph = await tsMorphModule();
  if (tsMorph !== 'ts-morph') inputs.push(tsMorph);
  const bundled = [await openapiTypescriptModule(), await redoclyModule()].filter((path) =>
    path.startsWith('/'),
  );
  if (bundled.length > 0) inputs.push(...bundled, installRecord);
  writeFileSync(inputsFile, JSON.stringify({ startedAt, inputs }));
}

function isFresh(outfile, inputsFile) {
  if (!existsSync(outfile)) return false;
  let record;
  try {
    record = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  const changedAt = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
  return [...record.inputs, fileURLToPath(import.meta.url)].every(
    (path) => changedAt(path) < record.startedAt,
  );
}

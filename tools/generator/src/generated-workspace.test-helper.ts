import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { afterAll } from 'vitest';
import { emittedText } from './emit-support.ts';
import { emitAll } from './generate.ts';
import { outputPackages } from './outputs.ts';
import { repoRoot, specPath } from './test-workspace.ts';

/**
 * Runs the generated code of a spec instead of reading its text: every package's output for `specText` is written
 * into a temporary copy of the packages' hand-written sources, and the entries asked for (`client/index.ts`,
 * `mocks/server.ts`, …) are bundled with esbuild and imported. The folder sits under the workspace's
 * node_modules/.cache, so the packages' own dependencies (openapi-fetch, faker, …) resolve as they do in the
 * workspace; imports between our packages resolve to the temporary copies.
 */
export function importGenerated<const E extends Record<string, string>>(
  specText: string,
  entries: E,
): Promise<{ readonly [K in keyof E]: Record<string, unknown> }> {
  // Once per spec text and entries in a test file: building is the slow part, and the modules are not changed.
  const key = JSON.stringify([specText, entries]);
  const built = imported.get(key) ?? buildAndImport(specText, entries);
  imported.set(key, built);
  return built as Promise<{ readonly [K in keyof E]: Record<string, unknown> }>;
}

const imported = new Map<string, Promise<Record<string, Record<string, unknown>>>>();
const roots: string[] = [];
// Registered on the importing test file: its temporary workspaces go when its tests are done.
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function buildAndImport(
  specText: string,
  entries: Record<string, string>,
): Promise<Record<string, Record<string, unknown>>> {
  const cache = join(repoRoot, 'node_modules', '.cache', 'graph-incidents-generator-tests');
  await mkdir(cache, { recursive: true });
  const root = await mkdtemp(join(cache, 'workspace-'));
  roots.push(root);
  for (const output of ['types', 'client', 'mocks'] as const) {
    const { sources } = outputPackages[output];
    await cp(join(repoRoot, sources), join(root, sources), {
      recursive: true,
      filter: (source) => !/\.test(-d)?\.ts$|[\\/]test-support$/.test(source),
    });
  }
  for (const [path, text] of await emitAll({ file: specPath, text: specText })) {
    await mkdir(join(root, dirname(path)), { recursive: true });
    await writeFile(join(root, path), emittedText(text));
  }
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => [name, join(root, 'packages', entry)]),
    ),
    outdir: join(root, 'out'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [ourPackages(root)],
    logLevel: 'error',
  });
  const modules: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(entries))
    modules[name] = (await import(pathToFileURL(join(root, 'out', `${name}.mjs`)).href)) as Record<
      string,
      unknown
    >;
  return modules;
}

/** `@graph-incidents/mocks/server` → the temporary copy's `packages/mocks/src/server.ts`. */
function ourPackages(root: string): Plugin {
  return {
    name: 'our-packages',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^@graph-incidents\// }, ({ path }) => {
        const [, name, subpath] = /^@graph-incidents\/([^/]+)(?:\/(.+))?$/.exec(path)!;
        const output = Object.values(outputPackages).find((p) => p.name === `@graph-incidents/${name}`);
        if (!output) return undefined;
        return { path: join(root, output.sources, `${subpath ?? 'index'}.ts`) };
      });
    },
  };
}

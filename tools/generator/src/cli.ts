import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { emitAll } from './generate.ts';
import { formatIncrementally } from './format.ts';
import type { SpecSource } from './load.ts';
import {
  computeLock,
  explainLock,
  type GenerateLock,
  generatorFingerprint,
  lockPath,
  lockText,
} from './lock.ts';
import { specVersions } from './versions.ts';
import { SpecError, formatProblem } from './spec-error.ts';
import { findStaleFiles, writeFiles } from './write.ts';

export const workspaceRoot = process.cwd();
const fixCommand = 'npm run generate';

const usage = `Usage: npm run generate -- [--check] [--spec <file>]

  --check        Exit 1 and list the stale files when generated code differs from what the spec gives.
  --spec <file>  Generate from this spec only (default: every description in specs/: ${specVersions.map((v) => v.spec).join(', ')}).`;

/** The command line. Returns the exit code: 0 fine, 1 stale (with --check), 2 bad spec or bad arguments. */
export async function main(
  args: readonly string[],
  root = workspaceRoot,
  /** The generator's own folder, whose sources the lock file fingerprints. */
  generatorRoot = fileURLToPath(new URL('..', import.meta.url)),
  /** The launcher's caches (`bin/run-ts.mjs`): parsed descriptions are kept in `parseCache`. */
  launcher: { readonly parseCache?: string } = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        check: { type: 'boolean' },
        spec: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  const check = parsed.values.check ?? false;
  const spec = parsed.values.spec;
  const specs = spec
    ? [spec]
    : specVersions.map((v) => v.spec).filter((file) => existsSync(join(root, file)));
  const sources: SpecSource[] = [];
  let files;
  try {
    for (const path of specs) {
      const absolute = resolve(root, path);
      const file = relative(root, absolute).split('\\').join('/');
      const text = await readFile(absolute, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new SpecError([{ code: 'unreadable', file, pointer: '#', message: error.message }]);
      });
      sources.push({ file, text });
    }
    files = await emitAll(sources, {
      ...(launcher.parseCache ? { parseCache: launcher.parseCache } : {}),
    });
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(
      `The spec is malformed; no file was written.\n${error.problems.map(formatProblem).join('\n')}`,
    );
    return 2;
  }
  const committed = await readFile(join(root, lockPath), 'utf8').then(
    (text) => JSON.parse(text) as GenerateLock,
    () => undefined,
  );
  // With --spec only part of the output is generated, so the lock is neither read nor written.
  const generator = await generatorFingerprint(generatorRoot);
  const formatted = await formatIncrementally(files, root, spec ? undefined : committed?.format, generator);
  const lock = await computeLock(sources, generatorRoot, formatted.manifest, generator);
  files = formatted.files;
  if (!spec) files.set(lockPath, lockText(lock));
  const file = sources.map((s) => s.file).join(', ');
  if (check) {
    const stale = await findStaleFiles(files, root);
    if (stale.length === 0) {
      console.log(`Generated code is fresh (${files.size} files from ${file}).`);
      return 0;
    }
    console.error(`Generated code is stale: ${stale.length} file(s) differ from what ${file} gives.`);
    for (const reason of spec ? [] : explainLock(committed, lock)) console.error(`  because ${reason}`);
    for (const { path, reason } of stale) console.error(`  ${path} (${reason})`);
    console.error(`Fix: run \`${fixCommand}\` and commit the result.`);
    return 1;
  }
  const touched = await writeFiles(files, root);
  console.log(`Generated ${files.size} files from ${file}; ${touched.length} changed.`);
  for (const path of touched) console.log(`  ${path}`);
  return 0;
}

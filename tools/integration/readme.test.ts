/**
 * The root README's architecture section matches the code, file for file: every file or folder it names exists, and
 * every hand-written source file of the packages and the generator is named (directly, by a `*` pattern, or by
 * naming its folder).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './workspace.js';

/** The folders whose hand-written sources must each be named. */
const sourceFolders = [
  'tools/generator/src',
  'packages/types/src',
  'packages/client/src',
  'packages/mocks/src',
  'packages/contract-tests/src',
];

const isHandWrittenSource = (path: string): boolean =>
  /\.(ts|mts|js|mjs)$/.test(path) &&
  !/\.(test|test-d|test-helper)\.ts$/.test(path) &&
  !path.endsWith('.gen.ts') &&
  !path.split('/').includes('generated');

/**
 * What the section names: files and patterns (relative to the folder of their bullet), and whole folders, each with
 * the places it may be (`bin/` in the bullet's folder, else at the repository root).
 */
interface Names {
  readonly files: string[];
  readonly folders: string[][];
}

/**
 * Reads the names from the bullets of the architecture section. A bullet that starts with a folder (`- \`a/b/\``)
 * makes it the folder of the names that follow; a name holding a `/` is relative to the repository root.
 */
function namesIn(readme: string): Names {
  const start = readme.indexOf('\n## Architecture\n');
  if (start < 0) throw new Error('the README has no "## Architecture" section');
  const end = readme.indexOf('\n## ', start + 1);
  const lines = readme.slice(start, end < 0 ? undefined : end).split('\n');
  const files: string[] = [];
  const folders: string[][] = [];
  let folder: string | undefined;
  for (const line of lines.slice(lines.findIndex((text) => text.startsWith('- ')))) {
    const opening = /^- `([^`]+\/)`/.exec(line);
    if (opening) folder = opening[1]!.slice(0, -1);
    for (const [, name] of line.matchAll(/`([^`\s]+)`/g)) {
      if (name!.endsWith('/')) {
        const path = name!.slice(0, -1);
        folders.push(path.includes('/') || folder === undefined ? [path] : [`${folder}/${path}`, path]);
      } else if (!/^[\w.*/-]+\.(ts|mts|js|mjs|json)$/.test(name!) || name!.endsWith('.gen.ts')) continue;
      else if (name!.includes('/')) files.push(name!);
      else if (folder !== undefined) files.push(`${folder}/${name}`);
    }
  }
  return { files, folders };
}

const patternOf = (name: string): RegExp =>
  new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);

/** What does not match: named files or folders that are missing, and source files that are not named. */
function mismatches(names: Names, files: readonly string[]): { missing: string[]; unnamed: string[] } {
  const exists = new Set(files);
  const missing = [
    ...names.files.filter((name) => !files.some((file) => patternOf(name).test(file))),
    ...names.folders
      .filter((places) => !places.some((folder) => files.some((file) => file.startsWith(`${folder}/`))))
      .map((places) => places[0]!),
  ];
  const unnamed = files.filter(
    (file) =>
      sourceFolders.some((folder) => file.startsWith(`${folder}/`)) &&
      isHandWrittenSource(file) &&
      !names.files.some((name) => patternOf(name).test(file)) &&
      !names.folders.some((places) =>
        places.some((folder) => !sourceFolders.includes(folder) && file.startsWith(`${folder}/`)),
      ),
  );
  return { missing: missing.filter((name) => !exists.has(name)), unnamed };
}

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' })) {
    const path = `${folder}/${entry}`;
    if (path.includes('/node_modules/') || path.includes('/dist/')) continue;
    if (statSync(join(repoRoot, path)).isFile()) found.push(path);
  }
  return found;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const repositoryFiles = [
  ...new Set(
    ['tools', 'packages', 'scripts', 'bench', 'specs'].flatMap((folder) =>
      filesUnder(folder).filter((path) => !path.startsWith('tools/runtimes/')),
    ),
  ),
];

describe("the root README's architecture section", () => {
  test('names only files and folders that exist, and every hand-written source file', () => {
    const names = namesIn(readme);
    expect(names.files.length).toBeGreaterThan(100);
    expect(mismatches(names, repositoryFiles)).toEqual({ missing: [], unnamed: [] });
  });

  test('a renamed file, or a file the section leaves out, is reported', () => {
    const names = namesIn(readme.replace('`json-pointer.ts`', '`json-pointers.ts`'));
    expect(mismatches(names, repositoryFiles)).toEqual({
      missing: ['tools/generator/src/json-pointers.ts'],
      unnamed: ['tools/generator/src/json-pointer.ts'],
    });
    const added = [
      ...repositoryFiles,
      'packages/mocks/src/new-room.ts',
      'packages/mocks/src/new-room.test.ts',
    ];
    expect(mismatches(namesIn(readme), added).unnamed).toEqual(['packages/mocks/src/new-room.ts']);
  });
});

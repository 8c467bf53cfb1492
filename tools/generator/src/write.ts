import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFiles } from './emit-support.ts';
import { generatedDirs } from './outputs.ts';

export interface StaleFile {
  readonly path: string;
  readonly reason: 'missing' | 'differs' | 'not generated any more';
}

/** Compares the generated files with what is on disk, without writing anything. */
export async function findStaleFiles(files: GeneratedFiles, workspaceRoot: string): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const [path, text] of files) {
    const current = await readFile(join(workspaceRoot, path), 'utf8').catch(() => undefined);
    if (current === undefined) stale.push({ path, reason: 'missing' });
    else if (current !== text) stale.push({ path, reason: 'differs' });
  }
  for (const path of await existingGeneratedFiles(files, workspaceRoot))
    if (!files.has(path)) stale.push({ path, reason: 'not generated any more' });
  return stale.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Writes the files that changed, each through a temporary file and a rename, so that a reader never sees a
 * half-written file, and removes generated files that are no longer produced. Returns the paths it touched.
 */
export async function writeFiles(files: GeneratedFiles, workspaceRoot: string): Promise<string[]> {
  const touched: string[] = [];
  for (const { path, reason } of await findStaleFiles(files, workspaceRoot)) {
    const target = join(workspaceRoot, path);
    if (reason === 'not generated any more' && path.endsWith('.gen.ts')) {
      await rm(target);
    } else {
      await mkdir(dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, files.get(path)!, 'utf8');
      await rename(temporary, target);
    }
    touched.push(path);
  }
  return touched;
}

/** Generated files in the folders this run writes to (not their subfolders, which other versions own). */
async function existingGeneratedFiles(files: GeneratedFiles, workspaceRoot: string): Promise<string[]> {
  const dirs = new Set<string>(generatedDirs);
  for (const path of files.keys()) dirs.add(dirname(path));
  const found: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(join(workspaceRoot, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries)
      if (entry.isFile() && entry.name.endsWith('.gen.ts')) found.push(`${dir}/${entry.name}`);
  }
  return found;
}

import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, resolveConfig } from 'prettier';

/** The real workspace root, for reading the committed spec in tests. */
export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const specPath = 'specs/v1.0/openapi.yaml';

/**
 * Whether every one of `files` (read in place from ../shared, never copied) is there. When one is missing, its tests
 * are skipped with a warning naming it; under CI a missing ../shared is a failure instead (`why` says what needs it).
 */
export function inShared(files: readonly string[], why: string): boolean {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length === 0) return true;
  if (process.env['CI']) throw new Error(`CI=true but ${missing.join(', ')} is missing: ${why}`);
  console.warn(`${missing.join(', ')} is missing (../shared holds the reference material): ${why}; skipped`);
  return false;
}

/** A throw-away workspace with the committed spec and prettier settings, for tests that write files. */
export async function makeTestWorkspace(specText?: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'graph-incidents-gen-'));
  await mkdir(join(root, dirname(specPath)), { recursive: true });
  await writeFile(join(root, specPath), specText ?? (await readFile(join(repoRoot, specPath), 'utf8')));
  await copyFile(join(repoRoot, '.prettierrc.json'), join(root, '.prettierrc.json'));
  await writeFile(join(root, 'package.json'), '{ "private": true }\n');
  return root;
}

/** Whether prettier, with the repository's settings, would leave a YAML text as it is. */
export async function prettierLeavesAlone(yaml: string): Promise<boolean> {
  const options = (await resolveConfig(join(repoRoot, 'package.json'))) ?? {};
  return check(yaml, { ...options, parser: 'yaml' });
}

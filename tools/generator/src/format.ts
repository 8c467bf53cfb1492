import { format, resolveConfig } from 'prettier';
import type { GeneratedFiles } from './emit-support.ts';

/** Formats every generated file once, with the workspace's prettier settings. */
export async function formatFiles(files: GeneratedFiles, workspaceRoot: string): Promise<GeneratedFiles> {
  const options = (await resolveConfig(`${workspaceRoot}/package.json`)) ?? {};
  const formatted: GeneratedFiles = new Map();
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    formatted.set(path, await format(text, { ...options, filepath: path }));
  }
  return formatted;
}

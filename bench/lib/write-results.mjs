import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

/** Writes bench/results.json formatted with the workspace's prettier settings, so `prettier --check .` passes. */
export async function writeResults(file, results) {
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(JSON.stringify(results, null, 2), { ...options, filepath: file }));
}

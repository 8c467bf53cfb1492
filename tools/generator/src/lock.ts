import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FormatManifest } from './format.ts';
import type { SpecSource } from './load.ts';

/** Records what the committed generated code was made from: each description's hash and the generator's version. */
export const lockPath = 'specs/generate.lock.json';

export interface GenerateLock {
  readonly generator: { readonly version: string };
  readonly specs: Readonly<Record<string, string>>;
  /** Hashes of every generated file before and after prettier, so that `--check` can skip formatting. */
  readonly format?: FormatManifest;
}

const sha256 = (text: string) => createHash('sha256').update(text.replaceAll('\r\n', '\n')).digest('hex');

/** The lock for these sources, the generator's package version and the formatted output. */
export async function computeLock(
  sources: readonly SpecSource[],
  generatorDir: string,
  format?: FormatManifest,
): Promise<GenerateLock> {
  const manifest = JSON.parse(await readFile(join(generatorDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    generator: { version: manifest.version },
    specs: Object.fromEntries(
      [...sources]
        .sort((a, b) => (a.file < b.file ? -1 : 1))
        .map((source) => [source.file, sha256(source.text)]),
    ),
    ...(format ? { format } : {}),
  };
}

export function lockText(lock: GenerateLock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** Why regeneration is due, in words, comparing the committed lock with the current one. */
export function explainLock(committed: GenerateLock | undefined, current: GenerateLock): string[] {
  if (!committed) return [`${lockPath} is missing`];
  const reasons: string[] = [];
  for (const [file, hash] of Object.entries(current.specs)) {
    const before = committed.specs[file];
    if (before === undefined) reasons.push(`${file} is new`);
    else if (before !== hash)
      reasons.push(`${file} changed (sha256 ${before.slice(0, 12)} → ${hash.slice(0, 12)})`);
  }
  for (const file of Object.keys(committed.specs))
    if (current.specs[file] === undefined) reasons.push(`${file} is no longer generated`);
  if (committed.generator.version !== current.generator.version)
    reasons.push(
      `the generator version changed (${committed.generator.version} → ${current.generator.version})`,
    );
  if (reasons.length === 0)
    reasons.push('the generator changed: its output differs for the same descriptions');
  return reasons;
}

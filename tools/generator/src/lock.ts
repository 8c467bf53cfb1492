import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FormatManifest } from './format.ts';
import type { SpecSource } from './load.ts';

/** Records what the committed generated code was made from: each description's hash and the generator's sources'. */
export const lockPath = 'specs/generate.lock.json';

export interface GenerateLock {
  /** `sources`: one sha256 over the generator's hand-written sources (`src`, tests aside), path and text of each. */
  readonly generator: { readonly sources: string };
  readonly specs: Readonly<Record<string, string>>;
  /** Hashes of every generated file before and after prettier, so that `--check` can skip formatting. */
  readonly format?: FormatManifest;
}

const sha256 = (text: string) => createHash('sha256').update(text.replaceAll('\r\n', '\n')).digest('hex');

/**
 * A fingerprint of the generator's code: the sha256 of every non-test file under `generatorDir/src`, in path order,
 * each as its path, a NUL, its text and a NUL. A change to any emitter changes it; a change to a test does not.
 */
export async function generatorFingerprint(generatorDir: string): Promise<string> {
  const src = join(generatorDir, 'src');
  const files = (await readdir(src, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !/\.test(-helper)?\.[cm]?ts$/.test(entry.name))
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(src.length + 1)
        .replaceAll('\\', '/'),
    )
    .sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash.update(`${file}\0${(await readFile(join(src, file), 'utf8')).replaceAll('\r\n', '\n')}\0`);
  return hash.digest('hex');
}

/** The lock for these sources, the generator's fingerprint and the formatted output. */
export async function computeLock(
  sources: readonly SpecSource[],
  generatorDir: string,
  format?: FormatManifest,
): Promise<GenerateLock> {
  return {
    generator: { sources: await generatorFingerprint(generatorDir) },
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
  const before = (committed.generator as { sources?: string }).sources;
  if (before !== current.generator.sources)
    reasons.push(
      `the generator changed (its sources' sha256 ${before?.slice(0, 12) ?? 'was not recorded'} → ${current.generator.sources.slice(0, 12)})`,
    );
  if (reasons.length === 0)
    reasons.push(
      'the generated files differ from what the same descriptions and generator give (edited by hand, or a dependency changed)',
    );
  return reasons;
}

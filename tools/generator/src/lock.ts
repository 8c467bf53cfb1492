import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { FormatManifest } from './format.ts';
import type { SpecSource } from './load.ts';

/** Records what the committed generated code was made from: each description's hash and the generator's sources'. */
export const lockPath = 'specs/generate.lock.json';

export interface GenerateLock {
  /** `sources`: one sha256 over the modules `generate.ts` imports, path and text of each ({@link generatorFingerprint}). */
  readonly generator: { readonly sources: string };
  readonly specs: Readonly<Record<string, string>>;
  /** Hashes of every generated file before and after prettier, so that `--check` can skip formatting. */
  readonly format?: FormatManifest;
}

const sha256 = (text: string) => createHash('sha256').update(text.replaceAll('\r\n', '\n')).digest('hex');

/** The module `npm run generate`'s output is computed by: the fingerprint covers what it imports, and only that. */
export const generateEntry = 'src/generate.ts';

/**
 * A fingerprint of the code that generates: the sha256 of every module reachable by relative imports from
 * {@link generateEntry} (contract-tests' `contract-from-openapi.ts` included), in path order, each as its path
 * relative to `generatorDir`, a NUL, its text and a NUL. An edit to an emitter or the model changes it; an edit to
 * `spec:diff` or `spec:import` code, to the command line or to a test does not, as none of them changes the output.
 */
export async function generatorFingerprint(generatorDir: string): Promise<string> {
  const modules = await generateModules(generatorDir);
  const hash = createHash('sha256');
  for (const [file, text] of modules) hash.update(`${file}\0${text.replaceAll('\r\n', '\n')}\0`);
  return hash.digest('hex');
}

/** Every module reachable from {@link generateEntry}, as path (relative to `generatorDir`, `/`-separated) → text. */
export async function generateModules(generatorDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const pending = [resolve(generatorDir, generateEntry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const key = relative(generatorDir, file).replaceAll('\\', '/');
    if (found.has(key)) continue;
    const text = await readFile(file, 'utf8');
    found.set(key, text);
    for (const specifier of relativeImports(text)) {
      const target = await resolveModule(resolve(dirname(file), specifier));
      if (target) pending.push(target);
    }
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The relative specifiers a module imports: `import … from`, `export … from`, `import '…'` and `import('…')`.
 * Packages (bare specifiers) are left out: package-lock.json pins them.
 */
function relativeImports(text: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"](\.[^'"]*)['"]/gm,
    /^\s*import\s*['"](\.[^'"]*)['"]/gm,
    /\bimport\s*\(\s*['"](\.[^'"]*)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

/** `./x.ts` as written, or `./x.js` for a `.ts` source (the packages' NodeNext style); undefined if neither exists. */
async function resolveModule(path: string): Promise<string | undefined> {
  for (const candidate of [path, path.replace(/\.js$/, '.ts')])
    if (
      await stat(candidate).then(
        (entry) => entry.isFile(),
        () => false,
      )
    )
      return candidate;
  return undefined;
}

/** The lock for these sources, the generator's fingerprint (computed unless given) and the formatted output. */
export async function computeLock(
  sources: readonly SpecSource[],
  generatorDir: string,
  format?: FormatManifest,
  fingerprint?: string,
): Promise<GenerateLock> {
  return {
    generator: { sources: fingerprint ?? (await generatorFingerprint(generatorDir)) },
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

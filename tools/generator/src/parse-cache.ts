import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { firstNonJsonValue, parseSpec, type JsonObject, type SpecSource } from './load.ts';

/**
 * The parsers' versions are part of the key: another version of `yaml`, or of js-yaml (which reads what it can read
 * as `yaml` would, parse-fast.ts), may read the same text differently.
 */
const versionOf = (name: string): string =>
  (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
/** The parsers' versions, which also key the validator's recorded verdicts (validate.ts): it checks their reading. */
export const parserVersions = `yaml ${versionOf('yaml')} js-yaml ${versionOf('js-yaml')}`;

const keyOf = (text: string): string =>
  createHash('sha256').update(`${parserVersions}\n${text}`).digest('hex');

/**
 * `parseSpec` with its successful results kept as JSON in `folder`, keyed by the text's hash (and the parser's
 * version). Parsing a description's YAML is the largest piece of a `generate --check` that the launcher's compile
 * cache does not already save (bench/README.md); reading the same data back as JSON costs a few milliseconds. The
 * result is a pure function of the text, so a kept result is the result. A text that fails to parse is never kept
 * (it is parsed every time, so its error is always located), and an unreadable or damaged entry is parsed again.
 * Data JSON cannot hold exactly (`-0`) is not kept. A hit marks the entry used: the folder keeps the
 * {@link maxCacheEntries} used last.
 */
export async function parseSpecCached(source: SpecSource, folder: string): Promise<JsonObject> {
  const file = join(folder, `${keyOf(source.text)}.json`);
  const kept = await readFile(file, 'utf8').then(
    (text) => {
      try {
        const data: unknown = JSON.parse(text);
        return data !== null && typeof data === 'object' && !Array.isArray(data)
          ? (data as JsonObject)
          : undefined;
      } catch {
        return undefined;
      }
    },
    () => undefined,
  );
  if (kept) {
    await touchCacheEntry(file);
    return kept;
  }
  const parsed = parseSpec(source);
  await keep(file, folder, parsed);
  return parsed;
}

/**
 * Keeps `data` as the parse of `source.text` without parsing it: for a command that has just written the text from
 * that data with `yaml`, which reads back what it writes (`spec:import`: csdl-import.test.ts and import.test.ts
 * check it on the real imports), so that `generate` after it need not parse the text. Data `parseSpec` would not give
 * (not a mapping, a value JSON cannot hold, nested too deeply) is not kept: the text is then parsed, and any
 * problem located, as usual.
 */
export async function keepParsed(source: SpecSource, data: JsonObject, folder: string): Promise<void> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
  if (firstNonJsonValue(data) !== undefined) return;
  await keep(join(folder, `${keyOf(source.text)}.json`), folder, data);
}

/** Writes `data` as JSON to `file`, unless JSON cannot hold it exactly (`-0`). */
async function keep(file: string, folder: string, data: JsonObject): Promise<void> {
  let exact = true;
  const json = JSON.stringify(data, (_key, value: unknown) => {
    if (Object.is(value, -0)) exact = false;
    return value;
  });
  if (!exact) return;
  await writeCacheEntry(file, folder, json);
}

/**
 * The most entries a cache folder keeps (this module's parses, validate.ts's verdicts); a write drops the least
 * recently used beyond it. The descriptions in specs/ and their overlays are 5 texts, a day of `spec:import`s a
 * handful more (every change to an overlay or a new metadata file is a new text), and the bench's imports (the
 * module's, the v1.0 CSDL's, the filing day's) a few more: 64 keeps them all several times over. A parse here is
 * 3–115 kB of JSON (the largest, specs/v1.0's and specs/beta's, 114–115 kB), so a full folder stays under 8 MB; a
 * verdict is 78 bytes.
 */
export const maxCacheEntries = 64;

/** What this module and validate.ts write in a cache folder: `<sha256>.json`, and `<entry>.<pid>.partial` beside it. */
const entryName = /^[0-9a-f]{64}\.json$/;
const partialName = /^[0-9a-f]{64}\.json\.\d+\.partial$/;
/** A writer whose partial file is this old has crashed (an entry is written in milliseconds). */
const abandonedAfterMs = 60 * 60 * 1000;

/**
 * Writes a cache entry (this module's parses, validate.ts's verdicts): beside and renamed, so a reader never sees half
 * a file; a folder that can't be written only costs speed. Then prunes the folder, so it stays bounded: only after a
 * write, since a hit adds nothing.
 */
export async function writeCacheEntry(file: string, folder: string, text: string): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await mkdir(folder, { recursive: true })
    .then(() => writeFile(partial, text))
    .then(() => rename(partial, file))
    .catch(() => undefined);
  await pruneCacheFolder(folder, basename(file));
}

/** Marks a cache entry as just used, so pruning drops the entries unused the longest (mtime: atime is often off). */
export async function touchCacheEntry(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
}

/**
 * Removes the entries of `folder` beyond the {@link maxCacheEntries} most recently used (by mtime, `written` always
 * kept, whatever the clock's resolution), and partial files abandoned by a crashed writer. Only names this module
 * writes are touched. Never throws: another process pruning at once may remove a file first (its reader then parses
 * or validates again, as on any missing entry), and a folder that is gone or unreadable has nothing to prune.
 */
export async function pruneCacheFolder(folder: string, written?: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const entries = names.filter((name) => entryName.test(name) && name !== written);
  const partials = names.filter((name) => partialName.test(name));
  const keep = maxCacheEntries - (written !== undefined && names.includes(written) ? 1 : 0);
  if (entries.length <= keep && partials.length === 0) return;
  const timed = await Promise.all(
    [...entries, ...partials].map(async (name) => ({
      name,
      mtimeMs: await stat(join(folder, name)).then(
        (stats) => stats.mtimeMs,
        () => undefined,
      ),
    })),
  );
  const present = (e: { mtimeMs: number | undefined }): e is { name: string; mtimeMs: number } =>
    e.mtimeMs !== undefined;
  const abandoned = timed
    .filter(present)
    .filter((e) => partialName.test(e.name) && Date.now() - e.mtimeMs > abandonedAfterMs);
  const unused = timed
    .filter(present)
    .filter((e) => entryName.test(e.name))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? -1 : 1))
    .slice(Math.max(keep, 0));
  await Promise.all(
    [...abandoned, ...unused].map(({ name }) => unlink(join(folder, name)).catch(() => undefined)),
  );
}

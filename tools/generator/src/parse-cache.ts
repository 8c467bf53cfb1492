import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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
 * Data JSON cannot hold exactly (`-0`) is not kept.
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
  if (kept) return kept;
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
 * Writes a cache entry (this module's parses, validate.ts's verdicts): beside and renamed, so a reader never sees half
 * a file; a folder that can't be written only costs speed.
 */
export async function writeCacheEntry(file: string, folder: string, text: string): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await mkdir(folder, { recursive: true })
    .then(() => writeFile(partial, text))
    .then(() => rename(partial, file))
    .catch(() => undefined);
}

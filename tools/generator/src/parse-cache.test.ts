import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { main } from './cli.ts';
import { firstNonJsonValue, type JsonObject, type JsonValue, maxDepth, parseSpec } from './load.ts';
import { keepParsed, maxCacheEntries, parseSpecCached, pruneCacheFolder } from './parse-cache.ts';
import { SpecError } from './spec-error.ts';
import { makeTestWorkspace } from './test-workspace.ts';

const folder = () => mkdtemp(join(tmpdir(), 'parse-cache-'));
const kept = async (dir: string) => (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));

describe('parseSpecCached', () => {
  test('gives what parseSpec gives, first from the text and then from the kept JSON, keys like __proto__ included', async () => {
    const dir = await folder();
    const text = `openapi: 3.0.4\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    x:\n      properties:\n        __proto__: { type: string }\n        constructor: { type: integer, minimum: 1.5e3 }\n      required: [__proto__]\n`;
    const source = { file: 'specs/x.yaml', text };
    const expected = parseSpec(source);
    const first = await parseSpecCached(source, dir);
    expect(await kept(dir)).toHaveLength(1);
    const second = await parseSpecCached(source, dir);
    for (const got of [first, second]) {
      expect(got).toEqual(expected);
      expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
    }
    const properties = (second.components as { schemas: { x: { properties: object } } }).schemas.x.properties;
    expect(Object.keys(properties)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });

  test('any YAML text: the same data with the cache as without, on the first and the second read', async () => {
    const dir = await folder();
    const value = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('"-0"'));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), value, { minKeys: 1, maxKeys: 4 }), async (data) => {
        // JSON is YAML, so the text is any document of arbitrary keys and values.
        const source = { file: 'specs/x.json', text: JSON.stringify(data, null, 1) };
        const expected = parseSpec(source);
        expect(await parseSpecCached(source, dir)).toEqual(expected);
        expect(await parseSpecCached(source, dir)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  test('a text that does not parse is never kept: it fails with its location every time', async () => {
    const dir = await folder();
    const source = { file: 'specs/bad.yaml', text: 'openapi: 3.0.4\ninfo: [unclosed\n' };
    for (let i = 0; i < 2; i++) {
      const error = await parseSpecCached(source, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).problems[0]).toMatchObject({
        file: 'specs/bad.yaml',
        line: expect.any(Number),
      });
    }
    expect(await kept(dir)).toEqual([]);
  });

  test('another text is another entry, and a damaged entry is parsed again rather than believed', async () => {
    const dir = await folder();
    const a = { file: 'a.yaml', text: 'openapi: 3.0.4\nx: 1\n' };
    const b = { file: 'a.yaml', text: 'openapi: 3.0.4\nx: 2\n' };
    expect(await parseSpecCached(a, dir)).toEqual({ openapi: '3.0.4', x: 1 });
    expect(await parseSpecCached(b, dir)).toEqual({ openapi: '3.0.4', x: 2 });
    const entries = await kept(dir);
    expect(entries).toHaveLength(2);
    for (const [entry, damage] of entries.map((e, i) => [e, i === 0 ? '{"openapi": ' : '[1]'] as const)) {
      await writeFile(join(dir, entry), damage);
    }
    expect(await parseSpecCached(a, dir)).toEqual({ openapi: '3.0.4', x: 1 });
    expect(await parseSpecCached(b, dir)).toEqual({ openapi: '3.0.4', x: 2 });
  });

  test('-0, which JSON would read back as 0, is not kept', async () => {
    const dir = await folder();
    const source = { file: 'a.yaml', text: 'openapi: 3.0.4\nminimum: -0\n' };
    for (let i = 0; i < 2; i++)
      expect(Object.is((await parseSpecCached(source, dir)).minimum, -0)).toBe(true);
    expect(await kept(dir)).toEqual([]);
  });

  test('generate --check through the cache: fresh on the committed spec, and stale (with the fix) after an edit', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const root = await makeTestWorkspace();
      const parseCache = await folder();
      expect(await main([], root, undefined, { parseCache })).toBe(0);
      expect(await kept(parseCache)).toHaveLength(1);
      expect(await main(['--check'], root, undefined, { parseCache })).toBe(0);
      const spec = join(root, 'specs/v1.0/openapi.yaml');
      await writeFile(spec, (await readFile(spec, 'utf8')).replace(/title: .*/, 'title: Changed'));
      expect(await main(['--check'], root, undefined, { parseCache })).toBe(1);
      expect(error.mock.calls.flat().join('\n')).toMatch(/Fix: run `npm run generate`/);
      expect(await kept(parseCache)).toHaveLength(2);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});

describe('keepParsed', () => {
  test('keeps the data as the parse of the text: parseSpecCached then finds it by the text', async () => {
    const dir = await folder();
    const source = { file: 'a.yaml', text: 'openapi: 3.0.4\nx: [1, { y: z }]\n' };
    const data = parseSpec(source);
    await keepParsed(source, data, dir);
    const [entry, ...others] = await kept(dir);
    expect(others).toEqual([]);
    expect(await readFile(join(dir, entry!), 'utf8')).toBe(JSON.stringify(data));
    expect(await parseSpecCached(source, dir)).toStrictEqual(data);
    expect(await kept(dir)).toEqual([entry]);
  });

  test('data parseSpec would refuse or JSON cannot hold is not kept, so the text is parsed and located as usual', async () => {
    const dir = await folder();
    let deep: JsonValue = 1;
    for (let i = 0; i < maxDepth; i++) deep = [deep];
    const refused: unknown[] = [
      { x: Number.NaN },
      { x: [1, Number.POSITIVE_INFINITY] },
      { x: -0 },
      { deep },
      [1],
      null,
    ];
    for (const [index, data] of refused.entries())
      await keepParsed({ file: 'a.yaml', text: `x: ${index}\n` }, data as JsonObject, dir);
    expect(await kept(dir)).toEqual([]);
  });
});

describe('the folder stays bounded', () => {
  /** A moment `minutes` after a fixed past one: the tests set every time they compare. */
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);
  /** Entries as parseSpecCached names them, last used `minutes[i]` minutes after the fixed moment. */
  const fill = async (dir: string, minutes: readonly number[]): Promise<string[]> => {
    await mkdir(dir, { recursive: true });
    return Promise.all(
      minutes.map(async (minute, i) => {
        const name = `${i.toString(16).padStart(64, '0')}.json`;
        await writeFile(join(dir, name), '{}');
        await utimes(join(dir, name), at(minute), at(minute));
        return name;
      }),
    );
  };
  const newEntry = async (dir: string, write: () => Promise<unknown>): Promise<string> => {
    const before = await kept(dir);
    await write();
    const added = (await kept(dir)).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    return added[0]!;
  };
  const a = { file: 'a.yaml', text: 'openapi: 3.0.4\nx: 1\n' };
  const b = { file: 'b.yaml', text: 'openapi: 3.0.4\nx: 2\n' };

  test(`${maxCacheEntries} entries stay; one more, and the least recently used goes`, async () => {
    const dir = await folder();
    const older = await fill(
      dir,
      Array.from({ length: maxCacheEntries - 1 }, (_, i) => i),
    );
    const first = await newEntry(dir, () => parseSpecCached(a, dir));
    expect((await kept(dir)).sort()).toEqual([...older, first].sort());
    const second = await newEntry(dir, () => keepParsed(b, parseSpec(b), dir));
    expect((await kept(dir)).sort()).toEqual([...older.slice(1), first, second].sort());
  });

  test('a hit marks the entry used: it outlives entries used after it was written', async () => {
    const dir = await folder();
    const entry = await newEntry(dir, () => parseSpecCached(a, dir));
    await utimes(join(dir, entry), at(-60), at(-60));
    const older = await fill(
      dir,
      Array.from({ length: maxCacheEntries - 1 }, (_, i) => i),
    );
    expect(await parseSpecCached(a, dir)).toEqual({ openapi: '3.0.4', x: 1 });
    expect((await stat(join(dir, entry))).mtimeMs).toBeGreaterThan(at(maxCacheEntries).getTime());
    const written = await newEntry(dir, () => parseSpecCached(b, dir));
    expect((await kept(dir)).sort()).toEqual([...older.slice(1), entry, written].sort());
  });

  test('only its own files go: the least recently used entries and partial files left over an hour, not fresh ones or other names', async () => {
    const dir = await folder();
    const entries = await fill(
      dir,
      Array.from({ length: maxCacheEntries }, (_, i) => i),
    );
    const files = {
      abandoned: `${entries[1]}.123.partial`,
      writing: `${entries[1]}.456.partial`,
      other: 'notes.json',
      otherPartial: 'notes.json.123.partial',
    };
    for (const name of Object.values(files)) await writeFile(join(dir, name), '{}');
    // Older than every entry, and than an hour: only the abandoned partial file is this module's to remove.
    for (const name of [files.abandoned, files.other, files.otherPartial])
      await utimes(join(dir, name), at(-120), at(-120));
    // The validation records' folder inside is another folder, with its own bound.
    const validated = join(dir, 'validated');
    const records = await fill(
      validated,
      Array.from({ length: maxCacheEntries + 1 }, (_, i) => i),
    );
    const entry = await newEntry(dir, () => parseSpecCached(a, dir));
    expect((await readdir(dir)).sort()).toEqual(
      [...entries.slice(1), entry, files.writing, files.other, files.otherPartial, 'validated'].sort(),
    );
    expect((await readdir(validated)).sort()).toEqual(records.sort());
  });

  test('a folder that vanished, cannot be written, or is pruned by two processes at once never throws', async () => {
    const dir = await folder();
    await expect(pruneCacheFolder(join(dir, 'gone'))).resolves.toBeUndefined();
    await writeFile(join(dir, 'file'), '');
    const unwritable = join(dir, 'file', 'parsed');
    expect(await parseSpecCached(a, unwritable)).toEqual({ openapi: '3.0.4', x: 1 });
    await expect(keepParsed(b, parseSpec(b), unwritable)).resolves.toBeUndefined();
    await expect(pruneCacheFolder(unwritable)).resolves.toBeUndefined();
    // Both list the same entries beyond the bound and remove them: one of them finds each already gone.
    const full = join(dir, 'full');
    const entries = await fill(
      full,
      Array.from({ length: maxCacheEntries + 8 }, (_, i) => i),
    );
    await Promise.all([pruneCacheFolder(full), pruneCacheFolder(full)]);
    expect((await kept(full)).sort()).toEqual(entries.slice(8).sort());
  });
});

describe('firstNonJsonValue', () => {
  test('names the first value in document order JSON cannot hold, with its escaped pointer', () => {
    expect(firstNonJsonValue({ a: [1, { 'b/c~': Number.NaN }], d: Number.POSITIVE_INFINITY })).toEqual({
      pointer: '#/a/1/b~1c~0',
      message: 'NaN is not a JSON number; OpenAPI values must be JSON',
    });
    expect(firstNonJsonValue({ a: [1, { b: 2 }], d: Number.NEGATIVE_INFINITY })).toMatchObject({
      pointer: '#/d',
    });
    expect(firstNonJsonValue({ a: [1, { b: 'NaN' }], d: null })).toBeUndefined();
  });

  test(`nesting: ${maxDepth} levels pass, one more is named where it starts`, () => {
    const nest = (levels: number): JsonValue => {
      let value: JsonValue = 'leaf';
      for (let i = 0; i < levels; i++) value = { k: value };
      return value;
    };
    expect(firstNonJsonValue(nest(maxDepth))).toBeUndefined();
    expect(firstNonJsonValue(nest(maxDepth + 1))).toEqual({
      pointer: `#${'/k'.repeat(maxDepth)}`,
      message: `nested more than ${maxDepth} levels deep`,
    });
  });
});

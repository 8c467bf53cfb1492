import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { describe, expect, test } from 'vitest';

/** The launcher's V8 code cache (bin/code-cache.mjs), run in child processes: it changes how Node compiles modules. */
const codeCache = fileURLToPath(new URL('../bin/code-cache.mjs', import.meta.url));
const size = 1 << 20;
/** Its pruning alone, which changes nothing else and so runs in this process. */
const { removeOtherVersions } = (await import(codeCache)) as {
  removeOtherVersions: (folder: string, written: readonly string[]) => void;
};

/**
 * A large CommonJS module (1 MB, like the libraries the cache is for): a function of its own, a relative `require`,
 * its `require.resolve`, `module`, `__filename` and `__dirname`.
 */
const bigModule = (answer: number) => `'use strict';
const helper = require('./helper.cjs');
const padding = ${JSON.stringify('x'.repeat(size))};
module.exports = {
  answer: () => ${answer} + helper.one,
  filename: __filename,
  dirname: __dirname,
  resolved: require.resolve('./helper.cjs'),
  sameModule: module.exports === exports,
  length: padding.length,
};
`;

/** Loads `big.cjs` of `dir` in a fresh process with the cache in `dir/cache` (unless `cache` is false). */
function load(dir: string, cache = true, env: NodeJS.ProcessEnv = process.env): unknown {
  const script = `
    const { useCodeCache } = await import(${JSON.stringify(codeCache)});
    ${cache ? `if (!useCodeCache(${JSON.stringify(join(dir, 'cache'))})) throw new Error('not installed');` : ''}
    const { createRequire } = await import('node:module');
    const loaded = createRequire(${JSON.stringify(join(dir, 'x.cjs'))})('./big.cjs');
    console.log(JSON.stringify({ ...loaded, answer: loaded.answer() }));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env }),
  );
}

async function cacheFiles(dir: string): Promise<string[]> {
  const root = join(dir, 'cache');
  const folders = await readdir(root).catch(() => []);
  const files = await Promise.all(
    folders.map(async (folder) =>
      (await readdir(join(root, folder))).map((file) => join(root, folder, file)),
    ),
  );
  return files.flat().filter((file) => file.endsWith('.bin'));
}

/** The entries, largest first (big.cjs's before helper.cjs's). */
async function biggest(dir: string): Promise<string[]> {
  const entries = await cacheFiles(dir);
  const sizes = new Map(await Promise.all(entries.map(async (e) => [e, (await stat(e)).size] as const)));
  return entries.sort((a, b) => sizes.get(b)! - sizes.get(a)!);
}

async function fixture(answer: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'code-cache-'));
  await writeFile(join(dir, 'helper.cjs'), 'exports.one = 1;\n');
  await writeFile(join(dir, 'big.cjs'), bigModule(answer));
  return dir;
}

describe('useCodeCache', () => {
  test('a large CommonJS module gives what Node gives, from the cache it wrote on the first run', async () => {
    const dir = await fixture(41);
    const expected = {
      answer: 42,
      filename: join(dir, 'big.cjs'),
      dirname: dir,
      resolved: join(dir, 'helper.cjs'),
      sameModule: true,
      length: size,
    };
    expect(load(dir, false)).toEqual(expected);
    expect(load(dir)).toEqual(expected);
    // One entry per CommonJS file: big.cjs and helper.cjs.
    const entries = await cacheFiles(dir);
    expect(entries).toHaveLength(2);
    const written = await Promise.all(entries.map(async (entry) => (await stat(entry)).mtimeMs));
    expect(load(dir)).toEqual(expected);
    // Accepted: an entry V8 rejected, or one missing, is written again when the process exits.
    expect(await Promise.all(entries.map(async (entry) => (await stat(entry)).mtimeMs))).toEqual(written);
  });

  test('a damaged or cut entry is never handed to V8: the module compiles as usual and the entry is written again', async () => {
    const dir = await fixture(1);
    load(dir);
    const [entry] = await biggest(dir);
    const good = await readFile(entry!);
    for (const damaged of [
      Buffer.concat([good.subarray(0, 100), Buffer.from([good[100]! ^ 0xff]), good.subarray(101)]),
      good.subarray(0, good.length >> 1),
      Buffer.alloc(0),
    ]) {
      await writeFile(entry!, damaged);
      expect(load(dir)).toMatchObject({ answer: 2 });
      const rewritten = await readFile(entry!);
      expect(rewritten.length).toBeGreaterThan(8);
      expect(rewritten.readUInt32LE(4)).toBe(rewritten.length - 8);
      expect(rewritten.readUInt32LE(0)).toBe(crc32(rewritten.subarray(8)));
      // ...and V8 accepts it: the next run leaves it as it is.
      const written = (await stat(entry!)).mtimeMs;
      load(dir);
      expect((await stat(entry!)).mtimeMs).toBe(written);
    }
    expect(good.length).toBeGreaterThan(8);
  });

  test('a new text of a file replaces its entry: the old text’s goes, another path’s and another folder’s stay', async () => {
    const dir = await fixture(1);
    expect(load(dir)).toMatchObject({ answer: 2 });
    const [oldBig, helper] = await biggest(dir);
    expect(load(dir, true, { ...process.env, NODE_OPTIONS: '--max-semi-space-size=32' })).toMatchObject({
      answer: 2,
    });
    const otherFolder = (await cacheFiles(dir)).filter((e) => e !== oldBig && e !== helper);
    expect(otherFolder).toHaveLength(2);
    const kept = [helper!, ...otherFolder];
    const written = await Promise.all(kept.map(async (e) => (await stat(e)).mtimeMs));
    await writeFile(join(dir, 'big.cjs'), bigModule(2));
    expect(load(dir)).toMatchObject({ answer: 3 });
    const after = await cacheFiles(dir);
    // big.cjs's new entry in place of its old one (the same path's crc32, another text's), beside the others.
    const newBig = after.filter((e) => !kept.includes(e));
    expect(newBig).toHaveLength(1);
    expect(newBig[0]).not.toBe(oldBig);
    expect(dirname(newBig[0]!)).toBe(dirname(oldBig!));
    expect(basename(newBig[0]!).split('-')[0]).toBe(basename(oldBig!).split('-')[0]);
    // helper.cjs's entry, and both of the other folder's (another set of flags, big.cjs's old text's included), stay.
    expect(after.sort()).toEqual([...kept, ...newBig].sort());
    expect(await Promise.all(kept.map(async (e) => (await stat(e)).mtimeMs))).toEqual(written);
  });

  test('a cache folder that cannot be made, or read at exit, only costs speed', async () => {
    const dir = await fixture(1);
    // A file where the cache folder should be: nothing can be written or listed under it.
    await writeFile(join(dir, 'cache'), 'not a folder');
    expect(load(dir)).toMatchObject({ answer: 2 });
    expect(load(dir)).toMatchObject({ answer: 2 });
    expect(() => removeOtherVersions(join(dir, 'cache', 'v8'), ['00000000-00000000-1.bin'])).not.toThrow();
    expect(() => removeOtherVersions(join(dir, 'gone'), ['00000000-00000000-1.bin'])).not.toThrow();
    // An entry that cannot be removed (here a folder by that name) is left, and the others still go.
    const folder = join(dir, 'entries');
    await mkdir(join(folder, '00000000-00000001-1.bin'), { recursive: true });
    await writeFile(join(folder, '00000000-00000002-1.bin'), '');
    await writeFile(join(folder, '00000000-00000003-1.bin'), '');
    expect(() => removeOtherVersions(folder, ['00000000-00000003-1.bin'])).not.toThrow();
    expect((await readdir(folder)).sort()).toEqual(['00000000-00000001-1.bin', '00000000-00000003-1.bin']);
  });

  test('another set of V8 flags (NODE_OPTIONS included) keeps entries of its own, and leaves the others as they are', async () => {
    const dir = await fixture(1);
    expect(load(dir)).toMatchObject({ answer: 2 });
    const plain = await cacheFiles(dir);
    const written = await Promise.all(plain.map(async (entry) => (await stat(entry)).mtimeMs));
    expect(load(dir, true, { ...process.env, NODE_OPTIONS: '--max-semi-space-size=32' })).toMatchObject({
      answer: 2,
    });
    expect(await cacheFiles(dir)).toHaveLength(2 * plain.length);
    expect(await Promise.all(plain.map(async (entry) => (await stat(entry)).mtimeMs))).toEqual(written);
  });
});

describe('the launcher’s bundle of openapi-typescript (bin/run-ts.mjs)', () => {
  test('gives the types the package gives, to the byte, for each description in specs/', () => {
    const runTs = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
    const specs = ['specs/v1.0/openapi.yaml', 'specs/beta/openapi.yaml', 'specs/beta-2021/openapi.yaml'];
    // In a child process: the bundle is what the commands require, outside vitest's module loading.
    const script = `
      const { readFileSync } = await import('node:fs');
      const { createRequire } = await import('node:module');
      const { openapiTypescriptModule, workspaceRoot } = await import(${JSON.stringify(runTs)});
      const require = createRequire(${JSON.stringify(runTs)});
      const bundle = await openapiTypescriptModule();
      if (bundle === 'openapi-typescript') throw new Error('no bundle was built');
      const yaml = require('yaml');
      const types = async (oat, spec) =>
        oat.astToString(await oat.default(yaml.parse(readFileSync(workspaceRoot + spec, 'utf8')), { silent: true }));
      const specs = ${JSON.stringify(specs)};
      const fromBundle = [];
      const fromPackage = [];
      for (const spec of specs) {
        fromBundle.push(await types(require(bundle), spec));
        fromPackage.push(await types(require('openapi-typescript'), spec));
      }
      console.log(JSON.stringify({ fromBundle, fromPackage }));`;
    const { fromBundle, fromPackage } = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      }),
    ) as { fromBundle: string[]; fromPackage: string[] };
    expect(fromBundle).toHaveLength(specs.length);
    expect(fromBundle.every((types) => types.includes('export interface paths'))).toBe(true);
    expect(fromBundle).toEqual(fromPackage);
  });
});

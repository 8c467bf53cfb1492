import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { describe, expect, test } from 'vitest';

/** The launcher's V8 code cache (bin/code-cache.mjs), run in child processes: it changes how Node compiles modules. */
const codeCache = fileURLToPath(new URL('../bin/code-cache.mjs', import.meta.url));
const size = 1 << 20;

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

  test('nothing is kept across a change of the source: another text is another entry, and runs as written', async () => {
    const dir = await fixture(1);
    expect(load(dir)).toMatchObject({ answer: 2 });
    await writeFile(join(dir, 'big.cjs'), bigModule(2));
    expect(load(dir)).toMatchObject({ answer: 3 });
    // helper.cjs's entry, and one for each text of big.cjs.
    expect(await cacheFiles(dir)).toHaveLength(3);
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

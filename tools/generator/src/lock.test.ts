import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeLock, explainLock, generatorFingerprint } from './lock.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A generator folder with these files under src. */
async function generator(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lock-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, 'src', path, '..'), { recursive: true });
    await writeFile(join(dir, 'src', path), text);
  }
  await writeFile(join(dir, 'package.json'), '{"version":"0.0.0"}');
  return dir;
}

const base = { 'emit-a.ts': 'export const a = 1;\n', 'nested/b.ts': 'export const b = 2;\n' };
const spec = [{ file: 'specs/v1.0/openapi.yaml', text: 'openapi: 3.0.3\n' }] as never;

describe('the lock fingerprints the generator by its sources', () => {
  it('changes with any non-test source, its name or its folder, and not with tests or line endings', async () => {
    const fingerprint = await generatorFingerprint(await generator(base));
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const same = [
      { ...base, 'emit-a.test.ts': 'test' },
      { ...base, 'x.test-helper.ts': 'helper' },
      { ...base, 'emit-a.ts': 'export const a = 1;\r\n' },
    ];
    for (const files of same) expect(await generatorFingerprint(await generator(files))).toBe(fingerprint);
    const different = [
      { ...base, 'emit-a.ts': 'export const a = 2;\n' },
      { ...base, 'nested/b.ts': 'export const b = 3;\n' },
      { 'emit-c.ts': base['emit-a.ts'], 'nested/b.ts': base['nested/b.ts'] },
      { 'emit-a.ts': base['emit-a.ts'], 'b.ts': base['nested/b.ts'] },
      { ...base, 'new.ts': '' },
      // Moving text from one file to the next is a change too.
      { 'emit-a.ts': 'export const a = 1;\nexport', 'nested/b.ts': ' const b = 2;\n' },
    ];
    const seen = new Set([fingerprint]);
    for (const files of different) seen.add(await generatorFingerprint(await generator(files)));
    expect(seen.size).toBe(different.length + 1);
  });

  it('gives "the generator changed" when only the generator did, and not when only a description did', async () => {
    const before = await computeLock(spec, await generator(base));
    const after = await computeLock(spec, await generator({ ...base, 'emit-a.ts': 'changed' }));
    const reasons = explainLock(before, after);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^the generator changed \(its sources' sha256 [0-9a-f]{12} → [0-9a-f]{12}\)$/);
    expect(reasons[0]).toContain(before.generator.sources.slice(0, 12));
    const edited = await computeLock(
      [{ file: 'specs/v1.0/openapi.yaml', text: 'x' }] as never,
      await generator(base),
    );
    expect(explainLock(before, edited)).toEqual([
      expect.stringMatching(/^specs\/v1\.0\/openapi\.yaml changed/),
    ]);
    expect(explainLock(before, before)).toEqual([expect.stringMatching(/edited by hand/)]);
  });

  it('reads a lock written before fingerprints (generator.version) as a generator change', async () => {
    const current = await computeLock(spec, await generator(base));
    const old = { ...current, generator: { version: '0.0.0' } } as never;
    expect(explainLock(old, current)).toEqual([expect.stringContaining('was not recorded')]);
  });
});

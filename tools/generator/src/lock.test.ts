import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeLock, explainLock, generateModules, generatorFingerprint } from './lock.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A workspace with these files under tools/generator/src (paths may lead out of it). */
async function generator(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lock-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, 'tools', 'generator', 'src', path, '..'), { recursive: true });
    await writeFile(join(dir, 'tools', 'generator', 'src', path), text);
  }
  return dir;
}

const fingerprintOf = async (files: Record<string, string>) =>
  generatorFingerprint(join(await generator(files), 'tools', 'generator'));
const generatorDir = async (files: Record<string, string>) =>
  join(await generator(files), 'tools', 'generator');

const base = {
  'generate.ts':
    "import { a } from './emit-a.ts';\nexport { b } from './nested/b.js';\nconst lazy = () => import('./lazy.ts');\n",
  'emit-a.ts': "import type { B } from './nested/b.ts';\nexport const a = 1;\n",
  'nested/b.ts': "import '../../../../packages/shared/src/side.ts';\nexport const b = 2;\n",
  'lazy.ts': 'export const lazy = 3;\n',
  '../../../packages/shared/src/side.ts': 'export {};\n',
  'diff-rules.ts': "import { a } from './emit-a.ts';\nexport const rules = [];\n",
  'cli.ts': "import './generate.ts';\n",
};
const spec = [{ file: 'specs/v1.0/openapi.yaml', text: 'openapi: 3.0.3\n' }] as never;

describe('the lock fingerprints the modules generate.ts imports', () => {
  it('walks relative imports (static, re-exports, side-effect, dynamic, .js for .ts, outside the generator)', async () => {
    const dir = await generator(base);
    expect([...(await generateModules(join(dir, 'tools', 'generator'))).keys()]).toEqual([
      '../../packages/shared/src/side.ts',
      'src/emit-a.ts',
      'src/generate.ts',
      'src/lazy.ts',
      'src/nested/b.ts',
    ]);
  });

  it('changes with any module generate imports, its name or its folder; not with other modules, tests or line endings', async () => {
    const fingerprint = await fingerprintOf(base);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const same = [
      { ...base, 'emit-a.test.ts': 'test' },
      { ...base, 'x.test-helper.ts': 'helper' },
      { ...base, 'emit-a.ts': base['emit-a.ts'].replaceAll('\n', '\r\n') },
      { ...base, 'diff-rules.ts': 'export const rules = [1];\n' },
      { ...base, 'cli.ts': "import './generate.ts';\nconsole.log('new usage text');\n" },
      { ...base, 'new.ts': 'export {};\n' },
    ];
    for (const files of same) expect(await fingerprintOf(files)).toBe(fingerprint);
    const different = [
      { ...base, 'emit-a.ts': "import type { B } from './nested/b.ts';\nexport const a = 2;\n" },
      { ...base, 'nested/b.ts': "import '../../../../packages/shared/src/side.ts';\nexport const b = 3;\n" },
      { ...base, 'lazy.ts': 'export const lazy = 4;\n' },
      { ...base, '../../../packages/shared/src/side.ts': 'export const side = 1;\n' },
      { ...base, 'generate.ts': `${base['generate.ts']}import './new.ts';\n`, 'new.ts': '' },
    ];
    const seen = new Set([fingerprint]);
    for (const files of different) seen.add(await fingerprintOf(files));
    expect(seen.size).toBe(different.length + 1);
  });

  it('gives "the generator changed" when only the generator did, and not when only a description did', async () => {
    const before = await computeLock(spec, await generatorDir(base));
    const after = await computeLock(spec, await generatorDir({ ...base, 'emit-a.ts': 'changed' }));
    const reasons = explainLock(before, after);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^the generator changed \(its sources' sha256 [0-9a-f]{12} → [0-9a-f]{12}\)$/);
    expect(reasons[0]).toContain(before.generator.sources.slice(0, 12));
    const edited = await computeLock(
      [{ file: 'specs/v1.0/openapi.yaml', text: 'x' }] as never,
      await generatorDir(base),
    );
    expect(explainLock(before, edited)).toEqual([
      expect.stringMatching(/^specs\/v1\.0\/openapi\.yaml changed/),
    ]);
    expect(explainLock(before, before)).toEqual([expect.stringMatching(/edited by hand/)]);
  });

  it('reads a lock written before fingerprints (generator.version) as a generator change', async () => {
    const current = await computeLock(spec, await generatorDir(base));
    const old = { ...current, generator: { version: '0.0.0' } } as never;
    expect(explainLock(old, current)).toEqual([expect.stringContaining('was not recorded')]);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generatedDirs, outputFolder, type OutputPackage, outputPackages } from './outputs.ts';
import { repoRoot } from './test-workspace.ts';
import { specVersions } from './versions.ts';

describe('the output-folder table', () => {
  test('each row names the package whose sources folder it gives', async () => {
    for (const [output, { name, sources }] of Object.entries(outputPackages)) {
      const manifest = JSON.parse(await readFile(join(repoRoot, sources, '..', 'package.json'), 'utf8')) as {
        name: string;
      };
      expect(manifest.name, output).toBe(name);
    }
  });

  test('a version folder is a subfolder of generated/, importing the runtime two levels up and its own types entry', () => {
    expect(outputFolder('client')).toEqual({
      dir: 'packages/client/src/generated',
      runtime: '..',
      types: '@graph-incidents/types',
    });
    expect(outputFolder('mocks', 'beta')).toEqual({
      dir: 'packages/mocks/src/generated/beta',
      runtime: '../..',
      types: '@graph-incidents/types/beta',
    });
  });

  test('every folder a version writes holds committed .gen.ts files, and the generated folders are the default ones', async () => {
    for (const version of specVersions)
      for (const output of version.outputs as readonly OutputPackage[]) {
        const { dir } = outputFolder(output, version.subdir);
        const names = await readdir(join(repoRoot, dir));
        expect(names.filter((name) => name.endsWith('.gen.ts')).length, dir).toBeGreaterThan(0);
      }
    expect(generatedDirs).toEqual([
      'packages/types/src/generated',
      'packages/client/src/generated',
      'packages/mocks/src/generated',
      'packages/contract-tests/src/generated',
    ]);
  });
});

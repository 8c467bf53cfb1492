import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { publishedPackages, repoRoot, run } from './workspace.js';

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
}

test('changeset version bumps versions, writes changelogs and updates internal dependency ranges', async () => {
  // A temporary copy with only what changesets reads: the manifests and the changeset config.
  const root = await mkdtemp(join(tmpdir(), 'graph-incidents-release-'));
  await cp(join(repoRoot, 'package.json'), join(root, 'package.json'));
  await cp(join(repoRoot, '.changeset', 'config.json'), join(root, '.changeset', 'config.json'), {
    recursive: true,
  });
  for (const name of [...publishedPackages.map((p) => `packages/${p}`), 'tools/generator']) {
    await mkdir(join(root, name), { recursive: true });
    await cp(join(repoRoot, name, 'package.json'), join(root, name, 'package.json'));
  }
  await symlink(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  const before = JSON.parse(await readFile(join(root, 'packages/types/package.json'), 'utf8')) as Manifest;
  const dependentsBefore = new Map<string, string>();
  for (const name of ['client', 'mocks', 'contract-tests']) {
    const manifestText = await readFile(join(root, 'packages', name, 'package.json'), 'utf8');
    dependentsBefore.set(name, (JSON.parse(manifestText) as Manifest).version);
  }
  await writeFile(
    join(root, '.changeset', 'incident-priority.md'),
    "---\n'@graph-incidents/types': minor\n---\n\nAdd `priorityScore` to `Incident`.\n",
  );

  run(process.execPath, [join(repoRoot, 'node_modules/@changesets/cli/bin.js'), 'version'], { cwd: root });

  const manifest = async (name: string) =>
    JSON.parse(await readFile(join(root, 'packages', name, 'package.json'), 'utf8')) as Manifest;
  const [major, minor] = before.version.split('.').map(Number) as [number, number];
  const bumped = `${major}.${minor + 1}.0`;
  const types = await manifest('types');
  expect(types.version).toBe(bumped);
  const changelog = await readFile(join(root, 'packages/types/CHANGELOG.md'), 'utf8');
  expect(changelog).toContain(`## ${bumped}`);
  expect(changelog).toContain('Add `priorityScore` to `Incident`.');
  // Dependents follow: their range on types moves to the new version and they get a patch release.
  let dependents = 0;
  for (const name of ['client', 'mocks', 'contract-tests'] as const) {
    const dependent = await manifest(name);
    const range = dependent.dependencies?.['@graph-incidents/types'];
    if (range === undefined) continue;
    expect(range, name).toContain(bumped);
    // `updateInternalDependencies: "patch"` in .changeset/config.json: a dependent gets exactly a patch release.
    const [dMajor, dMinor, dPatch] = dependentsBefore.get(name)!.split('.').map(Number) as [
      number,
      number,
      number,
    ];
    expect(dependent.version, name).toBe(`${dMajor}.${dMinor}.${dPatch + 1}`);
    dependents += 1;
    expect(await readFile(join(root, 'packages', name, 'CHANGELOG.md'), 'utf8'), name).toContain(
      `@graph-incidents/types@${bumped}`,
    );
  }
  expect(dependents, 'packages that depend on @graph-incidents/types').toBeGreaterThan(0);
  // The private generator is never versioned.
  const generator = JSON.parse(
    await readFile(join(root, 'tools/generator/package.json'), 'utf8'),
  ) as Manifest;
  expect(generator.version).toBe('0.0.0');
});

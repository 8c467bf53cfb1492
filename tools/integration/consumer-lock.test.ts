import { describe, expect, test } from 'vitest';
import { consumerProject, type LocalTarball, type Lockfile } from './consumer-lock.js';

const entry = (version: string, extra: Record<string, unknown> = {}) => ({
  version,
  resolved: `https://registry.npmjs.org/x/-/x-${version}.tgz`,
  integrity: `sha512-${version}`,
  ...extra,
});

// A root lock shaped as npm writes it for a workspace: our packages are links, one workspace has a nested copy of a
// dependency at another version, and a dependency has a nested copy of its own.
const root: Lockfile = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'graph-incidents' },
    'node_modules/@graph-incidents/client': { resolved: 'packages/client', link: true },
    'node_modules/@graph-incidents/types': { resolved: 'packages/types', link: true },
    'node_modules/fetcher': entry('1.0.0', { dependencies: { helpers: '^2.0.0' }, dev: true }),
    'node_modules/fetcher/node_modules/helpers': entry('2.1.0', { dev: true }),
    'node_modules/helpers': entry('3.0.0', { dev: true, peer: true }),
    'node_modules/left-alone': entry('9.9.9', { dev: true }),
    'node_modules/@types/node': entry('20.19.4', { dependencies: { 'undici-types': '~6' }, dev: true }),
    'node_modules/undici-types': entry('6.21.0', { dev: true }),
    'packages/client': { name: '@graph-incidents/client', version: '0.1.0' },
    'packages/client/node_modules/helpers': entry('1.5.0'),
  },
};

const local = (name: string, dependencies: Record<string, string>): LocalTarball => ({
  manifest: {
    name: `@graph-incidents/${name}`,
    version: '0.1.0',
    dependencies,
    bin: { [`graph-incidents-${name}`]: `./bin/${name}.js` },
  },
  workspace: `packages/${name}`,
  tarball: `tarballs/graph-incidents-${name}-0.1.0.tgz`,
  integrity: `sha512-${name}`,
});

describe('the consumer lock file derived from the workspace lock', () => {
  const locals = [
    local('types', {}),
    local('client', { '@graph-incidents/types': '0.1.0', fetcher: '^1.0.0', helpers: '^1.0.0' }),
  ];

  test('places each package where the workspace has it, ours from their tarballs, and nothing unneeded', () => {
    const { packageJson, lockfile } = consumerProject(root, locals, ['@types/node']);
    expect(packageJson).toEqual({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: {
        '@graph-incidents/types': 'file:tarballs/graph-incidents-types-0.1.0.tgz',
        '@graph-incidents/client': 'file:tarballs/graph-incidents-client-0.1.0.tgz',
      },
      devDependencies: { '@types/node': '20.19.4' },
    });
    expect(Object.keys(lockfile.packages)).toEqual([
      '',
      'node_modules/@graph-incidents/client',
      // The workspace's nested copy moves under the package, where Node finds it from the installed tarball.
      'node_modules/@graph-incidents/client/node_modules/helpers',
      'node_modules/@graph-incidents/types',
      'node_modules/@types/node',
      'node_modules/fetcher',
      'node_modules/fetcher/node_modules/helpers',
      'node_modules/undici-types',
    ]);
    expect(lockfile.packages['node_modules/@graph-incidents/client']).toEqual({
      version: '0.1.0',
      resolved: 'file:tarballs/graph-incidents-client-0.1.0.tgz',
      integrity: 'sha512-client',
      dependencies: locals[1]!.manifest.dependencies,
      bin: { 'graph-incidents-client': './bin/client.js' },
    });
    expect(lockfile.packages['node_modules/@graph-incidents/client/node_modules/helpers']?.version).toBe(
      '1.5.0',
    );
    expect(lockfile.packages['node_modules/fetcher/node_modules/helpers']?.version).toBe('2.1.0');
    // The root tree's flags (dev, peer…) are npm's to compute for the consumer's tree.
    expect(lockfile.packages['node_modules/fetcher']).toEqual(
      entry('1.0.0', { dependencies: { helpers: '^2.0.0' } }),
    );
    expect(lockfile.packages['']).toEqual({
      name: 'consumer',
      dependencies: packageJson['dependencies'],
      devDependencies: packageJson['devDependencies'],
    });
  });

  test('a package missing from the workspace lock is an error that names it', () => {
    expect(() => consumerProject(root, [local('mocks', { faker: '^10.0.0' })], [])).toThrow(
      'faker (needed by packages/mocks) is not in the root lock file',
    );
    expect(() => consumerProject(root, locals, ['typescript'])).toThrow(
      /^typescript is not in the root lock file/,
    );
  });

  test('an optional dependency missing from the lock (another platform) is left out, not an error', () => {
    const { lockfile } = consumerProject(
      {
        ...root,
        packages: {
          ...root.packages,
          'node_modules/fetcher': entry('1.0.0', { optionalDependencies: { 'fsevents-ish': '1' } }),
        },
      },
      locals,
      [],
    );
    expect(Object.keys(lockfile.packages).some((path) => path.includes('fsevents-ish'))).toBe(false);
  });
});

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { consumerProject, type LocalTarball, type Lockfile } from './consumer-lock.js';
import { publishedPackages, repoRoot, run } from './workspace.js';

const runtimes = join(repoRoot, 'tools/runtimes/node_modules');
const typescript5 = join(repoRoot, 'node_modules/typescript/bin/tsc');
const typescript7 = join(runtimes, 'typescript-7/bin/tsc');
const nodes = {
  'Node 20 (this machine)': process.execPath,
  'Node 22': join(runtimes, 'node-22/bin/node'),
  'Node 24': join(runtimes, 'node-24/bin/node'),
};

let project: string;

beforeAll(async () => {
  // npm pack every published package (their dist is built by the step before) into a project outside the workspace,
  // then install it the way a fresh machine can: `npm ci --offline` from a lock file derived from the workspace's
  // (see consumer-lock.ts for why neither `npm install --offline` nor a committed lock file would do).
  project = await mkdtemp(join(tmpdir(), 'graph-incidents-consumer-'));
  const tarballs = join(project, 'tarballs');
  await mkdir(tarballs);
  const locals: LocalTarball[] = [];
  for (const name of publishedPackages) {
    const workspace = `packages/${name}`;
    run('npm', ['pack', '--pack-destination', tarballs, '--silent'], { cwd: join(repoRoot, workspace) });
    const manifest = JSON.parse(
      await readFile(join(repoRoot, workspace, 'package.json'), 'utf8'),
    ) as LocalTarball['manifest'];
    // npm pack's file name: @scope/name@1.0.0 → scope-name-1.0.0.tgz
    const tarball = `tarballs/${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
    const bytes = await readFile(join(project, tarball));
    locals.push({
      manifest,
      workspace,
      tarball,
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    });
  }
  expect((await readdir(tarballs)).filter((file) => file.endsWith('.tgz'))).toHaveLength(
    publishedPackages.length,
  );
  const rootLock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const { packageJson, lockfile } = consumerProject(rootLock, locals, ['@types/node']);
  await writeFile(join(project, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  await writeFile(join(project, 'package-lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project });
  await mkdir(join(project, 'src'));
  await cp(join(repoRoot, 'tools/integration/consumer/main.ts'), join(project, 'src/main.ts'));
  const compilerOptions = {
    strict: true,
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    skipLibCheck: false,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    outDir: 'dist',
    rootDir: 'src',
  };
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { ...compilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext' },
      include: ['src'],
    }),
  );
  await writeFile(
    join(project, 'tsconfig.bundler.json'),
    JSON.stringify({
      compilerOptions: { ...compilerOptions, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true },
      include: ['src'],
    }),
  );
  // Emitted once (nodenext), then run on each Node version below.
  run(process.execPath, [typescript5, '-p', 'tsconfig.json'], { cwd: project });
});

describe('a consumer project installed from the packed tarballs', () => {
  test.each([
    ['TypeScript 5.9', 'nodenext', typescript5, 'tsconfig.json'],
    ['TypeScript 5.9', 'bundler', typescript5, 'tsconfig.bundler.json'],
    ['TypeScript 7', 'nodenext', typescript7, 'tsconfig.json'],
    ['TypeScript 7', 'bundler', typescript7, 'tsconfig.bundler.json'],
  ])('compiles in strict mode with %s, %s resolution', (_name, _resolution, tsc, config) => {
    run(process.execPath, [tsc, '-p', config, '--noEmit'], { cwd: project });
  });

  test.each(Object.entries(nodes))(
    'runs on %s and its recorded traffic satisfies the contract',
    (name, node) => {
      const output = run(node, ['dist/main.js'], { cwd: project });
      expect(output).toMatch(/^pages 5,5,2$/m);
      expect(output).toMatch(/^updated inProgress analyst@contoso\.com consumer$/m);
      expect(output).toMatch(/^comments true$/m);
      expect(output).toMatch(/^GraphError 404 \S+ with request-id$/m);
      expect(output).toMatch(/^beta true true$/m);
      const recorded = Number(/^recorded (\d+)$/m.exec(output)?.[1]);
      expect(recorded).toBeGreaterThanOrEqual(6);

      const contract = (...args: string[]) =>
        spawnSync(join(project, 'node_modules/.bin/graph-incidents-contract'), args, {
          cwd: project,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}` },
        });
      const verify = contract('verify', 'traffic.har');
      expect(`${verify.stdout}${verify.stderr}`).toMatch(/0 error/);
      expect(verify.status).toBe(0);
      // The JUnit report from the installed tarball (its XML library resolved as a user's install resolves it).
      const report = `report-${name.replace(/\W+/g, '-')}.xml`;
      const junit = contract('verify', 'traffic.har', '--format', 'junit', '--output', report);
      expect(junit.status, junit.stderr).toBe(0);
      const xml = readFileSync(join(project, report), 'utf8');
      expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
      expect(xml.match(/<testcase /g)).toHaveLength(recorded);
    },
  );
});

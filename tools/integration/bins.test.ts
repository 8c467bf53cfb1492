import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readlink, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './workspace.js';

// npm links a workspace package's `bin` during `npm ci` only if the target exists then; dist/ is built later. So each
// bin is a committed launcher (packages/*/bin/*.js) that imports the built CLI, and says what to do when it is not built.
const bins = [
  { name: 'graph-incidents-mock', workspace: 'packages/mocks', usage: /^Usage: graph-incidents-mock /m },
  {
    name: 'graph-incidents-contract',
    workspace: 'packages/contract-tests',
    usage: /^Usage: graph-incidents-contract verify /m,
  },
] as const;

const manifest = async (workspace: string) =>
  JSON.parse(await readFile(join(repoRoot, workspace, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    files: string[];
  };

const launch = (command: string, args: readonly string[], cwd = repoRoot) =>
  spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // npx must find the workspace's bin, never ask the registry for a package of that name.
    env: { ...process.env, npm_config_offline: 'true', npm_config_yes: 'false' },
  });

describe.each(bins)('the $name bin', ({ name, workspace, usage }) => {
  test('is linked by npm to the committed launcher, not to dist/', async () => {
    const target = resolve(
      join(repoRoot, 'node_modules/.bin'),
      await readlink(join(repoRoot, 'node_modules/.bin', name)),
    );
    const { bin, files } = await manifest(workspace);
    expect(bin[name]).toMatch(/^\.\/bin\//);
    expect(files).toContain('bin');
    expect(await realpath(target)).toBe(join(repoRoot, workspace, bin[name]!));
  });

  test('npx runs it from the repository after the build: --help prints the usage and exits 0', () => {
    const result = launch('npx', ['--no-install', name, '--help']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(usage);
    expect(result.status).toBe(0);
  });

  test('before the build it says to run `npm run build`, and exits 2', async () => {
    // The launcher as it sits in a fresh clone: its package folder without dist/.
    const clone = await mkdtemp(join(tmpdir(), 'graph-incidents-bin-'));
    await mkdir(join(clone, 'bin'));
    const launcher = (await manifest(workspace)).bin[name]!;
    await cp(join(repoRoot, workspace, launcher), join(clone, launcher));
    await cp(join(repoRoot, workspace, 'package.json'), join(clone, 'package.json'));
    const result = launch(process.execPath, [join(clone, launcher), '--help'], clone);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${name}: `);
    expect(result.stderr).toContain(`${join(clone, 'dist/cli.js')} is missing`);
    expect(result.stderr).toContain('Run `npm run build` at the root of the graph-incidents repository');
  });
});

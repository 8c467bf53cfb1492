import { copyFile, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from './diff-cli.ts';
import { repoRoot } from './test-workspace.ts';

let output: string[] = [];
beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
});

async function workspaceWithSpecs(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'graph-incidents-diff-'));
  for (const version of ['beta-2021', 'beta']) {
    await mkdir(join(root, 'specs', version), { recursive: true });
    await copyFile(
      join(repoRoot, 'specs', version, 'openapi.yaml'),
      join(root, 'specs', version, 'openapi.yaml'),
    );
  }
  await mkdir(join(root, '.changeset'));
  return root;
}

describe('spec:diff command', () => {
  test('--fail-on breaking exits 1 on beta-2021 → beta, and the summary names the bump', async () => {
    const root = await workspaceWithSpecs();
    output = [];
    const args = ['--base', 'specs/beta-2021/openapi.yaml', '--head', 'specs/beta/openapi.yaml'];
    expect(await main([...args, '--fail-on', 'breaking'], root)).toBe(1);
    expect(output.join('\n')).toMatch(/^Impact: major \(\d+ breaking, \d+ non-breaking, \d+ patch\)$/m);
    expect(await main(args, root)).toBe(0);
  });

  test('--changeset writes a major changeset for every published package with the change list', async () => {
    const root = await workspaceWithSpecs();
    output = [];
    const code = await main(
      ['--base', 'specs/beta-2021/openapi.yaml', '--head', 'specs/beta/openapi.yaml', '--changeset'],
      root,
    );
    expect(code).toBe(0);
    const files = await readdir(join(root, '.changeset'));
    expect(files).toHaveLength(1);
    const text = await readFile(join(root, '.changeset', files[0]!), 'utf8');
    expect(
      text.startsWith(
        "---\n'@graph-incidents/types': major\n'@graph-incidents/client': major\n'@graph-incidents/mocks': major\n'@graph-incidents/contract-tests': major\n---\n",
      ),
    ).toBe(true);
    expect(text).toContain('- breaking: microsoft.graph.security.incident.customTags: tags → customTags');
  });

  test('an unusable base exits 2 with a located message', async () => {
    const root = await workspaceWithSpecs();
    output = [];
    expect(
      await main(['--base', 'specs/beta/missing.yaml', '--head', 'specs/beta/openapi.yaml', '--bogus'], root),
    ).toBe(2);
    expect(output.join('\n')).toContain('Unknown argument --bogus');
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { lintWorkflows, workflowsInMarkdown } from '../../scripts/lint-workflows.mjs';
import { repoRoot } from './workspace.js';

interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

const workflow = async (name: string) =>
  parse(await readFile(join(repoRoot, '.github/workflows', name), 'utf8')) as {
    jobs: Record<string, { strategy?: { matrix: { node: number[] } }; steps: Record<string, unknown>[] }>;
    permissions?: Record<string, string>;
  };

describe('GitHub workflows', () => {
  test('the linter of `npm test` (scripts/lint-workflows.mjs) finds what is wrong, at the README line it is on', async () => {
    const broken = [
      'name: broken',
      'on:',
      '  push:',
      '    branchez: [main]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix:',
      '        node: [20, 22]',
      '    steps:',
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version: ${{ matrix.nod }}',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '',
    ].join('\n');
    const markdown = `# A package\n\nSome text.\n\n\`\`\`yaml\n# .github/workflows/broken.yml\n${broken}\`\`\`\n`;
    const blocks = workflowsInMarkdown(markdown) as { text: string; line: number }[];
    expect(blocks).toEqual([{ text: `# .github/workflows/broken.yml\n${broken}`, line: 6 }]);
    const problems = (await lintWorkflows([
      { file: 'README.md', text: blocks[0]!.text, line: blocks[0]!.line },
    ])) as Problem[];
    expect(problems.map((p) => [p.line, p.kind])).toEqual([
      [10, 'syntax-check'], // branchez
      [20, 'expression'], // matrix.nod
      [21, 'expression'], // an untrusted title in a script
    ]);
    expect(problems[0]!.message).toContain('"branchez"');
    expect(problems[1]!.message).toContain('"nod"');
    expect(problems[2]!.message).toContain('potentially untrusted');
  });

  test('ci.yml runs .ci/run on Node 20, 22 and 24, one job with an empty npm cache, caching npm and nx', async () => {
    const ci = await workflow('ci.yml');
    const job = ci.jobs['test']!;
    expect(job.strategy!.matrix.node).toEqual([20, 22, 24]);
    expect(job.strategy!.matrix).toMatchObject({ include: [{ node: 20, 'fresh-npm-cache': true }] });
    const run = job.steps.find((step) => String(step['run'] ?? '').includes('bash .ci/run'));
    expect(run).toBeDefined();
    const caches = job.steps.filter((step) => String(step['uses']).startsWith('actions/cache@'));
    expect(caches.map((step) => (step['with'] as { path: string }).path)).toEqual([
      '~/.npm',
      'graph-incidents/.nx/cache',
    ]);
    // The npm cache is never restored in the job that proves an empty cache is enough.
    expect(caches[0]!['if']).toBe('${{ !matrix.fresh-npm-cache }}');
  });

  test('release.yml: changesets opens the version pull request, then publishes with npm provenance', async () => {
    const release = await workflow('release.yml');
    const job = release.jobs['release']! as unknown as {
      permissions: Record<string, string>;
      steps: { uses?: string; with?: Record<string, string>; env?: Record<string, string> }[];
    };
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    const changesets = job.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(changesets?.with).toMatchObject({ version: 'npx changeset version', publish: 'npm run release' });
    expect(changesets?.env?.['NPM_CONFIG_PROVENANCE']).toBe('true');
    const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
  });
});

import { describe, expect, test } from 'vitest';
import { repoRoot, run } from './workspace.js';

const nx = (args: readonly string[]) => run('npx', ['nx', ...args], { cwd: repoRoot });
const affected = (file: string) =>
  (
    JSON.parse(
      nx(['show', 'projects', '--affected', `--files=${file}`, '--json'])
        .trim()
        .split('\n')
        .at(-1)!,
    ) as string[]
  ).sort();

describe('nx', () => {
  test('a change to the v1.0 spec affects the spec, the generated packages, their dependents and the generator tests', () => {
    // The generator is affected through its tests, which check that the committed generated code matches the spec.
    expect(affected('specs/v1.0/openapi.yaml')).toEqual(
      [
        'specs',
        '@graph-incidents/client',
        '@graph-incidents/contract-tests',
        '@graph-incidents/generator',
        '@graph-incidents/mocks',
        '@graph-incidents/types',
      ].sort(),
    );
  });

  test('a change to the README affects nothing', () => {
    expect(affected('README.md')).toEqual([]);
  });

  test('a change to the client affects the client and what depends on it, not types or the generator', () => {
    const projects = affected('packages/client/src/client.ts');
    expect(projects).toContain('@graph-incidents/client');
    expect(projects).not.toContain('@graph-incidents/types');
    expect(projects).not.toContain('@graph-incidents/generator');
    expect(projects).not.toContain('specs');
  });

  test('an unchanged second build is served from the cache', () => {
    nx(['run-many', '-t', 'build', '--output-style=static']);
    const second = nx(['run-many', '-t', 'build', '--output-style=static']);
    expect(second).toMatch(
      /Nx read the output from the cache instead of running the command for \d+ out of \d+ tasks/,
    );
    const [, fromCache, total] = /for (\d+) out of (\d+) tasks/.exec(second)!;
    expect(fromCache).toBe(total);
  });
});

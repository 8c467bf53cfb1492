import { cp, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from './cli.ts';
import { makeTestWorkspace, repoRoot, specPath } from './test-workspace.ts';

const outDir = 'packages/types/src/generated';
let output: string[] = [];

/** A workspace generated once; each test works on its own copy, so the pipeline does not run once per test. */
let template: string;
async function generatedWorkspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'graph-incidents-gen-'));
  await cp(template, root, { recursive: true, preserveTimestamps: true });
  return root;
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  template = await makeTestWorkspace();
  expect(await main([], template)).toBe(0);
});
afterEach(() => {
  output = [];
});

/** Every generated file's text and modification time, to prove a failed run touched nothing. */
async function snapshotOutput(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const name of await readdir(join(root, outDir))) {
    const path = join(root, outDir, name);
    result.set(name, `${(await stat(path)).mtimeMs} ${await readFile(path, 'utf8')}`);
  }
  return result;
}

describe('generate --check', () => {
  test('exits 0 when fresh, and 1 naming the stale file and the fix when an enum member is renamed', async () => {
    const root = await generatedWorkspace();
    expect(await main(['--check'], root)).toBe(0);
    expect(output.join('\n')).toContain('Generated code is fresh');

    const spec = await readFile(join(root, specPath), 'utf8');
    await writeFile(
      join(root, specPath),
      spec
        .replace('[active, resolved, inProgress, redirected', '[active, closed, inProgress, redirected')
        .replace('resolved: 2,', 'closed: 2,'),
    );
    output = [];
    expect(await main(['--check'], root)).toBe(1);
    const text = output.join('\n');
    expect(text).toContain(`${outDir}/schemas.gen.ts (differs)`);
    expect(text).toContain(`${outDir}/openapi.gen.ts (differs)`);
    expect(text).toContain('npm run generate');
    expect(text).toMatch(
      /because specs\/v1\.0\/openapi\.yaml changed \(sha256 [0-9a-f]{12} → [0-9a-f]{12}\)/,
    );
  });

  test('reports a generated file edited by hand, although the lock lets --check skip formatting', async () => {
    const root = await generatedWorkspace();
    const lock = JSON.parse(await readFile(join(root, 'specs/generate.lock.json'), 'utf8')) as {
      format: { outputs: Record<string, unknown> };
    };
    expect(Object.keys(lock.format.outputs)).toContain(`${outDir}/schemas.gen.ts`);
    const file = join(root, outDir, 'schemas.gen.ts');
    await writeFile(file, `${await readFile(file, 'utf8')}export const edited = true;\n`);
    expect(await main(['--check'], root)).toBe(1);
    expect(output.join('\n')).toContain(`${outDir}/schemas.gen.ts (differs)`);
  });

  test('reports a generated file that the spec no longer produces', async () => {
    const root = await generatedWorkspace();
    await writeFile(join(root, outDir, 'leftover.gen.ts'), 'export {};\n');
    output = [];
    expect(await main(['--check'], root)).toBe(1);
    expect(output.join('\n')).toContain(`${outDir}/leftover.gen.ts (not generated any more)`);
    expect(await main([], root)).toBe(0);
    expect(await readdir(join(root, outDir))).not.toContain('leftover.gen.ts');
  });

  test('an edit to a module generate does not import (diff-rules.ts) leaves it clean; an emitter or the contract transform makes it stale, naming the fix', async () => {
    const root = await generatedWorkspace();
    // A copy of the generator's sources and of the contract-tests module it imports, laid out as in the repository.
    const copy = await mkdtemp(join(tmpdir(), 'graph-incidents-generator-'));
    for (const folder of ['tools/generator/src', 'packages/contract-tests/src'])
      await cp(join(repoRoot, folder), join(copy, folder), { recursive: true });
    const generatorRoot = join(copy, 'tools/generator');
    const edit = async (path: string, change: (text: string) => string) =>
      writeFile(join(copy, path), change(await readFile(join(copy, path), 'utf8')));
    const check = async () => {
      output = [];
      return main(['--check'], root, generatorRoot);
    };
    expect(await check()).toBe(0);

    await edit('tools/generator/src/diff-rules.ts', (text) => `${text}\n// An unrelated edit.\n`);
    expect(await check()).toBe(0);
    expect(output.join('\n')).toContain('Generated code is fresh');

    for (const path of [
      'tools/generator/src/emit-client-view.ts',
      'packages/contract-tests/src/contract-from-openapi.ts',
    ]) {
      const before = await readFile(join(copy, path), 'utf8');
      await edit(path, (text) => `${text}\n// An edit to what generates.\n`);
      expect(await check(), path).toBe(1);
      const text = output.join('\n');
      expect(text, path).toMatch(
        /because the generator changed \(its sources' sha256 [0-9a-f]{12} → [0-9a-f]{12}\)/,
      );
      expect(text, path).toContain('specs/generate.lock.json (differs)');
      expect(text, path).toContain('Fix: run `npm run generate` and commit the result.');
      await writeFile(join(copy, path), before);
      expect(await check(), path).toBe(0);
    }
  });
});

describe('a malformed spec', () => {
  const cases: { name: string; edit: (spec: string) => string; expected: RegExp }[] = [
    {
      name: 'invalid YAML',
      edit: (spec) =>
        spec.replace('      operationId: getIncident\n', '      operationId: getIncident\n     bad: [\n'),
      expected:
        /^specs\/v1\.0\/openapi\.yaml:\d+:\d+ #\/paths\/~1security~1incidents~1\{incidentId\}\S*: .+ \[invalid-yaml\]$/m,
    },
    {
      name: 'a dangling $ref',
      edit: (spec) =>
        spec.replace(
          "$ref: '#/components/schemas/microsoft.graph.security.alertStatus'",
          "$ref: '#/components/schemas/microsoft.graph.security.alertStatusTypo'",
        ),
      expected:
        /^specs\/v1\.0\/openapi\.yaml:\d+:\d+ #\/components\/schemas\/microsoft\.graph\.security\.alert\/properties\/status: Can't resolve \$ref "#\/components\/schemas\/microsoft\.graph\.security\.alertStatusTypo" \[dangling-ref\]$/m,
    },
    {
      name: 'an unknown type',
      edit: (spec) =>
        spec.replace(/(\n    top:\n(?:      .*\n)*?      schema:\n        type: )integer\n/, '$1integr\n'),
      expected:
        /^specs\/v1\.0\/openapi\.yaml:\d+:\d+ #\/components\/parameters\/top\/schema\/type: .*\[unknown-type\]$/m,
    },
    {
      name: 'a duplicate operationId',
      edit: (spec) => spec.replace('operationId: countIncidents', 'operationId: listIncidents'),
      expected:
        /^specs\/v1\.0\/openapi\.yaml:\d+:\d+ #\/paths\/~1security~1incidents~1\$count\/get\/operationId: .*\[duplicate-operation-id\]$/m,
    },
  ];

  test.each(cases)(
    '$name fails with the file, the JSON pointer and the reason, and writes nothing',
    async ({ edit, expected }) => {
      const root = await generatedWorkspace();
      const before = await snapshotOutput(root);
      const spec = await readFile(join(root, specPath), 'utf8');
      const broken = edit(spec);
      expect(broken).not.toBe(spec);
      await writeFile(join(root, specPath), broken);
      output = [];
      expect(await main([], root)).toBe(2);
      const text = output.join('\n');
      expect(text).toContain('no file was written');
      expect(text).toMatch(expected);
      expect(await snapshotOutput(root)).toEqual(before);
    },
  );
});

describe('arguments (node:util parseArgs)', () => {
  test.each([['--bogus'], ['--spec'], ['stray'], ['--check=yes'], ['-x']])(
    'exits 2 with the usage for %s, writing nothing',
    async (arg) => {
      const root = await generatedWorkspace();
      const before = await snapshotOutput(root);
      expect(await main([arg], root)).toBe(2);
      expect(output.join('\n')).toContain('Usage: npm run generate');
      expect(await snapshotOutput(root)).toEqual(before);
    },
  );

  test('prints the usage for --help and -h and exits 0', async () => {
    for (const arg of ['--help', '-h']) {
      output = [];
      expect(await main([arg], template)).toBe(0);
      expect(output.join('\n')).toMatch(/^Usage: npm run generate -- \[--check\] \[--spec <file>\]/);
    }
  });
});

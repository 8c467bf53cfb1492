import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { parseSpec } from './load.ts';
import { maxCacheEntries } from './parse-cache.ts';
import { SpecError } from './spec-error.ts';
import { committedSpec, specText, toYaml } from './hostile-spec.test-helper.ts';
import { specPath } from './test-workspace.ts';
import { rules, validateSpec } from './validate.ts';

// Redocly as it is, with its linting counted: a recorded pass must not reach it.
const lintDocument = vi.hoisted(() => ({ calls: 0 }));
vi.mock('@redocly/openapi-core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@redocly/openapi-core')>();
  return {
    ...actual,
    lintDocument: (...args: Parameters<typeof actual.lintDocument>) => {
      lintDocument.calls += 1;
      return actual.lintDocument(...args);
    },
  };
});

// A YAML 1.1 merge key: Redocly's own parser (js-yaml) merges it, `yaml` (YAML 1.2, what parseSpec and so the
// model read) keeps `<<` as a key, so the operation has no `operationId` of its own.
const text = `openapi: 3.1.0
info: { title: merge, version: '1' }
x-common: &common
  operationId: listThings
  responses:
    '200': { description: ok }
paths:
  /things:
    get:
      <<: *common
`;
const source = { file: 'specs/merge/openapi.yaml', text };

describe('validateSpec', () => {
  test('validates the data parseSpec read, located by the text, not Redocly’s own reading of the text', async () => {
    const parsed = parseSpec(source);
    expect(Object.keys((parsed['paths'] as { '/things': { get: object } })['/things'].get)).toEqual(['<<']);
    // Redocly's reading merges the key and finds nothing wrong: what it validated is not what the model reads.
    await expect(validateSpec(source)).resolves.toBeUndefined();
    const error = await validateSpec(source, parsed, parsed).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    const problems = (error as SpecError).problems;
    expect(problems.map((problem) => [problem.pointer, problem.message])).toEqual([
      ['#/paths/~1things/get/<<', 'Property `<<` is not expected here.'],
      ['#/paths/~1things/get/operationId', 'Operation object should contain `operationId` field.'],
    ]);
    expect(problems.find((problem) => problem.pointer === '#/paths/~1things/get/<<')).toMatchObject({
      file: 'specs/merge/openapi.yaml',
      line: 10,
    });
  });
});

describe('validateSpec with a cache of passes', () => {
  const valid = {
    file: 'specs/v/openapi.yaml',
    text: `openapi: 3.1.0\ninfo: { title: v, version: '1' }\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200': { description: ok }\n`,
  };
  const folder = () => mkdtemp(join(tmpdir(), 'validated-'));
  const entries = async (dir: string) => (await readdir(dir).catch(() => [])).sort();
  /** Validates `source` as loadModel does, and says whether Redocly linted it. */
  const linted = async (source: { file: string; text: string }, cache: string): Promise<boolean> => {
    const before = lintDocument.calls;
    const parsed = parseSpec(source);
    await validateSpec(source, parsed, parsed, { cache });
    return lintDocument.calls > before;
  };

  test('a pass is recorded once and then found without Redocly; another text, or the same text under another name, is validated', async () => {
    const dir = await folder();
    expect(await linted(valid, dir)).toBe(true);
    expect(await entries(dir)).toHaveLength(1);
    expect(await linted(valid, dir)).toBe(false);
    expect(await linted({ ...valid, text: `${valid.text}x-more: 1\n` }, dir)).toBe(true);
    expect(await linted({ ...valid, file: 'specs/w/openapi.yaml' }, dir)).toBe(true);
    expect(await entries(dir)).toHaveLength(3);
    // Without a cache nothing is recorded or looked up.
    const before = lintDocument.calls;
    const parsed = parseSpec(valid);
    await validateSpec(valid, parsed, parsed);
    expect(lintDocument.calls).toBe(before + 1);
  });

  test('a damaged, cut or emptied record is not a pass: the text is validated again and the record rewritten', async () => {
    const dir = await folder();
    await linted(valid, dir);
    const [entry] = await entries(dir);
    const record = await readFile(join(dir, entry!), 'utf8');
    for (const damage of [
      record.slice(0, -3),
      '',
      record.replace(/[0-9a-f](?=")/, (d) => (d === '0' ? '1' : '0')),
    ]) {
      await writeFile(join(dir, entry!), damage);
      expect(await linted(valid, dir)).toBe(true);
      expect(await readFile(join(dir, entry!), 'utf8')).toBe(record);
      expect(await linted(valid, dir)).toBe(false);
    }
  });

  test('a description that fails is never recorded: the same located problems every time', async () => {
    const dir = await folder();
    const failing = { file: 'specs/merge/openapi.yaml', text };
    const errors = [];
    for (let i = 0; i < 3; i++) {
      const before = lintDocument.calls;
      const error = await linted(failing, dir).catch((caught: unknown) => caught);
      expect(lintDocument.calls).toBe(before + 1);
      expect(error).toBeInstanceOf(SpecError);
      errors.push((error as SpecError).problems);
    }
    expect(errors[0]).toContainEqual(
      expect.objectContaining({ pointer: '#/paths/~1things/get/<<', line: 10 }),
    );
    expect(errors[1]).toEqual(errors[0]);
    expect(errors[2]).toEqual(errors[0]);
    expect(await entries(dir)).toEqual([]);
  });

  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);
  /** Records as validateSpec names them, last used `minutes[i]` minutes after a fixed past moment. */
  const fill = async (dir: string, minutes: readonly number[]): Promise<string[]> =>
    Promise.all(
      minutes.map(async (minute, i) => {
        const name = `${i.toString(16).padStart(64, '0')}.json`;
        await writeFile(join(dir, name), '{"passed":"x"}\n');
        await utimes(join(dir, name), at(minute), at(minute));
        return name;
      }),
    );
  const other = { ...valid, text: `${valid.text}x-other: 1\n` };

  test(`${maxCacheEntries} records stay; one more, and the least recently used goes`, async () => {
    const dir = await folder();
    const older = await fill(
      dir,
      Array.from({ length: maxCacheEntries - 1 }, (_, i) => i),
    );
    expect(await linted(valid, dir)).toBe(true);
    const [record] = (await entries(dir)).filter((name) => !older.includes(name));
    expect(await entries(dir)).toEqual([...older, record!].sort());
    expect(await linted(other, dir)).toBe(true);
    const [another] = (await entries(dir)).filter((name) => !older.includes(name) && name !== record);
    expect(await entries(dir)).toEqual([...older.slice(1), record!, another!].sort());
  });

  test('a pass found marks its record used: it outlives records used after it was written', async () => {
    const dir = await folder();
    await linted(valid, dir);
    const [record] = await entries(dir);
    await utimes(join(dir, record!), at(-60), at(-60));
    const older = await fill(
      dir,
      Array.from({ length: maxCacheEntries - 1 }, (_, i) => i),
    );
    expect(await linted(valid, dir)).toBe(false);
    expect(await linted(other, dir)).toBe(true);
    expect(await entries(dir)).toContain(record);
    expect(await entries(dir)).not.toContain(older[0]);
    expect(await entries(dir)).toHaveLength(maxCacheEntries);
    expect(await linted(valid, dir)).toBe(false);
  });
});

describe('the launcher’s bundle of Redocly (bin/run-ts.mjs)', () => {
  /** Descriptions Redocly finds fault with, one rule each. */
  const failing = [
    text,
    (() => {
      const spec = committedSpec();
      spec.info.license = { url: 'https://example.com/license' };
      return toYaml(spec);
    })(),
    specText.replace(/(\n    top:\n(?:      .*\n)*?      schema:\n        type: )integer\n/, '$1integr\n'),
    specText.replace(
      "$ref: '#/components/schemas/microsoft.graph.security.alertStatus'",
      "$ref: '#/components/schemas/microsoft.graph.security.alertStatusTypo'",
    ),
    specText.replace('operationId: countIncidents', 'operationId: listIncidents'),
  ];

  test('finds what the package finds, located alike, on each failing description and the committed one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redocly-bundle-'));
    const input = join(dir, 'input.json');
    const sources = [...failing, specText].map((spec) => ({ file: specPath, text: spec }));
    await writeFile(
      input,
      JSON.stringify({ rules, sources: sources.map((s) => ({ ...s, parsed: parseSpec(s) })) }),
    );
    const runTs = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
    // In a child process: the bundle is what the commands require, outside vitest's module loading.
    const script = `
      const { readFileSync } = await import('node:fs');
      const { createRequire } = await import('node:module');
      const { redoclyModule } = await import(${JSON.stringify(runTs)});
      const require = createRequire(${JSON.stringify(runTs)});
      const bundle = await redoclyModule();
      if (bundle === '@redocly/openapi-core') throw new Error('no bundle was built');
      const { rules, sources } = JSON.parse(readFileSync(${JSON.stringify(input)}, 'utf8'));
      const lint = async (redocly) => {
        const config = await redocly.createConfig({ rules });
        const found = [];
        for (const { file, text, parsed } of sources) {
          const problems = await redocly.lintDocument({
            document: { source: new redocly.Source(file, text), parsed },
            config,
            externalRefResolver: new redocly.BaseResolver(config.resolve),
          });
          found.push(problems.map((p) => ({
            ruleId: p.ruleId, severity: p.severity, message: p.message, pointer: p.location[0]?.pointer,
            at: p.location[0] ? redocly.getLineColLocation(p.location[0]).start : undefined,
          })));
        }
        return found;
      };
      const fromBundle = await lint(require(bundle));
      const fromPackage = await lint(await import(require.resolve('@redocly/openapi-core')));
      console.log(JSON.stringify({ fromBundle, fromPackage }));`;
    const { fromBundle, fromPackage } = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: dir }),
    ) as { fromBundle: { ruleId: string; at?: object }[][]; fromPackage: unknown[][] };
    expect(fromBundle).toEqual(fromPackage);
    expect(fromBundle.slice(0, -1).every((found) => found.length > 0 && found.every((p) => p.at))).toBe(true);
    expect(fromBundle.at(-1)).toEqual([]);
  });
});

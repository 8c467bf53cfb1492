import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe as group, expect, test } from 'vitest';
import { appendErrorsInPlace, linearErrorsApplied } from './ajv-linear-errors.js';
import { defaultContract } from './default-contract.js';
import { describe } from './rules.js';
import { contractValidator } from './validators.js';
import { maxFindingsPerExchange, verifyRecording } from './verify.js';
import { incident, incidentsUrl, runCli } from './verify-inputs.test-helper.js';

// Hostile and huge recordings: verify reports, or exits 2 naming the input; it never dies with a RangeError.

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'graph-incidents-limits-'));
}

const get = (url: string, response: Record<string, unknown>) => ({
  request: { method: 'GET', url },
  response,
});
/** A value nested `depth` levels deep: `{ "a": { "a": … 1 } }`. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

// push(...array) overflows the stack above ~125,000 arguments: 130,000 of each goes past it.
const many = 130_000;

group('more entries in one file than an argument list holds', () => {
  test(`${many} skipped and ${many} invalid entries: every one reported, exit 2`, async () => {
    const dir = await folder();
    const skipped = JSON.stringify(get('https://cdn.example/font.woff2', { status: 200 }));
    const entries = `[${Array(many).fill(skipped).join(',')},${Array(many).fill('{}').join(',')}]`;
    await writeFile(join(dir, 'big.json'), entries);
    const { code, out, err } = await runCli('verify', join(dir, 'big.json'));
    expect(code).toBe(2);
    expect(err).toHaveLength(many);
    expect(err[0]).toMatch(new RegExp(`^unusable invalid-har .*big\\.json#${many} at #/${many}/request: `));
    expect(out.at(-1)).toMatch(
      new RegExp(`^0 errors, 0 warnings, ${many} unusable inputs; 0 exchanges verified, ${many} skipped`),
    );
  }, 120_000);

  test(`${many} findings in one file: every one reported, exit 1`, async () => {
    const dir = await folder();
    // DELETE is no operation of the contract: one unknown-operation finding each, with no body to check.
    const entry = JSON.stringify({
      request: { method: 'DELETE', url: `${incidentsUrl}/7` },
      response: { status: 204 },
    });
    await writeFile(join(dir, 'big.json'), `[${Array(many).fill(entry).join(',')}]`);
    const { code, out } = await runCli('verify', join(dir, 'big.json'));
    expect(code).toBe(1);
    expect(out).toHaveLength(many + 1);
    expect(out[many - 1]).toMatch(new RegExp(`^error unknown-operation .*big\\.json#${many - 1} `));
    expect(out.at(-1)).toMatch(
      new RegExp(`^${many} errors, 0 warnings, 0 unusable inputs; ${many} exchanges verified`),
    );
  }, 120_000);
});

group('deeply nested values', () => {
  test('an unknown property holding a value nested 5,000 levels deep is a finding (an error with --strict, exit 1)', async () => {
    const dir = await folder();
    // Written as text: JSON.stringify overflows at this depth in a test worker (JSON.parse does not).
    const exchange = JSON.stringify(
      get(`${incidentsUrl}/7`, { status: 200, body: { ...incident, extra: '<deep>' } }),
    );
    await writeFile(
      join(dir, 'deep.json'),
      exchange.replace('"<deep>"', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`),
    );
    const { code, out } = await runCli('verify', '--strict', join(dir, 'deep.json'));
    expect(code).toBe(1);
    expect(out[0]).toMatch(
      /^error unknown-property .*deep\.json#0 .* at #\/extra: expected no such property in microsoft\.graph\.security\.incident, found extra \(object\); add under .*: extra: \{ type: object, properties: \{ a: \{ type: object, properties: \{ a: \{ type: object, properties: \{ a: \{ type: object \} \} \} \} \} \} \}$/,
    );
    // Without --strict the same drift is a warning: exit 0.
    expect((await runCli('verify', join(dir, 'deep.json'))).code).toBe(0);
  });

  test('a HAR header value nested 100,000 levels deep is an invalid-har problem at its pointer; the entry is still verified', async () => {
    const har = {
      log: {
        entries: [
          {
            request: {
              method: 'GET',
              url: `${incidentsUrl}/7`,
              headers: [{ name: 'prefer', value: '<deep>' }],
            },
            response: {
              status: 200,
              headers: [
                { name: 'content-type', value: 'application/json' },
                { name: 'x-deep', value: { a: '<deep>' } },
              ],
              content: { mimeType: 'application/json', text: JSON.stringify(incident) },
            },
          },
        ],
      },
    };
    // Written as text: JSON.stringify itself overflows at this depth (JSON.parse does not).
    const deep = `${'['.repeat(100_000)}"x"${']'.repeat(100_000)}`;
    const dir = await folder();
    await writeFile(join(dir, 'headers.har'), JSON.stringify(har).replaceAll('"<deep>"', deep));
    const { code, err, out } = await runCli('verify', join(dir, 'headers.har'));
    expect(code).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(
        /^unusable invalid-har .*headers\.har#0 at #\/log\/entries\/0\/response\/headers\/1\/value: a header value must be a string$/,
      ),
      expect.stringMatching(
        /^unusable invalid-har .*headers\.har#0 at #\/log\/entries\/0\/request\/headers\/0\/value: a header value must be a string$/,
      ),
    ]);
    expect(out.at(-1)).toMatch(/^0 errors, 0 warnings, 2 unusable inputs; 1 exchange verified/);
  });

  test('a body nested deeper than the stack where the schema recurses is an unverifiable problem naming the exchange', () => {
    let inner: unknown = { code: 'innermost' };
    for (let level = 0; level < 50_000; level += 1) inner = { code: 'c', innerError: inner };
    const error = { error: { code: 'itemNotFound', message: 'gone', innerError: inner } };
    const result = verifyRecording(
      [
        get(`${incidentsUrl}/9`, { status: 404, body: error }),
        get(`${incidentsUrl}/7`, { status: 200, body: incident }),
      ],
      { file: 'deep-error.json' },
    );
    expect(result.problems).toEqual([
      {
        code: 'unverifiable',
        file: 'deep-error.json',
        entry: 0,
        message: expect.stringContaining('RangeError: Maximum call stack size exceeded'),
      },
    ]);
    // The next exchange is verified as usual.
    expect(result.verified).toBe(1);
    expect(result.findings).toEqual([]);
  });

  test('describe writes the JSON of any value, cut to 80 characters, and only reads what it writes', () => {
    const cut = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(describe(value)).toBe(cut(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
    expect(describe(nested(100_000))).toBe(cut(`${'{"a":'.repeat(20)}`));
    expect(describe('x'.repeat(10_000_000))).toBe(`"${'x'.repeat(76)}...`);
    expect(describe(undefined)).toBe('undefined');
  });
});

group('findings per exchange', () => {
  const list = (items: unknown[], prefer?: string) => ({
    request: { method: 'GET', url: incidentsUrl, headers: prefer ? { prefer } : {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { value: items } },
  });

  test(`at most ${maxFindingsPerExchange}, errors first, and one more-findings finding counting the rest`, () => {
    // 150 warnings (a member after unknownFutureValue, without Prefer) come before 20,000 errors in the body.
    const hidden = Array.from({ length: 150 }, (_, i) => ({
      ...incident,
      id: `h${i}`,
      status: 'awaitingAction',
    }));
    const bad = Array.from({ length: 20_000 }, (_, i) => ({ ...incident, id: `b${i}`, severity: 'Severe' }));
    const result = verifyRecording(list([...hidden, ...bad]));
    expect(result.findings).toHaveLength(maxFindingsPerExchange + 1);
    const listed = result.findings.slice(0, maxFindingsPerExchange);
    expect(new Set(listed.map((f) => `${f.severity} ${f.rule}`))).toEqual(
      new Set(['error invalid-enum-value']),
    );
    expect(listed[0]!.pointer).toBe('/value/150/severity');
    expect(result.findings.at(-1)).toMatchObject({
      severity: 'warning',
      rule: 'more-findings',
      entry: 0,
      method: 'GET',
      url: incidentsUrl,
      found: `${20_000 + 150 - maxFindingsPerExchange} more (${20_000 - maxFindingsPerExchange} errors, 150 warnings)`,
    });
  });

  test(`exactly ${maxFindingsPerExchange} findings are all listed, with no more-findings`, () => {
    const bad = Array.from({ length: maxFindingsPerExchange }, (_, i) => ({
      ...incident,
      id: `${i}`,
      severity: 'Severe',
    }));
    const result = verifyRecording(list(bad));
    expect(result.findings.map((f) => f.rule)).toEqual(
      Array(maxFindingsPerExchange).fill('invalid-enum-value'),
    );
  });

  test('every compiled schema of the contract appends errors in place instead of copying them (linear in the errors)', () => {
    const validator = contractValidator();
    const keys = Object.keys(defaultContract.schemas);
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys)
      expect(linearErrorsApplied(validator.validatorFor(key).toString()), key).toBe(true);
  });

  test('ajv reports the same errors, in the same order, with and without the rewrite', () => {
    const schema = {
      $id: 'list',
      type: 'object',
      properties: { value: { type: 'array', items: { $ref: 'item' } } },
    };
    const item = {
      $id: 'item',
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' },
        n: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        more: { type: 'array', items: { $ref: 'item' } },
      },
      additionalProperties: false,
    };
    const compile = (process?: (code: string) => string) =>
      new Ajv2020({
        allErrors: true,
        verbose: true,
        schemas: [item],
        ...(process ? { code: { process } } : {}),
      }).compile(schema);
    const plain = compile();
    const rewritten = compile(appendErrorsInPlace);
    expect(linearErrorsApplied(plain.toString())).toBe(false);
    expect(linearErrorsApplied(rewritten.toString())).toBe(true);
    const fields = {
      id: fc.oneof(fc.string(), fc.integer()),
      n: fc.oneof(fc.integer(), fc.constant(null), fc.string()),
      x: fc.boolean(),
    };
    const leaf = fc.record(fields, { requiredKeys: [] });
    const arbitraryItem = fc.record(
      { ...fields, more: fc.array(leaf, { maxLength: 3 }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(arbitraryItem, { maxLength: 8 }), (items) => {
        const body = { value: items };
        expect(rewritten(body)).toBe(plain(body));
        expect(rewritten.errors).toEqual(plain.errors);
      }),
      { numRuns: 200 },
    );
  });
});

group('symbolic links in a folder', () => {
  const good = JSON.stringify(get(`${incidentsUrl}/7`, { status: 200, body: incident }));

  test('a folder holding only a symlinked .har is verified', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'real'));
    await mkdir(join(dir, 'only-link'));
    await writeFile(join(dir, 'real', 'one.json'), good);
    await symlink(join(dir, 'real', 'one.json'), join(dir, 'only-link', 'linked.har'));
    const { code, out } = await runCli('verify', join(dir, 'only-link'));
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/^0 errors, 0 warnings, 0 unusable inputs; 1 exchange verified/);
  });

  test('links to folders are followed, and a link back to a parent is walked once', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'root', 'a'), { recursive: true });
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(join(dir, 'root', 'a', 'one.json'), good);
    await writeFile(join(dir, 'elsewhere', 'two.har'), good);
    await symlink(join(dir, 'elsewhere'), join(dir, 'root', 'b'));
    await symlink(join(dir, 'root'), join(dir, 'root', 'a', 'loop'));
    const { code, out } = await runCli('verify', join(dir, 'root'));
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/^0 errors, 0 warnings, 0 unusable inputs; 2 exchanges verified/);
  });

  test('a dangling link named like a recording is unreadable; other dangling links are ignored', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'one.json'), good);
    await symlink(join(dir, 'missing.har'), join(dir, 'gone.har'));
    await symlink(join(dir, 'missing.txt'), join(dir, 'gone.txt'));
    const { code, err } = await runCli('verify', dir);
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^unusable unreadable .*gone\.har: ENOENT/)]);
  });
});

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { describe, expect, test } from 'vitest';
import { hostileText } from './hostile-text.test-helper.ts';
import { type EmittedPart, emittedText } from './emit-support.ts';
import {
  Code,
  type DataStatement,
  dataStatementText,
  type DataValue,
  printDataStatement,
} from './format-literal.ts';
import { type DrawingFunction, printDrawingFunction } from './format-drawing.ts';
import { formatFiles, formatIncrementally, sha256 } from './format.ts';
import { emitAll } from './generate.ts';
import { hostileSpec, schemaPrefix, setOwn, toYaml } from './hostile-spec.test-helper.ts';
import { makeTestWorkspace, repoRoot } from './test-workspace.ts';
import { specVersions, versionOf } from './versions.ts';

const optionsFor = async (path: string): Promise<prettier.Options> => ({
  ...((await prettier.resolveConfig(join(repoRoot, path))) ?? {}),
  filepath: path,
});

/** The hostile spec, with more keys that need quotes or look like numbers, reserved words and non-ASCII names. */
function hostileDescription(): string {
  const spec = hostileSpec();
  const incident = spec.components.schemas[`${schemaPrefix}incident`];
  for (const key of ['1', '01', '1.5', '1e3', '-1', 'class', 'default', 'ünïcödé', '𝒳', 'a b', "it's", 'x"y'])
    setOwn(incident.properties, key, { type: 'string', description: key });
  spec.components.schemas[`${schemaPrefix}numberish`] = {
    type: 'string',
    enum: ['1', '0', '1.5', 'null', 'true', 'class', '\u2028', '`${x}`', '\\', '*/'],
    'x-graph-enum': {
      values: {
        '1': 5,
        '0': -1,
        '1.5': 1e21,
        null: 0.1,
        true: 2,
        class: 3,
        '\u2028': 4,
        '`${x}`': 6,
        '\\': 7,
        '*/': -0.5,
      },
    },
  };
  return toYaml(spec);
}

// Every description whose outputs hold data statements (the mocks' metadata, the contract), and the hostile spec.
const descriptions = await Promise.all(
  specVersions
    .filter(({ outputs }) => outputs.includes('mocks') || outputs.includes('contract'))
    .map(async ({ spec }) => ({ file: spec, text: await readFile(join(repoRoot, spec), 'utf8') })),
);
descriptions.push({ file: 'specs/v1.0/openapi.yaml', text: hostileDescription() });

describe('data statements and drawing functions printed without prettier', () => {
  test.each(
    descriptions.map((source, index) => [
      index === descriptions.length - 1 ? 'the hostile spec' : source.file,
      source,
    ]),
  )(
    '%s: every output with printed parts is what prettier gives for its text, and prettier leaves it as it is',
    async (_, source) => {
      const emitted = await emitAll(source);
      // schemas.gen.ts and openapi.gen.ts have printed parts too: format-schema.test.ts and format-openapi.test.ts
      // hold them to prettier's.
      const withParts = [...emitted].filter(
        (file): file is [string, readonly EmittedPart[]] =>
          typeof file[1] !== 'string' &&
          !file[0].endsWith('/schemas.gen.ts') &&
          !file[0].endsWith('/openapi.gen.ts'),
      );
      const { outputs } = versionOf(source.file);
      expect(withParts.map(([path]) => path.replace(/.*\//, '')).sort()).toEqual([
        ...(outputs.includes('contract') ? ['contract.gen.ts'] : []),
        ...(outputs.includes('mocks')
          ? ['factories.gen.ts', 'factory-values.gen.ts', 'graph-metadata.gen.ts']
          : []),
      ]);
      for (const [path, text] of withParts) {
        const options = await optionsFor(path);
        // Each data statement was printed here, not handed to prettier; so was each drawing function (a member too
        // long for its line in prettier's layouts too) and each builder.
        const functions = text.filter(
          (part) => typeof part !== 'string' && 'kind' in part,
        ) as DrawingFunction[];
        for (const part of text)
          if (typeof part !== 'string' && !('kind' in part))
            expect(printDataStatement(part, options, prettier), `${path} ${part.name}`).toBeDefined();
        const printed = functions.filter((fn) => printDrawingFunction(fn, options, prettier) !== undefined);
        expect(printed.length, path).toBe(functions.length);
        const formatted = (await formatFiles(new Map([[path, text]]), repoRoot)).get(path)!;
        expect(formatted, path).toBe(await prettier.format(emittedText(text), options));
        expect(await prettier.format(formatted, options), path).toBe(formatted);
      }
    },
  );
});

// Strings that test quoting and escaping; keys that are identifiers, reserved words, numbers or need quotes.
const hostileString = fc.oneof(
  hostileText(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 40 }),
);
const key = fc.oneof(
  hostileString,
  fc.constantFrom(
    'a',
    'id',
    'type',
    'class',
    'default',
    '__proto__',
    'constructor',
    '1',
    '01',
    '1.5',
    '-1',
    'ünï',
    '$x',
    '_',
  ),
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '1'), minLength: 1, maxLength: 30 }),
);
const number = fc.oneof(
  fc.integer({ min: -1_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 1e21, 1.5e-7, 123456789012345680000),
);
const { value } = fc.letrec<{ value: DataValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(new Code('someEnum'), new Code('x')),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.array(number, { maxLength: 40 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((entries) => new Map(entries)),
    fc.array(fc.record({ a: tie('value'), b: tie('value') }), { maxLength: 3 }),
  ),
}));
const options = fc.record({
  printWidth: fc.constantFrom(110, 80, 40),
  tabWidth: fc.constantFrom(2, 4),
  useTabs: fc.boolean(),
  singleQuote: fc.boolean(),
  trailingComma: fc.constantFrom('all', 'es5', 'none') as fc.Arbitrary<'all' | 'es5' | 'none'>,
  bracketSpacing: fc.boolean(),
});

describe('printDataStatement', () => {
  test('over arbitrary data and options: what prettier gives for the one-line text, which prettier leaves as it is', async () => {
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(fc.tuple(key, value), { maxLength: 8 }).map((entries) => new Map(entries)),
          fc.array(value, { maxLength: 8 }),
        ),
        options,
        async (data, settings) => {
          const statement: DataStatement = {
            docs: 'A table.\nOn two lines, with a `*/` in it.',
            name: 'table',
            value: data,
            suffix: ' as const satisfies Readonly<Record<string, Shape>>',
          };
          const withParser = { ...settings, parser: 'babel-ts' } as const;
          const text = printDataStatement(statement, withParser, prettier);
          if (text === undefined) return;
          printed += 1;
          expect(text).toBe(await prettier.format(dataStatementText(statement), withParser));
          expect(await prettier.format(text, withParser)).toBe(text);
        },
      ),
      { numRuns: 150 },
    );
    // Small values that would fit before the type's `<` go to prettier (it breaks the type, not the value); the
    // rest is printed here.
    expect(printed).toBeGreaterThan(60);
  });

  const statement = (value: DataValue, name = 'table'): DataStatement => ({
    docs: 'A table.',
    name,
    value,
    suffix: ' as const satisfies Readonly<Record<string, Shape>>',
  });

  test('leaves to prettier the options it does not mirror, and first or last lines prettier would break', async () => {
    const base = { parser: 'babel-ts', printWidth: 110, singleQuote: true } as const;
    const data = new Map<string, DataValue>([['a-b', 1]]);
    expect(printDataStatement(statement(data), base, prettier)).toBe(
      "/** A table. */\nexport const table = { 'a-b': 1 } as const satisfies Readonly<Record<string, Shape>>;\n",
    );
    for (const other of [
      { quoteProps: 'consistent' },
      { objectWrap: 'collapse' },
      { semi: false },
      { endOfLine: 'crlf' },
      { parser: 'babel' },
    ] as const)
      expect(
        printDataStatement(statement(data), { ...base, ...other }, prettier),
        JSON.stringify(other),
      ).toBe(undefined);
    // Without a parser, the file's name decides, as it does for prettier.
    expect(
      printDataStatement(statement(data), { filepath: 'x.gen.ts', printWidth: 110 }, prettier),
    ).toBeDefined();
    expect(
      printDataStatement(statement(data), { filepath: 'x.gen.js', printWidth: 110 }, prettier),
    ).toBeUndefined();
    // `export const <long> = {` would be broken after `=` by prettier.
    expect(printDataStatement(statement(data, 'x'.repeat(120)), base, prettier)).toBeUndefined();
    // A value that fits on the first line up to `Readonly<` stays there, and prettier breaks the type instead.
    const small = statement(new Map([['a', 'x'.repeat(20)]]));
    expect(printDataStatement(small, { ...base, printWidth: 80 }, prettier)).toBeUndefined();
    expect(await prettier.format(dataStatementText(small), { ...base, printWidth: 80 })).toContain(
      "export const table = { a: '" + 'x'.repeat(20) + "' } as const satisfies Readonly<\n",
    );
    // The type after `satisfies` would be broken on a last line longer than the print width.
    expect(
      printDataStatement({ ...statement(data), suffix: ` satisfies ${'T'.repeat(120)}` }, base, prettier),
    ).toBeUndefined();
  });

  test('keeps the order of a map, integer-like keys included, and defines __proto__ as an own property', () => {
    const data = new Map<string, DataValue>([
      ['b', 1],
      ['1', 2],
      ['__proto__', 3],
    ]);
    const text = printDataStatement(
      statement(data),
      { parser: 'babel-ts', singleQuote: true, printWidth: 110 },
      prettier,
    )!;
    expect(text).toContain("{ b: 1, '1': 2, ['__proto__']: 3 }");
    const literal = /= (\{.*\}) as const/.exec(text)![1]!;
    const table = new Function(`return ${literal};`)() as object;
    expect(Object.getOwnPropertyNames(table).sort()).toEqual(['1', '__proto__', 'b']);
    expect(Object.getPrototypeOf(table)).toBe(Object.prototype);
  });
});

describe('formatIncrementally with data statements', () => {
  test('reuses the file on disk for the same text and generator, and prints it again after a generator change', async () => {
    const root = await makeTestWorkspace();
    try {
      const path = 'packages/mocks/src/generated/graph-metadata.gen.ts';
      const emitted = new Map([
        [
          path,
          [
            "import { a } from './a.js';\n",
            {
              docs: 'A table.',
              name: 'table',
              value: new Map<string, DataValue>([['key', 'value']]),
              suffix: ' as const',
            },
          ],
        ],
      ]);
      const first = await formatIncrementally(emitted, root, undefined, 'generator A');
      const expected =
        "import { a } from './a.js';\n/** A table. */\nexport const table = { key: 'value' } as const;\n";
      expect(first.files.get(path)).toBe(expected);
      // A manifest that vouches for a different text on disk shows which runs reuse it.
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), 'on disk\n');
      const entry = first.manifest.outputs[path]!;
      const manifest = {
        formatter: first.manifest.formatter,
        outputs: { [path]: { raw: entry.raw, formatted: sha256('on disk\n') } },
      };
      const same = await formatIncrementally(emitted, root, manifest, 'generator A');
      expect(same.files.get(path)).toBe('on disk\n');
      const changed = await formatIncrementally(emitted, root, manifest, 'generator B');
      expect(changed.files.get(path)).toBe(expected);
      expect(changed.manifest.outputs[path]!.raw).not.toBe(entry.raw);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

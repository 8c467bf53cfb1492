import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { beforeAll, describe, expect, test } from 'vitest';
import { hostileText } from './hostile-text.test-helper.ts';
import { type EmittedPart, emittedText } from './emit-support.ts';
import { emitSchemasFile } from './emit-types.ts';
import { isIdentifierText } from './escape.ts';
import {
  isSchemaStatement,
  printSchemaStatement,
  type PropertySignature,
  type SchemaStatement,
  schemaStatementText,
  type TypeNode,
} from './format-schema.ts';
import { formatFiles } from './format.ts';
import { loadModel } from './generate.ts';
import { hostileSpec, schemaPrefix, setOwn, toYaml } from './hostile-spec.test-helper.ts';
import { outputFolder } from './outputs.ts';
import { importedReference, microsoftReferences } from './reference-imports.test-helper.ts';
import { repoRoot } from './test-workspace.ts';
import { specVersions } from './versions.ts';

const path = `${outputFolder('types').dir}/schemas.gen.ts`;
const options = async (): Promise<prettier.Options> => ({
  ...((await prettier.resolveConfig(join(repoRoot, path))) ?? {}),
  filepath: path,
});

/** The hostile spec, with keys that need quotes or look like numbers, long unions, literals of every kind. */
function hostileDescription(): string {
  const spec = hostileSpec();
  const incident = spec.components.schemas[`${schemaPrefix}incident`];
  for (const key of [
    '1',
    '01',
    '-1',
    'class',
    'default',
    'ünïcödé',
    '𝒳',
    'ü-x',
    'a b',
    "it's",
    'x"y',
    'toString',
  ])
    setOwn(incident.properties, key, { type: ['string', 'null'], description: `${key} */ *\\ end` });
  incident.properties['longUnion'] = {
    type: ['string', 'null'],
    enum: Array.from({ length: 12 }, (_, i) => `#microsoft.graph.security.aVeryLongLiteralNumber${i}`),
  };
  incident.properties['numbers'] = { type: 'array', items: { type: 'number', enum: [1, -1, 1e21, 0.5] } };
  incident.properties['flags'] = { type: 'array', items: { type: ['boolean', 'null'], enum: [true, false] } };
  incident.properties['nullableItems'] = { type: 'array', items: { type: ['string', 'null'] } };
  incident.properties['aVeryLongPropertyNameThatTakesMostOfTheLineByItselfAndMoreBesides'] = {
    type: ['string', 'null'],
  };
  return toYaml(spec);
}

const descriptions: {
  name: string;
  file: string;
  text: () => Promise<string | undefined>;
  /** Where its output is committed, for the descriptions in specs/. */
  subdir?: string;
}[] = [
  ...specVersions
    .filter(({ outputs }) => outputs.includes('types'))
    .map(({ spec, subdir }) => ({
      name: spec,
      file: spec,
      text: () => readFile(join(repoRoot, spec), 'utf8'),
      subdir,
    })),
  { name: 'the hostile spec', file: 'specs/v1.0/openapi.yaml', text: async () => hostileDescription() },
  ...Object.entries(microsoftReferences).map(([name, file]) => ({
    name,
    file: 'specs/imported/openapi.yaml',
    text: () => importedReference(file),
  })),
];

describe('schemas.gen.ts printed without prettier', () => {
  test.each(descriptions.map((description) => [description.name, description] as const))(
    '%s: the output is what prettier gives for its text, every statement printed here, and a fixed point',
    async (_, description) => {
      const text = await description.text();
      if (text === undefined) return console.warn(`${description.name}: ../shared is missing, skipped`);
      const model = await loadModel({ file: description.file, text });
      const folder = outputFolder('types', description.subdir ?? '');
      const emittedPath = `${folder.dir}/schemas.gen.ts`;
      const parts = (await emitSchemasFile(model, folder)).get(emittedPath) as readonly EmittedPart[];
      const statements = parts.filter(
        (part): part is SchemaStatement =>
          typeof part !== 'string' && 'kind' in part && isSchemaStatement(part),
      );
      expect(statements.length).toBeGreaterThan(10);
      const opts = await options();
      const left = statements.filter(
        (statement) => printSchemaStatement(statement, opts, prettier) === undefined,
      );
      // The hostile spec's incident has a quoted key beyond ASCII (`'ü-x'`): it is the one statement left to
      // prettier, in a file printed here otherwise. (`'ⸯ'` too, which `stringLiteral` writes `'\u2E2F'` so that
      // prettier keeps its quotes: by ES5's tables, which prettier unquotes by, it is an identifier name.)
      expect(left.map((statement) => ('name' in statement ? statement.name : ''))).toEqual(
        description.name === 'the hostile spec' ? ['Incident'] : [],
      );
      const formatted = (await formatFiles(new Map([[emittedPath, parts]]), repoRoot)).get(emittedPath)!;
      expect(formatted).toBe(await prettier.format(emittedText(parts), opts));
      expect(await prettier.format(formatted, opts)).toBe(formatted);
      // The committed output is this file byte for byte (the empty lines between the statements included).
      if (description.subdir !== undefined)
        expect(formatted).toBe(await readFile(join(repoRoot, emittedPath), 'utf8'));
    },
  );
});

// Arbitrary statements of the shapes the printer accepts.
const hostileString = hostileText();
const identifier = fc.oneof(
  fc.stringMatching(/^[A-Za-z_$][\w$]{0,30}$/),
  fc.constantFrom('a', 'ünïcödé', '𝒳', 'class', 'constructor', 'x'.repeat(90)),
);
/** A type's name (no reserved word). */
const typeName = fc.oneof(
  fc.stringMatching(/^[A-Z][\w$]{0,30}$/),
  fc.constantFrom('Ünïcödé', '𝒳', 'X'.repeat(90)),
);
const asciiKey = fc.oneof(
  identifier,
  fc.string({ unit: fc.constantFrom('a', '-', "'", '"', ' ', '.', '@', '1'), minLength: 1, maxLength: 20 }),
);
const docText = fc.oneof(
  fc.constant(''),
  hostileString,
  fc.array(hostileString, { maxLength: 4 }).map((lines) => lines.join('\n')),
  fc.constantFrom('*/ end', 'a */ b *\\ c', ' \n \n text \n'),
);
const leaf: fc.Arbitrary<TypeNode> = fc.oneof(
  fc
    .constantFrom('string', 'number', 'boolean', 'unknown', 'null')
    .map((name) => ({ kind: 'keyword' as const, name })),
  typeName.map((name) => ({ kind: 'reference' as const, name })),
  hostileString.map((value) => ({ kind: 'string' as const, value })),
  fc.constantFrom(0, 1, -1, 1e21, 0.5, -0.25, 123456789).map((value) => ({ kind: 'number' as const, value })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
  fc.constant({ kind: 'any-string' as const }),
  identifier.map((values) => ({ kind: 'element-of' as const, values })),
  fc.constant({
    kind: 'generic' as const,
    name: 'Record',
    args: [
      { kind: 'keyword' as const, name: 'string' },
      { kind: 'keyword' as const, name: 'unknown' },
    ],
  }),
  fc.tuple(typeName, hostileString).map(([name, value]) => ({
    kind: 'generic' as const,
    name: 'Exclude',
    args: [
      { kind: 'reference' as const, name },
      { kind: 'string' as const, value },
    ],
  })),
  fc
    .constantFrom('constructor', 'toString')
    .map((index) => ({ kind: 'indexed' as const, object: 'Object', index })),
);
/** `Name | null`, the union prettier hugs. */
const nullableReference: fc.Arbitrary<TypeNode> = typeName.map((name) => ({
  kind: 'union' as const,
  types: [
    { kind: 'reference' as const, name },
    { kind: 'keyword' as const, name: 'null' },
  ],
}));
const element: fc.Arbitrary<TypeNode> = fc.oneof(
  leaf.filter((type) => !(type.kind === 'number' && type.value < 0)),
  fc.array(leaf, { minLength: 2, maxLength: 6 }).map((types) => ({ kind: 'union' as const, types })),
  nullableReference,
);
const array = element.map((element): TypeNode => ({ kind: 'array', element }));
const member = fc.oneof(leaf, array);
const type: fc.Arbitrary<TypeNode> = fc.oneof(
  member,
  fc.array(member, { minLength: 2, maxLength: 30 }).map((types) => ({ kind: 'union' as const, types })),
  nullableReference,
);
const property: fc.Arbitrary<PropertySignature> = fc.record({
  docs: docText,
  name: asciiKey,
  optional: fc.boolean(),
  type,
});
const statement: fc.Arbitrary<SchemaStatement> = fc.oneof(
  fc.record({
    kind: fc.constant('schema-type' as const),
    blankBefore: fc.constant(false),
    docs: docText,
    name: typeName,
    type,
  }),
  fc.record(
    {
      kind: fc.constant('schema-interface' as const),
      blankBefore: fc.constant(false),
      docs: docText,
      name: typeName,
      extends: typeName,
      open: fc.boolean(),
      properties: fc.array(property, { maxLength: 6 }),
    },
    { requiredKeys: ['kind', 'blankBefore', 'docs', 'name', 'open', 'properties'] },
  ),
  fc.record({
    kind: fc.constant('schema-const' as const),
    blankBefore: fc.constant(false),
    statement: fc.record({
      docs: docText,
      name: fc.stringMatching(/^[a-z][\w$]{0,30}$/),
      value: fc.array(hostileString, { maxLength: 12 }),
      suffix: fc.constant(' as const'),
    }),
  }),
);
const style = fc.record({
  printWidth: fc.integer({ min: 20, max: 140 }),
  singleQuote: fc.boolean(),
  trailingComma: fc.constantFrom('all' as const, 'es5' as const, 'none' as const),
  tabWidth: fc.constantFrom(2, 4),
  useTabs: fc.boolean(),
});

describe('the printer on arbitrary statements', () => {
  let base: prettier.Options;
  beforeAll(async () => {
    base = await options();
  });

  test('each is printed as prettier formats its text (or left to prettier), and prettier leaves it as it is', async () => {
    let printed = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(statement, style, async (s, overrides) => {
        const opts = { ...base, ...overrides };
        runs += 1;
        const result = printSchemaStatement(s, opts, prettier);
        if (result === undefined) return;
        printed += 1;
        expect(result).toBe(await prettier.format(schemaStatementText(s), opts));
        expect(await prettier.format(result, opts)).toBe(result);
      }),
      { numRuns: Number(process.env.SCHEMA_RUNS ?? 300) },
    );
    // Not a vacuous pass: most are printed here (see the next test for which are not).
    expect(printed).toBeGreaterThan(runs * 0.6);
  });

  test('a statement without keys beyond ASCII in quotes is always printed here', () => {
    fc.assert(
      fc.property(statement, style, (s, overrides) => {
        const quotedBeyondAscii = (name: string) => /[^\x00-\x7F]/.test(name) && !isIdentifierText(name);
        fc.pre(s.kind !== 'schema-interface' || !s.properties.some((p) => quotedBeyondAscii(p.name)));
        // A data statement's own guards (format-literal.ts) may leave it to prettier, and an interface whose header
        // is wider than the line is not mirrored; other types and interfaces are always printed here.
        fc.pre(s.kind !== 'schema-const');
        const heritage = s.kind === 'schema-interface' && s.extends ? ` extends ${s.extends}` : '';
        const header = s.kind === 'schema-interface' ? `export interface ${s.name}${heritage} {` : '';
        fc.pre(prettier.util.getStringWidth(header) <= overrides.printWidth);
        // Nor an index signature wider than the line (`[key: string]: unknown;`, 23 columns, one indent in).
        fc.pre(s.kind !== 'schema-interface' || !s.open || overrides.printWidth >= 23 + overrides.tabWidth);
        expect(printSchemaStatement(s, { ...base, ...overrides }, prettier)).toBeDefined();
      }),
      { numRuns: Number(process.env.SCHEMA_RUNS ?? 300) },
    );
  });
});

describe('what the printer does not mirror goes to prettier', () => {
  const quoted: SchemaStatement = {
    kind: 'schema-interface',
    blankBefore: true,
    docs: 'A key beyond ASCII that needs quotes.',
    name: 'Quoted',
    open: false,
    // Beyond ASCII, the keys prettier unquotes (ES5's identifier names) are not TypeScript's: `'ⸯ'` is one.
    properties: [{ docs: '', name: 'ⸯ', optional: true, type: { kind: 'keyword', name: 'string' } }],
  };
  const nested: SchemaStatement = {
    kind: 'schema-type',
    blankBefore: false,
    docs: '',
    name: 'Nested',
    type: {
      kind: 'union',
      types: [
        {
          kind: 'union',
          types: [
            { kind: 'reference', name: 'A' },
            { kind: 'reference', name: 'B' },
          ],
        },
        { kind: 'keyword', name: 'null' },
      ],
    },
  };

  test.each([
    ['a quoted key beyond ASCII', quoted],
    ['a union in a union', nested],
  ])('%s is not printed here, and the file is what prettier gives for its text', async (_, s) => {
    const opts = await options();
    expect(printSchemaStatement(s, opts, prettier)).toBeUndefined();
    const parts: EmittedPart[] = [
      '// head\n',
      s,
      { ...s, blankBefore: true, name: `${'name' in s ? s.name : ''}2` } as SchemaStatement,
    ];
    const formatted = (await formatFiles(new Map([[path, parts]]), repoRoot)).get(path)!;
    expect(formatted).toBe(await prettier.format(emittedText(parts), opts));
  });

  test('other options than the workspace mirrors (no semicolons) leave every statement to prettier', async () => {
    const opts = { ...(await options()), semi: false };
    const s: SchemaStatement = { ...quoted, properties: [] };
    expect(printSchemaStatement(s, opts, prettier)).toBeUndefined();
  });
});

import fc from 'fast-check';
import { StructureKind } from 'ts-morph';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { printStatements } from './emit-support.ts';
import {
  docs,
  isBindingName,
  isTypeName,
  lineCommentText,
  normalizeDocText,
  numberLiteral,
  propertyKey,
  propertySignatureName,
  readDocText,
  stringLiteral,
  templateText,
  toIdentifier,
  valueLiteral,
  type LiteralValue,
} from './escape.ts';
import { formatFiles } from './format.ts';
import { hostilePieces as sharedHostilePieces } from './hostile-text.test-helper.ts';
import { repoRoot } from './test-workspace.ts';

// Each context is checked the way the pipeline writes it: the text goes through prettier with the settings of a
// generated file, then the TypeScript compiler parses it and the value is read back (or the code is run).

/**
 * The printers' hostile pieces (hostile-text.test-helper.ts) and more that only escaping meets: a doc comment's
 * openers and tags, an escaped backslash, a closing brace, NEL, a tab, a script end, special keys, a low surrogate
 * alone, code.
 */
const hostilePieces = [
  ...sharedHostilePieces,
  '/**',
  '//',
  '\\\\',
  '}',
  '\u0085',
  '\t',
  '</script>',
  '__proto__',
  'constructor',
  '@example',
  '{@link x}',
  '\uDC00',
  ';(0, eval)("x");',
];
const hostileString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...hostilePieces), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
);
const runs = { numRuns: 40 };

const generatedPath = 'packages/types/src/generated/escape-check.gen.ts';
async function pretty(code: string): Promise<string> {
  return (await formatFiles(new Map([[generatedPath, code]]), repoRoot)).get(generatedPath)!;
}

/** Parses, failing on any syntax error. */
function parse(code: string): ts.SourceFile {
  const { diagnostics } = ts.transpileModule(code, {
    reportDiagnostics: true,
    fileName: 'check.ts',
    compilerOptions: { target: ts.ScriptTarget.ES2022 },
  });
  expect(diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? [], code).toEqual(
    [],
  );
  return ts.createSourceFile('check.ts', code, ts.ScriptTarget.ESNext, true);
}

/** Runs the module and returns its exports. */
function run(code: string): Record<string, unknown> {
  const { outputText } = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exports: Record<string, unknown> = {};
  new Function('exports', outputText)(exports);
  return exports;
}

describe('stringLiteral', () => {
  test('round-trips any string in a value and in a type position, with nothing outside the literal', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (value) => {
        const code = await pretty(
          `export const value = ${stringLiteral(value)};\nexport type Value = ${stringLiteral(value)};\n`,
        );
        const [first, second, ...rest] = parse(code).statements;
        expect(rest).toEqual([]);
        const initializer = (first as ts.VariableStatement).declarationList.declarations[0]!.initializer!;
        expect(ts.isStringLiteral(initializer) && initializer.text).toBe(value);
        const type = (second as ts.TypeAliasDeclaration).type as ts.LiteralTypeNode;
        expect((type.literal as ts.StringLiteral).text).toBe(value);
        expect(run(code)['value']).toBe(value);
      }),
      runs,
    );
  });

  test('escapes line terminators and the quote, so that no spec text ends the literal', () => {
    expect(stringLiteral("a'b\nc\u2028d\\")).toBe("'a\\'b\\nc\\u2028d\\\\'");
  });

  test('escapes a letter ES2015 took out of identifiers, so prettier keeps the quotes of a key holding it', async () => {
    expect(stringLiteral('\u2E2F')).toBe("'\\u2E2F'");
    expect(await pretty(`export const object = { ${propertyKey('\u2E2F')}: 1 };\n`)).toContain(
      "'\\u2E2F': 1",
    );
    expect(stringLiteral('a\u{1D400}\u2E2Fb')).toBe("'a\u{1D400}\\u2E2Fb'");
  });
});

describe('templateText', () => {
  test('round-trips any string around a substitution, which stays the only one', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (before, after) => {
        const code = await pretty(
          `export const value = \`${templateText(before)}\${'-'}${templateText(after)}\`;\n`,
        );
        const [statement, ...rest] = parse(code).statements;
        expect(rest).toEqual([]);
        const template = (statement as ts.VariableStatement).declarationList.declarations[0]!.initializer!;
        expect(ts.isTemplateExpression(template) && template.templateSpans.length).toBe(1);
        expect(run(code)['value']).toBe(`${before}-${after}`);
      }),
      runs,
    );
  });
});

/** The text of a `/** … *\/` comment as a reader sees it: without the delimiters and the ` * ` margin. */
function commentBody(comment: string): string {
  const inner = comment.slice(3, -2);
  const lines = inner.split('\n');
  if (lines.length === 1) return inner.trim();
  return lines
    .slice(1, -1)
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n');
}

describe('doc comments', () => {
  test('hold any text: it never ends the comment, and reads back as written (normalised line breaks)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (text) => {
        const code = await pretty(
          printStatements([
            {
              kind: StructureKind.TypeAlias,
              name: 'Documented',
              isExported: true,
              type: 'string',
              docs: docs(text),
            },
            { kind: StructureKind.TypeAlias, name: 'Next', isExported: true, type: 'number' },
          ]),
        );
        const file = parse(code);
        expect(file.statements.map((s) => (s as ts.TypeAliasDeclaration).name.text)).toEqual([
          'Documented',
          'Next',
        ]);
        const ranges = ts.getLeadingCommentRanges(code, file.statements[0]!.getFullStart()) ?? [];
        const expected = normalizeDocText(text);
        if (expected === '') return void expect(ranges).toEqual([]);
        expect(ranges).toHaveLength(1);
        const comment = code.slice(ranges[0]!.pos, ranges[0]!.end);
        expect(readDocText(commentBody(comment))).toBe(expected);
        expect(ts.getLeadingCommentRanges(code, file.statements[1]!.getFullStart()) ?? []).toEqual([]);
      }),
      runs,
    );
  });

  test('escape the comment terminator the way openapi-typescript does, and a backslash after a star', () => {
    expect(docs('a */ b *\\ c')).toEqual(['a *\\/ b *\\\\ c']);
    expect(readDocText('a *\\/ b *\\\\ c')).toBe('a */ b *\\ c');
  });
});

describe('lineCommentText', () => {
  test('keeps any text on its line', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (text) => {
        const code = await pretty(`// ${lineCommentText(text)}\nexport const after = 1;\n`);
        const file = parse(code);
        expect(file.statements).toHaveLength(1);
        const [range] = ts.getLeadingCommentRanges(code, 0) ?? [];
        expect(code.slice(range!.pos + 2, range!.end).trim()).toBe(lineCommentText(text).trim());
        expect(run(code)).toEqual({ after: 1 });
      }),
      runs,
    );
  });
});

describe('property keys', () => {
  test('an object literal key defines an own property of exactly that name, __proto__ included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileString,
          fc.constantFrom('__proto__', 'constructor', '1stThing', '1', '\u2E2F', 'a\u2E2F'),
        ),
        async (key) => {
          const code = await pretty(`export const object = { ${propertyKey(key)}: 1 };\n`);
          parse(code);
          const object = run(code)['object'] as object;
          expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
          expect(Object.keys(object)).toEqual([key]);
        },
      ),
      runs,
    );
  });

  test('an interface property is named exactly the key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'foo-bar', '\u2E2F', 'a\u2E2F')),
        async (key) => {
          const code = await pretty(`export interface Shape { ${propertySignatureName(key)}: 1 }\n`);
          const [statement] = parse(code).statements;
          const member = (statement as ts.InterfaceDeclaration).members[0]!;
          const name = member.name as ts.Identifier | ts.StringLiteral | ts.NumericLiteral;
          expect(ts.isNumericLiteral(name) ? String(Number(name.text)) : name.text).toBe(
            ts.isNumericLiteral(name) ? String(Number(key)) : key,
          );
        },
      ),
      runs,
    );
  });
});

describe('valueLiteral', () => {
  test('writes any JSON value as an expression with the same value, own __proto__ keys included', async () => {
    const protoKeys: LiteralValue = JSON.parse(
      '{"__proto__": {"__proto__": [1, "*/"]}, "constructor": null}',
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(protoKeys)), async (value) => {
        const code = await pretty(`export const value = ${valueLiteral(value as LiteralValue)};\n`);
        expect(run(code)['value']).toStrictEqual(value);
      }),
      runs,
    );
  });

  test('keeps -0 and rejects numbers that have no literal', () => {
    expect(Object.is(run(`export const n = ${numberLiteral(-0)};`)['n'], -0)).toBe(true);
    expect(() => numberLiteral(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => numberLiteral(Number.NaN)).toThrow(RangeError);
  });
});

describe('identifiers', () => {
  test('derives a usable, deterministic name from any string; a usable name stays as it is', () => {
    fc.assert(
      fc.property(
        hostileString,
        fc.constantFrom('keep', 'camel', 'pascal') as fc.Arbitrary<'keep' | 'camel' | 'pascal'>,
        (name, style) => {
          const derived = toIdentifier(name, style);
          expect(toIdentifier(name, style)).toBe(derived);
          expect(style === 'pascal' ? isTypeName(derived) : isBindingName(derived)).toBe(true);
          const [statement, ...rest] = parse(
            `export const ${derived} = 1;\nexport type ${derived}X = 1;\n`,
          ).statements;
          expect(rest).toHaveLength(1);
          expect(
            ((statement as ts.VariableStatement).declarationList.declarations[0]!.name as ts.Identifier).text,
          ).toBe(derived);
          if (style === 'keep' && isBindingName(name)) expect(derived).toBe(name);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('names the cases of the issue', () => {
    expect(toIdentifier('foo-bar', 'pascal')).toBe('FooBar');
    expect(toIdentifier('1stThing', 'pascal')).toBe('_1stThing');
    expect(toIdentifier('incident-id', 'camel')).toBe('incidentId');
    expect(toIdentifier('delete')).toBe('delete_');
    expect(toIdentifier('string', 'pascal')).toBe('String');
    expect(toIdentifier('', 'pascal')).toBe('_');
    expect(isTypeName('string')).toBe(false);
    expect(isBindingName('class')).toBe(false);
    expect(isBindingName('Ünïcödé')).toBe(true);
  });
});

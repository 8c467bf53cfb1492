import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hostileSpec, toYaml } from './hostile-spec.test-helper.ts';
import { parseSpec, parseSpecLocated } from './load.ts';
import { parseFast } from './parse-fast.ts';
import { inShared, repoRoot } from './test-workspace.ts';

/**
 * What a parse gives, comparable with `toEqual`: the data with every number tagged (so `-0`, `NaN` and `1` vs `"1"`
 * differ) and every object's keys in order, or the located problems of the error it threw.
 */
function outcome(parse: () => unknown): unknown {
  try {
    return { data: tagged(parse()) };
  } catch (error) {
    return { error: (error as { problems?: unknown }).problems ?? String(error) };
  }
}

function tagged(value: unknown): unknown {
  if (typeof value === 'number') return { number: Object.is(value, -0) ? '-0' : String(value) };
  if (Array.isArray(value)) return value.map(tagged);
  if (value === null || typeof value !== 'object') return value;
  return { keys: Object.keys(value), values: Object.values(value).map(tagged) };
}

/** parseSpec (js-yaml where it may) and the located parse (`yaml` alone) give the same data or the same error. */
function expectSameAsLocated(text: string, file = 'specs/x.yaml'): void {
  expect(outcome(() => parseSpec({ file, text }))).toEqual(outcome(() => parseSpecLocated({ file, text })));
}

/** Microsoft's OpenAPI files in ../shared, read in place (never copied). */
const sharedSpecs = join(repoRoot, '../shared/graph-reference/spec');
const sharedFiles = [
  'powershell-2023-01/Security.v1.0.yml',
  'powershell-2023-01/Security.beta.yml',
  'powershell-v1.0-Security.yml.incident-components.yaml',
  'powershell-v1.0-Security.yml.incidents-paths.yaml',
  'api-evangelist/security-openapi-original.incident-components.yaml',
  'api-evangelist/security-openapi-original.incidents-paths.yaml',
  'derived/incidents-v1.0.selfcontained.openapi.yaml',
].map((file) => join(sharedSpecs, file));
const microsoftFiles = inShared(sharedFiles, "parse-fast.test.ts reads Microsoft's files") ? sharedFiles : [];

describe('parseSpec reads with js-yaml exactly what yaml reads', () => {
  const descriptions = readdirSync(join(repoRoot, 'specs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => join(repoRoot, 'specs', file));

  it.each(descriptions)('every description in specs/ (%s)', (file) => {
    const text = readFileSync(file, 'utf8');
    // The overlays have comments between keys and values, which parseFast leaves to yaml.
    if (!file.includes('overlays')) expect(parseFast(text)).toBeDefined();
    expectSameAsLocated(text);
  });

  it('the hostile spec (__proto__, constructor, line breaks and separators in keys and text)', () => {
    // yaml writes its strings with line breaks over several lines, which parseFast leaves to yaml; as JSON (which is
    // YAML) every string is on one line and js-yaml reads them.
    expectSameAsLocated(toYaml(hostileSpec()));
    const json = JSON.stringify(hostileSpec(), null, 2);
    expect(parseFast(json)).toBeDefined();
    expectSameAsLocated(json);
  });

  it.runIf(microsoftFiles.length > 0).each(microsoftFiles)("Microsoft's %s", (file) => {
    expectSameAsLocated(readFileSync(file, 'utf8'));
  });

  it.runIf(microsoftFiles.length > 0)(
    "js-yaml reads Microsoft's whole Security modules (1.7 MB and 0.9 MB)",
    () => {
      for (const file of microsoftFiles.filter((name) => name.includes('powershell-2023-01')))
        expect(parseFast(readFileSync(file, 'utf8'))).toBeDefined();
    },
  );
});

describe('parseFast leaves to yaml what the two could read differently', () => {
  it.each([
    ['a null key, which yaml reads as ""', 'a: 1\n~: 2\n'],
    ['an empty key', '{ : 1, a: 2 }\n'],
    ['a sequence as a key', '[a, b]: 1\n'],
    ['a one-item sequence as a key', '[a]: 1\n'],
    ['a mapping as a key, across a comment', '{ a: 1 } # c\n : 2\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['an explicit key in a sequence', '- ? [a]\n  : 1\n'],
    ['an anchor and an alias', 'a: &x [1]\nb: *x\n'],
    ['an alias bomb', 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n'],
    ['an explicit tag', 'a: !!str 1\n'],
    ['an explicit tag on a collection', 'a: !!map { b: 1 }\n'],
    ['the non-specific tag', 'a: ! 1\n'],
    ['an unknown tag', 'a: !thing 1\n'],
    ['a YAML 1.1 directive (yes is true, dates)', '%YAML 1.1\n---\na: yes\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['keys that js-yaml would take for duplicates and yaml does not', '1: a\n"1": b\n'],
    ['a key longer than an implicit key may be', `${'k'.repeat(1100)}: 1\n`],
    ['a sequence at the top', '- a\n'],
    ['a scalar at the top', 'a\n'],
    ['an empty document', '# nothing\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a syntax error', 'a: [1\n'],
    ['nesting deeper than js-yaml goes', `${'['.repeat(150)}${']'.repeat(150)}\n`],
    ['a quoted string over several lines', 'a: "b\n  c"\n'],
    ['a quoted string over lines not indented enough', 'a: "b\nc"\n'],
    ['a plain string over several lines', 'a: b\n  c\n'],
    ['a comment right after a quoted string', "a: 'b'#c\n"],
    ['a tab', 'a:\tb\n'],
    ['a byte order mark', '\ufeffa: b\n\ufeff'],
    ['a comment between a key and its value', 'a:\n #c\n  b\n'],
    ['keep chomping, with a last line of spaces', 'a: >+\n  \n  '],
    ['null items of a block sequence at two columns', 'a:\n  - \n- \n'],
  ])('%s', (_name, text) => {
    expect(parseFast(text)).toBeUndefined();
    expectSameAsLocated(text);
  });

  it('reads what yaml reads for scalars of the core schema', () => {
    const scalars = [
      '~',
      'null',
      'Null',
      'NULL',
      'nULL',
      '',
      'true',
      'True',
      'TRUE',
      'tRUE',
      'false',
      'yes',
      'no',
      'on',
      'off',
      '0',
      '-0',
      '+0',
      '007',
      '0o17',
      '0o8',
      '0x1F',
      '0X1F',
      '0xg',
      '0b101',
      '1_000',
      '12345678901234567890',
      '1.',
      '.5',
      '-.5',
      '1.0',
      '1.50',
      '1e3',
      '1E-3',
      '-1.5e+3',
      '.e3',
      '1.e3',
      '.inf',
      '-.Inf',
      '+.INF',
      '.nan',
      '.NaN',
      '-.nan',
      'inf',
      '2001-12-14',
      '2001-12-14t21:59:43.10-05:00',
      '0:30',
      '1:20:30',
      '=',
      '<<',
    ];
    const text = `${scalars.map((scalar, index) => `k${index}: ${scalar}`).join('\n')}\nlist: [${scalars.filter(Boolean).join(', ')}]\n`;
    expect(parseFast(text)).toBeDefined();
    expectSameAsLocated(text);
    expectSameAsLocated(
      `${scalars
        .filter(Boolean)
        .map((scalar) => `${scalar}: v`)
        .join('\n')}\n`,
    );
  });

  it('gives the located error for values JSON cannot hold, after js-yaml read them', () => {
    expect(parseFast('a: .inf\n')).toBeDefined();
    expect(() => parseSpec({ file: 'specs/x.yaml', text: 'a:\n  b: [1, .nan]\n' })).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ code: 'invalid-openapi', pointer: '#/a/b/1' })],
      }),
    );
  });
});

/** Keys and strings where YAML's and JavaScript's special cases meet. */
const hostileText = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '~',
    'true',
    'False',
    '1',
    '-0',
    '0x1F',
    '0o17',
    '1e3',
    '.inf',
    '.nan',
    '<<',
    '__proto__',
    'constructor',
    'toString',
    '? a',
    '- a',
    ': a',
    'a: b',
    'a #b',
    '#',
    '&a',
    '*a',
    '!t',
    '%YAML',
    '---',
    '...',
    '[a]',
    '{a: 1}',
    '"q"',
    "'q'",
    '|',
    '>',
    '\t',
    'a\nb',
    'a\r\nb',
    '\u2028',
    '\u0085',
    '\ufeff',
    '\\',
    '\u0000',
    'ünï',
    '𝒳',
    '\ud800',
    ' lead',
    'trail ',
    'x'.repeat(90),
  ),
);
const data = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 4 }),
  ),
})).value;
/** yaml's and js-yaml's writers in the styles a description may come in (block, flow, each string style, folded). */
const write = fc.oneof(
  fc
    .record({
      defaultStringType: fc.constantFrom(
        'PLAIN',
        'QUOTE_DOUBLE',
        'QUOTE_SINGLE',
        'BLOCK_LITERAL',
        'BLOCK_FOLDED',
      ),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      lineWidth: fc.constantFrom(0, 20, 80),
      indent: fc.constantFrom(2, 4),
      indentSeq: fc.boolean(),
    } as const)
    .map((options) => (value: unknown) => stringify(value, options)),
  fc
    .record({
      flowLevel: fc.constantFrom(-1, 0, 1, 2),
      lineWidth: fc.constantFrom(-1, 20, 80),
      indent: fc.constantFrom(2, 4),
    })
    .map((options) => (value: unknown) => jsYaml.dump(value, { ...options, schema: jsYaml.CORE_SCHEMA })),
);
/** Pieces of YAML's syntax, to make texts both valid and not that the writers never write. */
const yamlPiece = fc.constantFrom(
  'a',
  'b',
  '1',
  '0x1',
  '.5',
  'null',
  '~',
  'true',
  ' ',
  '  ',
  '\n',
  '\n  ',
  '\n- ',
  '- ',
  ': ',
  ':',
  '? ',
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  ' #c',
  '"',
  "'",
  '\\',
  '\\n',
  '\\x41',
  '\\u0041',
  '|',
  '|-',
  '>',
  '>+',
  '&x ',
  '*x',
  '!!str ',
  '! ',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '\t',
  '\r\n',
  '<<: ',
  '__proto__',
  '\u2028',
  '\ufeff',
  '@',
  '`',
);

describe('parseSpec is the located parse on any text (fast-check)', () => {
  it('data written by yaml and js-yaml in any style', () => {
    fc.assert(
      fc.property(fc.dictionary(hostileText, data, { maxKeys: 5 }), write, (value, writer) => {
        let text: string;
        try {
          text = writer(value);
        } catch {
          return; // a writer that cannot write this value (js-yaml and lone surrogates)
        }
        expectSameAsLocated(text);
      }),
      { numRuns: Number(process.env['PARSE_FAST_RUNS'] ?? 300) },
    );
  });

  it('texts made of pieces of YAML syntax, valid or not', () => {
    fc.assert(
      fc.property(fc.array(yamlPiece, { maxLength: 30 }), (pieces) => expectSameAsLocated(pieces.join(''))),
      { numRuns: Number(process.env['PARSE_FAST_RUNS'] ?? 300) },
    );
  });

  it('mappings whose lines hold pieces of YAML syntax', () => {
    const line = fc
      .tuple(
        fc.constantFrom('', '  ', '    ', '- ', '  - '),
        fc.array(yamlPiece, { maxLength: 3 }),
        fc.constantFrom(': ', ':', ':\n', ': |\n  ', ': >-\n   '),
        fc.array(yamlPiece, { maxLength: 4 }),
      )
      .map(([indent, key, colon, value]) => `${indent}k${key.join('')}${colon}${value.join('')}\n`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => expectSameAsLocated(lines.join(''))),
      { numRuns: Number(process.env['PARSE_FAST_RUNS'] ?? 300) },
    );
  });
});

import fc from 'fast-check';
import * as prettier from 'prettier';
import { describe, expect, test } from 'vitest';
import { hostileText } from './hostile-text.test-helper.ts';
import {
  type DrawingFunction,
  drawingFunctionText,
  type Entry,
  type Expression,
  printDrawingFunction,
} from './format-drawing.ts';

// The real outputs (every description in specs/ and the hostile spec) are checked in format-literal.test.ts; here
// arbitrary names, keys, values and options, with names long enough to cross the print width anywhere.

const text = hostileText();
const identifier = fc
  .tuple(
    fc.constantFrom('a', 'x', '_', '$'),
    fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '0', '_'), maxLength: 80 }),
  )
  .map(([head, tail]) => head + tail);
const key = fc.oneof(
  identifier,
  text,
  fc.constantFrom('__proto__', 'class', '1', '@odata.type', 'client-request-id'),
);
// The expressions the emitter writes: leaves, calls whose arguments are leaves, objects of leaves, `[…] as const`
// or an arrow to a call or a leaf, and an empty object (an open type).
const leaf: fc.Arbitrary<Expression> = fc.oneof(
  identifier.map((name): Expression => ({ kind: 'code', text: name })),
  fc.constantFrom<Expression>({ kind: 'code', text: 'depth + 1' }, { kind: 'code', text: 'true' }),
  text.map((value): Expression => ({ kind: 'string', value })),
  fc
    .oneof(fc.integer({ min: -100, max: 100_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
    .map((value): Expression => ({ kind: 'number', value })),
);
const { call } = fc.letrec<{ call: Expression; argument: Expression }>((tie) => ({
  argument: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(fc.tuple(key, leaf), { maxLength: 3 }).map((entries): Expression => ({
      kind: 'object',
      entries: entries.map(([k, value]) => ({ key: k, value })),
    })),
    fc
      .array(leaf, { maxLength: 4 })
      .map((items): Expression => ({ kind: 'as const', expression: { kind: 'array', items } })),
    fc.oneof(leaf, tie('call')).map((body): Expression => ({ kind: 'arrow', body })),
  ),
  call: fc
    .tuple(
      fc.constantFrom('ctx.text', 'ctx.list', 'ctx.nullable', 'xValues'),
      fc.array(tie('argument'), { maxLength: 3 }),
    )
    .map(([callee, args]): Expression => ({ kind: 'call', callee, args })),
}));
const expression = fc.oneof(leaf, call, fc.constant<Expression>({ kind: 'object', entries: [] }));
const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ key, value: expression }),
  fc.record({ spreadIf: call, key, value: call }),
);
const drawingFunction: fc.Arbitrary<DrawingFunction> = fc.record({
  kind: fc.constant('drawing-function' as const),
  docs: text,
  name: identifier,
  type: identifier,
  graphName: text,
  entries: fc.array(entry, { maxLength: 6 }),
});
const callOf = (callee: string, ...args: Expression[]): Expression => ({ kind: 'call', callee, args });
const str = (value: string): Expression => ({ kind: 'string', value });
const num = (value: number): Expression => ({ kind: 'number', value });
const options = fc.record({
  printWidth: fc.constantFrom(110, 80, 60),
  tabWidth: fc.constantFrom(2, 4),
  singleQuote: fc.boolean(),
  trailingComma: fc.constantFrom('all', 'es5', 'none') as fc.Arbitrary<'all' | 'es5' | 'none'>,
  bracketSpacing: fc.boolean(),
});
// Narrower widths too, so that the emitter's shapes cross them in every way.
const anyWidthOptions = fc.tuple(options, fc.constantFrom(110, 80, 60, 40)).map(([settings, printWidth]) => ({
  ...settings,
  printWidth,
}));

// The emitter's own shapes (emit-mocks-factories.ts `valueExpression`), with the names and texts long enough that a
// member crosses the print width in each of prettier's ways: the value after the colon, a call's arguments one a
// line, and a call hugging its last argument (an arrow, an object, `[…] as const`).
const site = fc.tuple(text, fc.oneof(text, identifier));
const { drawn } = fc.letrec<{ drawn: Expression }>((tie) => ({
  drawn: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    site.map(([schema, property]): Expression => callOf('ctx.text', str(schema), str(property))),
    fc
      .tuple(site, fc.integer({ min: 1, max: 9_999 }))
      .map(([[schema, property], min]) => callOf('ctx.text', str(schema), str(property), num(min))),
    fc
      .tuple(
        site,
        fc.subarray(['min', 'max', 'format'] as const, { minLength: 0 }),
        fc.integer({ min: -5, max: 9 }),
      )
      .map(([[schema, property], keys, bound]) =>
        callOf('ctx.integer', str(schema), str(property), {
          kind: 'object',
          entries: keys.map((key) => ({ key, value: key === 'format' ? str('int64') : num(bound) })),
        }),
      ),
    site.map(([schema, property]) => callOf('ctx.dateTime', str(schema), str(property))),
    identifier.map((descriptor) => callOf('ctx.enumMember', { kind: 'code', text: descriptor })),
    fc
      .array(fc.oneof(text.map(str), fc.integer({ min: -3, max: 300 }).map(num)), {
        minLength: 1,
        maxLength: 6,
      })
      .map((items) => callOf('ctx.member', { kind: 'as const', expression: { kind: 'array', items } })),
    fc.constantFrom(callOf('ctx.boolean'), callOf('ctx.uuid')),
    identifier.map((name) =>
      callOf(`${name}Values`, { kind: 'code', text: 'ctx' }, { kind: 'code', text: 'depth + 1' }),
    ),
    tie('drawn').map((body) => callOf('ctx.list', { kind: 'code', text: 'depth' }, { kind: 'arrow', body })),
    tie('drawn').map((body) => callOf('ctx.nullable', { kind: 'arrow', body })),
    identifier.map((name) =>
      callOf(
        'ctx.nested',
        { kind: 'code', text: 'depth' },
        {
          kind: 'arrow',
          body: callOf(`${name}Values`, { kind: 'code', text: 'ctx' }, { kind: 'code', text: 'depth + 1' }),
        },
      ),
    ),
    text.map(str),
    fc.integer({ min: -5, max: 5 }).map(num),
    fc.constantFrom<Expression>({ kind: 'code', text: 'true' }, { kind: 'object', entries: [] }),
  ),
}));
const emitterFunction: fc.Arbitrary<DrawingFunction> = fc.record({
  kind: fc.constant('drawing-function' as const),
  docs: text,
  name: fc.constantFrom('aValues', 'incidentValues'),
  type: fc.constantFrom('A', 'Incident'),
  graphName: fc.constantFrom('a', 'incident'),
  entries: fc.array(fc.record({ key: fc.oneof(identifier, key), value: drawn }), {
    minLength: 1,
    maxLength: 4,
  }),
});

describe('printDrawingFunction', () => {
  test('over arbitrary names, entries and options: what prettier gives for its text, which prettier leaves as it is', async () => {
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(drawingFunction, options, async (fn, settings) => {
        const withParser = { ...settings, parser: 'babel-ts' } as const;
        const text = printDrawingFunction(fn, withParser, prettier);
        if (text === undefined) return;
        printed += 1;
        // Both start with the empty line that separates the function from the statement before it.
        expect(text.startsWith('\n')).toBe(true);
        expect(text.slice(1)).toBe(await prettier.format(drawingFunctionText(fn), withParser));
        expect(await prettier.format(text.slice(1), withParser)).toBe(text.slice(1));
      }),
      { numRuns: 150 },
    );
    expect(printed).toBeGreaterThan(40);
  });

  test("over the emitter's shapes with members too long for their line: prettier's layouts of them", async () => {
    let broken = 0;
    await fc.assert(
      fc.asyncProperty(emitterFunction, anyWidthOptions, async (fn, settings) => {
        const withParser = { ...settings, parser: 'babel-ts' } as const;
        const text = printDrawingFunction(fn, withParser, prettier);
        if (text === undefined) return;
        // A member broken over lines (deeper than the members' two indents) was laid out by prettier's doc printer.
        const memberIndent = ' '.repeat(2 * settings.tabWidth);
        if (text.split('\n').some((line) => line.startsWith(`${memberIndent} `))) broken += 1;
        expect(text.slice(1)).toBe(await prettier.format(drawingFunctionText(fn), withParser));
        expect(await prettier.format(text.slice(1), withParser)).toBe(text.slice(1));
      }),
      { numRuns: 150 },
    );
    // About one in six runs breaks a member (829 of 5,000 by hand).
    expect(broken).toBeGreaterThan(5);
  });

  const fn: DrawingFunction = {
    kind: 'drawing-function',
    docs: 'Draws one `alert`.',
    name: 'alertValues',
    type: 'Alert',
    graphName: 'alert',
    entries: [
      { key: 'id', value: { kind: 'call', callee: 'ctx.text', args: [{ kind: 'string', value: 'alert' }] } },
    ],
  };

  test('builders, over arbitrary names and options: what prettier gives for their text, or left to prettier', async () => {
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          kind: fc.constant('builder-function' as const),
          docs: text,
          name: identifier,
          type: identifier,
          drawnBy: identifier,
        }),
        options,
        fc.constantFrom('always', 'avoid') as fc.Arbitrary<'always' | 'avoid'>,
        async (builder, settings, arrowParens) => {
          const withParser = { ...settings, arrowParens, parser: 'babel-ts' } as const;
          const text = printDrawingFunction(builder, withParser, prettier);
          if (text === undefined) {
            // Left to prettier only when the body does not fit its line (prettier then hugs the arrow).
            expect(await prettier.format(drawingFunctionText(builder), withParser)).toMatch(
              /(\(ctx\)|ctx) =>\n/,
            );
            return;
          }
          printed += 1;
          expect(text.slice(1)).toBe(await prettier.format(drawingFunctionText(builder), withParser));
          expect(await prettier.format(text.slice(1), withParser)).toBe(text.slice(1));
        },
      ),
      { numRuns: 100 },
    );
    expect(printed).toBeGreaterThan(20);
  });

  test("prints a member too long for its line in prettier's three layouts; leaves a spread, tabs and other options to prettier", () => {
    const narrow = { parser: 'babel-ts', printWidth: 60, singleQuote: true, trailingComma: 'all' } as const;
    const site = (property: string): Expression[] => [
      { kind: 'string', value: 'alert' },
      { kind: 'string', value: property },
    ];
    const layouts: DrawingFunction = {
      ...fn,
      docs: '',
      entries: [
        {
          key: 'remediationStatusDetails',
          value: callOf('ctx.nullable', {
            kind: 'arrow',
            body: callOf('ctx.text', ...site('remediationStatusDetails')),
          }),
        },
        {
          key: 'analystVerdictOfTheDetectionSeenInTheTenant',
          value: callOf('ctx.enumMember', { kind: 'code', text: 'verdictEnum' }),
        },
        { key: 'threatFamilyName', value: callOf('ctx.text', ...site('threatFamilyName'), num(3)) },
        {
          key: 'severity',
          value: callOf('ctx.member', {
            kind: 'as const',
            expression: { kind: 'array', items: ['low', 'medium', 'high', 'unknownFutureValue'].map(str) },
          }),
        },
      ],
    };
    expect(printDrawingFunction(layouts, narrow, prettier)?.split('\n')).toEqual([
      '',
      'export function alertValues(',
      '  ctx: FixtureContext,',
      '  depth: number,',
      '  overrides: Partial<Alert> = {},',
      '): Alert {',
      '  const drawn: Alert = {',
      // The call hugs its last argument, an arrow: the body on the next line, a comma after it, `)` alone.
      '    remediationStatusDetails: ctx.nullable(() =>',
      "      ctx.text('alert', 'remediationStatusDetails'),",
      '    ),',
      // A call with one short argument breaks after the colon instead.
      '    analystVerdictOfTheDetectionSeenInTheTenant:',
      '      ctx.enumMember(verdictEnum),',
      // Otherwise the arguments go one a line…
      '    threatFamilyName: ctx.text(',
      "      'alert',",
      "      'threatFamilyName',",
      '      3,',
      '    ),',
      // …unless the last is an object or an array, which is hugged too.
      '    severity: ctx.member([',
      "      'low',",
      "      'medium',",
      "      'high',",
      "      'unknownFutureValue',",
      '    ] as const),',
      '  };',
      "  return ctx.finish('alert', drawn, overrides);",
      '}',
      '',
    ]);
    // A conditional spread too long for its line (prettier's ternary layout) is not mirrored.
    const spread: DrawingFunction = {
      ...fn,
      entries: [
        {
          spreadIf: callOf('ctx.deeper', { kind: 'code', text: 'depth' }),
          key: 'innerErrorOfTheResponse',
          value: callOf(
            'graphInnerErrorValues',
            { kind: 'code', text: 'ctx' },
            { kind: 'code', text: 'depth + 1' },
          ),
        },
      ],
    };
    expect(printDrawingFunction(spread, narrow, prettier)).toBeUndefined();
    const base = { parser: 'babel-ts', printWidth: 110, singleQuote: true } as const;
    expect(printDrawingFunction(fn, base, prettier)).toBe(
      [
        '',
        '/** Draws one `alert`. */',
        'export function alertValues(ctx: FixtureContext, depth: number, overrides: Partial<Alert> = {}): Alert {',
        "  const drawn: Alert = { id: ctx.text('alert') };",
        "  return ctx.finish('alert', drawn, overrides);",
        '}',
        '',
      ].join('\n'),
    );
    expect(printDrawingFunction(fn, { ...base, useTabs: true }, prettier)).toBeUndefined();
    expect(printDrawingFunction(fn, { ...base, semi: false }, prettier)).toBeUndefined();
  });
});

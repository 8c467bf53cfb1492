import fc from 'fast-check';
import * as prettier from 'prettier';
import { describe, expect, test } from 'vitest';
import {
  type DrawingFunction,
  drawingFunctionText,
  type Entry,
  type Expression,
  printDrawingFunction,
} from './format-drawing.ts';

// The real outputs (every description in specs/ and the hostile spec) are checked in format-literal.test.ts; here
// arbitrary names, keys, values and options, with names long enough to cross the print width anywhere.

const hostilePieces = ["'", '"', '\\', '`', '${', '*/', '\n', '\u2028', '\0', '漢', '😀', 'a', ' ', '-'];
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...hostilePieces), maxLength: 8 }),
  fc.string({ maxLength: 30 }),
);
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
const options = fc.record({
  printWidth: fc.constantFrom(110, 80, 60),
  tabWidth: fc.constantFrom(2, 4),
  singleQuote: fc.boolean(),
  trailingComma: fc.constantFrom('all', 'es5', 'none') as fc.Arbitrary<'all' | 'es5' | 'none'>,
  bracketSpacing: fc.boolean(),
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

  test('leaves to prettier a member too long for its line, tabs, and the options prettier is not mirrored for', () => {
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
    const long: DrawingFunction = {
      ...fn,
      entries: [{ key: 'id', value: { kind: 'string', value: 'x'.repeat(120) } }],
    };
    expect(printDrawingFunction(long, base, prettier)).toBeUndefined();
    expect(printDrawingFunction(fn, { ...base, useTabs: true }, prettier)).toBeUndefined();
    expect(printDrawingFunction(fn, { ...base, semi: false }, prettier)).toBeUndefined();
  });
});

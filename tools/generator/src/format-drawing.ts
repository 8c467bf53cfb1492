import type { Options } from 'prettier';
import { EntryDocs } from './format-drawing-member.ts';
import { docComment, keyText, mirrors, type PrettierDocs, printNumber, quote } from './format-literal.ts';

/*
 * The drawing functions of `factory-values.gen.ts` (`xValues(ctx, depth, overrides)`, one per object schema) printed
 * in prettier's form without prettier's parser: they were the largest share of prettier's work (bench/README.md,
 * sessions 5 and 6). Each is the same statement shape, so its layout is a few rules: a line is printed flat when it
 * fits the print width, which prettier does for every group it lays out (the signature, the `drawn` object, each
 * property, each call's arguments, arrows and conditionals), and the signature and the `drawn` object break the one
 * way prettier breaks them. A property too long for its line is built as the Doc prettier's estree printer would
 * build and laid out by prettier's own doc printer (format-drawing-member.ts); a shape outside that grammar (a
 * spread, `depth + 1` outside a call's arguments, an arrow to an object) goes to prettier whole. The builders of
 * `factories.gen.ts` (`buildX(overrides, options)`, one line of body) are printed the same way when their body fits. format-drawing.test.ts and format-literal.test.ts hold the output to
 * prettier's on every description and on arbitrary names and expressions.
 */

/** An expression on one line, as the drawing functions use them. */
export type Expression =
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Expression[] }
  | { readonly kind: 'arrow'; readonly body: Expression }
  | { readonly kind: 'object'; readonly entries: readonly Entry[] }
  | { readonly kind: 'array'; readonly items: readonly Expression[] }
  | { readonly kind: 'as const'; readonly expression: Expression };

/** A member of an object literal: `key: value`, or `...(test ? { key: value } : {})`. */
export type Entry =
  | { readonly key: string; readonly value: Expression }
  | { readonly spreadIf: Expression; readonly key: string; readonly value: Expression };

/** A function of the mocks' factories printed here: a drawing function, or the public builder that calls one. */
export type DrawingFunction = ValuesFunction | BuilderFunction;

/** `export function name(ctx, depth, overrides = {}): type { const drawn: type = { … }; return ctx.finish(…); }` */
export interface ValuesFunction {
  readonly kind: 'drawing-function';
  readonly docs: string;
  readonly name: string;
  /** The TypeScript type drawn (an identifier). */
  readonly type: string;
  /** The schema's Graph name, which `ctx.finish` is given. */
  readonly graphName: string;
  readonly entries: readonly Entry[];
}

/**
 * `export function name(overrides: Partial<type> = {}, options: BuildOptions = {}): type { return
 * withFixtureContext(options, (ctx) => drawnBy(ctx, 0, overrides)); }` (`factories.gen.ts`).
 */
export interface BuilderFunction {
  readonly kind: 'builder-function';
  readonly docs: string;
  readonly name: string;
  /** The TypeScript type built (an identifier). */
  readonly type: string;
  /** The drawing function it calls. */
  readonly drawnBy: string;
}

/** How expressions are written: the quote prettier picks and the spaces inside braces. */
export interface Style {
  readonly singleQuote: boolean;
  readonly bracketSpacing: boolean;
}

/** The canonical one-line form of `expression` (what prettier prints for it when it fits). */
export function expressionText(expression: Expression, style: Style): string {
  switch (expression.kind) {
    case 'code':
      return expression.text;
    case 'string':
      return quote(expression.value, style.singleQuote);
    case 'number':
      return expression.value < 0 || Object.is(expression.value, -0)
        ? `-${printNumber(-expression.value)}`
        : printNumber(expression.value);
    case 'call':
      return `${expression.callee}(${expression.args.map((arg) => expressionText(arg, style)).join(', ')})`;
    case 'arrow':
      return `() => ${expressionText(expression.body, style)}`;
    case 'array':
      return `[${expression.items.map((item) => expressionText(item, style)).join(', ')}]`;
    case 'as const':
      return `${expressionText(expression.expression, style)} as const`;
    case 'object': {
      if (expression.entries.length === 0) return '{}';
      const space = style.bracketSpacing ? ' ' : '';
      return `{${space}${expression.entries.map((entry) => entryText(entry, style)).join(', ')}${space}}`;
    }
  }
}

function entryText(entry: Entry, style: Style): string {
  const property = `${keyText(entry.key, style.singleQuote)}: ${expressionText(entry.value, style)}`;
  if (!('spreadIf' in entry)) return property;
  const space = style.bracketSpacing ? ' ' : '';
  return `...(${expressionText(entry.spreadIf, style)} ? {${space}${property}${space}} : {})`;
}

const parameters = (type: string): string[] => [
  'ctx: FixtureContext',
  'depth: number',
  `overrides: Partial<${type}> = {}`,
];

const builderParameters = (type: string): string[] => [
  `overrides: Partial<${type}> = {}`,
  'options: BuildOptions = {}',
];

/** The function as source on few lines (what ts-morph printed), for prettier; starts with the empty line before it. */
export function drawingFunctionText(fn: DrawingFunction): string {
  if (fn.kind === 'builder-function')
    return (
      `\n${docComment(fn.docs)}export function ${fn.name}(${builderParameters(fn.type).join(', ')}): ${fn.type} {\n` +
      `  return withFixtureContext(options, (ctx) => ${fn.drawnBy}(ctx, 0, overrides));\n}\n`
    );
  const style = { singleQuote: true, bracketSpacing: true };
  const entries = fn.entries.map((entry) => entryText(entry, style));
  return (
    `\n${docComment(fn.docs)}export function ${fn.name}(${parameters(fn.type).join(', ')}): ${fn.type} {\n` +
    `  const drawn: ${fn.type} = ${entries.length ? `{ ${entries.join(', ')} }` : '{}'};\n` +
    `  return ctx.finish(${quote(fn.graphName, true)}, drawn, overrides);\n}\n`
  );
}

/**
 * The function in prettier's form for these options, starting with the empty line before it, or `undefined` when
 * a line would not fit (prettier then breaks inside an expression) or the options are not mirrored.
 */
export function printDrawingFunction(
  fn: DrawingFunction,
  options: Options,
  prettier: PrettierDocs,
): string | undefined {
  if (!mirrors(options) || options.useTabs) return undefined;
  const width = prettier.util.getStringWidth;
  const printWidth = options.printWidth ?? 80;
  const fits = (line: string): boolean => width(line) <= printWidth;
  const indent = ' '.repeat(options.tabWidth ?? 2);
  const trailingComma = options.trailingComma ?? 'all';
  // The signature: flat, or one parameter a line (a comma after the last only with trailingComma "all").
  const signature = (names: string[]): string[] => {
    const flat = `export function ${fn.name}(${names.join(', ')}): ${fn.type} {`;
    if (fits(flat)) return [flat];
    const last = trailingComma === 'all' ? ',' : '';
    return [
      `export function ${fn.name}(`,
      ...names.map((name, index) => `${indent}${name}${index === names.length - 1 ? last : ','}`),
      `): ${fn.type} {`,
    ];
  };
  if (fn.kind === 'builder-function') {
    // The body on one line when it fits; prettier otherwise hugs the arrow, which is left to it.
    const ctx = options.arrowParens === 'avoid' ? 'ctx' : '(ctx)';
    const body = `${indent}return withFixtureContext(options, ${ctx} => ${fn.drawnBy}(ctx, 0, overrides));`;
    if (!fits(body)) return undefined;
    return `\n${docComment(fn.docs)}${[...signature(builderParameters(fn.type)), body, '}'].join('\n')}\n`;
  }
  if (!fn.entries.every(isMirroredEntry)) return undefined;
  const style = { singleQuote: options.singleQuote ?? false, bracketSpacing: options.bracketSpacing ?? true };
  const lines: string[] = signature(parameters(fn.type));
  // `drawn`: flat, or one member a line; a member too long for its line is laid out by prettier's doc printer.
  const entries = fn.entries.map((entry) => entryText(entry, style));
  const space = style.bracketSpacing ? ' ' : '';
  const flatDrawn = `${indent}const drawn: ${fn.type} = ${entries.length ? `{${space}${entries.join(', ')}${space}}` : '{}'};`;
  if (fits(flatDrawn)) lines.push(flatDrawn);
  else {
    const open = `${indent}const drawn: ${fn.type} = {`;
    if (!fits(open)) return undefined;
    lines.push(open);
    const comma = trailingComma !== 'none' ? ',' : '';
    let docs: EntryDocs | undefined;
    for (const [index, entry] of entries.entries()) {
      const line = `${indent}${indent}${entry}${index < entries.length - 1 ? ',' : comma}`;
      if (fits(line)) {
        lines.push(line);
        continue;
      }
      docs ??= new EntryDocs(options, prettier);
      const printed = docs.entry(fn.entries[index]!, index < entries.length - 1 ? ',' : comma);
      if (printed === undefined) return undefined;
      lines.push(printed);
    }
    lines.push(`${indent}};`);
  }
  const finish = `${indent}return ctx.finish(${quote(fn.graphName, style.singleQuote)}, drawn, overrides);`;
  if (!fits(finish)) return undefined;
  lines.push(finish, '}');
  return `\n${docComment(fn.docs)}${lines.join('\n')}\n`;
}

/**
 * Whether prettier prints the entry as {@link expressionText} does when it fits: not a call with two function
 * arguments (prettier breaks "function composition" whatever the width), nor an arrow to an object literal.
 */
function isMirroredEntry(entry: Entry): boolean {
  return (!('spreadIf' in entry) || isMirrored(entry.spreadIf)) && isMirrored(entry.value);
}

function isMirrored(expression: Expression): boolean {
  switch (expression.kind) {
    case 'call':
      return (
        expression.args.filter((arg) => arg.kind === 'arrow').length <= 1 && expression.args.every(isMirrored)
      );
    case 'arrow':
      return expression.body.kind !== 'object' && isMirrored(expression.body);
    case 'object':
      return expression.entries.every(isMirroredEntry);
    case 'array':
      return expression.items.every(isMirrored);
    case 'as const':
      return isMirrored(expression.expression);
    default:
      return true;
  }
}

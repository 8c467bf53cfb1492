import type { Doc, Options } from 'prettier';
import type { Entry, Expression, Style } from './format-drawing.ts';
import { arrayDoc, keyText, type PrettierDocs, printNumber, quote } from './format-literal.ts';

/*
 * A member of a drawing function's `drawn` object too long for its line, as prettier lays it out: the Doc prettier
 * 3's estree printer builds for it (`src/language-js/print/`: `assignment.js`'s layouts for `key: value`,
 * `member-chain.js` for `ctx.x(…)`, `call-arguments.js` with its hugged last argument, `arrow-function.js`,
 * `object.js`, `array.js`), printed by prettier's own doc printer. Only the drawing functions' grammar is mirrored;
 * anything else throws {@link NotMirrored} and the function goes to prettier (format-drawing.ts).
 */

/** Thrown while building a Doc for a shape this printer does not mirror; the function then goes to prettier. */
class NotMirrored extends Error {}

/** Where an expression stands: `depth + 1`'s Doc depends on it, and is mirrored only as a call's argument. */
type Place = 'argument' | 'other';

/**
 * The Docs prettier's estree printer builds for the drawing functions' grammar (prettier 3's
 * `src/language-js/print/`), for one member of `drawn` at a time: `drawn` is broken then, so each member starts its
 * own line two indents in and is followed by its comma and a line break, which is all prettier's doc printer looks
 * at to lay it out.
 */
export class EntryDocs {
  readonly #b: PrettierDocs['doc']['builders'];
  readonly #prettier: PrettierDocs;
  readonly #printWidth: number;
  readonly #tabWidth: number;
  readonly #style: Style;
  readonly #trailingComma: 'all' | 'es5' | 'none';

  constructor(options: Options, prettier: PrettierDocs) {
    this.#prettier = prettier;
    this.#b = prettier.doc.builders;
    this.#printWidth = options.printWidth ?? 80;
    this.#tabWidth = options.tabWidth ?? 2;
    this.#style = {
      singleQuote: options.singleQuote ?? false,
      bracketSpacing: options.bracketSpacing ?? true,
    };
    this.#trailingComma = options.trailingComma ?? 'all';
  }

  /** The member's lines (each indented twice, the first included), or `undefined` when it is not mirrored. */
  entry(entry: Entry, comma: string): string | undefined {
    if ('spreadIf' in entry) return undefined;
    const { indent, hardline } = this.#b;
    let doc: Doc;
    try {
      doc = this.#property(entry.key, entry.value);
    } catch (error) {
      if (error instanceof NotMirrored) return undefined;
      throw error;
    }
    const { formatted } = this.#prettier.doc.printer.printDocToString(
      indent(indent([hardline, doc, comma])),
      {
        printWidth: this.#printWidth,
        tabWidth: this.#tabWidth,
        useTabs: false,
      },
    );
    return formatted.slice(1);
  }

  /** `printAssignment` of `key: value` with the layout `chooseLayout` picks (`assignment.js`). */
  #property(key: string, value: Expression): Doc {
    const { group, indent, indentIfBreak, line, lineSuffixBoundary } = this.#b;
    if (value.kind === 'arrow') throw new NotMirrored();
    const left = keyText(key, this.#style.singleQuote);
    const right = this.#expression(value, 'other');
    // `isObjectPropertyWithShortKey`: a key narrower than the tab width and 3 is not worth a break after it.
    const shortKey = this.#prettier.util.getStringWidth(left) < this.#tabWidth + 3;
    const isBoolean = value.kind === 'code' && (value.text === 'true' || value.text === 'false');
    const isNumericLiteral = value.kind === 'number' && !isNegative(value.value);
    if (!shortKey && (value.kind === 'string' || this.#isPoorlyBreakableCall(value)))
      return group([left, ':', group(indent([line, right]))]); // "break-after-operator"
    if (shortKey || isBoolean || isNumericLiteral) return group([left, ': ', right]); // "never-break-after-operator"
    const groupId = Symbol('assignment');
    return group([
      left,
      ':',
      group(indent(line), { id: groupId }),
      lineSuffixBoundary,
      indentIfBreak(right, { groupId }),
    ]); // "fluid"
  }

  /**
   * `isPoorlyBreakableMemberOrCallChain`: a call of an identifier or of `ctx.x` with no argument or one short one
   * (`isLoneShortArgument`).
   */
  #isPoorlyBreakableCall(expression: Expression): boolean {
    if (expression.kind !== 'call') return false;
    if (expression.args.length === 0) return true;
    return expression.args.length === 1 && this.#isLoneShortArgument(expression.args[0]!);
  }

  #isLoneShortArgument(argument: Expression): boolean {
    const threshold = this.#printWidth * 0.25;
    switch (argument.kind) {
      case 'code':
        // A boolean is a literal; `depth + 1` is a binary expression, never short.
        return isBoolean(argument.text) || (isIdentifier(argument.text) && argument.text.length <= threshold);
      case 'number':
        return true;
      case 'string':
        return quote(argument.value, this.#style.singleQuote).length <= threshold;
      case 'call':
        return (
          argument.args.length === 0 &&
          isIdentifier(argument.callee) &&
          argument.callee.length <= threshold - 2
        );
      default:
        return false;
    }
  }

  #expression(expression: Expression, place: Place, expandLastArg = false): Doc {
    const { group, indent, line } = this.#b;
    switch (expression.kind) {
      case 'string':
        return quote(expression.value, this.#style.singleQuote);
      case 'number':
        return isNegative(expression.value)
          ? `-${printNumber(-expression.value)}`
          : printNumber(expression.value);
      case 'code':
        if (isIdentifier(expression.text)) return expression.text;
        // `printBinaryishExpression` of a call's argument: the operator and the right side indented.
        if (expression.text === 'depth + 1' && place === 'argument')
          return group(['depth', indent([' +', line, '1'])]);
        throw new NotMirrored();
      case 'call':
        return this.#call(expression);
      case 'arrow':
        return this.#arrow(expression, expandLastArg);
      case 'object':
        return this.#object(expression);
      case 'array':
        return this.#array(expression);
      case 'as const':
        if (expression.expression.kind !== 'array') throw new NotMirrored();
        return [this.#array(expression.expression), ' as const'];
    }
  }

  /**
   * A call of an identifier, or of `ctx.x`: `printMemberChain` of two groups is `group(oneLine)`. Other callees
   * (test calls such as `it(…)`, `require(…)`, longer chains) are laid out otherwise by prettier.
   */
  #call(call: Extract<Expression, { kind: 'call' }>): Doc {
    if (/^ctx\.[A-Za-z_$][\w$]*$/.test(call.callee))
      return this.#b.group([call.callee, this.#arguments(call.args)]);
    if (isIdentifier(call.callee) && call.callee.endsWith('Values'))
      return [call.callee, this.#arguments(call.args)];
    throw new NotMirrored();
  }

  /** `printCallArguments` (`call-arguments.js`), for arguments without comments or empty lines between them. */
  #arguments(args: readonly Expression[]): Doc {
    const { breakParent, conditionalGroup, group, ifBreak, indent, line, softline } = this.#b;
    const { willBreak } = this.#prettier.doc.utils;
    if (args.length === 0) return '()';
    const printed: Doc[] = args.map((arg, index) =>
      index === args.length - 1
        ? this.#expression(arg, 'argument')
        : [this.#expression(arg, 'argument'), ',', line],
    );
    const trailingComma = this.#trailingComma === 'all' ? ',' : '';
    const allArgsBrokenOut = () =>
      group(['(', indent([line, ...printed]), trailingComma, line, ')'], { shouldBreak: true });
    if (isFunctionComposition(args)) return allArgsBrokenOut();
    if (shouldExpandLastArg(args)) {
      const head = printed.slice(0, -1);
      if (head.some(willBreak)) return allArgsBrokenOut();
      const last = this.#expression(args.at(-1)!, 'argument', true);
      if (willBreak(last))
        return [
          breakParent,
          conditionalGroup([['(', ...head, group(last, { shouldBreak: true }), ')'], allArgsBrokenOut()]),
        ];
      return conditionalGroup([
        ['(', ...head, last, ')'],
        ['(', ...head, group(last, { shouldBreak: true }), ')'],
        allArgsBrokenOut(),
      ]);
    }
    return group(['(', indent([softline, ...printed]), ifBreak(trailingComma), softline, ')'], {
      shouldBreak: printed.some(willBreak),
    });
  }

  /** `printArrowFunction` of `() => body`, the body on the next line when it breaks (not an object: see isMirrored). */
  #arrow(arrow: Extract<Expression, { kind: 'arrow' }>, expandLastArg: boolean): Doc {
    const { group, ifBreak, indent, line, softline } = this.#b;
    if (arrow.body.kind === 'object' || arrow.body.kind === 'arrow' || arrow.body.kind === 'array')
      throw new NotMirrored();
    const body = this.#expression(arrow.body, 'other');
    // Hugged as the last argument, the body is followed by a comma (trailingComma "all") and `)` on its own line.
    const tail = expandLastArg ? [ifBreak(this.#trailingComma === 'all' ? ',' : ''), softline] : [];
    return group(['()', ' =>', group([indent([line, body]), ...tail])]);
  }

  /** `printObject`: a group of the properties, each in a group of its own (the source has no line break in it). */
  #object(object: Extract<Expression, { kind: 'object' }>): Doc {
    const { group, ifBreak, indent, line, softline } = this.#b;
    if (object.entries.length === 0) return '{}';
    const parts: Doc[] = [];
    for (const [index, entry] of object.entries.entries()) {
      if ('spreadIf' in entry) throw new NotMirrored();
      if (index > 0) parts.push(',', line);
      parts.push(group(this.#property(entry.key, entry.value)));
    }
    const spacing = this.#style.bracketSpacing ? line : softline;
    return group([
      '{',
      indent([spacing, ...parts]),
      ifBreak(this.#trailingComma !== 'none' ? ',' : ''),
      spacing,
      '}',
    ]);
  }

  /** `printArray` of literals: numbers fill the lines (`isConciselyPrintedArray`), other items one a line. */
  #array(array: Extract<Expression, { kind: 'array' }>): Doc {
    if (array.items.length === 0) return '[]';
    if (
      !array.items.every((item) => item.kind === 'string' || item.kind === 'number' || item.kind === 'code')
    )
      throw new NotMirrored();
    const concise = array.items.length > 1 && array.items.every((item) => item.kind === 'number');
    const items = array.items.map((item) => this.#expression(item, 'other'));
    return arrayDoc(this.#b, items, { concise, trailingComma: this.#trailingComma !== 'none' });
  }
}

const isIdentifier = (text: string): boolean => /^[A-Za-z_$][\w$]*$/.test(text);
const isBoolean = (text: string): boolean => text === 'true' || text === 'false';
const isNegative = (value: number): boolean => value < 0 || Object.is(value, -0);

/** `isFunctionCompositionArguments`: two functions among the arguments, or an argument that is a call given one. */
function isFunctionComposition(args: readonly Expression[]): boolean {
  if (args.length <= 1) return false;
  let functions = 0;
  for (const arg of args) {
    if (arg.kind === 'arrow') {
      functions += 1;
      if (functions > 1) return true;
    } else if (arg.kind === 'call' && arg.args.some((inner) => inner.kind === 'arrow')) return true;
  }
  return false;
}

/** `shouldExpandLastArg` with `couldExpandArg`, for arguments without comments. */
function shouldExpandLastArg(args: readonly Expression[]): boolean {
  const last = args.at(-1)!;
  const penultimate = args.at(-2);
  return (
    couldExpandArg(last) &&
    (penultimate === undefined || nodeType(penultimate) !== nodeType(last)) &&
    (args.length !== 2 || penultimate?.kind !== 'arrow' || last.kind !== 'array') &&
    !(
      args.length > 1 &&
      last.kind === 'array' &&
      last.items.length > 1 &&
      last.items.every((item) => item.kind === 'number')
    )
  );
}

function couldExpandArg(arg: Expression): boolean {
  switch (arg.kind) {
    case 'object':
      return arg.entries.length > 0;
    case 'array':
      return arg.items.length > 0;
    case 'as const':
      return couldExpandArg(arg.expression);
    case 'arrow':
      return arg.body.kind === 'object' || arg.body.kind === 'array' || arg.body.kind === 'call';
    default:
      return false;
  }
}

/** The estree node type of an expression, as far as `shouldExpandLastArg` compares them. */
function nodeType(expression: Expression): string {
  switch (expression.kind) {
    case 'code':
      if (isBoolean(expression.text)) return 'BooleanLiteral';
      return isIdentifier(expression.text) ? 'Identifier' : `code ${expression.text}`;
    case 'number':
      return isNegative(expression.value) ? 'UnaryExpression' : 'NumericLiteral';
    case 'string':
      return 'StringLiteral';
    case 'call':
      return 'CallExpression';
    case 'arrow':
      return 'ArrowFunctionExpression';
    case 'object':
      return 'ObjectExpression';
    case 'array':
      return 'ArrayExpression';
    case 'as const':
      return 'TSAsExpression';
  }
}

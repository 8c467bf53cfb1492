import type { Doc, Options } from 'prettier';
import {
  docs as docLines,
  escapeLiteralText,
  isIdentifierText,
  numberLiteral,
  propertyKey,
  stringLiteral,
} from './escape.ts';

/*
 * Data statements (`export const name = { … } as const satisfies T;`) printed straight into prettier's form: the
 * value becomes the Doc that prettier's estree printer builds for that object or array literal, and prettier's own
 * doc printer lays it out. The megabytes of data in `contract.gen.ts` and `graph-metadata.gen.ts` then skip
 * prettier's parse and AST-to-Doc work, which was most of a generate's CPU (bench/README.md, session 5). What is
 * mirrored, from prettier 3's `src/language-js/print/`: `object.js` (a group; the newline after `{` in the source
 * is preserved, and there is none in one printed flat), `array.js` (arrays of objects or arrays with more than one
 * entry each always break; arrays of numbers fill), `property.js` with quoteProps "as-needed" (keys that are not
 * identifiers stay quoted, numeric keys too under TypeScript), `assignment.js`'s layouts for a property (a string
 * value goes to the next line when it does not fit, unless the key is short; numbers and booleans never do), and
 * `utils/print-string.js` / `print-number.js` for literals. The result must be a fixed point of prettier: tests run
 * the real prettier over every generated file and over arbitrary data (format-literal.test.ts).
 */

/**
 * An expression written as it is (the identifier of an imported enum descriptor, say), not as data. A boxed string:
 * data statements are printed on the formatting threads (format-worker.ts), and a structured clone keeps a `String`
 * object one, where an instance of a class of its own would arrive as a plain object, like data.
 */
export class Code extends String {}

/** Whether `value` is {@link Code}, here or after a structured clone. */
const isCode = (value: unknown): value is Code => value instanceof String;

/** A value of a data statement: JSON-like data, with {@link Code} where an expression stands. */
export type DataValue = string | number | boolean | null | Code | readonly DataValue[] | DataObject;

/** An object: its own properties, or a map when the order must be kept as given (integer-like keys included). */
export type DataObject = { readonly [key: string]: DataValue } | ReadonlyMap<string, DataValue>;

const entriesOf = (object: DataObject): [string, DataValue][] =>
  object instanceof Map ? [...(object as ReadonlyMap<string, DataValue>)] : Object.entries(object);

/** `/** docs *\/ export const name = value suffix;`: a statement the formatter may print without prettier's parser. */
export interface DataStatement {
  /** TSDoc text (lines joined by `\n`), escaped as {@link docLines} does. */
  readonly docs: string;
  readonly name: string;
  /** An object or array. */
  readonly value: DataValue;
  /** What follows the value, on the line of its closing bracket: ` as const satisfies T`. No line break. */
  readonly suffix: string;
}

/** The statement as one line of source (what ts-morph printed before): prettier's input when it is not printed here. */
export function dataStatementText(statement: DataStatement): string {
  return `${docComment(statement.docs)}export const ${statement.name} = ${dataText(statement.value)}${statement.suffix};\n`;
}

/** `value` as a JavaScript expression on one line, written as `valueLiteral` writes data. */
export function dataText(value: DataValue): string {
  if (value === null) return 'null';
  if (isCode(value)) return value.valueOf();
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${(value as readonly DataValue[]).map(dataText).join(', ')}]`;
  const entries = entriesOf(value as DataObject);
  return entries.length === 0
    ? '{}'
    : `{ ${entries.map(([key, item]) => `${propertyKey(key)}: ${dataText(item)}`).join(', ')} }`;
}

/** The TSDoc comment before a statement, as ts-morph prints it: one line, or `/**`, ` * line`…, ` *\/`. */
export function docComment(text: string): string {
  const [escaped] = docLines(text);
  if (escaped === undefined) return '';
  const lines = escaped.split('\n');
  return lines.length === 1
    ? `/** ${escaped} */\n`
    : `/**\n${lines.map((line) => (line ? ` * ${line}` : ' *')).join('\n')}\n */\n`;
}

/** The prettier module's parts this printer uses (passed in, so that emitting never loads prettier). */
export interface PrettierDocs {
  readonly doc: typeof import('prettier').doc;
  readonly util: Pick<typeof import('prettier').util, 'getStringWidth'>;
}

/**
 * The statement in prettier's form for these options, or `undefined` when this printer does not mirror prettier
 * for them (the caller then gives {@link dataStatementText} to prettier). Mirrored: the options the workspace's
 * `.prettierrc` may set for generated TypeScript (print width, tabs, quotes, trailing commas, bracket spacing);
 * anything else (`quoteProps: "consistent"`, `objectWrap: "collapse"`, no semicolons, another parser…) falls back.
 */
export function printDataStatement(
  statement: DataStatement,
  options: Options,
  prettier: PrettierDocs,
): string | undefined {
  if (!mirrors(options)) return undefined;
  const printWidth = options.printWidth ?? 80;
  const { group, indent, indentIfBreak, line, lineSuffixBoundary } = prettier.doc.builders;
  const printer = new LiteralPrinter(options, prettier);
  // `assignment.js`'s "fluid" layout of `export const name = value`: the value stays after `=` unless even its
  // first line does not fit; the guard below sends that case to prettier.
  const groupId = Symbol('assignment');
  const body: Doc = group([
    `export const ${statement.name} =`,
    group(indent(line), { id: groupId }),
    lineSuffixBoundary,
    indentIfBreak([printer.value(statement.value), statement.suffix], { groupId }),
    ';',
  ]);
  const { formatted } = prettier.doc.printer.printDocToString(body, {
    printWidth,
    tabWidth: options.tabWidth ?? 2,
    useTabs: options.useTabs ?? false,
  });
  // The first line (`export const name = {`) and the last (`} as const satisfies T;`) hold what this printer does not
  // lay out as prettier would if they were too long: a break after `=`, or inside the type after `satisfies`.
  const width = prettier.util.getStringWidth;
  const firstLineEnd = formatted.indexOf('\n');
  if (firstLineEnd !== -1) {
    const first = formatted.slice(0, firstLineEnd);
    const last = formatted.slice(formatted.lastIndexOf('\n') + 1);
    if (first === `export const ${statement.name} =` || width(first) > printWidth || width(last) > printWidth)
      return undefined;
    // Prettier keeps the value flat when it fits up to the type's first place to break (after a `<`), and breaks
    // the type instead; this printer sees the type as text, so it holds only when the value could not fit there.
    const typeStart = statement.suffix.indexOf('<');
    const before = `export const ${statement.name} = `;
    const after = typeStart === -1 ? `${statement.suffix};` : statement.suffix.slice(0, typeStart + 1);
    const room = printWidth - width(before) - width(after);
    if (printer.flatWidth(statement.value, room) <= room) return undefined;
  } else if (width(formatted) > printWidth) return undefined;
  return `${docComment(statement.docs)}${formatted}\n`;
}

/** Whether {@link printDataStatement} mirrors prettier under these options. */
export function mirrors(options: Options): boolean {
  // Without a parser set, prettier infers it from the file's name.
  const parser = options.parser ?? (/\.[cm]?ts$/.test(options.filepath ?? '') ? 'typescript' : undefined);
  return (
    (parser === 'babel-ts' || parser === 'typescript') &&
    (options.quoteProps ?? 'as-needed') !== 'consistent' &&
    (options.objectWrap ?? 'preserve') === 'preserve' &&
    options.semi !== false &&
    (options.endOfLine ?? 'lf') !== 'crlf' &&
    options.endOfLine !== 'cr' &&
    options.rangeStart === undefined &&
    options.rangeEnd === undefined
  );
}

/** The Doc of each kind of value, as prettier's estree printer builds it for that literal. */
class LiteralPrinter {
  readonly #singleQuote: boolean;
  readonly #trailingComma: boolean;
  readonly #bracketSpacing: boolean;
  readonly #shortKeyWidth: number;

  constructor(
    options: Options,
    private readonly prettier: PrettierDocs,
  ) {
    this.#singleQuote = options.singleQuote ?? false;
    this.#trailingComma = (options.trailingComma ?? 'all') !== 'none';
    this.#bracketSpacing = options.bracketSpacing ?? true;
    // `isObjectPropertyWithShortKey`: a key narrower than the tab width and 3 is not worth a line break after it.
    this.#shortKeyWidth = (options.tabWidth ?? 2) + 3;
  }

  value(value: DataValue): Doc {
    if (value === null) return 'null';
    if (isCode(value)) return value.valueOf();
    if (typeof value === 'string') return quote(value, this.#singleQuote);
    if (typeof value === 'number') return printNumber(value);
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return this.#array(value as readonly DataValue[]);
    return this.#object(value as DataObject);
  }

  /**
   * The width of `value` printed on one line, exact up to `limit` (past it, some width over `limit`); infinite when
   * it holds an array that always breaks.
   */
  flatWidth(value: DataValue, limit: number): number {
    const width = this.prettier.util.getStringWidth;
    if (value === null || typeof value !== 'object' || isCode(value)) {
      const printed = this.value(value);
      return width(printed as string);
    }
    const items: [string | undefined, DataValue][] = Array.isArray(value)
      ? (value as readonly DataValue[]).map((item) => [undefined, item])
      : entriesOf(value as DataObject).map(([key, item]) => [keyText(key, this.#singleQuote), item]);
    if (items.length === 0) return 2;
    if (
      Array.isArray(value) &&
      items.length > 1 &&
      (value as readonly DataValue[]).every((item, index, array) => isWideContainer(item, array[index + 1]))
    )
      return Infinity;
    // Brackets, the spaces inside braces, and `, ` between items.
    let total = 2 + (!Array.isArray(value) && this.#bracketSpacing ? 2 : 0) + 2 * (items.length - 1);
    for (const [key, item] of items) {
      if (key !== undefined) total += width(key) + 2;
      if (total > limit) return total;
      total += this.flatWidth(item, limit - total);
      if (total > limit) return total;
    }
    return total;
  }

  // The Docs below are prettier's with what cannot change the layout left out, to keep them small (the printer's
  // time and memory grow with the Doc): a group around a single text or around a single group, a
  // `lineSuffixBoundary` (there are no comments), and groups of texts joined into one text.

  /** `printObject`: a group of the properties, each in a group of its own. */
  #object(object: DataObject): Doc {
    const { group, ifBreak, indent, line, softline } = this.prettier.doc.builders;
    const entries = entriesOf(object);
    if (entries.length === 0) return '{}';
    const parts: Doc[] = [];
    for (const [index, [key, item]] of entries.entries()) {
      if (index > 0) parts.push(',', line);
      parts.push(this.#property(keyText(key, this.#singleQuote), item));
    }
    const spacing = this.#bracketSpacing ? line : softline;
    return group(['{', indent([spacing, ...parts]), ifBreak(this.#trailingComma ? ',' : ''), spacing, '}']);
  }

  /** `printAssignment` of `key: value` with the layout `chooseLayout` picks for a literal value. */
  #property(key: string, value: DataValue): Doc {
    const { group, indent, indentIfBreak, line } = this.prettier.doc.builders;
    const printed = this.value(value);
    const shortKey = this.prettier.util.getStringWidth(key) < this.#shortKeyWidth;
    // A short key, a number or a boolean never breaks after the colon ("never-break-after-operator"); a negative
    // number is a unary expression, which is not a numeric literal there.
    if (shortKey || typeof value === 'boolean' || (typeof value === 'number' && !isNegative(value)))
      return typeof printed === 'string' ? `${key}: ${printed}` : [`${key}: `, printed];
    // A string breaks after the colon first ("break-after-operator"). So do null, a negative number and an
    // identifier ("fluid" lays out a value without a place to break the same way).
    if (typeof printed === 'string') return group([`${key}:`, group(indent([line, printed]))]);
    // Objects and arrays: "fluid", which breaks after the colon only when not even `key: {` fits.
    const groupId = Symbol('assignment');
    return group([`${key}:`, group(indent(line), { id: groupId }), indentIfBreak(printed, { groupId })]);
  }

  /** `printArray`: numbers fill the lines; arrays of objects (or of arrays) with several entries each break. */
  #array(array: readonly DataValue[]): Doc {
    if (array.length === 0) return '[]';
    const shouldBreak =
      array.length > 1 && array.every((item, index) => isWideContainer(item, array[index + 1]));
    const concise = array.every((item) => typeof item === 'number');
    const items = array.map((item) => (concise ? printNumber(item as number) : this.value(item)));
    return arrayDoc(this.prettier.doc.builders, items, {
      concise,
      trailingComma: this.#trailingComma,
      shouldBreak,
    });
  }
}

/**
 * `printArray`'s brackets and elements for printed `items`: `concise` (`isConciselyPrintedArray`: numbers) fills the
 * lines, other items go one a line when the group breaks; the trailing comma only when broken. Shared by the data
 * tables and the drawing functions' members (format-drawing-member.ts).
 */
export function arrayDoc(
  builders: PrettierDocs['doc']['builders'],
  items: readonly Doc[],
  layout: { concise: boolean; trailingComma: boolean; shouldBreak?: boolean },
): Doc {
  const { fill, group, ifBreak, indent, line, softline } = builders;
  if (items.length === 0) return '[]';
  const groupId = Symbol('array');
  const { concise, shouldBreak = false } = layout;
  const trailingComma = !layout.trailingComma ? '' : concise ? ifBreak(',', '', { groupId }) : ifBreak(',');
  const parts: Doc[] = [];
  for (const [index, item] of items.entries()) {
    const last = index === items.length - 1;
    if (concise) {
      parts.push(last ? [item, trailingComma] : [item, ',']);
      if (!last) parts.push(line);
    } else {
      if (index > 0) parts.push(',', line);
      parts.push(item);
    }
  }
  const elements = concise ? fill(parts) : [...parts, trailingComma];
  return group(['[', indent([softline, elements]), softline, ']'], { shouldBreak, id: groupId });
}

/** `printArray`'s rule: an object (or array) with more than one entry, of the same kind as the next element. */
function isWideContainer(item: DataValue, next: DataValue | undefined): boolean {
  if (item === null || typeof item !== 'object' || isCode(item)) return false;
  const isArray = Array.isArray(item);
  if (
    next !== undefined &&
    (next === null || typeof next !== 'object' || isCode(next) || Array.isArray(next) !== isArray)
  )
    return false;
  return (isArray ? (item as readonly DataValue[]).length : entriesOf(item as DataObject).length) > 1;
}

const isNegative = (value: number): boolean => value < 0 || Object.is(value, -0);

/**
 * A key as prettier leaves it under quoteProps "as-needed": an identifier unquoted (prettier unquotes a quoted one),
 * anything else quoted; `__proto__` computed, so that it defines an own property (as `propertyKey` writes it).
 */
export function keyText(key: string, singleQuote: boolean): string {
  if (key === '__proto__') return `[${quote(key, singleQuote)}]`;
  return isIdentifierText(key) ? key : quote(key, singleQuote);
}

/** `numberLiteral`, then prettier's `printNumber` ({@link printNumberText}). */
export function printNumber(value: number): string {
  return printNumberText(numberLiteral(value));
}

/**
 * prettier's `printNumber` of a number's raw text: lower case, no `+` or leading zeros in the exponent, no trailing
 * zeros (the data tables' numbers, and format-openapi.ts's literals as openapi-typescript wrote them).
 */
export function printNumberText(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/^([+-]?[\d.]+e)(?:\+|(-))?0*(\d)/, '$1$2$3')
    .replace(/^([+-]?[\d.]+)e[+-]?0+$/, '$1')
    .replace(/^([+-])?\./, '$10.')
    .replace(/(\.\d+?)0+(?=e|$)/, '$1')
    .replace(/\.(?=e|$)/, '');
}

/**
 * A string literal as prettier prints it (`printString`): the preferred quote unless the text holds more of it than
 * of the other, only the enclosing quote escaped. The other escapes are `stringLiteral`'s, which prettier keeps.
 */
export function quote(value: string, singleQuote: boolean): string {
  const enclosing = enclosingQuote(value, singleQuote);
  return `${enclosing}${escapeLiteralText(value).replaceAll(enclosing, `\\${enclosing}`)}${enclosing}`;
}

/**
 * prettier's `getPreferredQuote`: the preferred quote, unless `content` holds more of it than of the other (the
 * string literals of format-literal.ts and of format-openapi.ts's `printString`).
 */
export function enclosingQuote(content: string, singleQuote: boolean): "'" | '"' {
  let singles = 0;
  let doubles = 0;
  for (const char of content) {
    if (char === "'") singles += 1;
    else if (char === '"') doubles += 1;
  }
  if (singleQuote) return singles > doubles ? '"' : "'";
  return doubles > singles ? "'" : '"';
}

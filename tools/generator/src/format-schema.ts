import type { Doc, Options } from 'prettier';
import { isIdentifierText, primitiveLiteral, stringLiteral } from './escape.ts';
import {
  type DataStatement,
  dataStatementText,
  docComment,
  mirrors,
  type PrettierDocs,
  printDataStatement,
  printNumber,
  quote,
} from './format-literal.ts';

/*
 * The statements of `schemas.gen.ts` (the named types: every schema's interface, the enums' aliases and member
 * constants, the polymorphic unions) printed straight into prettier's form, on the formatting threads, without
 * prettier's parser: they were ~100 KB of text for prettier on the CSDL import's critical path (bench/README.md,
 * session 7). A type alias or an interface becomes the Doc that prettier 3's estree printer builds for it
 * (`src/language-js/print/`: `type-annotation.js`'s unions, hugged when all but one member is `null` and that one a
 * type reference; `type-parameters.js`'s arguments; `assignment.js`'s "break-after-operator" layout for a union that
 * is not hugged and "fluid" otherwise; `interface.js`, `property.js` with quoteProps "as-needed", and the JSDoc
 * comments re-indented as `printIndentableBlockComment` does), laid out by prettier's own doc printer; a line that
 * fits is written flat without building a Doc. The constants are data statements (format-literal.ts). What this
 * does not mirror (a quoted key prettier might unquote, a header too long for its line, other options) goes to
 * prettier as its text. format-schema.test.ts holds the output to prettier's on every description and on arbitrary
 * statements.
 */

/** A type, as the named types use them. */
export type TypeNode =
  /** A keyword type: `string`, `number`, `boolean`, `unknown`, `null`. */
  | { readonly kind: 'keyword'; readonly name: string }
  /** A type reference without arguments. */
  | { readonly kind: 'reference'; readonly name: string }
  /** A type reference with two or more arguments: `Exclude<A, 'b'>`, `Record<string, unknown>`. */
  | { readonly kind: 'generic'; readonly name: string; readonly args: readonly TypeNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** `(typeof values)[number]`: the type of an element of the constant array `values`. */
  | { readonly kind: 'element-of'; readonly values: string }
  /** `string & {}`: any string, which keeps the known members of a union with it apart for editors. */
  | { readonly kind: 'any-string' }
  /** `Object['name']`. */
  | { readonly kind: 'indexed'; readonly object: string; readonly index: string }
  | { readonly kind: 'union'; readonly types: readonly TypeNode[] }
  | { readonly kind: 'array'; readonly element: TypeNode };

/** `/** docs *\/ name?: type;` in an interface. */
export interface PropertySignature {
  readonly docs: string;
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeNode;
}

/** A statement of `schemas.gen.ts`. `blankBefore`: an empty line separates it from the statement before. */
export type SchemaStatement =
  | {
      readonly kind: 'schema-type';
      readonly blankBefore: boolean;
      readonly docs: string;
      readonly name: string;
      readonly type: TypeNode;
    }
  | {
      readonly kind: 'schema-interface';
      readonly blankBefore: boolean;
      readonly docs: string;
      readonly name: string;
      readonly extends?: string;
      /** `[key: string]: unknown;` first. */
      readonly open: boolean;
      readonly properties: readonly PropertySignature[];
    }
  | { readonly kind: 'schema-const'; readonly blankBefore: boolean; readonly statement: DataStatement };

/** Whether a part handed over is a {@link SchemaStatement}. */
export const isSchemaStatement = (part: { readonly kind: string }): part is SchemaStatement =>
  part.kind.startsWith('schema-');

/** A type as ts-morph printed it from the emitter's text (redundant parentheses around an array's element kept). */
export function typeText(type: TypeNode): string {
  switch (type.kind) {
    case 'keyword':
    case 'reference':
      return type.name;
    case 'generic':
      return `${type.name}<${type.args.map(typeText).join(', ')}>`;
    case 'string':
      return stringLiteral(type.value);
    case 'number':
    case 'boolean':
      return primitiveLiteral(type.value);
    case 'element-of':
      return `(typeof ${type.values})[number]`;
    case 'any-string':
      return '(string & {})';
    case 'indexed':
      return `${type.object}[${stringLiteral(type.index)}]`;
    case 'union':
      return type.types.map(typeText).join(' | ');
    case 'array': {
      const element = typeText(type.element);
      return /[|&\s]/.test(element) ? `(${element})[]` : `${element}[]`;
    }
  }
}

/** The statement as ts-morph printed it (prettier's input when it is not printed here), with its empty line. */
export function schemaStatementText(statement: SchemaStatement): string {
  const blank = statement.blankBefore ? '\n' : '';
  switch (statement.kind) {
    case 'schema-const':
      return `${blank}${dataStatementText(statement.statement)}`;
    case 'schema-type':
      return `${blank}${docComment(statement.docs)}export type ${statement.name} = ${typeText(statement.type)};\n`;
    case 'schema-interface': {
      const heritage = statement.extends === undefined ? '' : ` extends ${statement.extends}`;
      const members = statement.properties.map(
        (property) =>
          `${indentLines(docComment(property.docs), '  ')}  ${signatureName(property.name)}${property.optional ? '?' : ''}: ${typeText(property.type)};\n`,
      );
      return `${blank}${docComment(statement.docs)}export interface ${statement.name}${heritage} {\n${statement.open ? '  [key: string]: unknown;\n' : ''}${members.join('')}}\n`;
    }
  }
}

/** A property's name in an interface as the emitter writes it: an identifier, or a quoted string. */
const signatureName = (name: string): string => (isIdentifierText(name) ? name : stringLiteral(name));

const indentLines = (text: string, indent: string): string => text.replace(/^(?=[^\n])/gm, indent);

/** Thrown while building a Doc for a shape this printer does not mirror; the statement then goes to prettier. */
class NotMirrored extends Error {}

/**
 * The statement in prettier's form for these options, starting with its empty line, or `undefined` when this
 * printer does not mirror prettier for it (the caller then gives {@link schemaStatementText} to prettier).
 */
export function printSchemaStatement(
  statement: SchemaStatement,
  options: Options,
  prettier: PrettierDocs,
): string | undefined {
  if (!mirrors(options)) return undefined;
  const blank = statement.blankBefore ? '\n' : '';
  if (statement.kind === 'schema-const') {
    const printed = printDataStatement(statement.statement, options, prettier);
    return printed === undefined ? undefined : `${blank}${printed}`;
  }
  try {
    const printer = new TypePrinter(options, prettier);
    const body =
      statement.kind === 'schema-type'
        ? printer.typeAlias(statement.name, statement.type)
        : printer.interface(statement);
    return body === undefined ? undefined : `${blank}${docComment(statement.docs)}${body}\n`;
  } catch (error) {
    if (error instanceof NotMirrored) return undefined;
    throw error;
  }
}

/** The Docs prettier's estree printer builds for the named types' grammar (see the top of this file). */
class TypePrinter {
  readonly #b: PrettierDocs['doc']['builders'];
  readonly #prettier: PrettierDocs;
  readonly #printWidth: number;
  readonly #tabWidth: number;
  readonly #useTabs: boolean;
  readonly #singleQuote: boolean;

  constructor(options: Options, prettier: PrettierDocs) {
    this.#prettier = prettier;
    this.#b = prettier.doc.builders;
    this.#printWidth = options.printWidth ?? 80;
    this.#tabWidth = options.tabWidth ?? 2;
    this.#useTabs = options.useTabs ?? false;
    this.#singleQuote = options.singleQuote ?? false;
  }

  #fits(line: string, indent: number): boolean {
    return indent + this.#prettier.util.getStringWidth(line) <= this.#printWidth;
  }

  #print(doc: Doc): string {
    return this.#prettier.doc.printer.printDocToString(doc, {
      printWidth: this.#printWidth,
      tabWidth: this.#tabWidth,
      useTabs: this.#useTabs,
    }).formatted;
  }

  /** `export type name = type;`: flat when it fits, else laid out by prettier's doc printer. */
  typeAlias(name: string, type: TypeNode): string {
    const flat = `export type ${name} = ${this.#flat(type)};`;
    if (this.#fits(flat, 0)) return flat;
    const { group, indent, indentIfBreak, line, lineSuffixBoundary } = this.#b;
    const left = `export type ${name} =`;
    if (type.kind === 'union' && !isHugged(type))
      // "break-after-operator": the union on the next line, broken one member a line if it does not fit there.
      return this.#print([group([left, group(indent([line, this.#unionMembers(type)]))]), ';']);
    const groupId = Symbol('assignment');
    return this.#print([
      group([
        left,
        group(indent(line), { id: groupId }),
        lineSuffixBoundary,
        indentIfBreak(this.#type(type), { groupId }),
      ]),
      ';',
    ]);
  }

  /** `export interface name extends base { … }`: each member on its line, its comment re-indented above it. */
  interface(statement: Extract<SchemaStatement, { kind: 'schema-interface' }>): string | undefined {
    const heritage = statement.extends === undefined ? '' : ` extends ${statement.extends}`;
    const header = `export interface ${statement.name}${heritage} {`;
    // Prettier's `interface.js` may break before `extends` in a header too long for its line: not mirrored.
    if (!this.#fits(header, 0)) return undefined;
    if (!statement.open && statement.properties.length === 0) return `${header}}`;
    const indent = this.#useTabs ? '\t' : ' '.repeat(this.#tabWidth);
    const lines = [header];
    if (statement.open) {
      // Prettier breaks the index signature's brackets when it does not fit: not mirrored.
      const index = '[key: string]: unknown;';
      if (!this.#fits(index, this.#tabWidth)) return undefined;
      lines.push(indent + index);
    }
    for (const property of statement.properties) {
      const comment = docComment(property.docs);
      if (comment)
        lines.push(
          ...comment
            .slice(0, -1)
            .split('\n')
            .map((line) => indent + line),
        );
      lines.push(indent + this.#property(property));
    }
    lines.push('}');
    return lines.join('\n');
  }

  /** `name?: type;` without its indent, flat when it fits, else as prettier's doc printer lays out its group. */
  #property(property: PropertySignature): string {
    const key = this.#key(property.name);
    const left = `${key}${property.optional ? '?' : ''}: `;
    const flat = `${left}${this.#flat(property.type)};`;
    if (this.#fits(flat, this.#tabWidth)) return flat;
    const { group, indent, softline } = this.#b;
    const type = property.type;
    const doc =
      type.kind === 'union' && !isHugged(type)
        ? group([left, group(indent([softline, this.#unionMembers(type)]))])
        : group([left, this.#type(type)]);
    // Printed one indent in, as in the interface's body; the indent is put back by the caller.
    const printed = this.#print(indent([this.#b.hardline, doc, ';']));
    return printed.replace(/^\n[ \t]*/, '');
  }

  /**
   * A key as prettier leaves it under quoteProps "as-needed" (or "preserve"): an identifier unquoted, anything else
   * quoted. Prettier unquotes a quoted key that is an ES5 identifier name; beyond ASCII, that set is not
   * TypeScript's, so such a key is not mirrored.
   */
  #key(name: string): string {
    if (isIdentifierText(name)) return name;
    if (/[^\x00-\x7F]/.test(name)) throw new NotMirrored();
    return quote(name, this.#singleQuote);
  }

  /** The type on one line, as prettier prints it flat (`inner`: as a union's member or an array's element). */
  #flat(type: TypeNode, inner = false): string {
    switch (type.kind) {
      case 'keyword':
      case 'reference':
        return type.name;
      case 'generic':
        if (type.args.length < 2 || type.args.some((arg) => arg.kind === 'union')) throw new NotMirrored();
        return `${type.name}<${type.args.map((arg) => this.#flat(arg)).join(', ')}>`;
      case 'string':
        return quote(type.value, this.#singleQuote);
      case 'number':
        return isNegative(type.value) ? `-${printNumber(-type.value)}` : printNumber(type.value);
      case 'boolean':
        return String(type.value);
      case 'element-of':
        return `(typeof ${type.values})[number]`;
      case 'any-string':
        // Parenthesized only where an intersection needs it: in a union or an array.
        return inner ? '(string & {})' : 'string & {}';
      case 'indexed':
        return `${type.object}[${quote(type.index, this.#singleQuote)}]`;
      case 'union':
        if (type.types.length < 2 || type.types.some((member) => member.kind === 'union'))
          throw new NotMirrored();
        return type.types.map((member) => this.#flat(member, true)).join(' | ');
      case 'array': {
        const element = type.element;
        // A negative literal's parentheses, and other element types, are not mirrored.
        if (element.kind === 'number' && isNegative(element.value)) throw new NotMirrored();
        const printed = this.#flat(element, true);
        return element.kind === 'union' ? `(${printed})[]` : `${printed}[]`;
      }
    }
  }

  /** The type's Doc (`type-annotation.js`). */
  #type(type: TypeNode, inner = false): Doc {
    const { group, indent, line, softline } = this.#b;
    switch (type.kind) {
      case 'generic':
        this.#flat(type);
        return [
          type.name,
          group([
            '<',
            indent([
              softline,
              ...type.args.flatMap((arg, i) => (i === 0 ? [this.#type(arg)] : [',', line, this.#type(arg)])),
            ]),
            softline,
            '>',
          ]),
        ];
      case 'union':
        this.#flat(type);
        // Hugged: `A | null` joined, without a place to break. Other unions are laid out by their place.
        if (!isHugged(type)) throw new NotMirrored();
        return type.types.map((member, i) =>
          i === 0 ? this.#type(member, true) : [' | ', this.#type(member, true)],
        );
      case 'array': {
        this.#flat(type);
        const element = type.element;
        if (element.kind !== 'union') return [this.#type(element, true), '[]'];
        if (isHugged(element)) return ['(', this.#type(element), ')', '[]'];
        return ['(', group([indent([softline, this.#unionMembers(element)]), softline]), ')', '[]'];
      }
      default:
        return this.#flat(type, inner);
    }
  }

  /** `printUnionType`'s members: `| ` before the first only when broken, each aligned by 2. */
  #unionMembers(union: Extract<TypeNode, { kind: 'union' }>): Doc {
    const { align, group, ifBreak, line } = this.#b;
    const parts: Doc[] = [ifBreak('| ')];
    for (const [index, member] of union.types.entries()) {
      if (index > 0) parts.push(line, '| ');
      parts.push(align(2, this.#type(member, true)));
    }
    return group(parts);
  }
}

/**
 * `shouldHugType` of a union: every member but one is `null` (or `void`), and that one a type reference (or an
 * object type, which the named types do not use).
 */
function isHugged(union: Extract<TypeNode, { kind: 'union' }>): boolean {
  const nulls = union.types.filter((type) => type.kind === 'keyword' && type.name === 'null').length;
  return (
    nulls === union.types.length - 1 &&
    union.types.some((type) => type.kind === 'reference' || type.kind === 'generic')
  );
}

const isNegative = (value: number): boolean => value < 0 || Object.is(value, -0);

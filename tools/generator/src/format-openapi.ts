import type { Doc, Options } from 'prettier';
import { enclosingQuote, mirrors, type PrettierDocs, printNumberText } from './format-literal.ts';

/*
 * `openapi.gen.ts` (openapi-typescript's `paths`, `components`, `operations`) printed in prettier's form without
 * `astToString`, prettier's parse or its estree printer: openapi-structure.ts turns openapi-typescript's AST into the
 * data below on the emitting thread, and a formatting thread builds from it the Doc prettier 3's estree printer
 * builds for that text (`src/language-js/print/`: `interface.js` and `object.js` for interface bodies and type
 * literals, `property.js` with quoteProps "as-needed", `union-type.js`, `intersection-type.js`,
 * `type-parameters.js`, `array-type.js`, `indexed-access-type.js`, `assignment.js`'s layouts of a type alias,
 * `needs-parens.js` for unions and intersections, `comment.js` for block comments), laid out by prettier's own doc
 * printer. Anything outside this grammar throws {@link NotMirrored}, and the file goes to prettier as text.
 * format-openapi.test.ts holds the output to prettier's on every description and on arbitrary shapes.
 */

/** A type as prettier's parser reads it from `astToString`'s text (parentheses dropped: prettier adds its own). */
export type OatType =
  | { readonly k: 'keyword'; readonly text: string }
  /** A string literal type, with the raw text (quotes and escapes) the parser would read. */
  | { readonly k: 'string'; readonly raw: string }
  /** A number literal type as TypeScript prints it (`-` first when negative). */
  | { readonly k: 'number'; readonly text: string }
  | { readonly k: 'ref'; readonly name: string; readonly args: readonly OatType[] }
  | { readonly k: 'index'; readonly object: OatType; readonly index: OatType }
  | { readonly k: 'array'; readonly element: OatType }
  | { readonly k: 'union' | 'intersection'; readonly types: readonly OatType[] }
  | { readonly k: 'object'; readonly members: readonly OatMember[] };

/** A member of an interface or type literal, with its leading block comments (each as its trimmed lines). */
export type OatMember =
  | {
      readonly kind: 'property';
      readonly docs: readonly (readonly string[])[];
      readonly key:
        | { readonly kind: 'identifier'; readonly text: string }
        | { readonly kind: 'string'; readonly raw: string; readonly value: string }
        | { readonly kind: 'number'; readonly text: string };
      readonly optional: boolean;
      readonly type: OatType;
    }
  | {
      readonly kind: 'index';
      readonly docs: readonly (readonly string[])[];
      readonly parameter: string;
      readonly parameterType: OatType;
      readonly type: OatType;
    };

/** `export interface name { … }` or `export type name = type;`. */
export type OatStatement =
  | { readonly kind: 'interface'; readonly name: string; readonly members: readonly OatMember[] }
  | { readonly kind: 'alias'; readonly name: string; readonly type: OatType };

/** openapi-typescript's statements as data, handed to the formatter as one part of `openapi.gen.ts`. */
export interface OpenApiTypes {
  readonly kind: 'openapi-types';
  readonly statements: readonly OatStatement[];
  /** `astToString`'s text of the same statements: prettier's input where this printer does not mirror it. */
  readonly text: () => string;
}

/** Thrown while building a Doc for a shape this printer does not mirror. */
class NotMirrored extends Error {}

/** Where a type stands: what prettier's printers look at in the path (`parent.type` and `key`). */
type Parent =
  'annotation' | 'alias' | 'array' | 'index-object' | 'index' | 'union' | 'intersection' | 'argument';

/**
 * The statements in prettier's form, each ending with a line break, or `undefined` where this printer does not
 * mirror prettier (options other than the generated files', or a shape outside the grammar).
 */
export function printOpenApiStatements(
  statements: readonly OatStatement[],
  options: Options,
  prettier: PrettierDocs,
): string | undefined {
  if (!mirrorsOpenApi(options)) return undefined;
  const { hardline } = prettier.doc.builders;
  let doc: Doc;
  try {
    const printer = new TypeDocs(options, prettier);
    doc = statements.map((statement) => [printer.statement(statement), hardline]);
  } catch (error) {
    if (error instanceof NotMirrored) return undefined;
    throw error;
  }
  return prettier.doc.printer.printDocToString(doc, {
    printWidth: options.printWidth ?? 80,
    tabWidth: options.tabWidth ?? 2,
    useTabs: options.useTabs ?? false,
  }).formatted;
}

/** Whether {@link printOpenApiStatements} mirrors prettier under these options (the generated files' parser). */
export function mirrorsOpenApi(options: Options): boolean {
  return (
    mirrors(options) &&
    options.parser === 'babel-ts' &&
    (options.experimentalOperatorPosition ?? 'end') === 'end'
  );
}

class TypeDocs {
  readonly #b: PrettierDocs['doc']['builders'];
  readonly #singleQuote: boolean;
  readonly #bracketSpacing: boolean;

  constructor(options: Options, prettier: PrettierDocs) {
    this.#b = prettier.doc.builders;
    this.#singleQuote = options.singleQuote ?? false;
    this.#bracketSpacing = options.bracketSpacing ?? true;
  }

  statement(statement: OatStatement): Doc {
    const { group, indent, indentIfBreak, line, lineSuffixBoundary } = this.#b;
    if (statement.kind === 'interface')
      return ['export ', 'interface ', statement.name, ' ', this.#interfaceBody(statement.members)];
    const left = group(['type ', statement.name]);
    const { type } = statement;
    // `chooseLayout`: a union not hugged breaks after `=`; a type reference is "fluid".
    if (type.k === 'union' && !shouldHugUnion(type.types))
      return ['export ', group([left, ' =', group(indent([line, this.#type(type, 'alias')]))]), ';'];
    if (type.k !== 'ref') throw new NotMirrored();
    const groupId = Symbol('assignment');
    return [
      'export ',
      group([
        left,
        ' =',
        group(indent(line), { id: groupId }),
        lineSuffixBoundary,
        indentIfBreak(this.#type(type, 'alias'), { groupId }),
      ]),
      ';',
    ];
  }

  /** `printClassBody`-like: an interface body always breaks, a member a line. */
  #interfaceBody(members: readonly OatMember[]): Doc {
    const { hardline, indent } = this.#b;
    if (members.length === 0) return '{}';
    const parts: Doc[] = [];
    for (const [index, member] of members.entries()) {
      if (index > 0) parts.push(hardline);
      parts.push(this.#member(member, ';'));
    }
    return ['{', indent([hardline, parts]), hardline, '}'];
  }

  /** `printObject` of a type literal: broken, as `astToString` writes a newline after `{`. */
  #typeLiteral(members: readonly OatMember[]): Doc {
    const { group, ifBreak, indent, line, softline } = this.#b;
    if (members.length === 0) return '{}';
    const parts: Doc[] = [];
    for (const [index, member] of members.entries()) {
      const last = index === members.length - 1;
      parts.push(this.#member(member, last ? ifBreak(';') : ';'));
      if (!last) parts.push(line);
    }
    const spacing = this.#bracketSpacing ? line : softline;
    return group(['{', indent([spacing, ...parts]), spacing, '}'], { shouldBreak: true });
  }

  #member(member: OatMember, separator: Doc): Doc {
    const { group, hardline, indent, softline } = this.#b;
    const comments: Doc[] = member.docs.flatMap((lines) => [this.#comment(lines), hardline]);
    if (member.kind === 'property') {
      const key = this.#key(member.key);
      return [
        ...comments,
        group([key, member.optional ? '?' : '', ': ', this.#type(member.type, 'annotation')]),
        separator,
      ];
    }
    const parameter = [member.parameter, ': ', this.#type(member.parameterType, 'annotation')];
    return [
      ...comments,
      group([
        '[',
        group([indent([softline, parameter]), softline]),
        ']',
        ': ',
        this.#type(member.type, 'annotation'),
      ]),
      separator,
    ];
  }

  /**
   * A block comment as TypeScript's printer wrote it (its lines trimmed), printed as prettier's `printComment`
   * does: one line as it is, several re-indented with ` *` when each starts with `*` (`isIndentableBlockComment`).
   */
  #comment(lines: readonly string[]): Doc {
    const { hardline } = this.#b;
    if (lines.length === 1) return lines[0]!;
    // The comment's value (without `/*` and `*/`) cut at `\n`, between `*` and `*`, each line's start trimmed.
    const valueLines = [
      `*${lines[0]!.slice(2)}`,
      ...lines.slice(1, -1),
      `${lines.at(-1)!.slice(0, -2)}*`,
    ].map((line) => line.trimStart());
    if (lines.slice(1, -1).some((line) => line === '') || !valueLines.every((line) => line.startsWith('*')))
      throw new NotMirrored();
    const parts: Doc[] = ['/'];
    for (const [index, line] of valueLines.entries()) {
      if (index === 0) parts.push(line.trimEnd(), hardline);
      else if (index === valueLines.length - 1) parts.push(' ', line);
      else {
        // Lines TypeScript trimmed never end with the two spaces of a Markdown line break.
        parts.push(' ', line.trimEnd(), hardline);
      }
    }
    parts.push('/');
    return parts;
  }

  /** `printPropertyKey` with quoteProps "as-needed" under babel-ts. */
  #key(key: Extract<OatMember, { kind: 'property' }>['key']): Doc {
    switch (key.kind) {
      case 'identifier':
        return key.text;
      case 'number':
        return printNumberText(key.text);
      case 'string': {
        const printed = printString(key.raw, this.#singleQuote);
        const { value } = key;
        // A character TypeScript's printer left unescaped outside ASCII: prettier's identifier test would differ.
        if (printed.slice(1, -1) === value && /[^\0-\x7f]/.test(value)) throw new NotMirrored();
        // Unquoted when the printed text is the value itself and an identifier name (ES5's, of ASCII letters here:
        // a non-ASCII character is escaped by TypeScript's printer, so the printed text is not the value).
        return printed.slice(1, -1) === value && /^[$A-Z_a-z][$0-9A-Z_a-z]*$/.test(value) ? value : printed;
      }
    }
  }

  #type(type: OatType, parent: Parent): Doc {
    const { align, group, ifBreak, indent, join, line, softline } = this.#b;
    switch (type.k) {
      case 'keyword':
        return type.text;
      case 'string':
        return printString(type.raw, this.#singleQuote);
      case 'number':
        return type.text.startsWith('-')
          ? ['-', printNumberText(type.text.slice(1))]
          : printNumberText(type.text);
      case 'ref':
        return [type.name, this.#typeArguments(type.args)];
      case 'index':
        return [this.#type(type.object, 'index-object'), '[', this.#type(type.index, 'index'), ']'];
      case 'array':
        return [this.#type(type.element, 'array'), '[]'];
      case 'object':
        return this.#typeLiteral(type.members);
      case 'union': {
        if (shouldHugUnion(type.types)) {
          const hugged = join(
            ' | ',
            type.types.map((member) => this.#type(member, 'union')),
          );
          return needsParens(parent) ? ['(', hugged, ')'] : hugged;
        }
        const printed = group(
          type.types.map((member, index) => [
            index === 0 ? ifBreak('| ') : [line, '| '],
            align(2, this.#type(member, 'union')),
          ]),
        );
        if (needsParens(parent)) return ['(', group([indent([softline, printed]), softline]), ')'];
        // `shouldIndent` is false for a type argument; after `=` the assignment indents.
        if (parent === 'alias' || parent === 'argument') return printed;
        return group(indent([softline, printed]));
      }
      case 'intersection': {
        let indentObjects = false;
        const parts = type.types.map((member, index) => {
          const printed = this.#type(member, 'intersection');
          if (index === 0) return printed;
          const isObject = member.k === 'object';
          const previousIsObject = type.types[index - 1]!.k === 'object';
          if (isObject && previousIsObject) return [' & ', indentObjects ? indent(printed) : printed];
          if (!isObject && !previousIsObject) return indent([' &', line, printed]);
          if (index > 1) indentObjects = true;
          return [' & ', index > 1 ? indent(printed) : printed];
        });
        const printed = group(parts);
        return needsParens(parent) ? ['(', printed, ')'] : printed;
      }
    }
  }

  /** `printTypeParameters` of a type reference's arguments: one simple argument stays hugged. */
  #typeArguments(args: readonly OatType[]): Doc {
    const { group, indent, join, line, softline } = this.#b;
    if (args.length === 0) return '';
    const printed = args.map((arg) => this.#type(arg, 'argument'));
    if (args.length === 1 && isSimpleArgument(args[0]!)) return ['<', printed[0]!, '>'];
    return group(['<', indent([softline, join([',', line], printed)]), softline, '>']);
  }
}

/** `needsParens` of a union or intersection: inside another, an array, or the object of an indexed access. */
function needsParens(parent: Parent): boolean {
  return parent === 'union' || parent === 'intersection' || parent === 'array' || parent === 'index-object';
}

/** `shouldHugUnionType`: one object-like member (a type literal or reference), the others `null`. */
function shouldHugUnion(types: readonly OatType[]): boolean {
  const objectLike = types.find((type) => type.k === 'object' || type.k === 'ref');
  return (
    objectLike !== undefined &&
    types.every((type) => type === objectLike || (type.k === 'keyword' && type.text === 'null'))
  );
}

/**
 * `isSimpleType`, `isObjectType` or a hugged union (the one type argument prettier does not break around): a keyword,
 * a literal, a reference without arguments, a type literal.
 */
function isSimpleArgument(type: OatType): boolean {
  switch (type.k) {
    case 'keyword':
    case 'string':
    case 'number':
    case 'object':
      return true;
    case 'ref':
      return type.args.length === 0;
    case 'union':
      return shouldHugUnion(type.types);
    default:
      return false;
  }
}

/**
 * prettier's `printString` of a string literal's raw text: the preferred quote unless the content holds more of it
 * than of the other; kept as it is when it already uses that quote, otherwise requoted (`makeString`).
 */
export function printString(raw: string, singleQuote: boolean): string {
  const content = raw.slice(1, -1);
  const enclosing = enclosingQuote(content, singleQuote);
  if (raw.charAt(0) === enclosing) return raw;
  const other = enclosing === '"' ? "'" : '"';
  const requoted = content.replace(/\\(["'\\])|(["'])/g, (match, escaped?: string, quote?: string) =>
    escaped ? (escaped === other ? other : match) : quote === enclosing ? `\\${quote}` : quote!,
  );
  return `${enclosing}${requoted}${enclosing}`;
}

import ts from 'typescript';
import type { OatMember, OatStatement, OatType } from './format-openapi.ts';

/*
 * openapi-typescript's TypeScript AST turned into plain data (format-openapi.ts's statements), which the formatting
 * threads print in prettier's form without `astToString` and prettier's parse. The data is what prettier's parser
 * would see in `astToString`'s text: parentheses dropped (prettier puts back those it needs), string literals with
 * the raw text TypeScript's printer writes for them, comments with the lines TypeScript's printer writes. A node kind,
 * flag or layout not listed here gives `undefined`, and the file goes to prettier as text, as before.
 */

/**
 * TypeScript's printer's own functions, there at run time but not in its typings: the emit flags it reads and the
 * escaping it writes a string literal with (`getLiteralText`). Without them, nothing is converted.
 */
const internals = ts as unknown as {
  readonly getEmitFlags?: (node: ts.Node) => ts.EmitFlags;
  readonly escapeString?: (text: string, quote: number) => string;
  readonly escapeNonAsciiString?: (text: string, quote: number) => string;
};
const { getEmitFlags, escapeString, escapeNonAsciiString } = internals;

/** Thrown on a node this converter does not mirror. */
class NotMirrored extends Error {}

/** The statements as data, or `undefined` when a node is outside what format-openapi.ts mirrors. */
export function openApiStructure(nodes: readonly ts.Node[]): OatStatement[] | undefined {
  if (!getEmitFlags || !escapeString || !escapeNonAsciiString) return undefined;
  try {
    return nodes.map(statement);
  } catch (error) {
    if (error instanceof NotMirrored) return undefined;
    throw error;
  }
}

function fail(): never {
  throw new NotMirrored();
}

/** Only nodes made by the factory: a parsed node (`stringToAST`) prints its source text, which is not looked at here. */
function synthesized(node: ts.Node): void {
  if (node.pos !== -1 || node.end !== -1) fail();
  if (ts.getSyntheticTrailingComments(node)?.length) fail();
  const flags = getEmitFlags!(node);
  if (flags & ts.EmitFlags.SingleLine) fail();
}

function noComments(node: ts.Node): void {
  synthesized(node);
  if (ts.getSyntheticLeadingComments(node)?.length) fail();
}

function exported(modifiers: ts.NodeArray<ts.ModifierLike> | undefined): void {
  if (modifiers?.length !== 1 || modifiers[0]!.kind !== ts.SyntaxKind.ExportKeyword) fail();
}

function identifierName(node: ts.Node): string {
  if (!ts.isIdentifier(node)) fail();
  noComments(node);
  const name = ts.idText(node);
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) fail();
  return name;
}

function statement(node: ts.Node): OatStatement {
  noComments(node);
  if (ts.isInterfaceDeclaration(node)) {
    exported(node.modifiers);
    if (node.typeParameters || node.heritageClauses) fail();
    return { kind: 'interface', name: identifierName(node.name), members: node.members.map(member) };
  }
  if (ts.isTypeAliasDeclaration(node)) {
    exported(node.modifiers);
    if (node.typeParameters) fail();
    const type = typeNode(node.type);
    // Mirrored: a type reference ("fluid") and a union ("break-after-operator"), prettier's `chooseLayout`.
    if (type.k !== 'ref' && type.k !== 'union') fail();
    return { kind: 'alias', name: identifierName(node.name), type };
  }
  return fail();
}

function member(node: ts.TypeElement): OatMember {
  synthesized(node);
  const docs = leadingDocs(node);
  if (ts.isPropertySignature(node)) {
    if (node.modifiers?.length) fail();
    if (!node.type) fail();
    if (node.questionToken) synthesized(node.questionToken);
    return {
      kind: 'property',
      docs,
      key: propertyKey(node.name),
      optional: !!node.questionToken,
      type: typeNode(node.type),
    };
  }
  if (ts.isIndexSignatureDeclaration(node)) {
    if (node.modifiers?.length) fail();
    const [parameter, ...more] = node.parameters;
    if (
      !parameter ||
      more.length > 0 ||
      !parameter.type ||
      parameter.questionToken ||
      parameter.dotDotDotToken
    )
      fail();
    if (parameter.modifiers?.length || parameter.initializer) fail();
    noComments(parameter);
    return {
      kind: 'index',
      docs,
      parameter: identifierName(parameter.name),
      parameterType: typeNode(parameter.type),
      type: typeNode(node.type),
    };
  }
  return fail();
}

/** The lines of each leading `/* … *\/` comment as TypeScript's printer writes them (each trimmed). */
function leadingDocs(node: ts.Node): string[][] {
  const comments = ts.getSyntheticLeadingComments(node) ?? [];
  return comments.map((comment) => {
    if (comment.kind !== ts.SyntaxKind.MultiLineCommentTrivia || !comment.hasTrailingNewLine) fail();
    if (comment.hasLeadingNewline) fail();
    // A `*/` inside would end the comment early in the printed text.
    if (comment.text.includes('*/')) fail();
    // `writeCommentRange`: the comment cut at every line break TypeScript knows, each line trimmed.
    return `/*${comment.text}*/`.split(/\r\n|[\r\n\u2028\u2029]/).map((line) => line.trim());
  });
}

function propertyKey(name: ts.PropertyName): Extract<OatMember, { kind: 'property' }>['key'] {
  noComments(name);
  if (ts.isIdentifier(name)) return { kind: 'identifier', text: identifierName(name) };
  if (ts.isStringLiteral(name)) return { kind: 'string', raw: stringRaw(name), value: name.text };
  if (ts.isNumericLiteral(name)) {
    if (!/^\d+(?:\.\d+)?$/.test(name.text)) fail();
    return { kind: 'number', text: name.text };
  }
  return fail();
}

/** `getLiteralText` of a string literal the factory made. */
function stringRaw(literal: ts.StringLiteral): string {
  const quote = (literal as { singleQuote?: boolean }).singleQuote ? "'" : '"';
  const escape =
    getEmitFlags!(literal) & ts.EmitFlags.NoAsciiEscaping ? escapeString! : escapeNonAsciiString!;
  return `${quote}${escape(literal.text, quote.charCodeAt(0))}${quote}`;
}

const keywords = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.StringKeyword, 'string'],
  [ts.SyntaxKind.NumberKeyword, 'number'],
  [ts.SyntaxKind.BooleanKeyword, 'boolean'],
  [ts.SyntaxKind.NeverKeyword, 'never'],
  [ts.SyntaxKind.UnknownKeyword, 'unknown'],
  [ts.SyntaxKind.UndefinedKeyword, 'undefined'],
  [ts.SyntaxKind.NullKeyword, 'null'],
  [ts.SyntaxKind.ObjectKeyword, 'object'],
  [ts.SyntaxKind.AnyKeyword, 'any'],
]);

/** Where a union or intersection stands without parentheses, and would parse otherwise (see {@link typeNode}). */
type Place = 'free' | 'tight';

/**
 * A type as prettier's parser reads `astToString`'s text of it. A union or intersection printed without parentheses
 * where the parser would take it apart (inside another union or intersection, an array, an indexed access) is not
 * mirrored: the factory parenthesizes those, so it does not happen.
 */
function typeNode(node: ts.TypeNode, place: Place = 'free'): OatType {
  noComments(node);
  const keyword = keywords.get(node.kind);
  if (keyword !== undefined) return { k: 'keyword', text: keyword };
  if (ts.isParenthesizedTypeNode(node)) return typeNode(node.type, 'free');
  if (ts.isLiteralTypeNode(node)) {
    const { literal } = node;
    noComments(literal);
    if (ts.isStringLiteral(literal)) return { k: 'string', raw: stringRaw(literal) };
    if (ts.isNumericLiteral(literal)) return { k: 'number', text: literal.text };
    if (literal.kind === ts.SyntaxKind.TrueKeyword) return { k: 'keyword', text: 'true' };
    if (literal.kind === ts.SyntaxKind.FalseKeyword) return { k: 'keyword', text: 'false' };
    if (literal.kind === ts.SyntaxKind.NullKeyword) return { k: 'keyword', text: 'null' };
    if (
      ts.isPrefixUnaryExpression(literal) &&
      literal.operator === ts.SyntaxKind.MinusToken &&
      ts.isNumericLiteral(literal.operand)
    ) {
      noComments(literal.operand);
      // `-1[]` does not parse: TypeScript's printer writes no parentheses there.
      if (place === 'tight') fail();
      return { k: 'number', text: `-${literal.operand.text}` };
    }
    return fail();
  }
  if (ts.isIdentifier(node as ts.Node)) {
    // openapi-typescript's `tsLiteral` writes a string type as an identifier whose text is the JSON string.
    const text = ts.idText(node as unknown as ts.Identifier);
    if (text.startsWith('"')) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return fail();
      }
      if (typeof value !== 'string' || JSON.stringify(value) !== text) fail();
      return { k: 'string', raw: text };
    }
    return { k: 'ref', name: identifierName(node), args: [] };
  }
  if (ts.isTypeReferenceNode(node)) {
    return {
      k: 'ref',
      name: identifierName(node.typeName),
      args:
        node.typeArguments?.length === 0
          ? fail()
          : (node.typeArguments ?? []).map((argument) => typeNode(argument)),
    };
  }
  if (ts.isIndexedAccessTypeNode(node))
    return { k: 'index', object: typeNode(node.objectType, 'tight'), index: typeNode(node.indexType) };
  if (ts.isArrayTypeNode(node)) return { k: 'array', element: typeNode(node.elementType, 'tight') };
  if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) {
    // One member (openapi-typescript's `Omit` of one key): printed, and parsed, as that member alone.
    if (node.types.length === 1) return typeNode(node.types[0]!, place);
    if (place === 'tight' || node.types.length === 0) fail();
    return {
      k: ts.isUnionTypeNode(node) ? 'union' : 'intersection',
      types: node.types.map((type) => typeNode(type, 'tight')),
    };
  }
  if (ts.isTypeLiteralNode(node)) return { k: 'object', members: node.members.map(member) };
  return fail();
}

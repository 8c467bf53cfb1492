import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

/*
 * How a string the spec supplies is written into generated TypeScript: the one place that knows each context's
 * escaping (doc comment, line comment, string literal, template literal, identifier, property key, value literal).
 * Emitters never splice spec text into code any other way. Each writer round-trips: parsing what it writes gives back
 * the same string (doc comments after the normalisation {@link normalizeDocText} documents).
 */

/** `\n`, `'`… as escape sequences; everything else that is not printable ASCII-safe as `\xNN` / `\uNNNN`. */
const namedEscapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

function escapeChar(char: string): string {
  const named = namedEscapes[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  if (code < 0x100) return `\\x${hex(code, 2)}`;
  // A code point beyond U+FFFF (matched whole in unicode mode) is written as its two UTF-16 units.
  return [...Array(char.length).keys()].map((i) => `\\u${hex(char.charCodeAt(i), 4)}`).join('');
}

const hex = (code: number, width: number): string => code.toString(16).toUpperCase().padStart(width, '0');

/**
 * C0 and C1 controls, DEL, the line and paragraph separators, the byte order mark, and lone surrogates (which UTF-8
 * cannot carry: writing the file would turn them into U+FFFD). Pairs of surrogates stay as they are. Also the
 * letters and marks that ES2015 took out of identifiers (U+2E2F, a Pattern_Syntax letter, today): prettier unquotes
 * a key by ES5's tables, so `'ⸯ'` became `ⸯ`, which TypeScript and V8 reject; an escape in the quotes keeps them.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const unsafeInLiteral =
  /[\\\0-\x1F\x7F-\x9F\u2028\u2029\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|(?=[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}])\P{ID_Continue}/gu;

/** A single-quoted string literal whose value is exactly `value`. Safe in value and type positions. */
export function stringLiteral(value: string): string {
  return `'${escapeLiteralText(value).replaceAll("'", "\\'")}'`;
}

/** `value` with what may not stand as it is between a string literal's quotes escaped, the quotes excepted. */
export function escapeLiteralText(value: string): string {
  return value.replace(unsafeInLiteral, escapeChar);
}

/** Text to place between the backticks of a template literal (or around its `${…}` parts), read back as `value`. */
export function templateText(value: string): string {
  return value.replace(unsafeInLiteral, escapeChar).replaceAll('`', '\\`').replaceAll('${', '\\${');
}

/** A number as a literal. The model rejects non-finite numbers, which have no literal form. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} has no literal form`);
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A string, number or boolean as a literal; also the literal type of that value. */
export function primitiveLiteral(value: string | number | boolean): string {
  return typeof value === 'string'
    ? stringLiteral(value)
    : typeof value === 'number'
      ? numberLiteral(value)
      : String(value);
}

/** Data (as parsed from a spec) as a JavaScript expression with the same value. */
export type LiteralValue = string | number | boolean | null | readonly LiteralValue[] | LiteralObject;
export type LiteralObject = { readonly [key: string]: LiteralValue };

/**
 * Writes data as a JavaScript expression, like `JSON.stringify` but with keys that are safe in an object literal:
 * a `__proto__` key stays an own property (see {@link propertyKey}).
 */
export function valueLiteral(value: LiteralValue): string {
  if (value === null || typeof value !== 'object') return value === null ? 'null' : primitiveLiteral(value);
  if (Array.isArray(value)) return `[${(value as readonly LiteralValue[]).map(valueLiteral).join(', ')}]`;
  const entries = Object.entries(value as LiteralObject).map(
    ([key, item]) => `${propertyKey(key)}: ${valueLiteral(item)}`,
  );
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/**
 * A key of an object literal that defines an own property named `name`. In an object literal both `__proto__: x` and
 * `'__proto__': x` set the prototype instead; the computed form `['__proto__']: x` defines the property.
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`;
  return isIdentifierText(name) ? name : stringLiteral(name);
}

/** The name of a property in an interface or type literal (reserved words are valid property names there). */
export function propertySignatureName(name: string): string {
  return isIdentifierText(name) ? name : stringLiteral(name);
}

// ---------------------------------------------------------------------------------------------------------------
// Comments

/**
 * The text a doc comment shows for `text`: line breaks (CR LF, CR, U+2028, U+2029) become LF, trailing blanks of each
 * line and blank lines around the text go, lone surrogates become U+FFFD (UTF-8 cannot carry them).
 */
export function normalizeDocText(text: string): string {
  return text
    .replace(loneSurrogate, '\uFFFD')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/**
 * Text for a TSDoc comment (`docs` of a ts-morph structure) that cannot end the comment. After `*`, a `/` or `\`
 * gets a backslash in front, the way Markdown escapes it: `*​/` reads `*\/`, and the hover shows `*​/`.
 */
export function docText(text: string): string {
  return normalizeDocText(text).replace(/\*(?=[/\\])/g, '*\\');
}

/** The inverse of {@link docText}, for reading a generated comment back. */
export function readDocText(text: string): string {
  return text.replace(/\*\\([/\\])/g, '*$1');
}

/** `docs` for a ts-morph structure: one entry, or none for empty text. */
export function docs(text: string): string[] {
  const escaped = docText(text);
  return escaped ? [escaped] : [];
}

/** Text for a `//` comment: one line, whatever `text` holds. */
export function lineCommentText(text: string): string {
  return text.replace(loneSurrogate, '\uFFFD').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

/**
 * TypeScript, for its Unicode identifier tables. Loaded on the first character beyond ASCII, so that the commands
 * that model a spec but print no code (`spec:import`) do not read and compile its 9 MB for `a`–`z`.
 */
let typescript: typeof TypeScript | undefined;
const unicodeTables = (): typeof TypeScript =>
  (typescript ??= createRequire(import.meta.url)('typescript') as typeof TypeScript);

/** `ts.isIdentifierStart(code, ESNext)`: ASCII as TypeScript decides it, the rest by TypeScript itself. */
function isIdentifierStart(code: number): boolean {
  if (code < 0x80)
    return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 36 || code === 95;
  const ts = unicodeTables();
  return ts.isIdentifierStart(code, ts.ScriptTarget.ESNext);
}

/** `ts.isIdentifierPart(code, ESNext)`, the same way. */
function isIdentifierPart(code: number): boolean {
  if (code < 0x80) return isIdentifierStart(code) || (code >= 48 && code <= 57);
  const ts = unicodeTables();
  return ts.isIdentifierPart(code, ts.ScriptTarget.ESNext);
}

/** True when `text` is an IdentifierName (reserved words included), as TypeScript reads ES2024 source. */
export function isIdentifierText(text: string): boolean {
  let first = true;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (!(first ? isIdentifierStart(code) : isIdentifierPart(code))) return false;
    first = false;
  }
  return !first;
}

/** Words that cannot name a binding in strict-mode module code (ES2024 reserved words, and more). */
const reservedWords = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with'.split(
    ' ',
  ),
  ...'implements interface let package private protected public static yield await arguments eval'.split(' '),
  // Not reserved, but shadowing them in generated code would be a trap.
  'undefined',
  'NaN',
  'Infinity',
]);

/** Names a TypeScript type alias, interface or enum may not take. */
const reservedTypeNames = new Set(
  'any unknown never object string number boolean symbol bigint void undefined null this intrinsic'.split(
    ' ',
  ),
);

/** True when `name` can name a binding (variable, function, parameter) in generated code. */
export function isBindingName(name: string): boolean {
  return isIdentifierText(name) && !reservedWords.has(name);
}

/** True when `name` can name a type (and, for enums and objects, the values emitted beside it). */
export function isTypeName(name: string): boolean {
  return isBindingName(name) && !reservedTypeNames.has(name);
}

/**
 * A binding name derived from any string, deterministically: characters that cannot appear in an identifier are
 * dropped and the next character is upper-cased (`incident-id` → `incidentId`), a leading digit gets `_` in front
 * (`1stThing` → `_1stThing`), a reserved word gets `_` after it (`delete` → `delete_`). `style` sets the first letter.
 * Different inputs can give the same name; callers report such clashes as spec errors.
 */
export function toIdentifier(name: string, style: 'camel' | 'pascal' | 'keep' = 'keep'): string {
  if (style === 'keep' && isBindingName(name)) return name;
  let result = '';
  let upperNext = false;
  for (const char of name.replace(loneSurrogate, '\uFFFD')) {
    if (!isIdentifierPart(char.codePointAt(0)!)) {
      upperNext = result !== '';
      continue;
    }
    result += upperNext ? withCase(char, 'upper') : char;
    upperNext = false;
  }
  if (style !== 'keep') {
    const [first = '', ...rest] = result;
    result = withCase(first, style === 'pascal' ? 'upper' : 'lower') + rest.join('');
  }
  if (result === '' || !isIdentifierText(result)) result = `_${result}`;
  const usable = style === 'pascal' ? isTypeName(result) : isBindingName(result);
  return usable ? result : `${result}_`;
}

/** The character in upper or lower case, unless that case is not an identifier character (or not one character). */
function withCase(char: string, to: 'upper' | 'lower'): string {
  const cased = to === 'upper' ? char.toUpperCase() : char.toLowerCase();
  return [...cased].length === 1 && isIdentifierPart(cased.codePointAt(0)!) ? cased : char;
}

// ---------------------------------------------------------------------------------------------------------------
// Type text

/** What every object inherits from `Object.prototype`, as TypeScript's `Object` interface declares it. */
const objectMembers = new Set([
  'constructor',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

/** True when a property named `name` shadows a member every object inherits (see {@link propertyTypeText}). */
export function isObjectMember(name: string): boolean {
  return objectMembers.has(name);
}

/**
 * The type of a property named `name`. TypeScript sees `Object`'s members on every object literal, so with
 * `constructor?: string` even `{}` would not be assignable (its `constructor` is `Function`). Such a property also
 * admits the inherited member's type, which is what reading it gives on a value that lacks it.
 */
export function propertyTypeText(name: string, type: string): string {
  return isObjectMember(name) ? `${type} | Object[${stringLiteral(name)}]` : type;
}

/** The TypeScript type of a primitive schema: its literals as a union, else `string`, `number` or `boolean`. */
export function primitiveTypeText(type: {
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  readonly literals?: readonly (string | number | boolean)[];
}): string {
  if (type.literals) return type.literals.map(primitiveLiteral).join(' | ');
  return type.type === 'integer' ? 'number' : type.type;
}

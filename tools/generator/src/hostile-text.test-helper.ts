import fc from 'fast-check';

/**
 * Pieces of text that break out of a naive context or that a printer might quote, escape or measure wrongly: quotes,
 * escapes, a template's `${`, comment ends, every line break and separator, NUL, a no-break space, a byte order mark,
 * a lone surrogate, astral and CJK characters (two columns, two UTF-16 units), and U+2E2F, a letter to ES5's
 * identifier tables (by which prettier unquotes a key) but not to ES2015's. The printers' fast-check properties mix
 * them, so each printer meets every piece.
 */
export const hostilePieces = [
  "'",
  '"',
  '\\',
  '`',
  '${',
  '*/',
  '/*',
  '*',
  '/',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\0',
  '\u00A0',
  '\uFEFF',
  '\uD800',
  '\u2E2F',
  '😀',
  '漢',
  'a',
  ' ',
  '-',
  '@',
];

/** Text from the spec: runs of {@link hostilePieces}, or any string. */
export function hostileText(maxPieces = 8): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: fc.constantFrom(...hostilePieces), maxLength: maxPieces }),
    fc.string({ maxLength: 30 }),
  );
}

import ts from 'typescript';

/**
 * A generated file cut into runs of whole top-level statements, each formatted on its own and joined again.
 * Prettier's cost and memory grow with the file it holds at once (a 12 MB file took gigabytes), and pieces can be
 * shared out among threads; the joined text is what prettier gives for the whole file (`formatFiles` tests it).
 */
export interface Piece {
  readonly text: string;
  /** Whether prettier keeps one empty line before this piece: the line after the previous statement is empty. */
  readonly emptyLineBefore: boolean;
}

/** Files and pieces smaller than this are not cut. */
export const pieceSize = 64_000;

/** A line (at column 0) that can only start a statement or the comment before one, never continue the one before. */
const statementStart =
  /^(?:export |import |const |let |var |function |async function |interface |type |declare |class |abstract class |enum |\/\/|\/\*)/;

/**
 * Cuts `text` (TypeScript) into pieces of at least `size` characters, each a run of whole top-level statements.
 * A cut goes between a line that ends with `;` or `}` and a line that starts a statement (`export`, `const`, a
 * comment…), and only where the piece before it parses on its own: a cut inside a template literal, a comment, a
 * block or a namespace leaves something open, which fails to parse, so the piece grows to the next candidate
 * instead. Each piece is parsed alone, so that no syntax tree of the whole file is ever built (at 100× the
 * schemas, that tree took a gigabyte). Text whose last piece does not parse stays whole, so that prettier reports
 * the error as it would. `isNextLineEmpty` is prettier's own rule (`prettier.util.isNextLineEmpty`), which decides
 * where it keeps an empty line between two statements.
 *
 * With `proveCuts` false, no piece is parsed: every candidate is cut. The caller must then prove each piece itself
 * (prettier's TypeScript parser rejects a piece with any parse error, as this check does) and, when one fails, cut
 * again with the proof; where every piece parses, the pieces are the ones the proof gives.
 */
export function cutIntoPieces(
  path: string,
  text: string,
  isNextLineEmpty: (text: string, index: number) => boolean,
  size = pieceSize,
  proveCuts = true,
): Piece[] {
  const whole = [{ text, emptyLineBefore: false }];
  if (text.length < 2 * size) return whole;
  const pieces: Piece[] = [];
  let start = 0;
  let emptyLineBefore = false;
  let misses = 0;
  let lineEnd = text.indexOf('\n', start + size);
  while (lineEnd !== -1) {
    const cut = lineEnd + 1;
    if (text.length - cut < size) break;
    const lastChar = text
      .slice(text.lastIndexOf('\n', lineEnd - 1) + 1, lineEnd)
      .trimEnd()
      .at(-1);
    const piece = text.slice(start, cut);
    if (
      (lastChar === ';' || lastChar === '}') &&
      statementStart.test(text.slice(cut, cut + 200).replace(/^(?:[ \t]*\n)+/, ''))
    ) {
      if (proveCuts && !parses(path, piece)) {
        // Rare (text that looks like statements inside a template literal or a comment): give up cutting after a
        // few, so that a file full of them costs a few parses, not one per line.
        if (++misses === 3) break;
        lineEnd = text.indexOf('\n', cut);
        continue;
      }
      pieces.push({ text: piece, emptyLineBefore });
      emptyLineBefore = isNextLineEmpty(text, start + piece.trimEnd().length);
      start = cut;
      lineEnd = text.indexOf('\n', start + size);
    } else lineEnd = text.indexOf('\n', cut);
  }
  const last = text.slice(start);
  if (proveCuts && pieces.length > 0 && !parses(path, last)) return whole;
  pieces.push({ text: last, emptyLineBefore });
  return pieces;
}

function parses(path: string, text: string): boolean {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const { parseDiagnostics } = file as unknown as { parseDiagnostics?: readonly unknown[] };
  return parseDiagnostics !== undefined && parseDiagnostics.length === 0;
}

/** The formatted pieces as one file: prettier ends each with a newline and separates statements by one line. */
export function joinPieces(pieces: readonly Piece[], formatted: readonly string[]): string {
  return formatted.map((text, index) => (pieces[index]!.emptyLineBefore ? `\n${text}` : text)).join('');
}

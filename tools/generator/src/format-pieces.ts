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

/**
 * Cuts `text` (TypeScript) after a top-level statement whose line ends with it, once a piece holds `size`
 * characters. Comments before a statement stay with it; a statement followed by a comment on its own line is not
 * a cut. Text that does not parse stays whole, so that prettier reports the error as it would.
 * `isNextLineEmpty` is prettier's own rule (`prettier.util.isNextLineEmpty`), which decides where it keeps an
 * empty line between two statements.
 */
export function cutIntoPieces(
  path: string,
  text: string,
  isNextLineEmpty: (text: string, index: number) => boolean,
  size = pieceSize,
): Piece[] {
  if (text.length < 2 * size) return [{ text, emptyLineBefore: false }];
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const { parseDiagnostics } = file as unknown as { parseDiagnostics?: readonly unknown[] };
  if (parseDiagnostics === undefined || parseDiagnostics.length > 0)
    return [{ text, emptyLineBefore: false }];
  const ends = file.statements.map((statement) => statement.end);
  const pieces: Piece[] = [];
  let start = 0;
  let emptyLineBefore = false;
  for (const end of ends.slice(0, -1)) {
    if (end - start < size) continue;
    const lineEnd = text.indexOf('\n', end);
    // Only a statement that ends its line: a comment after it on the same line is prettier's trailing comment.
    if (lineEnd === -1 || text.slice(end, lineEnd).trim() !== '') continue;
    if (text.length - (lineEnd + 1) < size) break;
    pieces.push({ text: text.slice(start, lineEnd + 1), emptyLineBefore });
    emptyLineBefore = isNextLineEmpty(text, end);
    start = lineEnd + 1;
  }
  pieces.push({ text: text.slice(start), emptyLineBefore });
  return pieces;
}

/** The formatted pieces as one file: prettier ends each with a newline and separates statements by one line. */
export function joinPieces(pieces: readonly Piece[], formatted: readonly string[]): string {
  return formatted.map((text, index) => (pieces[index]!.emptyLineBefore ? `\n${text}` : text)).join('');
}

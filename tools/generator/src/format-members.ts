import ts from 'typescript';

/**
 * A statement too large for one prettier call (at 100× the schemas, `openapi.gen.ts`'s `interface components` is
 * 11 MB and `contract.gen.ts`'s `schemas` 7 MB), cut inside: its largest `{ … }` container's members in runs
 * (`chunks`), each formatted inside a stub of the statement (`prefix`, the run, `suffix`) and put back between the
 * lines prettier gives the statement around one member (`frame`). Text before and after the statement on the same
 * piece is formatted on its own, as format-pieces does between statements.
 */
export interface MemberCut {
  /** Whole statements before the one cut inside ('' for none). */
  readonly before: string;
  /** The statement from its start (its leading comments included) through the container's `{`. */
  readonly prefix: string;
  /** Runs of whole members of the container, each ending after its last member's separator (the last run may not). */
  readonly chunks: readonly string[];
  /** Per chunk, whether prettier keeps an empty line before its first member (after the member before it). */
  readonly emptyLineBeforeChunk: readonly boolean[];
  /** The statement from the container's `}` to its end. */
  readonly suffix: string;
  /** Whole statements after it ('' for none). */
  readonly after: string;
  /** Whether prettier keeps an empty line between `before` and the statement, and between the statement and `after`. */
  readonly emptyLineBefore: boolean;
  readonly emptyLineAfter: boolean;
}

/** A container this long is laid out broken by prettier whatever its text: no print width is anywhere near it. */
const neverFitsOnALine = 65_536;

/** The member that stands for the chunks in the frame: valid as an object literal's and as a type literal's member. */
const marker = '__graph_incidents_cut__: 0';

const statementKeywords = new Set([
  ts.SyntaxKind.ExportKeyword,
  ts.SyntaxKind.ImportKeyword,
  ts.SyntaxKind.ConstKeyword,
  ts.SyntaxKind.LetKeyword,
  ts.SyntaxKind.VarKeyword,
  ts.SyntaxKind.FunctionKeyword,
  ts.SyntaxKind.InterfaceKeyword,
  ts.SyntaxKind.TypeKeyword,
  ts.SyntaxKind.DeclareKeyword,
  ts.SyntaxKind.ClassKeyword,
  ts.SyntaxKind.EnumKeyword,
]);

interface Container {
  readonly open: number;
  readonly close: number;
  readonly depth: number;
}

/**
 * Cuts `text` (one piece of whole TypeScript statements, which format-pieces could not cut further) inside its
 * largest statement, or returns `undefined` when there is nothing safe to cut. The container chosen is the largest
 * `{ … }` that is an object literal (after `=` or `:`) or an interface's body, descending while one member holds
 * most of it (`interface components { schemas: { … } }` is cut among the schemas). Cuts go after a member's `,` or `;`
 * with no comment on the rest of that line (prettier would attach it to the member before), into runs of at least
 * `size` characters. Tokens come from TypeScript's scanner (strings, templates and comments are skipped whole),
 * so no syntax tree of the statement is built.
 */
export function cutMembers(
  text: string,
  size: number,
  isNextLineEmpty: (text: string, index: number) => boolean,
): MemberCut | undefined {
  const scan = scanStructure(text, size);
  if (scan === undefined) return undefined;
  let container = scan.containers.filter((c) => c.depth === 0).sort(bySpan)[0];
  if (container === undefined) return undefined;
  for (;;) {
    const parent: Container = container;
    const child = scan.containers
      .filter((c) => c.depth === parent.depth + 1 && c.open > parent.open && c.close < parent.close)
      .sort(bySpan)[0];
    if (child === undefined || span(child) * 2 < span(parent)) break;
    container = child;
  }
  // The stubs keep the container broken (a line break after `{`), so it must be broken in the whole statement too:
  // an interface's body always is, an object or type literal when it has a line break after `{` or cannot fit a line.
  const kind = scan.cuttable.get(container.open);
  const broken =
    kind === 'interface' ||
    /^[ \t]*\r?\n/.test(text.slice(container.open + 1, container.open + 200)) ||
    span(container) >= neverFitsOnALine;
  if (kind === undefined || !broken) return undefined;
  const cuts = memberCuts(text, container, size);
  if (cuts.length === 0) return undefined;
  const start = scan.boundaries.filter((b) => b <= container.open).at(-1) ?? 0;
  const end = scan.boundaries.find((b) => b >= container.close) ?? text.length;
  // A comment on the line after a statement's `;` belongs to that statement: then the pieces cannot be formatted apart.
  if ((start > 0 && !restOfLineIsBlank(text, start)) || !restOfLineIsBlank(text, end)) return undefined;
  const edges = [container.open + 1, ...cuts, container.close];
  return {
    before: text.slice(0, start),
    prefix: text.slice(start, container.open + 1),
    chunks: edges.slice(1).map((edge, index) => text.slice(edges[index], edge)),
    // prettier keeps one empty line between two members where the text has one (after the member, its separator).
    emptyLineBeforeChunk: [false, ...cuts.map((cut) => isNextLineEmpty(text, cut - 1))],
    suffix: text.slice(container.close, end),
    after: text.slice(end),
    emptyLineBefore: start > 0 && isNextLineEmpty(text, text.slice(0, start).trimEnd().length),
    emptyLineAfter: end < text.length && isNextLineEmpty(text, text.slice(0, end).trimEnd().length),
  };
}

/** Texts to format and how to join their formatted texts back into the formatted piece (`undefined`: format it whole). */
export interface FormatPlan {
  readonly texts: readonly string[];
  readonly join: (formatted: readonly (string | undefined)[]) => string | undefined;
}

/**
 * How to format `text`, one piece of whole statements, in parts no larger than about `2 × size`: its largest
 * statement cut inside ({@link cutMembers}), the statements before and after it planned the same way. One part,
 * the text itself, when it is small or cannot be cut.
 */
export function planFormatting(
  text: string,
  size: number,
  isNextLineEmpty: (text: string, index: number) => boolean,
): FormatPlan {
  const cut = text.length < 2 * size ? undefined : cutMembers(text, size, isNextLineEmpty);
  if (cut === undefined) return { texts: [text], join: ([formatted]) => formatted };
  const parts = [
    /\S/.test(cut.before) ? planFormatting(cut.before, size, isNextLineEmpty) : undefined,
    memberPlan(cut),
    /\S/.test(cut.after) ? planFormatting(cut.after, size, isNextLineEmpty) : undefined,
  ];
  return {
    texts: parts.flatMap((part) => part?.texts ?? []),
    join(formatted) {
      let next = 0;
      const [before, statement, after] = parts.map((part) => {
        if (part === undefined) return '';
        const own = formatted.slice(next, (next += part.texts.length));
        return part.join(own);
      });
      if (before === undefined || statement === undefined || after === undefined) return undefined;
      return `${before}${before && cut.emptyLineBefore ? '\n' : ''}${statement}${after && cut.emptyLineAfter ? '\n' : ''}${after}`;
    },
  };
}

/**
 * The frame (the statement with one marker member) and each chunk inside a stub of the statement; joined, the
 * frame's lines before and after its marker around every chunk's member lines. The join gives `undefined` when a
 * stub's lines around its members differ from the frame's (the container laid out otherwise for a short run).
 */
function memberPlan(cut: MemberCut): FormatPlan {
  // A line break after `{` keeps the container broken, as it is in the whole statement (far wider than a line).
  const stub = (members: string) =>
    `${cut.prefix}${/^[ \t]*\r?\n/.test(members) ? '' : '\n'}${members}${cut.suffix}`;
  return {
    texts: [stub(`${marker}\n`), ...cut.chunks.map(stub)],
    join(formatted) {
      if (formatted.some((text) => text === undefined)) return undefined;
      const [frame, ...chunks] = formatted.map((text) => text!.split('\n'));
      const at = frame!.findIndex((line) => line.trimStart().startsWith(marker));
      if (at === -1 || frame!.filter((line) => line.includes(marker)).length !== 1) return undefined;
      const head = frame!.slice(0, at).join('\n');
      const tail = frame!.slice(at + 1).join('\n');
      const headLines = at;
      const tailLines = frame!.length - at - 1;
      const members: string[] = [];
      for (const [index, lines] of chunks.entries()) {
        if (
          lines.length <= headLines + tailLines ||
          lines.slice(0, headLines).join('\n') !== head ||
          lines.slice(lines.length - tailLines).join('\n') !== tail
        )
          return undefined;
        if (cut.emptyLineBeforeChunk[index]) members.push('');
        members.push(...lines.slice(headLines, lines.length - tailLines));
      }
      return [...frame!.slice(0, at), ...members, ...frame!.slice(at + 1)].join('\n');
    },
  };
}

const span = (c: Container) => c.close - c.open;
const bySpan = (a: Container, b: Container) => span(b) - span(a);

function restOfLineIsBlank(text: string, index: number): boolean {
  const lineEnd = text.indexOf('\n', index);
  return /^[ \t\r]*$/.test(text.slice(index, lineEnd === -1 ? text.length : lineEnd));
}

/** A token of `text` from `from` on, with the depth of brackets (`{`, `(`, `[`, `${`) open before it. */
interface Token {
  readonly kind: ts.SyntaxKind;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
}

/**
 * The tokens of `text` from `from` on, skipping comments, strings and template text; a template's `${ … }` counts
 * as a bracket. Yields a final token of kind `Unknown` if brackets do not balance (a regular expression literal
 * could cause it: the scanner cannot tell one from a division without the parser).
 */
function* tokens(text: string, from: number): Generator<Token> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  scanner.resetTokenState(from);
  const open: ts.SyntaxKind[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && open.at(-1) === ts.SyntaxKind.TemplateHead) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateTail) open.pop();
      continue;
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (closing.has(kind)) {
      if (open.pop() !== closing.get(kind))
        return yield { kind: ts.SyntaxKind.Unknown, start, end, depth: -1 };
      yield { kind, start, end, depth: open.length };
    } else {
      yield { kind, start, end, depth: open.length };
      if (kind === ts.SyntaxKind.TemplateHead || opening.has(kind)) open.push(kind);
    }
  }
  if (open.length > 0) yield { kind: ts.SyntaxKind.Unknown, start: text.length, end: text.length, depth: -1 };
}

const opening = new Set([
  ts.SyntaxKind.OpenBraceToken,
  ts.SyntaxKind.OpenParenToken,
  ts.SyntaxKind.OpenBracketToken,
]);
const closing = new Map([
  [ts.SyntaxKind.CloseBraceToken, ts.SyntaxKind.OpenBraceToken],
  [ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.OpenParenToken],
  [ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.OpenBracketToken],
]);

/**
 * One pass over `text`: every `{ … }` of at least `size` characters with its depth, which of them may be cut (an
 * object literal after `=` or `:`, an interface's body), and where top-level statements end (after a `;`, or after
 * a `}` followed on a new line by a declaration keyword). `undefined` if brackets do not balance.
 */
function scanStructure(
  text: string,
  size: number,
):
  | { containers: Container[]; cuttable: Map<number, 'interface' | 'literal'>; boundaries: number[] }
  | undefined {
  const containers: Container[] = [];
  const cuttable = new Map<number, 'interface' | 'literal'>();
  const boundaries: number[] = [];
  const opened: { start: number; kind: 'interface' | 'literal' | undefined }[] = [];
  let previous = ts.SyntaxKind.Unknown;
  let beforePrevious = ts.SyntaxKind.Unknown;
  let braceEnd = -1;
  for (const token of tokens(text, 0)) {
    if (token.kind === ts.SyntaxKind.Unknown) return undefined;
    if (braceEnd !== -1) {
      if (statementKeywords.has(token.kind) && text.slice(braceEnd, token.start).includes('\n'))
        boundaries.push(braceEnd);
      braceEnd = -1;
    }
    if (opening.has(token.kind))
      opened.push({
        start: token.start,
        kind:
          token.kind !== ts.SyntaxKind.OpenBraceToken
            ? undefined
            : previous === ts.SyntaxKind.EqualsToken || previous === ts.SyntaxKind.ColonToken
              ? 'literal'
              : previous === ts.SyntaxKind.Identifier && beforePrevious === ts.SyntaxKind.InterfaceKeyword
                ? 'interface'
                : undefined,
      });
    else if (closing.has(token.kind)) {
      const open = opened.pop()!;
      if (token.kind === ts.SyntaxKind.CloseBraceToken) {
        if (token.start - open.start >= size) {
          containers.push({ open: open.start, close: token.start, depth: token.depth });
          if (open.kind !== undefined) cuttable.set(open.start, open.kind);
        }
        if (token.depth === 0) braceEnd = token.end;
      }
    } else if (token.kind === ts.SyntaxKind.SemicolonToken && token.depth === 0) boundaries.push(token.end);
    beforePrevious = previous;
    previous = token.kind;
  }
  return { containers, cuttable, boundaries };
}

/**
 * Where to cut between the direct members of `container`: after a `,` or `;` at its own depth, at least `size`
 * characters after the last cut and before its `}`, and not where a comment follows on the separator's line.
 */
function memberCuts(text: string, container: Container, size: number): number[] {
  // Members end with `;` in a type literal or an interface, with `,` in an object literal. Only one of them is
  // taken: a `,` at the container's depth in a type may be inside type arguments (`Omit<A, 'b'>`), which the
  // scanner cannot tell from a comparison.
  const separators: { kind: ts.SyntaxKind; end: number }[] = [];
  let lastTokenEnd = -1;
  for (const token of tokens(text, container.open + 1)) {
    if (token.start >= container.close || token.kind === ts.SyntaxKind.Unknown) break;
    lastTokenEnd = token.end;
    if (
      token.depth === 0 &&
      (token.kind === ts.SyntaxKind.CommaToken || token.kind === ts.SyntaxKind.SemicolonToken)
    )
      separators.push({ kind: token.kind, end: token.end });
  }
  const kind = separators.some((s) => s.kind === ts.SyntaxKind.SemicolonToken)
    ? ts.SyntaxKind.SemicolonToken
    : ts.SyntaxKind.CommaToken;
  // A separator after the last member (a trailing comma) is no place to cut: nothing follows it.
  if (lastTokenEnd === separators.at(-1)?.end) separators.pop();
  const cuts: number[] = [];
  let last = container.open + 1;
  for (const separator of separators) {
    if (separator.kind !== kind || separator.end - last < size || container.close - separator.end < size)
      continue;
    // A comment on the separator's line is prettier's trailing comment of the member before: no cut there.
    let next = separator.end;
    while (text[next] === ' ' || text[next] === '\t') next += 1;
    if (text[next] === '/') continue;
    cuts.push(separator.end);
    last = separator.end;
  }
  return cuts;
}

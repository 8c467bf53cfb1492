import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig, util } from 'prettier';
import { describe, expect, test } from 'vitest';
import { type EmittedPart, emittedText } from './emit-support.ts';
import type { DrawingFunction } from './format-drawing.ts';
import { emitMocks } from './emit-mocks.ts';
import { loadModel } from './load-model.ts';
import { cutIntoPieces, joinPieces, pieceSize } from './format-pieces.ts';
import { formatFiles } from './format.ts';
import { repoRoot, specPath } from './test-workspace.ts';

const generatedPath = 'packages/mocks/src/generated/factories.gen.ts';
const options = { ...(await resolveConfig(join(repoRoot, generatedPath))), filepath: generatedPath };

/** The file formatted in pieces of at most about `size` characters, and the number of pieces. */
async function formatInPieces(text: string, size: number): Promise<{ text: string; pieces: number }> {
  const pieces = cutIntoPieces(generatedPath, text, util.isNextLineEmpty, size);
  const formatted = await Promise.all(pieces.map((piece) => format(piece.text, options)));
  return { text: joinPieces(pieces, formatted), pieces: pieces.length };
}

// Every way statements meet that prettier treats differently: comments before, after and between statements,
// no, one and three empty lines, a comment on a statement's own line, and template text that looks like code.
const tricky = `// Generated header: the first statement's comment.
/* eslint-disable */
import type { A } from './a.js';
import { b } from "./b.js";
/** Leading doc. */
export const one = { a: 1, 'b-c': [1,2,3] } as const;


export const two = 2; // a trailing comment stays on its line

// An own-line comment between statements.

export function three(x: number) {

  return x + 1
}
export const four = \`line one

export const notAStatement = 1;
a template line;
export const alsoNotAStatement = 2;
\`;
/* block */ export type Five = { readonly five: 5 };
export interface Six { six: 'six' } /* trailing block */
export const seven = "say \\"hi\\" */ // not a comment";
`;

describe('formatting in pieces', () => {
  test('gives exactly what prettier gives for the whole file, cut after every statement it may be', async () => {
    const whole = await format(tricky, options);
    const inPieces = await formatInPieces(tricky, 1);
    expect(inPieces.pieces).toBeGreaterThan(6);
    expect(inPieces.text).toBe(whole);
  });

  test('does not cut text that does not parse, so prettier reports its error for the whole file', () => {
    const broken = `${tricky}\nexport const = ;\n`;
    expect(cutIntoPieces(generatedPath, broken, util.isNextLineEmpty, 1)).toEqual([
      { text: broken, emptyLineBefore: false },
    ]);
  });

  test('does not cut a file smaller than twice the piece size', () => {
    expect(cutIntoPieces(generatedPath, tricky, util.isNextLineEmpty, tricky.length / 2 + 1)).toHaveLength(1);
    expect(
      cutIntoPieces(generatedPath, tricky, util.isNextLineEmpty, tricky.length / 4).length,
    ).toBeGreaterThan(1);
  });

  test("gives what prettier gives for the whole of the generator's mock factories of specs/v1.0", async () => {
    const model = await loadModel({ file: specPath, text: await readFile(join(repoRoot, specPath), 'utf8') });
    const text = emittedText((await emitMocks(model)).get(generatedPath)!);
    const inPieces = await formatInPieces(text, 1_000);
    expect(inPieces.pieces).toBeGreaterThan(10);
    expect(inPieces.text).toBe(await format(text, options));
  });
  test('without the proof cuts at every candidate, also inside a template literal, where the proof does not', () => {
    const unproven = cutIntoPieces(generatedPath, tricky, util.isNextLineEmpty, 1, false);
    const proven = cutIntoPieces(generatedPath, tricky, util.isNextLineEmpty, 1);
    expect(unproven.map((piece) => piece.text).join('')).toBe(tricky);
    expect(unproven.some((piece) => piece.text.startsWith('export const alsoNotAStatement'))).toBe(true);
    expect(proven.some((piece) => piece.text.startsWith('export const alsoNotAStatement'))).toBe(false);
  });

  /** Statements of at least `length` characters in all, from `export const name0`. */
  const statements = (name: string, length: number) => {
    let text = '';
    for (let i = 0; text.length < length; i += 1)
      text += `export const ${name}${i} = { a: ${i}, b: '${i}' };\n`;
    return text;
  };

  test('formatFiles gives what prettier gives for a large file whose first unproven cut falls inside a template literal', async () => {
    // The template holds lines that end with `;` followed by lines that start with `export`: the first candidates
    // past the piece size. Its piece does not parse, so the formatter cuts again with each cut proven.
    const fakeStatements = Array.from({ length: 400 }, (_, i) => `export const fake${i} = ${i};`).join('\n');
    const text = `${statements('before', pieceSize - 2_000)}export const template = \`\n${fakeStatements}\n\`;\n${statements('after', 2 * pieceSize)}`;
    expect(cutIntoPieces(generatedPath, text, util.isNextLineEmpty, pieceSize, false)[0]!.text).toContain(
      'fake',
    );
    const formatted = await formatFiles(new Map([[generatedPath, text]]), repoRoot);
    expect(formatted.get(generatedPath)).toBe(await format(text, options));
  });

  test("formatFiles still reports prettier's error for a large file that does not parse", async () => {
    const text = `${statements('before', 3 * pieceSize)}export const = ;\n`;
    // The error's line is the whole file's: the text was formatted whole, as with the proof before.
    const line = text.split('\n').length - 1;
    await expect(formatFiles(new Map([[generatedPath, text]]), repoRoot)).rejects.toThrow(`(${line}:14)`);
  });
});

describe('formatFiles with drawing functions', () => {
  const path = 'packages/mocks/src/generated/factory-values.gen.ts';
  const drawing = (name: string, lazy: boolean): DrawingFunction => ({
    kind: 'drawing-function',
    docs: `Draws ${name}.`,
    name: `${name}Values`,
    type: name,
    graphName: name,
    // An arrow to an object is a shape the printers leave to prettier: the function comes back as text.
    entries: [
      lazy
        ? {
            key: 'x',
            value: {
              kind: 'call',
              callee: 'ctx.lazy',
              args: [{ kind: 'arrow', body: { kind: 'object', entries: [] } }],
            },
          }
        : { key: 'id', value: { kind: 'call', callee: 'ctx.id', args: [] } },
    ],
  });

  test('printed and left-to-prettier functions, first in the file, between text and in batches, give what prettier gives for the whole text', async () => {
    const parts: EmittedPart[] = [
      drawing('A', true),
      drawing('B', false),
      '\nexport const between = { a: 1 };\n',
      ...Array.from({ length: 600 }, (_, i) => drawing(`C${i}`, i % 7 === 0 || i === 255 || i === 256)),
      "\nexport const last = 'x';\n",
    ];
    const fileOptions = { ...(await resolveConfig(join(repoRoot, path))), filepath: path };
    const formatted = await formatFiles(new Map([[path, parts]]), repoRoot);
    expect(formatted.get(path)).toBe(await format(emittedText(parts), fileOptions));
  });
});

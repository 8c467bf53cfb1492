import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig, util } from 'prettier';
import { describe, expect, test } from 'vitest';
import { emittedText } from './emit-support.ts';
import { emitContract } from './emit-contract.ts';
import { emitTypes } from './emit-types.ts';
import { planFormatting } from './format-members.ts';
import { loadModel } from './load-model.ts';
import { repoRoot, specPath } from './test-workspace.ts';

const generatedPath = 'packages/types/src/generated/openapi.gen.ts';
const options = { ...(await resolveConfig(join(repoRoot, generatedPath))), filepath: generatedPath };

/** The text formatted as planned with parts of about `size` characters, and the number of parts. */
async function formatAsPlanned(text: string, size: number) {
  const plan = planFormatting(text, size, util.isNextLineEmpty);
  const parts = await Promise.all(plan.texts.map((part) => format(part, options).catch(() => undefined)));
  return { text: plan.join(parts), parts: plan.texts.length };
}

// Members that prettier lays out differently by what surrounds them: comments before, after and on a member's
// line, an empty line between two, separators inside strings, templates and type arguments, quoted keys.
const tricky = `// Generated header.
/* eslint-disable */
import type { A } from './a.js';
export const before = 1;

/** The large one. */
export const big = {
  first: { nested: 'a, b; c', 'quoted-key': [1, 2, 3] },
  // An own-line comment before a member.
  second: \`template \${'with { braces }'} and, commas; here\`,
  third: 3, // a trailing comment stays with third
  fourth: { a: 1 },

  afterAnEmptyLine: "double \\"quoted\\"",
  /* block */ fifth: () => ({ x: 1 }),
  sixth: [{ y: 2 }, { z: 3 }], /* trailing block */
  seventh: \`\${\`nested \${'}'}\`}\`,
} as const satisfies Record<string, unknown>;
export type AfterIt = 1;
export interface Big {
  one: Omit<A, 'b' | 'c'> & { d: string };
  /** A doc comment. */
  two: { 'e-f': number; g?: string };

  three: Record<string, never>;
  four: 'x;y' | "z,w";
}
`;

describe('formatting a statement cut among its members', () => {
  test('gives exactly what prettier gives for the whole file, cut after every member it may be', async () => {
    const planned = await formatAsPlanned(tricky, 1);
    expect(planned.parts).toBeGreaterThan(10);
    expect(planned.text).toBe(await format(tricky, options));
  });

  test('descends into the member that holds most of a statement (`interface components { schemas: { … } }`)', async () => {
    const schemas = Array.from(
      { length: 40 },
      (_, i) => `    s${i}: { /** Doc ${i}. */ p${i}?: string | null };`,
    );
    const text = `export interface components {\n  schemas: {\n${schemas.join('\n')}\n  };\n  other: string;\n}\n`;
    const planned = await formatAsPlanned(text, 200);
    // The frame, and runs of at least 200 characters of the 40 schemas: more than one run means it cut among them.
    expect(planned.parts).toBeGreaterThan(3);
    expect(planned.text).toBe(await format(text, options));
  });

  test('cuts a one-line object literal too long for any line, as the contract and metadata are emitted', async () => {
    const entries = Array.from(
      { length: 1_500 },
      (_, i) => `k${i}: { a: 'x, y', b: [${i}, 2], 'c-d': null }`,
    );
    const text = `export const wide = { ${entries.join(', ')} } as const;\n`;
    expect(text.length).toBeGreaterThan(65_536);
    const planned = await formatAsPlanned(text, 8_000);
    expect(planned.parts).toBeGreaterThan(5);
    expect(planned.text).toBe(await format(text, options));
  });

  test('leaves whole an object literal that prettier could put on one line', async () => {
    const text = `export const small = { a: 1, b: 2, c: 3 };\nexport const other = { d: 4 };\n`;
    expect(planFormatting(text, 1, util.isNextLineEmpty).texts).toEqual([text]);
  });

  test('does not cut text whose brackets it cannot balance (a regular expression literal)', () => {
    const text = `export const pattern = /[{(]/;\nexport const big = {\n  a: 1,\n  b: 2,\n};\n`;
    expect(planFormatting(text, 1, util.isNextLineEmpty).texts).toEqual([text]);
  });

  test('gives no text when prettier rejected a part, so that the piece is formatted whole and reports the error', () => {
    const plan = planFormatting(tricky, 1, util.isNextLineEmpty);
    expect(plan.texts.length).toBeGreaterThan(2);
    expect(plan.join(plan.texts.map(() => undefined))).toBeUndefined();
  });

  test("gives what prettier gives for the whole of the generator's openapi-typescript types and contract of specs/v1.0", async () => {
    const model = await loadModel({ file: specPath, text: await readFile(join(repoRoot, specPath), 'utf8') });
    const types = emittedText((await emitTypes(model)).get(generatedPath)!);
    const contract = emittedText([...(await emitContract(model)).values()][0]!);
    for (const text of [types, contract]) {
      const planned = await formatAsPlanned(text, 2_000);
      expect(planned.parts).toBeGreaterThan(5);
      expect(planned.text).toBe(await format(text, options));
    }
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import * as prettier from 'prettier';
import { format } from 'prettier';
import { describe, expect, test } from 'vitest';
import { type DrawingFunction, drawingFunctionText, printDrawingFunction } from './format-drawing.ts';
import { Code, type DataStatement, dataStatementText, printDataStatement } from './format-literal.ts';
import { FormatPool, FormatThreadError } from './format-pool.ts';

const options = { parser: 'babel-ts', singleQuote: true, printWidth: 110 };

describe('FormatPool', () => {
  test('gives each text back formatted exactly once, on the threads or on this one, and undefined for a text prettier rejects', async () => {
    // 60 texts of ~400 characters start the threads (past the 20,000 given); 3 small ones stay on this thread.
    const large = Array.from(
      { length: 60 },
      (_, i) =>
        `export const value${i} = {${Array.from({ length: 30 }, (_, k) => `k${k}:"${i}-${k}"`).join(',')}};\n`,
    );
    expect(large.join('').length).toBeGreaterThan(20_000);
    for (const texts of [large, ['const a   =  1', 'export const = ;', "let b = { c: 'd' }"]]) {
      const pool = new FormatPool({ parallelThreshold: 20_000 });
      try {
        const results = texts.map((text) => pool.submit(text, options));
        await pool.drain();
        const formatted = await Promise.all(results);
        const expected = await Promise.all(texts.map((text) => format(text, options).catch(() => undefined)));
        expect(formatted).toEqual(expected);
        expect(formatted.filter((text) => text === undefined)).toHaveLength(texts === large ? 0 : 1);
      } finally {
        pool.close();
      }
    }
  });

  test('with a long queue sends each text to one thread, holds the caller back until the queue is under the limit, and still gives every text back formatted', async () => {
    const texts = Array.from(
      { length: 40 },
      (_, i) =>
        `export const value${i} = {${Array.from({ length: 30 }, (_, k) => `k${k}:"${i}-${k}"`).join(',')}};\n`,
    );
    // Threads from the first text, every text to one thread, and the caller held back past two texts' worth.
    const backlogLimit = 2 * texts[0]!.length;
    const pool = new FormatPool({ parallelThreshold: 1, sharedBacklog: 0, backlogLimit });
    try {
      const results: Promise<string | undefined>[] = [];
      let heldBack = 0;
      for (const text of texts) {
        results.push(pool.submit(text, options));
        if (pool.backlog > backlogLimit) heldBack += 1;
        await pool.room();
        expect(pool.backlog).toBeLessThanOrEqual(backlogLimit);
      }
      expect(heldBack).toBeGreaterThan(0);
      await pool.drain();
      const expected = await Promise.all(texts.map((text) => format(text, options)));
      expect(await Promise.all(results)).toEqual(expected);
      expect(pool.backlog).toBe(0);
    } finally {
      pool.close();
    }
  });

  test('startThreads sends texts held so far and every later one to the threads, under the threshold, and each comes back formatted', async () => {
    const texts = ['const a   =  1', "let b = { c: 'd' }", 'export const = ;', 'type T = {a:1}'];
    const pool = new FormatPool({ parallelThreshold: Number.MAX_SAFE_INTEGER });
    try {
      const results = [pool.submit(texts[0]!, options)];
      expect(pool.backlog).toBe(0); // held on this thread, under the threshold
      pool.startThreads();
      expect(pool.backlog).toBe(texts[0]!.length);
      for (const text of texts.slice(1)) results.push(pool.submit(text, options));
      expect(pool.backlog).toBe(texts.join('').length);
      pool.startThreads(); // a second call changes nothing
      const expected = await Promise.all(texts.map((text) => format(text, options).catch(() => undefined)));
      expect(await Promise.all(results)).toEqual(expected);
      expect(pool.backlog).toBe(0);
    } finally {
      pool.close();
    }
  });

  test('prints data statements and drawing functions on the threads as on this thread, each counted in the backlog by its serialized bytes until it is back', async () => {
    const statement: DataStatement = {
      docs: 'Shapes, with an */ in the docs.',
      name: 'shapes',
      value: new Map<string, DataStatement['value']>([
        ['1', { kind: new Code('someEnum'), values: [1, -0, 1e21, 0.5] }],
        ['ünïcödé', ['\u2028', "it's", 'x"y', null, true]],
        ['__proto__', { nested: Array.from({ length: 12 }, (_, i) => ({ key: `value ${i}`, n: i })) }],
      ]),
      suffix: ' as const satisfies Record<string, unknown>',
    };
    const notMirrored = { ...statement, name: 'x'.repeat(120) };
    const drawing: DrawingFunction[] = [
      {
        kind: 'drawing-function',
        docs: 'Draws one.',
        name: 'incidentValues',
        type: 'Incident',
        graphName: 'microsoft.graph.security.incident',
        entries: [{ key: 'id', value: { kind: 'call', callee: 'ctx.id', args: [] } }],
      },
      {
        kind: 'drawing-function',
        docs: '',
        name: 'lazyValues',
        type: 'Lazy',
        graphName: 'lazy',
        // An arrow to an object: a shape the printers leave to prettier.
        entries: [
          {
            key: 'x',
            value: {
              kind: 'call',
              callee: 'ctx.lazy',
              args: [{ kind: 'arrow', body: { kind: 'object', entries: [] } }],
            },
          },
        ],
      },
    ];
    const options = {
      parser: 'typescript',
      filepath: 'a.gen.ts',
      singleQuote: true,
      printWidth: 110,
    } as const;
    const pool = new FormatPool({ parallelThreshold: 1 });
    try {
      const printed = pool.print(statement, options);
      pool.startThreads();
      expect(pool.backlog).toBe(serialize(statement).byteLength);
      const results = await Promise.all([
        printed,
        pool.print(notMirrored, options),
        pool.printBatch(drawing, options),
      ]);
      expect(pool.backlog).toBe(0);
      const here = printDataStatement(statement, options, prettier);
      expect(here).toContain('kind: someEnum');
      expect(results[0]).toEqual({ printed: here });
      expect(results[1]).toEqual({ text: dataStatementText(notMirrored) });
      expect(printDrawingFunction(drawing[1]!, options, prettier)).toBeUndefined();
      const printedHere = printDrawingFunction(drawing[0]!, options, prettier)!;
      expect(printedHere).toContain('export function incidentValues(');
      expect(results[2]).toEqual([{ printed: printedHere }, { text: drawingFunctionText(drawing[1]!) }]);
    } finally {
      pool.close();
    }
  });

  test("the threads' prettier (its standalone build) gives prettier's output for babel-ts, typescript and a parser inferred from a .ts name", async () => {
    const text =
      "enum E { A = 'a' }\nexport const x = <T,>(a: T): T => a;\nabstract class C { private readonly y?: number }\n";
    const variants: prettier.Options[] = [
      options,
      { printWidth: 40, parser: 'typescript' },
      { semi: false, filepath: 'packages/x/src/generated/x.gen.ts' },
    ];
    const pool = new FormatPool({ parallelThreshold: 1 });
    try {
      pool.startThreads();
      const onThreads = await Promise.all(variants.map((variant) => pool.submit(text, variant)));
      expect(onThreads).toEqual(await Promise.all(variants.map((variant) => format(text, variant))));
      expect(new Set(onThreads).size).toBe(3);
    } finally {
      pool.close();
    }
  });

  describe('a thread that fails', () => {
    const failing = async (
      source: string,
      run: (pool: FormatPool, file: string) => Promise<void>,
      backlogLimit?: number,
    ) => {
      const dir = await mkdtemp(join(tmpdir(), 'format-worker-'));
      const file = join(dir, 'format-worker.mjs');
      await writeFile(file, source);
      const pool = new FormatPool(
        { parallelThreshold: 1, ...(backlogLimit === undefined ? {} : { backlogLimit }) },
        file,
      );
      try {
        await run(pool, file);
      } finally {
        pool.close();
        await rm(dir, { recursive: true, force: true });
      }
    };

    test('to load (a missing or broken module) fails every waiting job with an error naming its file', async () => {
      const pool = new FormatPool(
        { parallelThreshold: 1 },
        join(tmpdir(), 'no-such-dir', 'format-worker.mjs'),
      );
      try {
        const error = await pool.submit('const a = 1;', options).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(FormatThreadError);
        expect((error as Error).message).toMatch(/no-such-dir\/format-worker\.mjs.*failed/s);
      } finally {
        pool.close();
      }
      await failing("throw new Error('broken bundle');", async (broken, file) => {
        const jobs = [broken.submit('const a = 1;', options), broken.print(statementOf('x'), options)];
        for (const job of jobs) {
          const error = await job.catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(FormatThreadError);
          expect((error as Error).message).toContain(file);
          expect((error as Error).message).toContain('broken bundle');
        }
      });
    });

    test('while running (it exits) fails every waiting job and every later one, and no longer holds the caller back', async () => {
      const source =
        "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(7));\n";
      await failing(
        source,
        async (pool) => {
          const job = pool.submit('const a = 1;', options);
          const held = pool.room(); // the backlog is over the limit of 0: held back until the failure
          const error = await job.catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(FormatThreadError);
          expect((error as Error).message).toMatch(/stopped with exit code 7/);
          await held;
          expect(pool.backlog).toBe(0);
          await expect(pool.print(statementOf('later'), options)).rejects.toBe(error);
        },
        0,
      );
    });
  });
});

const statementOf = (name: string): DataStatement => ({ docs: '', name, value: { a: 1 }, suffix: '' });

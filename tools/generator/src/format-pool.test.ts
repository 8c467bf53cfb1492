import { format } from 'prettier';
import { describe, expect, test } from 'vitest';
import { FormatPool } from './format-pool.ts';

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
});

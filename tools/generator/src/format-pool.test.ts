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
      const pool = new FormatPool(20_000);
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
});

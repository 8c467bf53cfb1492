import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { millisecondText } from './date-time-text.js';

const iso = (milliseconds: number) => new Date(milliseconds).toISOString().slice(0, 23);

describe('millisecondText', () => {
  it("writes what Date's toISOString writes, to the millisecond, for any instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), (ms) => {
        expect(millisecondText(ms)).toBe(iso(ms));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2027, 0, 1) }), (ms) => {
        expect(millisecondText(ms)).toBe(iso(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('is right at the edges: leap days, century years, the epoch, years 0 and 9999 and beyond them', () => {
    const edges = [
      0,
      -1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1),
      Date.UTC(2000, 1, 29, 12),
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      -62_167_219_200_000, // 0000-01-01
      -62_167_219_200_001, // -000001-12-31: written with a sign
      253_402_300_799_999, // 9999-12-31T23:59:59.999
      253_402_300_800_000, // +010000-01-01
    ];
    for (const ms of edges) expect(millisecondText(ms), String(ms)).toBe(iso(ms));
  });
});

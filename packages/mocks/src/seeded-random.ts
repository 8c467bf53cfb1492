import type { Randomizer } from '@faker-js/faker';

/** mulberry32: a tiny seeded generator (rate-based faults, seeded incidents' summaries) that repeats from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A Faker randomizer on mulberry32 (53-bit floats from two steps), for the store's incidents. Re-seeding it sets one
 * word, where Faker's default Mersenne Twister fills 624: that re-seed was a fifth of building a seeded incident
 * (bench/README.md, issue 12). Each incident is still a pure function of its seed; the values differ from the
 * Mersenne Twister's.
 */
export function mulberryRandomizer(): Randomizer {
  let state = 0;
  const step = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next: () => ((step() >>> 5) * 67_108_864 + (step() >>> 6)) / 9_007_199_254_740_992,
    seed: (seed) => {
      state = 0;
      for (const word of Array.isArray(seed) ? seed : [seed])
        state = (Math.imul(state, 0x9e3779b1) ^ word) >>> 0;
    },
  };
}

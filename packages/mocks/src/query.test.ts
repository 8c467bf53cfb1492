import { describe, expect, it } from 'vitest';
import { parseQuery } from './query.js';

describe('parseQuery', () => {
  it('reads the same text by each version in turn, beta dropping the $ of system options', () => {
    for (let round = 0; round < 2; round++) {
      expect([...parseQuery('?top=1&select=id', 'beta')]).toEqual([
        ['$top', '1'],
        ['$select', 'id'],
      ]);
      expect([...parseQuery('?top=1&select=id', 'v1.0')]).toEqual([
        ['top', '1'],
        ['select', 'id'],
      ]);
      expect([...parseQuery('?top=1&select=id')]).toEqual([
        ['top', '1'],
        ['select', 'id'],
      ]);
      expect([...parseQuery('?$filter=status+eq+%27active%27', 'v1.0')]).toEqual([
        ['$filter', "status eq 'active'"],
      ]);
      expect(parseQuery('', 'v1.0').size).toBe(0);
    }
  });
});

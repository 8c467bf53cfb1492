import { describe, expect, test } from 'vitest';
import { asArray, asObject, isJsonObject } from './json.ts';

describe('narrowing parsed spec values', () => {
  const values = [null, 0, 1, '', 'x', true, false, [], [1], {}, { a: 1 }];

  test('isJsonObject holds for objects only: not null, arrays or scalars', () => {
    expect(values.filter((value) => isJsonObject(value))).toEqual([{}, { a: 1 }]);
    expect(isJsonObject(undefined)).toBe(false);
  });

  test('asObject keeps an object itself and reads anything else as {}', () => {
    const object = { a: 1 };
    expect(asObject(object)).toBe(object);
    for (const value of [undefined, null, 0, 'x', true, [], [{ a: 1 }]]) expect(asObject(value)).toEqual({});
  });

  test('asArray keeps an array itself and reads anything else as []', () => {
    const array = [1];
    expect(asArray(array)).toBe(array);
    for (const value of [undefined, null, 0, 'x', true, {}, { 0: 1 }]) expect(asArray(value)).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { toQuery } from './core.js';

describe('toQuery', () => {
  test('maps options to their query names and drops undefined values and options without a name', () => {
    const query = toQuery({ top: 5, skip: undefined, signal: 'x' }, { top: '$top', skip: '$skip' });
    expect(query).toEqual({ $top: 5 });
  });

  test('a parameter named __proto__ is an own query entry and never touches the prototype', () => {
    const names = Object.fromEntries([['__proto__', '__proto__']]) as Record<string, string>;
    const options = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    const query = toQuery(options, names);
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(Object.keys(query)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(query, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('an option named constructor or toString is not mapped through names inherited from Object.prototype', () => {
    const query = toQuery({ constructor: 'x', toString: 'y' }, { top: '$top' });
    expect(Object.keys(query)).toEqual([]);
  });

  test('a parameter named constructor is mapped when the operation declares it', () => {
    const query = toQuery({ constructor: 'x' }, { constructor: 'constructor' });
    expect(Object.keys(query)).toEqual(['constructor']);
    expect(query['constructor']).toBe('x');
  });
});

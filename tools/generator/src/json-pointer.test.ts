import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { componentOf, joinPointer, pointerSegmentsOf } from './json-pointer.ts';

/** Keys that break a pointer built without RFC 6901 escaping, or read without percent-decoding. */
const hostileKeys = [
  '',
  '~',
  '/',
  '~0',
  '~1',
  '~01',
  '/~',
  'a/b~c',
  '%',
  '%25',
  '%2F',
  '#',
  ' ',
  '..',
  '__proto__',
];
const key = fc.oneof(fc.constantFrom(...hostileKeys), fc.string({ unit: 'grapheme', maxLength: 12 }));
const keys = fc.array(fc.oneof(key, fc.nat()), { maxLength: 6 });

describe('joinPointer and pointerSegmentsOf (RFC 6901)', () => {
  test('escape ~ as ~0 and / as ~1, in that order', () => {
    expect(joinPointer('#/components/schemas', 'a/b~c', 0)).toBe('#/components/schemas/a~1b~0c/0');
    expect(joinPointer('#', '~1')).toBe('#/~01');
    expect(joinPointer('', '')).toBe('#/');
    expect(joinPointer('')).toBe('#');
  });

  test('every list of keys, hostile ones and empty strings included, reads back as it was built', () => {
    fc.assert(
      fc.property(keys, (segments) => {
        expect(pointerSegmentsOf(joinPointer('#', ...segments))).toEqual(segments.map(String));
      }),
      { numRuns: 300 },
    );
  });

  test('a pointer below a base keeps the base segments', () => {
    fc.assert(
      fc.property(keys, keys, (base, rest) => {
        const joined = joinPointer(joinPointer('#', ...base), ...rest);
        expect(pointerSegmentsOf(joined)).toEqual([...base, ...rest].map(String));
      }),
      { numRuns: 100 },
    );
  });

  test('refuse what is no local pointer: no #, a ~ escape other than ~0 / ~1', () => {
    for (const bad of ['', '/a', 'other.yaml#/a', '#a', '#/a~2', '#/a~', '#/~x'])
      expect(pointerSegmentsOf(bad), bad).toBeUndefined();
    expect(pointerSegmentsOf('#')).toEqual([]);
    expect(pointerSegmentsOf('#/')).toEqual(['']);
  });
});

describe('componentOf reads a $ref (a URI: percent-decoded, then unescaped)', () => {
  test('names the section and the component, whatever the key holds', () => {
    fc.assert(
      fc.property(key, key, (section, name) => {
        const pointer = joinPointer('#/components', section, name);
        // A $ref is a URI reference: characters outside a fragment are percent-encoded (RFC 6901 §6).
        const ref = `#${encodeURI(pointer.slice(1))}`;
        expect(componentOf(ref)).toEqual({ section, name });
      }),
      { numRuns: 300 },
    );
  });

  test('decodes % escapes before ~ escapes', () => {
    expect(componentOf('#/components/schemas/a~1b%20c')).toEqual({ section: 'schemas', name: 'a/b c' });
    expect(componentOf('#/components/schemas/a%7E1b')).toEqual({ section: 'schemas', name: 'a/b' });
    expect(componentOf('#/components/schemas/100%25')).toEqual({ section: 'schemas', name: '100%' });
  });

  test('is undefined for another document, another depth, a bad % or ~ escape', () => {
    for (const bad of [
      'other.yaml#/components/schemas/x',
      '#/components/schemas',
      '#/components/schemas/a/b',
      '#/definitions/schemas/x',
      '#/components/schemas/%E0%A4%A',
      '#/components/schemas/a~2',
    ])
      expect(componentOf(bad), bad).toBeUndefined();
  });
});

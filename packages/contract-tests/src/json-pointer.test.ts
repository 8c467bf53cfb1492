import { append } from '@hyperjump/json-pointer';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { componentOf } from './json-pointer.js';

/** Keys that break a `$ref` read without RFC 6901 unescaping or without percent-decoding. */
const hostile = ['', '~', '/', '~0', '~1', '~01', 'a/b~c', '%', '%25', '%2F', '#', '__proto__'];
const key = fc.oneof(fc.constantFrom(...hostile), fc.string({ unit: 'grapheme', maxLength: 12 }));

describe('componentOf reads a $ref: percent-decoded, then ~ unescaped (RFC 6901 §6)', () => {
  test('names the section and the component for any keys, hostile ones and empty strings included', () => {
    fc.assert(
      fc.property(key, key, (section, name) => {
        const pointer = append(name, append(section, '/components'));
        expect(componentOf(`#${encodeURI(pointer)}`)).toEqual({ section, name });
      }),
      { numRuns: 300 },
    );
  });

  test('is undefined for another document, another depth, or a bad % or ~ escape', () => {
    expect(componentOf('#/components/schemas/a~1b%20c')).toEqual({ section: 'schemas', name: 'a/b c' });
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

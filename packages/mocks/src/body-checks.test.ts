import { type EnumDescriptor, normalizeMember } from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
import { bodyMember } from './body-checks.js';
import { graphVersions } from './graph-versions.js';

/** Every enum a request body or a response can hold, in each version's description. */
function allEnums(): EnumDescriptor[] {
  const found = new Set<EnumDescriptor>();
  for (const metadata of Object.values(graphVersions))
    for (const shape of Object.values(metadata.schemaShapes))
      for (const property of Object.values(shape)) if (property?.enum) found.add(property.enum);
  return [...found];
}

describe('bodyMember', () => {
  it('names the same member as normalizeMember for every enum, in any casing, and nothing for hostile strings', () => {
    const enums = allEnums();
    expect(enums.length).toBeGreaterThan(5);
    const hostile = [
      '',
      ' ',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'İ',
      'ß',
      '\u0000',
      'a'.repeat(500),
    ];
    let compared = 0;
    for (const descriptor of enums) {
      const values = [...hostile];
      for (const member of descriptor.members) {
        const mixed = [...member].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
        values.push(member, member.toLowerCase(), member.toUpperCase(), mixed, ` ${member}`, `${member}x`);
      }
      // Twice: the first call builds the enum's table, the second reads it.
      for (const value of [...values, ...values]) {
        expect(bodyMember(descriptor, value), `${descriptor.name}: ${JSON.stringify(value)}`).toBe(
          normalizeMember(descriptor, value),
        );
        compared++;
      }
      for (const member of descriptor.members)
        expect(bodyMember(descriptor, member.toUpperCase())).toBeDefined();
      for (const value of hostile) expect(bodyMember(descriptor, value)).toBeUndefined();
    }
    expect(compared).toBeGreaterThan(100);
  });
});

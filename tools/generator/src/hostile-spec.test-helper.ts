import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot, specPath } from './test-workspace.ts';

/** The committed v1.0 spec as data, to edit into hostile variants. */
export type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const specText = await readFile(join(repoRoot, specPath), 'utf8');

/** A fresh copy of the committed spec. */
export function committedSpec(): Spec {
  return parse(specText) as Spec;
}

export function toYaml(spec: Spec): string {
  return stringify(spec, { lineWidth: 0 });
}

export const schemaPrefix = 'microsoft.graph.security.';

/** Defines an own property; assignment would set the prototype when `key` is `__proto__`. */
export function setOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The payload: closes a TSDoc comment, runs code, opens a new comment. */
export const payload = '*/ ;(0, eval)("globalThis.hostilePayloadRan = true"); /*';

/** Strings that break out of a naive context (comment, literal, template, key, line). */
export const breakouts = [
  payload,
  'it\'s "quoted" \\ `${process.exit(1)}`',
  'line\nbreak\r\nand\u2028separators\u2029',
  '</script><script>alert(1)</script>',
  '// line comment\n#!shebang',
];

/**
 * The committed spec with hostile strings wherever the spec supplies text, keys that are not identifiers, and the
 * keys an object literal treats specially (`__proto__`, `constructor`). Generation must succeed and the output must
 * compile and keep every key.
 */
export function hostileSpec(): Spec {
  const spec = committedSpec();
  const schemas = spec.components.schemas;
  schemas[`${schemaPrefix}incidentStatus`].description = payload;
  const incident = schemas[`${schemaPrefix}incident`];
  incident.description = breakouts.join(' ');
  setOwn(incident.properties, '__proto__', { type: 'string', description: payload });
  incident.properties['constructor'] = { type: 'string', description: breakouts[1] };
  incident.properties['line\nbreak'] = { type: ['string', 'null'], description: breakouts[2] };
  incident.properties[breakouts[1]!] = { type: 'integer' };
  // U+2E2F is a letter to ES5's identifier tables (prettier unquotes a key by them) but not to ES2015's: a key
  // prettier leaves bare is a syntax error to TypeScript and to V8.
  incident.properties['\u2E2F'] = { type: 'string', description: 'vertical tilde' };
  incident.properties['hostileKind'] = { $ref: `#/components/schemas/${schemaPrefix}hostileKind` };
  schemas[`${schemaPrefix}hostileKind`] = {
    type: 'string',
    description: breakouts[3],
    enum: ['__proto__', 'constructor', 'new\nline', 'quote\'"', '*/', 'unknownFutureValue'],
    'x-graph-enum': { sentinel: 'unknownFutureValue' },
  };
  schemas[`${schemaPrefix}foo-bar`] = {
    type: 'object',
    description: payload,
    properties: { 'a-b': { type: 'string' }, ['__proto__']: { type: 'boolean' } },
  };
  schemas[`${schemaPrefix}1stThing`] = { type: 'string', enum: ['one', 'two'] };
  spec.components.parameters.incidentFilter.description = payload;
  spec.components.parameters.incidentFilter['x-graph-filterable'].push('__proto__', 'constructor');
  const list = spec.paths['/security/incidents'].get;
  list.summary = payload;
  list.description = breakouts.join('\n');
  return spec;
}

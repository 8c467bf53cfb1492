import type { JsonObject, JsonValue } from './load.ts';
import type { Direction } from './diff-rules.ts';
import { asArray, asObject } from './json.ts';
import { componentOf, joinPointer } from './json-pointer.ts';
import { SpecError } from './spec-error.ts';

/** One description as `spec:diff` reads it: the file name for messages and the validated document. */
export interface DiffInput {
  readonly file: string;
  readonly document: JsonObject;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const schemaPrefix = '#/components/schemas/';

/** `#/components/schemas/a~1b` → `a/b`; undefined for any other reference. */
export function schemaKeyOf(ref: JsonValue | undefined): string | undefined {
  const target = typeof ref === 'string' ? componentOf(ref) : undefined;
  return target?.section === 'schemas' ? target.name : undefined;
}

export function schemasOf(document: JsonObject): JsonObject {
  return asObject(asObject(document['components'])['schemas']);
}

export function schemaPointer(key: string, ...segments: (string | number)[]): string {
  return joinPointer('#/components/schemas', key, ...segments);
}

/** A `$ref` to `components/<section>` resolved, with the pointer of what it resolves to. */
export function deref(
  input: DiffInput,
  value: JsonValue | undefined,
  pointer: string,
): { value: JsonObject; pointer: string } {
  let object = asObject(value);
  let at = pointer;
  const seen = new Set<string>();
  while (typeof object['$ref'] === 'string' && !object['$ref'].startsWith(schemaPrefix)) {
    const ref = object['$ref'];
    const component = componentOf(ref);
    if (!component || seen.has(ref))
      throw new SpecError([
        {
          code: seen.has(ref) ? 'unsupported' : 'dangling-ref',
          file: input.file,
          pointer: at,
          message: seen.has(ref) ? `$ref cycle through ${ref}` : `$ref ${ref} cannot be resolved`,
        },
      ]);
    seen.add(ref);
    const section = asObject(asObject(input.document['components'])[component.section]);
    if (!Object.hasOwn(section, component.name))
      throw new SpecError([
        { code: 'dangling-ref', file: input.file, pointer: at, message: `$ref ${ref} points to nothing` },
      ]);
    object = asObject(section[component.name]);
    at = joinPointer('#/components', component.section, component.name);
  }
  return { value: object, pointer: at };
}

/** Every operation of a description with the pointer of its path item. */
export function operationsOf(
  input: DiffInput,
): { path: string; method: string; operation: JsonObject; pointer: string }[] {
  const result = [];
  const paths = asObject(input.document['paths']);
  for (const path of Object.keys(paths)) {
    const item = asObject(paths[path]);
    for (const method of httpMethods)
      if (item[method] !== undefined)
        result.push({
          path,
          method,
          operation: asObject(item[method]),
          pointer: joinPointer('#/paths', path, method),
        });
  }
  return result;
}

/** The parameters an operation takes: the path item's, overridden by the operation's own (by name and location). */
export function parametersOf(
  input: DiffInput,
  path: string,
  method: string,
): { parameter: JsonObject; pointer: string }[] {
  const item = asObject(asObject(input.document['paths'])[path]);
  const byKey = new Map<string, { parameter: JsonObject; pointer: string }>();
  const add = (list: JsonValue | undefined, base: string) => {
    for (const [index, raw] of asArray(list).entries()) {
      const { value, pointer } = deref(input, raw, joinPointer(base, 'parameters', index));
      byKey.set(`${String(value['in'])}:${String(value['name'])}`, { parameter: value, pointer });
    }
  };
  add(item['parameters'], joinPointer('#/paths', path));
  add(asObject(item[method])['parameters'], joinPointer('#/paths', path, method));
  return [...byKey.values()];
}

/**
 * Where each named schema is reachable from: request bodies and parameters (`request`), responses (`response`),
 * through `$ref`, `allOf`, `oneOf`, `anyOf`, `not`, array items, properties, `additionalProperties` and discriminator
 * mappings (a derived type travels wherever its base does). `readOnly` properties are not sent, `writeOnly` ones
 * are not received.
 */
export function reachability(input: DiffInput): Map<string, Set<'request' | 'response'>> {
  const reached = new Map<string, Set<'request' | 'response'>>();
  const schemas = schemasOf(input.document);
  const visit = (schema: JsonValue | undefined, side: 'request' | 'response', depth: number): void => {
    if (depth > 500) return;
    const object = asObject(schema);
    const key = schemaKeyOf(object['$ref']);
    if (key !== undefined) {
      const sides = reached.get(key) ?? new Set();
      if (sides.has(side)) return;
      sides.add(side);
      reached.set(key, sides);
      visit(schemas[key], side, depth + 1);
    }
    for (const combinator of ['allOf', 'oneOf', 'anyOf', 'prefixItems'])
      for (const part of asArray(object[combinator])) visit(part, side, depth + 1);
    for (const single of ['items', 'not', 'additionalProperties', 'contains'])
      if (typeof object[single] === 'object') visit(object[single], side, depth + 1);
    const properties = asObject(object['properties']);
    for (const name of Object.keys(properties)) {
      const property = asObject(properties[name]);
      if (side === 'request' && property['readOnly'] === true) continue;
      if (side === 'response' && property['writeOnly'] === true) continue;
      visit(property, side, depth + 1);
    }
    const mapping = asObject(asObject(object['discriminator'])['mapping']);
    for (const value of Object.values(mapping)) visit({ $ref: value }, side, depth + 1);
  };
  for (const { path, method, operation, pointer } of operationsOf(input)) {
    for (const { parameter } of parametersOf(input, path, method)) {
      visit(parameter['schema'], 'request', 0);
      for (const media of Object.values(asObject(parameter['content'])))
        visit(asObject(media)['schema'], 'request', 0);
    }
    if (operation['requestBody'] !== undefined) {
      const body = deref(input, operation['requestBody'], joinPointer(pointer, 'requestBody')).value;
      for (const media of Object.values(asObject(body['content'])))
        visit(asObject(media)['schema'], 'request', 0);
    }
    const responses = asObject(operation['responses']);
    for (const status of Object.keys(responses)) {
      const response = deref(input, responses[status], joinPointer(pointer, 'responses', status)).value;
      for (const media of Object.values(asObject(response['content'])))
        visit(asObject(media)['schema'], 'response', 0);
    }
  }
  return reached;
}

/** Combines the sides a schema is reached from in the base and in the head into one direction. */
export function directionOf(...sides: (ReadonlySet<'request' | 'response'> | undefined)[]): Direction {
  const all = new Set(sides.flatMap((s) => (s ? [...s] : [])));
  if (all.has('request') && all.has('response')) return 'both';
  if (all.has('request')) return 'request';
  if (all.has('response')) return 'response';
  return 'unreferenced';
}

/** Narrows a direction by a property's `readOnly` / `writeOnly`. */
export function narrowDirection(direction: Direction, property: JsonObject): Direction {
  if (property['readOnly'] === true)
    return direction === 'request' ? 'unreferenced' : direction === 'both' ? 'response' : direction;
  if (property['writeOnly'] === true)
    return direction === 'response' ? 'unreferenced' : direction === 'both' ? 'request' : direction;
  return direction;
}

/**
 * Throws a located SpecError for a schema that is only a `$ref` to a chain of `$ref`s leading back to itself: such a
 * schema describes no value, and resolving it never ends.
 */
export function assertNoRefCycles(input: DiffInput): void {
  const schemas = schemasOf(input.document);
  for (const start of Object.keys(schemas)) {
    const chain = [start];
    let next = schemaKeyOf(asObject(schemas[start])['$ref']);
    while (next !== undefined && schemas[next] !== undefined) {
      if (chain.includes(next)) {
        if (next !== start) break; // reported from the start of its own cycle
        throw new SpecError([
          {
            code: 'unsupported',
            file: input.file,
            pointer: joinPointer(schemaPointer(start), '$ref'),
            message: `$ref cycle: ${[...chain, next].join(' → ')} never reaches a schema`,
          },
        ]);
      }
      chain.push(next);
      next = schemaKeyOf(asObject(schemas[next])['$ref']);
    }
  }
}

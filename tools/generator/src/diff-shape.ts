import type { JsonObject, JsonValue } from './load.ts';
import { schemaKeyOf } from './diff-reach.ts';
import { asArray, asObject } from './json.ts';

/** A schema with its null-ness taken out: `type: [T, 'null']`, `anyOf: [X, {type: 'null'}]`, `nullable: true`. */
export interface Unwrapped {
  readonly nullable: boolean;
  /** The schema without null. */
  readonly core: JsonObject;
  /** The pointer segments from the schema to `core`, e.g. `['anyOf', 0]`. */
  readonly path: readonly (string | number)[];
}

const isNullSchema = (value: JsonValue) => {
  const object = asObject(value);
  return (
    object['type'] === 'null' ||
    (Array.isArray(object['enum']) && object['enum'].length === 1 && object['enum'][0] === null)
  );
};

export function unwrapNull(schema: JsonObject): Unwrapped {
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const options = schema[combinator];
    if (!Array.isArray(options)) continue;
    const nonNull = options.filter((option) => !isNullSchema(option));
    if (nonNull.length === 1) {
      const inner = unwrapNull(asObject(nonNull[0]));
      return {
        nullable: inner.nullable || nonNull.length < options.length,
        core: inner.core,
        path: [combinator, options.indexOf(nonNull[0]!), ...inner.path],
      };
    }
    return { nullable: nonNull.length < options.length, core: schema, path: [] };
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && schema['properties'] === undefined) {
    // OpenAPI 3.0's way to put a description beside a $ref.
    const inner = unwrapNull(asObject(allOf[0]));
    return {
      nullable: inner.nullable || schema['nullable'] === true,
      core: inner.core,
      path: ['allOf', 0, ...inner.path],
    };
  }
  const type = schema['type'];
  if (Array.isArray(type) && type.includes('null')) {
    const rest = type.filter((t) => t !== 'null');
    const core: JsonObject = { ...schema };
    if (rest.length === 1) core['type'] = rest[0]!;
    else core['type'] = rest;
    return { nullable: true, core, path: [] };
  }
  if (schema['nullable'] === true) {
    const core = { ...schema };
    delete core['nullable'];
    return { nullable: true, core, path: [] };
  }
  return { nullable: false, core: schema, path: [] };
}

/** The literal values a schema allows (`enum` or `const`), null left out; undefined when it allows any. */
export function literalsOf(core: JsonObject): JsonValue[] | undefined {
  if (core['const'] !== undefined) return [core['const']];
  if (Array.isArray(core['enum'])) return core['enum'].filter((v) => v !== null);
  return undefined;
}

/**
 * The kind of value a schema describes, independent of its constraints: `string`, `integer`, `ref:<key>`,
 * `array`, `object`, `union(...)`. Base-side schema keys are mapped to their head names through `renames`.
 */
export function shapeOf(schema: JsonObject, renames: ReadonlyMap<string, string> = new Map()): string {
  const { core } = unwrapNull(schema);
  const key = schemaKeyOf(core['$ref']);
  if (key !== undefined) return `ref:${renames.get(key) ?? key}`;
  for (const combinator of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(core[combinator]))
      return `${combinator}(${core[combinator]
        .filter((o) => !isNullSchema(o))
        .map((o) => shapeOf(asObject(o), renames))
        .sort()
        .join('|')})`;
  if (Array.isArray(core['allOf']))
    return `allOf(${core['allOf'].map((o) => shapeOf(asObject(o), renames)).join('&')})`;
  const type = core['type'];
  if (Array.isArray(type)) return type.map(String).sort().join('|');
  if (typeof type === 'string') return type;
  if (core['properties'] !== undefined) return 'object';
  const literals = literalsOf(core);
  if (literals && literals.length > 0) {
    const kinds = [
      ...new Set(
        literals.map((v) =>
          typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v,
        ),
      ),
    ];
    return kinds.sort().join('|');
  }
  return 'any';
}

/** The shape with nested array items, for messages and rename matching: `array<string>`, `incident`. */
export function describeSchema(schema: JsonObject, renames: ReadonlyMap<string, string> = new Map()): string {
  const { core, nullable } = unwrapNull(schema);
  const shape = shapeOf(core, renames);
  const format = typeof core['format'] === 'string' ? `(${core['format']})` : '';
  const text =
    shape === 'array'
      ? `array<${describeSchema(asObject(core['items']), renames)}>`
      : shape.startsWith('ref:')
        ? shape.slice(4)
        : `${shape}${format}`;
  return nullable ? `${text} | null` : text;
}

/** The schema key a property refers to, through null wrappers and array items. */
export function refTarget(schema: JsonObject): string | undefined {
  const { core } = unwrapNull(schema);
  const key = schemaKeyOf(core['$ref']);
  if (key !== undefined) return key;
  if (core['type'] === 'array') return refTarget(asObject(core['items']));
  return undefined;
}

/** `enum`, `object` or `scalar`: how a named schema is compared. */
export function schemaKind(schema: JsonObject): 'enum' | 'object' | 'scalar' {
  if (Array.isArray(schema['enum']) && schema['type'] !== 'object') return 'enum';
  if (schema['type'] === 'object' || schema['properties'] !== undefined || Array.isArray(schema['allOf']))
    return 'object';
  return 'scalar';
}

/** An enum schema's members and the members declared after its `x-graph-enum` sentinel. */
export function enumMembers(schema: JsonObject): { members: string[]; sentinel?: string } {
  const members = asArray(schema['enum'])
    .filter((m) => m !== null)
    .map(String);
  const sentinel = asObject(schema['x-graph-enum'])['sentinel'];
  return typeof sentinel === 'string' && members.includes(sentinel) ? { members, sentinel } : { members };
}

export function afterSentinel(members: readonly string[], sentinel: string | undefined): string[] {
  return sentinel === undefined ? [] : members.slice(members.indexOf(sentinel) + 1);
}

export function graphName(key: string): string {
  return key.split('.').at(-1) ?? key;
}

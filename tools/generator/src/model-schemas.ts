import { isTypeName, toIdentifier } from './escape.ts';
import { compareKeys, type JsonObject, type JsonValue } from './load.ts';
import type { EnumModel, NamedModel, ObjectModel, PropertyModel, TypeRef } from './model.ts';
import { asObject } from './json.ts';
import { componentOf, joinPointer } from './json-pointer.ts';
import type { SpecProblem } from './spec-error.ts';

// Reads `components/schemas` into the model: names, enums, objects (with their `allOf` bases) and property types.

/** What every part of the model builder reads: the file, its schemas, and how to fail with a located error. */
export interface Context {
  readonly file: string;
  readonly schemas: JsonObject;
  readonly fail: (pointer: string, message: string, code?: SpecProblem['code']) => never;
  /** The schemas whose `allOf` base is being read, outermost first: a key seen twice is a cycle. */
  readonly bases: string[];
  /**
   * Each object schema's model once built, by key: a derived schema reads its base's properties from here instead of
   * building the base again, and again for each schema below it (Graph's hierarchies are deep and wide: importing
   * `/security/**` from the v1.0 CSDL spent most of its 10 s rebuilding bases).
   */
  readonly built: Map<string, ObjectModel>;
}

/** The schema named `key` under `components/schemas`, if there is one (an own key: `constructor` is not inherited). */
export function schemaAt(ctx: Context, key: string): JsonObject | undefined {
  return Object.hasOwn(ctx.schemas, key) ? asObject(ctx.schemas[key]) : undefined;
}

/**
 * The schema's names. The TypeScript name is `x-ts-name`, which must be a usable type name, or one derived from the
 * Graph name: `foo-bar` → `FooBar`, `1stThing` → `_1stThing` (clashes are reported with both keys).
 */
export function names(
  ctx: Context,
  key: string,
  schema: JsonObject,
): Pick<NamedModel, 'key' | 'tsName' | 'graphName' | 'description'> {
  const graphName = key.split('.').at(-1) ?? key;
  const override = schema['x-ts-name'];
  if (override !== undefined && (typeof override !== 'string' || !isTypeName(override)))
    ctx.fail(
      joinPointer('#/components/schemas', key, 'x-ts-name'),
      `x-ts-name ${JSON.stringify(override)} is not a usable TypeScript type name (letters, digits, _ and $, not starting with a digit, not a reserved word)`,
      'invalid-name',
    );
  return {
    key,
    graphName,
    tsName: typeof override === 'string' ? override : toIdentifier(graphName, 'pascal'),
    description: typeof schema['description'] === 'string' ? schema['description'] : '',
  };
}

/** A schema that is only a `$ref` to another must not lead back to itself. */
export function checkAliasCycle(ctx: Context, key: string): void {
  const chain = [key];
  let current = schemaAt(ctx, key);
  while (current && typeof current['$ref'] === 'string' && Object.keys(current).every(isAnnotation)) {
    const next = refKey(ctx, current['$ref'], joinPointer('#/components/schemas', chain.at(-1)!, '$ref'));
    if (chain.includes(next))
      ctx.fail(
        joinPointer('#/components/schemas', key, '$ref'),
        `$ref cycle: ${[...chain.slice(chain.indexOf(next)), next].join(' → ')} never reaches a schema`,
        'cycle',
      );
    chain.push(next);
    current = schemaAt(ctx, next);
  }
}

function isAnnotation(keyword: string): boolean {
  return keyword === '$ref' || keyword === 'description' || keyword === 'title' || keyword.startsWith('x-');
}

export function buildEnum(ctx: Context, key: string, schema: JsonObject, pointer: string): EnumModel {
  const members = (schema['enum'] as JsonValue[]).map((member, index) =>
    typeof member === 'string'
      ? member
      : ctx.fail(joinPointer(pointer, 'enum', index), 'enum members must be strings'),
  );
  const extension = schema['x-graph-enum'] === undefined ? undefined : asObject(schema['x-graph-enum']);
  const sentinel = extension?.['sentinel'];
  if (sentinel !== undefined && (typeof sentinel !== 'string' || !members.includes(sentinel)))
    ctx.fail(
      joinPointer(pointer, 'x-graph-enum', 'sentinel'),
      `sentinel ${String(sentinel)} is not a member`,
    );
  const values = extension?.['values'] === undefined ? undefined : asObject(extension['values']);
  if (values) {
    for (const member of members)
      if (
        !Object.hasOwn(values, member) ||
        typeof values[member] !== 'number' ||
        !Number.isFinite(values[member])
      )
        ctx.fail(joinPointer(pointer, 'x-graph-enum', 'values'), `no numeric value for member ${member}`);
  }
  return {
    kind: 'enum',
    ...names(ctx, key, schema),
    members,
    ...(typeof sentinel === 'string' ? { sentinel } : {}),
    afterSentinel: typeof sentinel === 'string' ? members.slice(members.indexOf(sentinel) + 1) : [],
    ...(values ? { values: values as Record<string, number> } : {}),
  };
}

export function buildObject(ctx: Context, key: string, schema: JsonObject, pointer: string): ObjectModel {
  const known = ctx.built.get(key);
  if (known) return known;
  let base: string | undefined;
  let unverified = schema['x-graph-properties-unverified'] === true;
  const parts: { schema: JsonObject; pointer: string }[] = [];
  if (Array.isArray(schema['allOf'])) {
    for (const [index, part] of schema['allOf'].entries()) {
      const partObject = asObject(part);
      const partPointer = joinPointer(pointer, 'allOf', index);
      if (typeof partObject['$ref'] === 'string') {
        if (base) ctx.fail(partPointer, 'only one base schema is supported in allOf');
        base = refKey(ctx, partObject['$ref'], joinPointer(partPointer, '$ref'));
        if (base === key || ctx.bases.includes(base)) {
          const chain = [...ctx.bases.slice(ctx.bases.indexOf(base)), key, base];
          ctx.fail(
            joinPointer(partPointer, '$ref'),
            `allOf cycle: ${(base === key ? [key, key] : chain).join(' → ')}`,
            'cycle',
          );
        }
      } else {
        parts.push({ schema: partObject, pointer: partPointer });
        if (partObject['x-graph-properties-unverified'] === true) unverified = true;
      }
    }
  } else {
    parts.push({ schema, pointer });
  }

  const properties = new Map<string, PropertyModel>();
  if (base) {
    const baseSchema = schemaAt(ctx, base)!;
    ctx.bases.push(key);
    try {
      for (const property of buildObject(ctx, base, baseSchema, joinPointer('#/components/schemas', base))
        .properties)
        properties.set(property.name, property);
    } finally {
      ctx.bases.pop();
    }
  }
  let open = false;
  let discriminatorValue: ObjectModel['discriminatorValue'];
  for (const part of parts) {
    const required = new Set(Array.isArray(part.schema['required']) ? part.schema['required'] : []);
    const own = asObject(part.schema['properties'] ?? {});
    for (const name of Object.keys(own)) {
      const propertyPointer = joinPointer(part.pointer, 'properties', name);
      const propertySchema = asObject(own[name]);
      const { type, nullable } = typeOf(ctx, propertySchema, propertyPointer);
      properties.set(name, {
        name,
        description: typeof propertySchema['description'] === 'string' ? propertySchema['description'] : '',
        type,
        nullable,
        required: required.has(name) || (properties.get(name)?.required ?? false),
        navigation: propertySchema['x-graph-navigation'] === true,
      });
    }
    if (part.schema['additionalProperties'] === true || part.schema['x-graph-open-type'] === true)
      open = true;
  }

  const discriminatorSchema =
    schema['discriminator'] === undefined ? undefined : asObject(schema['discriminator']);
  let discriminator: ObjectModel['discriminator'];
  if (discriminatorSchema) {
    const raw = asObject(discriminatorSchema['mapping'] ?? {});
    // fromEntries defines own properties: a `__proto__` value stays a value.
    const mapping: Record<string, string> = Object.fromEntries(
      Object.keys(raw).map((value) => [
        value,
        refKey(ctx, String(raw[value]), joinPointer(pointer, 'discriminator', 'mapping', value)),
      ]),
    );
    discriminator = { propertyName: String(discriminatorSchema['propertyName']), mapping };
  }
  if (base) {
    const baseDiscriminator = asObject(schemaAt(ctx, base)!['discriminator'] ?? {});
    const propertyName = baseDiscriminator['propertyName'];
    const literal = properties.get(String(propertyName))?.type;
    if (typeof propertyName === 'string' && literal?.kind === 'primitive' && literal.literals?.length === 1)
      discriminatorValue = { propertyName, value: String(literal.literals[0]) };
  }

  const model: ObjectModel = {
    kind: 'object',
    ...names(
      ctx,
      key,
      schema.allOf ? { ...schema, ...(parts[0]?.schema ?? {}), ...pick(schema, 'x-ts-name') } : schema,
    ),
    properties: [...properties.values()].sort((a, b) => compareKeys(a.name, b.name)),
    open: open || unverified,
    ...(base ? { base } : {}),
    ...(discriminator ? { discriminator } : {}),
    ...(discriminatorValue ? { discriminatorValue } : {}),
    unverified,
  };
  ctx.built.set(key, model);
  return model;
}

function pick(schema: JsonObject, key: string): JsonObject {
  return schema[key] === undefined ? {} : { [key]: schema[key]! };
}

/** Reads a property or parameter schema into a {@link TypeRef}, unwrapping the nullable forms of OpenAPI 3.1. */
export function typeOf(
  ctx: Context,
  schema: JsonObject,
  pointer: string,
): { type: TypeRef; nullable: boolean } {
  if (typeof schema['$ref'] === 'string')
    return { type: { kind: 'ref', key: refKey(ctx, schema['$ref'], pointer) }, nullable: false };
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const options = schema[combinator];
    if (Array.isArray(options)) {
      const nonNull = options.filter((option) => asObject(option)['type'] !== 'null');
      if (nonNull.length !== 1)
        ctx.fail(joinPointer(pointer, combinator), `${combinator} is supported only as "one schema or null"`);
      const inner = typeOf(
        ctx,
        asObject(nonNull[0]!),
        joinPointer(pointer, combinator, options.indexOf(nonNull[0]!)),
      );
      return { type: inner.type, nullable: inner.nullable || nonNull.length < options.length };
    }
  }
  let declared = schema['type'];
  let nullable = false;
  if (Array.isArray(declared)) {
    nullable = declared.includes('null');
    const nonNull = declared.filter((entry) => entry !== 'null');
    if (nonNull.length !== 1)
      ctx.fail(joinPointer(pointer, 'type'), 'a type list must be one type plus "null"');
    declared = nonNull[0]!;
  }
  if (declared === undefined && (schema['const'] !== undefined || Array.isArray(schema['enum'])))
    declared = 'string';
  switch (declared) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean': {
      const literals =
        schema['const'] !== undefined
          ? [schema['const']]
          : Array.isArray(schema['enum'])
            ? schema['enum']
            : undefined;
      return {
        type: {
          kind: 'primitive',
          type: declared,
          ...(typeof schema['format'] === 'string' ? { format: schema['format'] } : {}),
          ...(literals ? { literals: literals as (string | number | boolean)[] } : {}),
          ...(typeof schema['minimum'] === 'number' ? { minimum: schema['minimum'] } : {}),
          ...(typeof schema['maximum'] === 'number' ? { maximum: schema['maximum'] } : {}),
          ...(typeof schema['minLength'] === 'number' ? { minLength: schema['minLength'] } : {}),
        },
        nullable,
      };
    }
    case 'array': {
      const items = typeOf(ctx, asObject(schema['items'] ?? {}), joinPointer(pointer, 'items'));
      return { type: { kind: 'array', items: items.type, itemsNullable: items.nullable }, nullable };
    }
    case 'object':
      if (schema['properties'] !== undefined)
        ctx.fail(pointer, 'inline object schemas are not supported; move it to components/schemas');
      return { type: { kind: 'open-object' }, nullable };
    default:
      return ctx.fail(
        joinPointer(pointer, 'type'),
        `unknown type ${JSON.stringify(declared)}`,
        'unknown-type',
      );
  }
}

export function refKey(ctx: Context, ref: string, pointer: string): string {
  const target = componentOf(ref);
  const key = target?.section === 'schemas' ? target.name : undefined;
  if (key === undefined || schemaAt(ctx, key) === undefined)
    return ctx.fail(
      pointer,
      `$ref ${JSON.stringify(ref)} does not point to a schema in components/schemas`,
      'dangling-ref',
    );
  return key;
}

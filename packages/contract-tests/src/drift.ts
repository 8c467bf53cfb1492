/**
 * Drift: a response property that the contract does not declare. Graph adds properties without a new version
 * (`priorityScore` arrived in 2026-01, facts §5) and calls that non-breaking, so by default drift is a warning
 * that says what to add to the spec; `strict` makes it an error.
 */
export interface Drift {
  /** The property's name. */
  readonly property: string;
  /** The JSON type of the value seen: `string`, `integer`, `number`, `boolean`, `array`, `object` or `null`. */
  readonly jsonType: string;
  /** The contract schema the property belongs to, e.g. `microsoft.graph.security.incident`. */
  readonly schema: string;
  /** Where in the spec the addition goes, e.g. `components.schemas['microsoft.graph.security.incident'].properties`. */
  readonly location: string;
  /** The addition as one YAML line for that place: `priorityScore: { type: integer, format: int32 }`. */
  readonly suggestion: string;
  /** The schema suggested for the property, as JSON. */
  readonly suggestedSchema: SuggestedSchema;
}

export type SuggestedSchema = { readonly [keyword: string]: SuggestedValue };
type SuggestedValue = string | readonly string[] | SuggestedSchema | { [name: string]: SuggestedSchema };

/** Graph's DateTimeOffset: a date, a time with an optional fraction, and `Z` or an offset. */
const dateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,12})?(Z|[+-]\d\d:\d\d)$/i;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Nested objects deeper than this are suggested as plain `{ type: object }`. */
const maxDepth = 3;

/** The JSON type of a value, with `integer` apart from `number` as OpenAPI has it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * A schema for one value in the style of `specs/`: `format: int32` for integers that fit (Edm.Int32, as
 * `priorityScore`), `date-time` and `uuid` for strings of that shape, item and property schemas for collections.
 */
export function suggestSchema(value: unknown, depth = 0): SuggestedSchema {
  switch (jsonTypeOf(value)) {
    case 'null':
      return { type: 'null' };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return {
        type: 'integer',
        format: Math.abs(value as number) <= 2 ** 31 - 1 ? 'int32' : 'int64',
      };
    case 'number':
      return { type: 'number', format: 'double' };
    case 'string':
      if (dateTime.test(value as string)) return { type: 'string', format: 'date-time' };
      if (uuid.test(value as string)) return { type: 'string', format: 'uuid' };
      return { type: 'string' };
    case 'array': {
      if (depth >= maxDepth) return { type: 'array' };
      // A sample is enough to suggest a shape, and keeps a huge array cheap.
      const items = (value as unknown[]).slice(0, 100).filter((item) => item !== null);
      return {
        type: 'array',
        items: items.length === 0 ? {} : merge(items.map((item) => suggestSchema(item, depth + 1))),
      };
    }
    case 'object': {
      const entries = Object.entries(value as Record<string, unknown>);
      if (depth >= maxDepth || entries.length === 0) return { type: 'object' };
      const properties: Record<string, SuggestedSchema> = {};
      for (const [name, child] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        properties[name] = suggestSchema(child, depth + 1);
      return { type: 'object', properties };
    }
    default:
      // Not JSON (`undefined` in an object a test built): nothing to suggest.
      return {};
  }
}

/**
 * Merges the schemas suggested for several values of one property: the same shape stays, `null` makes the type
 * a `[type, 'null']` list as `specs/` writes nullable properties, and different shapes keep only the types.
 */
export function merge(schemas: readonly SuggestedSchema[]): SuggestedSchema {
  const nonNull = schemas.filter((schema) => schema['type'] !== 'null');
  const nullable = nonNull.length < schemas.length;
  if (nonNull.length === 0) return { type: ['string', 'null'] };
  const distinct = [...new Map(nonNull.map((schema) => [JSON.stringify(schema), schema])).values()];
  let merged: SuggestedSchema;
  if (distinct.length === 1) merged = distinct[0]!;
  else {
    const types = [...new Set(distinct.map((schema) => String(schema['type'])))];
    merged = types.length === 1 ? { type: types[0]! } : { type: types };
  }
  if (!nullable) return merged;
  const type = merged['type'];
  return { ...merged, type: [...(Array.isArray(type) ? type : [String(type)]), 'null'] };
}

/** Where a property of a contract schema is declared in `specs/`. */
export function locationOf(schema: string, derived: boolean): string {
  return `components.schemas['${schema}']${derived ? '.allOf[its own part]' : ''}.properties`;
}

/** One YAML line: `name: { type: integer, format: int32 }` (with a note when only `null` was seen). */
export function suggestionLine(property: string, schema: SuggestedSchema, onlyNull = false): string {
  const entry = `${yamlScalar(property)}: ${flow(schema)}`;
  return onlyNull ? `${entry} # only null was seen: the type is a guess` : entry;
}

/** YAML words that a plain scalar would turn into something other than a string. */
const yamlKeywords = /^(?:null|~|true|false|yes|no|on|off|y|n|\.nan|\.inf|-?\.inf)$/i;

/**
 * A string as YAML: plain when it is a simple word (`type`, `int32`, `priorityScore`), otherwise JSON-quoted, which
 * YAML 1.2 reads as the same string. Written here, not with the `yaml` package, so that the run-time validators
 * do not load a YAML library.
 */
function yamlScalar(text: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text) && !yamlKeywords.test(text) ? text : JSON.stringify(text);
}

/** A schema as a YAML flow mapping on one line. */
function flow(value: SuggestedValue): string {
  if (typeof value === 'string') return yamlScalar(value);
  if (Array.isArray(value)) return `[${value.map((item) => yamlScalar(item)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, SuggestedValue>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, item]) => `${yamlScalar(key)}: ${flow(item)}`).join(', ')} }`;
}

/** The drift of one unknown property, seen with `value` in the contract schema `schema`. */
export function driftOf(schema: string, derived: boolean, property: string, value: unknown): Drift {
  const suggested = suggestSchema(value);
  const schemaForSpec = value === null ? merge([suggested]) : suggested;
  return {
    property,
    jsonType: jsonTypeOf(value),
    schema,
    location: locationOf(schema, derived),
    suggestion: suggestionLine(property, schemaForSpec, value === null),
    suggestedSchema: schemaForSpec,
  };
}

/**
 * Every drift of a run as YAML for `specs/`, grouped by schema: a comment naming where each group goes, then one
 * line per property, its schema merged over every value seen (`[integer, 'null']` when some were null).
 * Empty when there is no drift.
 */
export function suggestedSpecAdditions(drifts: Iterable<{ readonly drift?: Drift | undefined }>): string {
  const bySchema = new Map<string, { location: string; seen: Map<string, SuggestedSchema[]> }>();
  for (const { drift } of drifts) {
    if (!drift) continue;
    const group = bySchema.get(drift.schema) ?? { location: drift.location, seen: new Map() };
    bySchema.set(drift.schema, group);
    const schemas = group.seen.get(drift.property) ?? [];
    group.seen.set(drift.property, schemas);
    schemas.push(drift.jsonType === 'null' ? { type: 'null' } : drift.suggestedSchema);
  }
  const lines: string[] = [];
  for (const schema of [...bySchema.keys()].sort()) {
    const group = bySchema.get(schema)!;
    lines.push(`# ${group.location}:`);
    for (const property of [...group.seen.keys()].sort()) {
      const seen = group.seen.get(property)!;
      const onlyNull = seen.every((s) => s['type'] === 'null');
      lines.push(suggestionLine(property, merge(seen), onlyNull));
    }
  }
  return lines.join('\n');
}

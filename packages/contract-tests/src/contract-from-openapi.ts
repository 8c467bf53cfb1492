import type {
  Contract,
  ContractOperation,
  ContractResponse,
  ContractSecurityScheme,
  JsonSchema,
  JsonValue,
  SecurityRequirement,
} from './contract-model.js';
import { isJsonObject } from './json.js';
import { componentOf } from './json-pointer.js';

// The spec → contract transform, written once: the generator prints its result as `generated/contract.gen.ts`, and
// `verify --spec` / `loadContract` call it on another description at run time. It is pure (no file system, no ajv) so
// that the private generator can import it without this package being built.

/** Every schema id starts with this; `#/components/schemas/x` becomes `urn:graph-incidents:schema:x`. */
export const schemaIdPrefix = 'urn:graph-incidents:schema:';

/** Suffix of the id of a base type's own shape, which its derived types extend with `allOf`. */
export const shapeSuffix = ':shape';

/** A spec that cannot be turned into a contract. */
export class ContractLoadError extends Error {
  readonly code = 'invalid-spec';
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ContractLoadError';
    this.file = file;
  }
}

type JsonObject = { [key: string]: JsonValue };

/**
 * Builds the contract of an OpenAPI 3.1 document (as parsed from YAML or JSON): the operations table, the security
 * schemes and an ajv-ready JSON Schema (2020-12) per component. Key order in the document never changes the result.
 * Throws a {@link ContractLoadError} when the document has no `paths` or `components`.
 *
 * @example const contract = contractFromOpenApi(parse(await readFile('openapi.yaml', 'utf8')), 'openapi.yaml');
 */
export function contractFromOpenApi(document: unknown, file: string): Contract {
  const doc = asObject(canonical(document));
  if (!isJsonObject(doc['paths']) || !isJsonObject(doc['components']))
    throw new ContractLoadError(file, 'not an OpenAPI document: `paths` and `components` are required');
  const components = asObject(doc['components']);
  const servers = Array.isArray(doc['servers']) ? doc['servers'] : [];
  const serverUrl = asObject(servers[0])['url'];
  return {
    source: {
      file,
      version: String(asObject(doc['info'])['version'] ?? ''),
      baseUrl: typeof serverUrl === 'string' ? serverUrl.replace(/\/$/, '') : '',
    },
    schemaIdPrefix,
    operations: operationsOf(doc),
    schemas: schemasOf(asObject(components['schemas'])),
    securitySchemes: securitySchemesOf(asObject(components['securitySchemes'])),
  };
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The operations table: what a recorded exchange is checked against before its body. */
function operationsOf(doc: JsonObject): ContractOperation[] {
  const components = asObject(doc['components']);
  const deref = (value: JsonValue | undefined, section: string): JsonObject => {
    const object = asObject(value);
    const ref = object['$ref'];
    if (typeof ref !== 'string') return object;
    const entries = asObject(components[section]);
    const target = componentOf(ref);
    return target?.section === section && Object.hasOwn(entries, target.name)
      ? asObject(entries[target.name])
      : {};
  };
  const operations: ContractOperation[] = [];
  const paths = asObject(doc['paths']);
  for (const path of Object.keys(paths)) {
    const item = asObject(paths[path]);
    for (const method of methods) {
      if (item[method] === undefined) continue;
      const operation = asObject(item[method]);
      const responses: ContractResponse[] = [];
      const rawResponses = asObject(operation['responses']);
      for (const status of Object.keys(rawResponses)) {
        const content = asObject(deref(rawResponses[status], 'responses')['content']);
        const contentType = Object.keys(content)[0];
        const ref = contentType ? asObject(asObject(content[contentType])['schema'])['$ref'] : undefined;
        responses.push({
          status,
          ...(contentType ? { contentType } : {}),
          ...(typeof ref === 'string' ? { schema: schemaKey(ref) } : {}),
        });
      }
      // The operation's own requirements, or else the document's.
      const security = operation['security'] ?? doc['security'];
      operations.push({
        operationId: String(operation['operationId'] ?? `${method} ${path}`),
        method: method.toUpperCase(),
        path,
        responses,
        ...(Array.isArray(security) ? { security: security.map(securityRequirement) } : {}),
      });
    }
  }
  return operations.sort((a, b) => compare(a.operationId, b.operationId));
}

/** `{ azureADv2: [SecurityIncident.Read.All] }`: scheme names sorted, scope lists as the spec orders them. */
function securityRequirement(requirement: JsonValue): SecurityRequirement {
  return mapValues(asObject(requirement), (scopes) => (Array.isArray(scopes) ? scopes.map(String) : []));
}

/** Each security scheme's type and, for OAuth 2, each flow's declared scope names. */
function securitySchemesOf(raw: JsonObject): Record<string, ContractSecurityScheme> {
  return mapValues(raw, (value) => {
    const scheme = asObject(value);
    const flows = asObject(scheme['flows']);
    return {
      type: String(scheme['type'] ?? ''),
      ...(Object.keys(flows).length > 0
        ? { flows: mapValues(flows, (flow) => Object.keys(asObject(asObject(flow)['scopes'])).sort(compare)) }
        : {}),
    };
  });
}

/** The ajv-ready JSON Schemas of every component, keyed by schema key (plus `<base>:shape` entries). */
function schemasOf(raw: JsonObject): Record<string, JsonSchema> {
  const baseOf = (schema: JsonObject): string | undefined => {
    if (!Array.isArray(schema['allOf'])) return undefined;
    const ref = schema['allOf'].map(asObject).find((part) => typeof part['$ref'] === 'string')?.['$ref'];
    return typeof ref === 'string' ? schemaKey(ref) : undefined;
  };
  const bases = new Set(Object.values(raw).flatMap((schema) => baseOf(asObject(schema)) ?? []));
  // Open (an OData open type, or properties not verified against Graph): unknown properties are not drift.
  const isOpen = (schema: JsonObject): boolean => {
    const parts = Array.isArray(schema['allOf']) ? schema['allOf'].map(asObject) : [schema];
    return (
      schema['x-graph-properties-unverified'] === true ||
      parts.some(
        (part) =>
          part['additionalProperties'] === true ||
          part['x-graph-open-type'] === true ||
          part['x-graph-properties-unverified'] === true,
      )
    );
  };
  // A null-prototype map: a schema key `__proto__` is a key like any other.
  const out = Object.create(null) as Record<string, JsonSchema>;
  for (const key of Object.keys(raw).sort(compare)) {
    const schema = asObject(raw[key]);
    const id = schemaIdPrefix + key;
    const base = baseOf(schema);
    if (Array.isArray(schema['enum']) && schema['type'] === 'string') {
      const members = schema['enum'].map(String);
      const sentinel = asObject(schema['x-graph-enum'])['sentinel'];
      out[key] = {
        $id: id,
        type: 'string',
        enum: members,
        // Evolvable enums: members after the sentinel are returned only on request (facts §3).
        ...(typeof sentinel === 'string' && members.includes(sentinel)
          ? { 'x-graph-enum': { sentinel, afterSentinel: members.slice(members.indexOf(sentinel) + 1) } }
          : {}),
      };
    } else if (base) {
      // `allOf: [$ref base, {own properties}]` flattened, so that ajv's discriminator finds `properties/@odata.type`.
      const properties = Object.create(null) as JsonObject;
      const required = new Set<string>();
      for (const part of (schema['allOf'] as JsonValue[]).map(asObject)) {
        if (typeof part['$ref'] === 'string') continue;
        const own = asObject(part['properties']);
        for (const name of Object.keys(own)) properties[name] = strip(asObject(own[name]));
        for (const name of Array.isArray(part['required']) ? part['required'] : [])
          required.add(String(name));
      }
      out[key] = {
        $id: id,
        allOf: [{ $ref: schemaIdPrefix + base + (bases.has(base) ? shapeSuffix : '') }],
        type: 'object',
        properties: mapValues(properties, (value) => value), // sorts the keys, like every other properties map
        ...(required.size ? { required: [...required].sort(compare) } : {}),
        ...(isOpen(schema) ? {} : { unevaluatedProperties: false }),
      };
    } else if (schema['type'] === 'object' || Array.isArray(schema['allOf'])) {
      const stripped = strip(schema);
      // Closed types reject unknown properties; derived types close themselves with `unevaluatedProperties`.
      const shape = isOpen(schema) ? open(stripped) : { ...stripped, additionalProperties: false };
      const discriminator = asObject(schema['discriminator']);
      if (typeof discriminator['propertyName'] === 'string') {
        // A polymorphic base is a union of its derived types; its own shape is `<key>:shape`.
        const propertyName = discriminator['propertyName'];
        const mapping = asObject(discriminator['mapping']);
        out[key] = {
          $id: id,
          type: 'object',
          required: [propertyName],
          properties: Object.fromEntries([[propertyName, { type: 'string' }]]),
          discriminator: { propertyName },
          oneOf: Object.keys(mapping)
            .sort(compare)
            .map((value) => ({ $ref: schemaIdPrefix + schemaKey(String(mapping[value])) })),
        };
      } else out[key] = { $id: id, ...shape };
      // A base's own shape stays open: its derived types add properties and close themselves.
      if (bases.has(key)) out[key + shapeSuffix] = { $id: id + shapeSuffix, ...open(shape) };
    } else {
      out[key] = { $id: id, ...strip(schema) };
    }
  }
  return out;
}

/** Keywords that only document; dropping them keeps the generated file and ajv's work small. */
const annotations = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'externalDocs']);

/** A schema without annotations or `x-` extensions, with component refs rewritten to schema ids. */
function strip(schema: JsonObject): JsonObject {
  const out = Object.create(null) as JsonObject;
  for (const [keyword, value] of Object.entries(schema)) {
    if (annotations.has(keyword) || keyword.startsWith('x-') || keyword === 'discriminator') continue;
    if (keyword === '$ref' && typeof value === 'string') out[keyword] = schemaIdPrefix + schemaKey(value);
    else if (keyword === 'properties' || keyword === 'patternProperties' || keyword === '$defs')
      out[keyword] = mapValues(asObject(value), (sub) => strip(asObject(sub)));
    else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(keyword) && Array.isArray(value))
      out[keyword] = value.map((sub) => strip(asObject(sub)));
    else if (
      ['items', 'not', 'contains', 'if', 'then', 'else', 'additionalProperties'].includes(keyword) &&
      isJsonObject(value)
    )
      out[keyword] = strip(value);
    else out[keyword] = value;
  }
  return out;
}

function open(schema: JsonObject): JsonObject {
  const { additionalProperties, ...rest } = schema;
  return additionalProperties === false || additionalProperties === undefined
    ? rest
    : { ...rest, additionalProperties };
}

/**
 * `#/components/schemas/a~1b%25` → `a/b%`: a `$ref` is a URI fragment holding a JSON Pointer, percent-decoded before
 * its `~` escapes are read (RFC 6901 §6). A reference it cannot read stays as written, so ajv reports it unresolved.
 */
function schemaKey(ref: string): string {
  const prefix = '#/components/schemas/';
  const target = componentOf(ref);
  if (target?.section === 'schemas') return target.name;
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : ref;
}

/** Sorts every object's keys, so that key order in a spec cannot change the contract. */
function canonical(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(canonical);
  if (isJsonObject(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort(compare)
        .map((key) => [key, canonical(value[key])]),
    );
  return value as JsonValue;
}

/** The object with its keys sorted and each value mapped; keys such as `__proto__` stay own properties. */
function mapValues<T>(object: JsonObject, map: (value: JsonValue) => T): Record<string, T> {
  return Object.fromEntries(
    Object.keys(object)
      .sort(compare)
      .map((key) => [key, map(object[key]!)]),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? (value as JsonObject) : {};
}

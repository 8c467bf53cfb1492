import { type StatementStructures, StructureKind } from 'ts-morph';
import { exportedConst, generatedHeader, type GeneratedFiles, printStatements } from './emit-support.ts';
import { valueLiteral } from './escape.ts';
import { asObject } from './json.ts';
import { compareKeys, type JsonObject, type JsonValue } from './load.ts';
import type { ApiModel, ObjectModel } from './model.ts';

/** Where the generated sources of this emitter go, relative to the workspace root. */
export const contractOutDir = 'packages/contract-tests/src/generated';

/** Every schema id starts with this; `#/components/schemas/x` becomes `urn:graph-incidents:schema:x`. */
export const schemaIdPrefix = 'urn:graph-incidents:schema:';

/** Suffix of the id of a base type's own shape, which its derived types extend with `allOf`. */
export const shapeSuffix = ':shape';

/**
 * Emits `@graph-incidents/contract-tests`' `contract.gen.ts`: the operations table (method, path template and
 * declared responses) and the JSON Schema (2020-12) of every component, ready for ajv. Validators are compiled
 * lazily at run time by hand-written code, because `--spec` needs the same compiler for other descriptions.
 */
export async function emitContract(model: ApiModel, outDir = contractOutDir): Promise<GeneratedFiles> {
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../contract-model.js',
      namedImports: ['ContractOperation', 'ContractSecurityScheme', 'ContractSource', 'JsonSchema'],
    },
    exportedConst(
      'contractSource',
      `${literal({ file: model.file, version: model.version, baseUrl: model.baseUrl })} as const satisfies ContractSource`,
      'The description this contract was generated from.',
    ),
    exportedConst(
      'schemaIdPrefix',
      `${literal(schemaIdPrefix)} as const`,
      'The prefix of every schema `$id`: `#/components/schemas/x` is `urn:graph-incidents:schema:x` here.',
    ),
    {
      kind: StructureKind.TypeAlias,
      name: 'OperationId',
      isExported: true,
      docs: ['The operationId of every operation of the contract.'],
      type: model.operations.map((op) => literal(op.operationId)).join(' | '),
    },
    exportedConst(
      'operations',
      `${literal(contractOperations(model))} as const satisfies readonly ContractOperation[]`,
      'Every operation: method, path template (without the version prefix), declared responses by status, and its\n' +
        "security requirements (any one is enough; the operation's own, or else the document's).",
    ),
    exportedConst(
      'securitySchemes',
      `${literal(contractSecuritySchemes(model))} as const satisfies Readonly<Record<string, ContractSecurityScheme>>`,
      'The security schemes: type, and for OAuth 2 the scope names each flow declares (for delegated or application permissions).',
    ),
    exportedConst(
      'schemas',
      `${literal(contractSchemas(model))} as const satisfies Readonly<Record<string, JsonSchema>>`,
      [
        'The JSON Schema (2020-12) of every component, keyed by schema key, each with its `$id`.',
        'Closed types reject unknown properties (`additionalProperties: false`; derived types use',
        '`unevaluatedProperties: false`). A polymorphic base is a `discriminator` union of its derived types; its own',
        'shape is `<key>:shape`. Evolvable enums carry `x-graph-enum` (sentinel and the members after it).',
      ].join('\n'),
    ),
  ];
  return new Map([
    [`${outDir}/contract.gen.ts`, `${generatedHeader(model)}\n${printStatements(statements)}`],
  ]);
}

/** The operations table: what a recorded exchange is checked against before its body. */
export function contractOperations(model: ApiModel): JsonValue[] {
  const paths = asObject(model.document['paths']);
  const inherited = model.document['security'];
  return model.operations.map((op) => {
    const own = asObject(asObject(paths[op.path])[op.method])['security'];
    const security = own ?? inherited;
    return {
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      responses: op.responses.map((response) => ({
        status: response.status,
        ...(response.contentType ? { contentType: response.contentType } : {}),
        ...(response.schemaKey ? { schema: response.schemaKey } : {}),
      })),
      ...(Array.isArray(security) ? { security: security.map(securityRequirement) } : {}),
    };
  });
}

/** `{ azureADv2: [SecurityIncident.Read.All] }`, scheme names sorted, scope lists as the spec orders them. */
function securityRequirement(requirement: JsonValue): JsonObject {
  const object = asObject(requirement);
  return mapValues(object, (scopes) => (Array.isArray(scopes) ? scopes.map(String) : []));
}

/** Each security scheme's type and, for OAuth 2, each flow's declared scope names. */
export function contractSecuritySchemes(model: ApiModel): JsonObject {
  const schemes = asObject(asObject(model.document['components'])['securitySchemes']);
  return mapValues(schemes, (raw) => {
    const scheme = asObject(raw);
    const flows = asObject(scheme['flows']);
    return {
      type: String(scheme['type'] ?? ''),
      ...(Object.keys(flows).length > 0
        ? {
            flows: mapValues(flows, (flow) =>
              Object.keys(asObject(asObject(flow)['scopes'])).sort(compareKeys),
            ),
          }
        : {}),
    };
  });
}

/** The ajv-ready JSON Schemas of every component, keyed by schema key (plus `<base>:shape` entries). */
export function contractSchemas(model: ApiModel): JsonObject {
  const raw = asObject(asObject(model.document['components'])['schemas']);
  const objects = new Map<string, ObjectModel>(model.objects.map((o) => [o.key, o]));
  const bases = new Set(model.objects.flatMap((o) => (o.base ? [o.base] : [])));
  // A null-prototype map: a schema key `__proto__` is a key like any other.
  const out: JsonObject = Object.create(null) as JsonObject;
  for (const key of Object.keys(raw).sort(compareKeys)) {
    const schema = asObject(raw[key]);
    const enumModel = model.enums.find((e) => e.key === key);
    const object = objects.get(key);
    if (enumModel) {
      out[key] = {
        $id: schemaIdPrefix + key,
        type: 'string',
        enum: [...enumModel.members],
        ...(enumModel.sentinel
          ? { 'x-graph-enum': { sentinel: enumModel.sentinel, afterSentinel: [...enumModel.afterSentinel] } }
          : {}),
      };
    } else if (object?.base) {
      out[key] = derivedSchema(key, schema, object, bases.has(object.base));
    } else if (object) {
      const shape = objectSchema(schema, object);
      if (object.discriminator) out[key] = unionSchema(key, object);
      else out[key] = { $id: schemaIdPrefix + key, ...shape };
      // A base's own shape stays open: its derived types add properties and close themselves.
      if (bases.has(key))
        out[key + shapeSuffix] = { $id: schemaIdPrefix + key + shapeSuffix, ...open(shape) };
    } else {
      out[key] = { $id: schemaIdPrefix + key, ...strip(schema) };
    }
  }
  return out;
}

function objectSchema(schema: JsonObject, object: ObjectModel): JsonObject {
  const stripped = strip(schema);
  return object.open ? open(stripped) : { ...stripped, additionalProperties: false };
}

function open(schema: JsonObject): JsonObject {
  const { additionalProperties, ...rest } = schema;
  return additionalProperties === false || additionalProperties === undefined
    ? rest
    : { ...rest, additionalProperties };
}

/** `allOf: [$ref base, {own properties}]` flattened, so that ajv's discriminator finds `properties/@odata.type`. */
function derivedSchema(
  key: string,
  schema: JsonObject,
  object: ObjectModel,
  baseHasShape: boolean,
): JsonObject {
  const properties: JsonObject = Object.create(null) as JsonObject;
  const required = new Set<string>();
  for (const part of (schema['allOf'] as JsonValue[]).map(asObject)) {
    if (typeof part['$ref'] === 'string') continue;
    const own = asObject(part['properties'] ?? {});
    for (const name of Object.keys(own)) properties[name] = strip(asObject(own[name]));
    for (const name of Array.isArray(part['required']) ? part['required'] : []) required.add(String(name));
  }
  return {
    $id: schemaIdPrefix + key,
    allOf: [{ $ref: schemaIdPrefix + object.base + (baseHasShape ? shapeSuffix : '') }],
    type: 'object',
    properties: mapValues(properties, (value) => value), // sorts the keys, like every other properties map
    ...(required.size ? { required: [...required].sort(compareKeys) } : {}),
    ...(object.open ? {} : { unevaluatedProperties: false }),
  };
}

function unionSchema(key: string, base: ObjectModel): JsonObject {
  const { propertyName, mapping } = base.discriminator!;
  return {
    $id: schemaIdPrefix + key,
    type: 'object',
    required: [propertyName],
    properties: { [propertyName]: { type: 'string' } },
    discriminator: { propertyName },
    oneOf: Object.keys(mapping)
      .sort(compareKeys)
      .map((value) => ({ $ref: schemaIdPrefix + mapping[value]! })),
  };
}

/** Keywords that only document; dropping them keeps the generated file and ajv's work small. */
const annotations = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'externalDocs']);

/** A schema without annotations or `x-` extensions, with component refs rewritten to schema ids. */
function strip(schema: JsonObject): JsonObject {
  const out: JsonObject = Object.create(null) as JsonObject;
  for (const [keyword, value] of Object.entries(schema)) {
    if (annotations.has(keyword) || keyword.startsWith('x-') || keyword === 'discriminator') continue;
    if (keyword === '$ref' && typeof value === 'string')
      out[keyword] = schemaIdPrefix + decodeURIComponent(value.replace('#/components/schemas/', ''));
    else if (keyword === 'properties' || keyword === 'patternProperties' || keyword === '$defs')
      out[keyword] = mapValues(asObject(value), (sub) => strip(asObject(sub)));
    else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(keyword) && Array.isArray(value))
      out[keyword] = value.map((sub) => strip(asObject(sub)));
    else if (
      ['items', 'not', 'contains', 'if', 'then', 'else', 'additionalProperties'].includes(keyword) &&
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value)
    )
      out[keyword] = strip(value);
    else out[keyword] = value;
  }
  return out;
}

function mapValues(object: JsonObject, map: (value: JsonValue) => JsonValue): JsonObject {
  return Object.fromEntries(
    Object.keys(object)
      .sort(compareKeys)
      .map((key) => [key, map(object[key]!)]),
  );
}

/** The data as a TypeScript expression (keys safe in object literals); prettier lays it out. */
function literal(value: JsonValue): string {
  return valueLiteral(value);
}

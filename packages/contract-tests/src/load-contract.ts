import { readFile } from 'node:fs/promises';
import type {
  Contract,
  ContractOperation,
  ContractResponse,
  ContractSecurityScheme,
  JsonSchema,
  JsonValue,
  SecurityRequirement,
} from './contract-model.js';
import { schemaIdPrefix } from './generated/contract.gen.js';
import { createContractValidator } from './validators.js';

/**
 * Builds a contract from an OpenAPI 3.1 document at run time, for `--spec`. It gives the same result as the
 * generator's `emit-contract.ts` on the same document (a test holds the two together); the generated contract
 * is what the package uses by default, so most users never load a spec.
 */
export function contractFromOpenApi(document: unknown, file: string): Contract {
  const doc = canonical(document) as Record<string, JsonValue>;
  if (!isObject(doc['paths']) || !isObject(doc['components']))
    throw new ContractLoadError(file, 'not an OpenAPI document: `paths` and `components` are required');
  const raw = asObject(asObject(doc['components'])['schemas']);
  const servers = Array.isArray(doc['servers']) ? doc['servers'] : [];
  const serverUrl = asObject(servers[0] ?? {})['url'];
  return {
    source: {
      file,
      version: String(asObject(doc['info'])['version'] ?? ''),
      baseUrl: typeof serverUrl === 'string' ? serverUrl.replace(/\/$/, '') : '',
    },
    schemaIdPrefix,
    operations: operationsOf(doc),
    schemas: schemasOf(raw),
    securitySchemes: securitySchemesOf(asObject(asObject(doc['components'])['securitySchemes'])),
  };
}

/** Reads a YAML or JSON OpenAPI file and builds its contract. */
export async function loadContract(path: string): Promise<Contract> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ContractLoadError(path, `cannot read the spec: ${(error as Error).message}`);
  }
  // yaml is loaded only here, so that the default contract costs nothing to import.
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ContractLoadError(path, `the spec is not valid YAML or JSON: ${(error as Error).message}`);
  }
  const contract = contractFromOpenApi(document, path);
  // Compile every response schema now, so that a schema ajv cannot use is a spec problem and not a crash later.
  let compiling = 'the schemas';
  try {
    const validator = createContractValidator(contract);
    for (const operation of contract.operations)
      for (const response of operation.responses) {
        if (!response.schema) continue;
        compiling = `the schema ${response.schema} of ${operation.operationId} ${response.status}`;
        validator.validatorFor(response.schema);
      }
  } catch (error) {
    throw new ContractLoadError(path, `${compiling} cannot be compiled: ${(error as Error).message}`);
  }
  return contract;
}

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

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function operationsOf(doc: Record<string, JsonValue>): ContractOperation[] {
  const components = asObject(doc['components']);
  const deref = (value: JsonValue | undefined, section: string): Record<string, JsonValue> => {
    const object = asObject(value);
    const ref = object['$ref'];
    return typeof ref === 'string'
      ? asObject(asObject(components[section])[ref.slice(`#/components/${section}/`.length)])
      : object;
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

/** The same as the generator's `securityRequirement`: scheme names sorted, scopes in the spec's order. */
function securityRequirement(requirement: JsonValue): SecurityRequirement {
  const object = asObject(requirement);
  return Object.fromEntries(
    Object.keys(object)
      .sort(compare)
      .map((scheme) => {
        const scopes = object[scheme];
        return [scheme, Array.isArray(scopes) ? scopes.map(String) : []];
      }),
  );
}

/** The same as the generator's `contractSecuritySchemes`. */
function securitySchemesOf(raw: Record<string, JsonValue>): Record<string, ContractSecurityScheme> {
  const out: Record<string, ContractSecurityScheme> = {};
  for (const name of Object.keys(raw).sort(compare)) {
    const scheme = asObject(raw[name]);
    const flows = asObject(scheme['flows']);
    const names = Object.keys(flows).sort(compare);
    out[name] = {
      type: String(scheme['type'] ?? ''),
      ...(names.length > 0
        ? {
            flows: Object.fromEntries(
              names.map((flow) => [
                flow,
                Object.keys(asObject(asObject(flows[flow])['scopes'])).sort(compare),
              ]),
            ),
          }
        : {}),
    };
  }
  return out;
}

/** The same rules as the generator's `contractSchemas`; see there for why each one exists. */
function schemasOf(raw: Record<string, JsonValue>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const baseOf = (schema: Record<string, JsonValue>): string | undefined => {
    if (!Array.isArray(schema['allOf'])) return undefined;
    const ref = schema['allOf'].map(asObject).find((part) => typeof part['$ref'] === 'string')?.['$ref'];
    return typeof ref === 'string' ? schemaKey(ref) : undefined;
  };
  const bases = new Set(Object.values(raw).flatMap((schema) => baseOf(asObject(schema)) ?? []));
  const isOpen = (schema: Record<string, JsonValue>): boolean => {
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
        ...(typeof sentinel === 'string' && members.includes(sentinel)
          ? { 'x-graph-enum': { sentinel, afterSentinel: members.slice(members.indexOf(sentinel) + 1) } }
          : {}),
      };
    } else if (base) {
      const properties: Record<string, JsonValue> = {};
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
        allOf: [{ $ref: schemaIdPrefix + base + (bases.has(base) ? ':shape' : '') }],
        type: 'object',
        properties: sortKeys(properties),
        ...(required.size ? { required: [...required].sort(compare) } : {}),
        ...(isOpen(schema) ? {} : { unevaluatedProperties: false }),
      };
    } else if (schema['type'] === 'object' || Array.isArray(schema['allOf'])) {
      const stripped = strip(schema);
      const shape = isOpen(schema) ? open(stripped) : { ...stripped, additionalProperties: false };
      const discriminator = asObject(schema['discriminator']);
      if (typeof discriminator['propertyName'] === 'string') {
        const propertyName = discriminator['propertyName'];
        const mapping = asObject(discriminator['mapping']);
        out[key] = {
          $id: id,
          type: 'object',
          required: [propertyName],
          properties: { [propertyName]: { type: 'string' } },
          discriminator: { propertyName },
          oneOf: Object.keys(mapping)
            .sort(compare)
            .map((value) => ({ $ref: schemaIdPrefix + schemaKey(String(mapping[value])) })),
        };
      } else out[key] = { $id: id, ...shape };
      if (bases.has(key)) out[`${key}:shape`] = { $id: `${id}:shape`, ...open(shape) };
    } else {
      out[key] = { $id: id, ...strip(schema) };
    }
  }
  return out;
}

const annotations = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'externalDocs']);

function strip(schema: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (annotations.has(keyword) || keyword.startsWith('x-') || keyword === 'discriminator') continue;
    if (keyword === '$ref' && typeof value === 'string') out[keyword] = schemaIdPrefix + schemaKey(value);
    else if (keyword === 'properties' || keyword === 'patternProperties' || keyword === '$defs') {
      const map: Record<string, JsonValue> = {};
      for (const name of Object.keys(asObject(value)).sort(compare))
        map[name] = strip(asObject(asObject(value)[name]));
      out[keyword] = map;
    } else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(keyword) && Array.isArray(value))
      out[keyword] = value.map((sub) => strip(asObject(sub)));
    else if (
      ['items', 'not', 'contains', 'if', 'then', 'else', 'additionalProperties'].includes(keyword) &&
      isObject(value)
    )
      out[keyword] = strip(value);
    else out[keyword] = value;
  }
  return out;
}

function open(schema: Record<string, JsonValue>): Record<string, JsonValue> {
  const { additionalProperties, ...rest } = schema;
  return additionalProperties === false || additionalProperties === undefined
    ? rest
    : { ...rest, additionalProperties };
}

function schemaKey(ref: string): string {
  return decodeURIComponent(ref.replace('#/components/schemas/', ''));
}

/** Sorts every object's keys, as the generator does, so that key order in a spec cannot change the contract. */
function canonical(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    const sorted: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort(compare)) sorted[key] = canonical(value[key]);
    return sorted;
  }
  return value as JsonValue;
}

function sortKeys(object: Record<string, JsonValue>): Record<string, JsonValue> {
  const sorted: Record<string, JsonValue> = {};
  for (const key of Object.keys(object).sort(compare)) sorted[key] = object[key]!;
  return sorted;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function asObject(value: JsonValue | undefined): Record<string, JsonValue> {
  return isObject(value) ? (value as Record<string, JsonValue>) : {};
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

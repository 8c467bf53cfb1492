import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  ContractLoadError,
  contractFromOpenApi,
  schemaIdPrefix,
  shapeSuffix,
} from './contract-from-openapi.js';
import type { JsonSchema, JsonValue } from './contract-model.js';

// The one spec → contract transform: the generator prints its result as generated/contract.gen.ts, and `--spec`
// runs it at run time. These tests read the real spec and small hand-written documents.

type JsonObject = { [key: string]: JsonValue };
const specText = await readFile(new URL('../../../specs/v1.0/openapi.yaml', import.meta.url), 'utf8');
const spec = (): JsonObject => parse(specText) as JsonObject;
const contract = contractFromOpenApi(spec(), 'specs/v1.0/openapi.yaml');
const schema = (key: string): JsonSchema => contract.schemas[key]!;
const componentKeys = Object.keys((spec()['components'] as JsonObject)['schemas'] as JsonObject);

/** Every `$ref` anywhere in a value. */
function refs(value: JsonValue): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, sub]) =>
      key === '$ref' && typeof sub === 'string' ? [sub] : refs(sub),
    );
  return [];
}

/** A minimal OpenAPI document around some component schemas. */
function documentWith(schemas: JsonObject, extra: JsonObject = {}): JsonObject {
  return { openapi: '3.1.0', info: { version: '9' }, paths: {}, components: { schemas }, ...extra };
}

describe('contractFromOpenApi', () => {
  test('has a schema for every component, and every $ref points at a schema id it emits', () => {
    for (const key of componentKeys) expect(schema(key)['$id'], key).toBe(schemaIdPrefix + key);
    const ids = new Set(Object.values(contract.schemas).map((s) => s['$id']));
    const all = refs(contract.schemas as JsonValue);
    expect(all.length).toBeGreaterThan(100);
    for (const ref of all) expect(ids.has(ref), ref).toBe(true);
    expect(JSON.stringify(contract.schemas)).not.toContain('#/components/schemas/');
  });

  test('closed types reject unknown properties; open and unverified types stay open', () => {
    for (const key of ['microsoft.graph.security.dictionary', 'microsoft.graph.ODataErrors.InnerError'])
      expect(schema(key)['additionalProperties'], key).toBe(true);
    const userAccount = 'microsoft.graph.security.userAccount';
    expect(schema(userAccount)['additionalProperties']).toBe(false);
    const document = spec();
    const schemas = (document['components'] as JsonObject)['schemas'] as JsonObject;
    schemas[userAccount] = { ...(schemas[userAccount] as JsonObject), 'x-graph-properties-unverified': true };
    expect(contractFromOpenApi(document, 'x').schemas[userAccount]!['additionalProperties']).toBeUndefined();
  });

  test('evidence kinds extend the base shape and close with unevaluatedProperties; the base is a discriminator union', () => {
    const base = 'microsoft.graph.security.alertEvidence';
    const oneOf = schema(base)['oneOf'] as { $ref: string }[];
    expect(oneOf).toHaveLength(48);
    for (const { $ref } of oneOf) {
      const kind = schema($ref.slice(schemaIdPrefix.length));
      expect(kind, $ref).toMatchObject({
        allOf: [{ $ref: schemaIdPrefix + base + shapeSuffix }],
        unevaluatedProperties: false,
      });
      expect((kind['properties'] as JsonObject)['@odata.type'], $ref).toHaveProperty('const');
    }
    expect(schema(base)).toMatchObject({
      discriminator: { propertyName: '@odata.type' },
      required: ['@odata.type'],
    });
    expect(schema(base + shapeSuffix)['additionalProperties']).toBeUndefined();
  });

  test('evolvable enums carry their sentinel and the members after it', () => {
    expect(schema('microsoft.graph.security.incidentStatus')).toEqual({
      $id: `${schemaIdPrefix}microsoft.graph.security.incidentStatus`,
      type: 'string',
      enum: ['active', 'resolved', 'inProgress', 'redirected', 'unknownFutureValue', 'awaitingAction'],
      'x-graph-enum': { sentinel: 'unknownFutureValue', afterSentinel: ['awaitingAction'] },
    });
  });

  test('the operations table lists every operation by operationId, with its statuses (ranges included) and security', () => {
    expect(contract.operations.map((op) => op.operationId)).toEqual([
      'countIncidentAlerts',
      'countIncidents',
      'createIncidentComment',
      'getIncident',
      'getIncidentAlert',
      'listIncidentAlerts',
      'listIncidents',
      'updateIncident',
    ]);
    const update = contract.operations.find((op) => op.operationId === 'updateIncident')!;
    expect(update).toMatchObject({ method: 'PATCH', path: '/security/incidents/{incidentId}' });
    expect(update.responses).toEqual([
      { status: '200', contentType: 'application/json', schema: 'microsoft.graph.security.incident' },
      { status: '4XX', contentType: 'application/json', schema: 'microsoft.graph.ODataErrors.ODataError' },
      { status: '5XX', contentType: 'application/json', schema: 'microsoft.graph.ODataErrors.ODataError' },
    ]);
    expect(update.security).toEqual([{ azureADv2: ['SecurityIncident.ReadWrite.All'] }]);
    expect(contract.source).toEqual({
      file: 'specs/v1.0/openapi.yaml',
      version: '1.0.0',
      baseUrl: 'https://graph.microsoft.com/v1.0',
    });
  });

  test("an operation without its own security takes the document's", () => {
    const document = documentWith(
      {},
      {
        security: [{ b: ['Two'], a: ['One'] }],
        paths: { '/x': { get: { operationId: 'getX', responses: { '204': { description: 'none' } } } } },
      },
    );
    const [operation] = contractFromOpenApi(document, 'x').operations;
    expect(operation).toEqual({
      operationId: 'getX',
      method: 'GET',
      path: '/x',
      responses: [{ status: '204' }],
      security: [{ a: ['One'], b: ['Two'] }],
    });
    expect(Object.keys(operation!.security![0]!)).toEqual(['a', 'b']);
  });

  test('is independent of key order in the spec', () => {
    const document = spec();
    const reversed = Object.fromEntries(Object.entries(document).reverse());
    expect(contractFromOpenApi(reversed, 'x')).toEqual(contractFromOpenApi(document, 'x'));
  });

  test('hostile schema keys: `__proto__` stays a key, and a $ref escaped per JSON Pointer (~0, ~1, %25) finds its schema', () => {
    // JSON.parse, not an object literal: `__proto__:` in a literal would set the prototype instead of a key.
    const schemas = JSON.parse(`{
      "__proto__": { "type": "object", "properties": { "a": { "type": "string" } } },
      "a/b~c%d": { "type": "string" },
      "holder": { "type": "object", "properties": {
        "slash": { "$ref": "#/components/schemas/a~1b~0c%25d" },
        "proto": { "$ref": "#/components/schemas/__proto__" } } }
    }`) as JsonObject;
    const result = contractFromOpenApi(documentWith(schemas), 'x');
    expect(Object.hasOwn(result.schemas, '__proto__')).toBe(true);
    expect(result.schemas['__proto__']).toMatchObject({ $id: `${schemaIdPrefix}__proto__`, type: 'object' });
    expect(Object.hasOwn(result.schemas, 'a/b~c%d')).toBe(true);
    const properties = result.schemas['holder']!['properties'] as JsonObject;
    expect(properties['slash']).toEqual({ $ref: `${schemaIdPrefix}a/b~c%d` });
    expect(properties['proto']).toEqual({ $ref: `${schemaIdPrefix}__proto__` });
  });

  test('rejects what is not an OpenAPI document, with the file named', () => {
    expect(() => contractFromOpenApi({ openapi: '3.1.0' }, 'a.yaml')).toThrow(ContractLoadError);
    expect(() => contractFromOpenApi('paths: {}', 'b.yaml')).toThrow(/^b\.yaml: not an OpenAPI document/);
    expect(() => contractFromOpenApi(null, 'c.yaml')).toThrow(ContractLoadError);
  });
});

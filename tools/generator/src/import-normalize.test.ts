import { describe, expect, test } from 'vitest';
import { normalizeDocument } from './import-normalize.ts';
import type { JsonObject } from './load.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const dateTimePattern =
  '^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$';

function normalizeSchemas(schemas: JsonObject, paths: JsonObject = {}): JsonObject {
  const document = normalizeDocument({
    openapi: '3.0.1',
    info: { title: 't', version: '1' },
    paths,
    components: { schemas },
  });
  return (document['components'] as JsonObject)['schemas'] as JsonObject;
}

describe('normalizeDocument: OpenAPI 3.0 → 3.1 schemas', () => {
  test('nullable: true becomes a type list, or anyOf with null beside a $ref', () => {
    const schemas = normalizeSchemas({
      thing: {
        type: 'object',
        properties: {
          name: { type: 'string', nullable: true, description: 'd' },
          tags: { type: 'array', items: { type: 'string', nullable: true } },
          status: { $ref: '#/components/schemas/status', nullable: true, description: 'why' },
          kind: { type: 'string', enum: ['a', 'b'], nullable: true },
          plain: { type: 'string', nullable: false },
        },
      },
      status: { type: 'string', enum: ['on', 'unknownFutureValue'] },
    });
    const properties = (schemas['thing'] as JsonObject)['properties'] as JsonObject;
    expect(properties['name']).toEqual({ type: ['string', 'null'], description: 'd' });
    expect(properties['tags']).toEqual({ type: 'array', items: { type: ['string', 'null'] } });
    expect(properties['status']).toEqual({ description: 'why', anyOf: [ref('status'), { type: 'null' }] });
    expect(properties['kind']).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(properties['plain']).toEqual({ type: 'string' });
  });

  test("Microsoft's anyOf [$ref, {type: object, nullable: true}] becomes anyOf [$ref, {type: 'null'}]", () => {
    const schemas = normalizeSchemas({
      thing: {
        type: 'object',
        properties: { severity: { anyOf: [ref('sev'), { type: 'object', nullable: true }] } },
      },
      sev: { type: 'string', enum: ['low'] },
    });
    expect(((schemas['thing'] as JsonObject)['properties'] as JsonObject)['severity']).toEqual({
      anyOf: [ref('sev'), { type: 'null' }],
    });
  });

  test('drops the date-time pattern but keeps the format, and drops other formats’ patterns nowhere', () => {
    const schemas = normalizeSchemas({
      thing: {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time', pattern: dateTimePattern },
          code: { type: 'string', pattern: '^[A-Z]+$' },
        },
      },
    });
    const properties = (schemas['thing'] as JsonObject)['properties'] as JsonObject;
    expect(properties['at']).toEqual({ type: 'string', format: 'date-time' });
    expect(properties['code']).toEqual({ type: 'string', pattern: '^[A-Z]+$' });
  });

  test('additionalProperties {type: object}: closed types, open bags, and derived types and their bases left alone', () => {
    const marker = { type: 'object' };
    const schemas = normalizeSchemas({
      entity: { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: marker },
      incident: {
        allOf: [
          ref('entity'),
          { type: 'object', properties: { status: { type: 'string' } }, additionalProperties: marker },
        ],
      },
      comment: { type: 'object', properties: { text: { type: 'string' } }, additionalProperties: marker },
      noMarker: { type: 'object', properties: { x: { type: 'string' } } },
      bag: { type: 'object', additionalProperties: marker, description: 'service-specific' },
      explicitlyOpen: { type: 'object', properties: { x: { type: 'string' } }, additionalProperties: true },
    });
    expect((schemas['comment'] as JsonObject)['additionalProperties']).toBe(false);
    expect((schemas['noMarker'] as JsonObject)['additionalProperties']).toBe(false);
    expect(schemas['entity']).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
    expect(schemas['incident']).toEqual({
      allOf: [ref('entity'), { type: 'object', properties: { status: { type: 'string' } } }],
    });
    expect(schemas['bag']).toEqual({
      type: 'object',
      description: 'service-specific',
      additionalProperties: true,
      'x-graph-open-type': true,
    });
    expect((schemas['explicitlyOpen'] as JsonObject)['additionalProperties']).toBe(true);
  });

  test('@odata.type is no longer required; other required names stay', () => {
    const schemas = normalizeSchemas({
      a: { type: 'object', required: ['@odata.type'], properties: { '@odata.type': { type: 'string' } } },
      b: { type: 'object', required: ['@odata.type', 'code'], properties: { code: { type: 'string' } } },
    });
    expect((schemas['a'] as JsonObject)['required']).toBeUndefined();
    expect((schemas['b'] as JsonObject)['required']).toEqual(['code']);
  });

  test('marks unknownFutureValue as the sentinel of evolvable enums only', () => {
    const schemas = normalizeSchemas({
      status: { type: 'string', enum: ['active', 'unknownFutureValue'] },
      plain: { type: 'string', enum: ['a', 'b'] },
    });
    expect((schemas['status'] as JsonObject)['x-graph-enum']).toEqual({ sentinel: 'unknownFutureValue' });
    expect((schemas['plain'] as JsonObject)['x-graph-enum']).toBeUndefined();
  });
});

describe('normalizeDocument: paths and operations', () => {
  const idParameter = {
    name: 'incident-id',
    in: 'path',
    required: true,
    style: 'simple',
    schema: { type: 'string' },
    'x-ms-docs-key-type': 'incident',
  };
  const document = normalizeDocument({
    openapi: '3.0.1',
    info: { title: 't', version: '1' },
    paths: {
      '/incidents/{incident-id}': {
        get: {
          operationId: 'get',
          parameters: [idParameter, { name: '$select', in: 'query', schema: { type: 'string' } }],
          responses: {
            '2XX': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } },
            default: { $ref: '#/components/responses/error' },
          },
          'x-ms-docs-operation-type': 'operation',
        },
        patch: {
          operationId: 'get',
          parameters: [idParameter],
          responses: { '2XX': { description: 'Success' }, '4XX': { $ref: '#/components/responses/error' } },
        },
        delete: {
          operationId: 'get',
          parameters: [idParameter],
          responses: {
            '204': { description: 'Success' },
            '5XX': {
              description: 'inline error',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
      '/incidents/{incident-id}/alerts/{alert-id}': {
        parameters: [{ name: 'alert-id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { operationId: 'alert', parameters: [idParameter], responses: {} },
      },
    },
    components: {
      responses: {
        error: { description: 'error', content: { 'application/json': { schema: { type: 'object' } } } },
      },
      parameters: { key: { name: 'some-key', in: 'path', required: true, schema: { type: 'string' } } },
    },
  });
  const paths = document['paths'] as Record<string, Record<string, JsonObject>>;
  const item = paths['/incidents/{incidentId}']!;

  test('declares openapi 3.1.0', () => {
    expect(document['openapi']).toBe('3.1.0');
  });

  test('camel-cases path parameters in path keys and names', () => {
    expect(Object.keys(paths)).toEqual([
      '/incidents/{incidentId}',
      '/incidents/{incidentId}/alerts/{alertId}',
    ]);
    expect(((document['components'] as JsonObject)['parameters'] as JsonObject)['key']).toMatchObject({
      name: 'someKey',
    });
  });

  test('hoists path parameters to the path item, once, and drops x-ms-docs-* noise', () => {
    expect(item['parameters']).toEqual([
      { name: 'incidentId', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(item['get']!['parameters']).toEqual([
      { name: '$select', in: 'query', schema: { type: 'string' } },
    ]);
    expect(item['patch']!['parameters']).toBeUndefined();
    expect(item['get']!['x-ms-docs-operation-type']).toBeUndefined();
    const alerts = paths['/incidents/{incidentId}/alerts/{alertId}']!;
    expect((alerts['parameters'] as unknown as JsonObject[]).map((p) => p['name'])).toEqual([
      'alertId',
      'incidentId',
    ]);
  });

  test('2XX becomes 200 with a body, 204 without; explicit codes stay; errors share one response', () => {
    const error = { $ref: '#/components/responses/error' };
    expect(item['get']!['responses']).toEqual({
      '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } },
      default: error,
    });
    expect(item['patch']!['responses']).toEqual({ '204': { description: 'Success' }, '4XX': error });
    expect(item['delete']!['responses']).toEqual({ '204': { description: 'Success' }, '5XX': error });
  });

  test('duplicate operationIds get a numeric suffix in document order', () => {
    expect([
      item['get']!['operationId'],
      item['patch']!['operationId'],
      item['delete']!['operationId'],
    ]).toEqual(['get', 'get_2', 'get_3']);
  });

  test('an inline error response becomes the shared one when the document has none', () => {
    const lone = normalizeDocument({
      openapi: '3.0.1',
      info: { title: 't', version: '1' },
      paths: { '/x': { get: { operationId: 'x', responses: { default: { description: 'err' } } } } },
    });
    expect((lone['paths'] as JsonObject)['/x']).toEqual({
      get: { operationId: 'x', responses: { default: { $ref: '#/components/responses/error' } } },
    });
    expect(((lone['components'] as JsonObject)['responses'] as JsonObject)['error']).toEqual({
      description: 'err',
    });
  });
});

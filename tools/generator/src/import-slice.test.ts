import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { matchingPaths, pathGlob, sliceDocument } from './import-slice.ts';
import type { JsonObject } from './load.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A small Microsoft-shaped document: two resources, a polymorphic base with a big mapping, shared components. */
function sample(): JsonObject {
  return {
    openapi: '3.0.1',
    info: { title: 'sample', version: 'v1.0' },
    tags: [{ name: 'security.incident' }, { name: 'security.secureScore' }],
    paths: {
      '/security/incidents': {
        get: {
          tags: ['security.incident'],
          operationId: 'list',
          parameters: [{ $ref: '#/components/parameters/top' }],
          responses: { '2XX': { $ref: '#/components/responses/incidentCollection' } },
        },
      },
      '/security/incidents/{incident-id}': {
        patch: {
          tags: ['security.incident'],
          operationId: 'update',
          requestBody: { $ref: '#/components/requestBodies/incidentBody' },
          responses: { default: { $ref: '#/components/responses/error' } },
        },
      },
      '/security/incidents/{incident-id}/alerts/{alert-id}': { get: { operationId: 'alert', responses: {} } },
      '/security/secureScores': {
        get: {
          tags: ['security.secureScore'],
          operationId: 'scores',
          responses: { '2XX': { content: { 'application/json': { schema: ref('secureScore') } } } },
        },
      },
    },
    components: {
      schemas: {
        entity: {
          type: 'object',
          properties: { id: { type: 'string' } },
          discriminator: {
            propertyName: '@odata.type',
            mapping: {
              '#incident': '#/components/schemas/incident',
              '#secureScore': '#/components/schemas/secureScore',
              '#user': '#/components/schemas/user',
            },
          },
        },
        incident: {
          allOf: [
            ref('entity'),
            {
              type: 'object',
              properties: {
                status: ref('incidentStatus'),
                comments: { type: 'array', items: ref('alertComment') },
              },
            },
          ],
        },
        incidentStatus: { type: 'string', enum: ['active', 'unknownFutureValue'] },
        alertComment: { type: 'object', properties: { comment: { type: 'string' } } },
        incidentCollection: {
          type: 'object',
          properties: { value: { type: 'array', items: ref('incident') } },
        },
        secureScore: {
          allOf: [ref('entity'), { type: 'object', properties: { score: { type: 'number' } } }],
        },
        user: { allOf: [ref('entity'), { type: 'object' }] },
        ODataError: { type: 'object', properties: { code: { type: 'string' } } },
        pageSize: { type: 'integer' },
      },
      parameters: {
        top: { name: '$top', in: 'query', schema: ref('pageSize') },
        unused: { name: '$unused', in: 'query', schema: { type: 'string' } },
      },
      requestBodies: { incidentBody: { content: { 'application/json': { schema: ref('incident') } } } },
      responses: {
        incidentCollection: {
          description: 'ok',
          content: { 'application/json': { schema: ref('incidentCollection') } },
        },
        error: { description: 'error', content: { 'application/json': { schema: ref('ODataError') } } },
        scores: { description: 'unused', content: { 'application/json': { schema: ref('secureScore') } } },
      },
      securitySchemes: { azureaadv2: { type: 'oauth2', flows: {} } },
    },
  };
}

describe('path globs', () => {
  test('** matches any suffix, * exactly one segment', () => {
    expect(pathGlob('/security/incidents**').test('/security/incidents')).toBe(true);
    expect(pathGlob('/security/incidents**').test('/security/incidents/{id}/alerts/$count')).toBe(true);
    expect(pathGlob('/security/incidents/*').test('/security/incidents/{id}')).toBe(true);
    expect(pathGlob('/security/incidents/*').test('/security/incidents/{id}/alerts')).toBe(false);
    expect(pathGlob('/security/incidents/*').test('/security/incidents')).toBe(false);
    // Regex metacharacters in paths are literal.
    expect(pathGlob('/security/incidents/$count').test('/security/incidents/$count')).toBe(true);
    expect(pathGlob('/a.b').test('/aXb')).toBe(false);
    // A path parameter matches a path parameter of any name, and nothing else.
    expect(pathGlob('/security/incidents/{incidentId}').test('/security/incidents/{incident-id}')).toBe(true);
    expect(pathGlob('/security/incidents/{x}/alerts').test('/security/incidents/{incidentId}/alerts')).toBe(
      true,
    );
    expect(pathGlob('/security/incidents/{}').test('/security/incidents/{id}')).toBe(true);
    expect(pathGlob('/security/incidents/{incidentId}').test('/security/incidents/$count')).toBe(false);
    expect(pathGlob('/security/incidents/{incidentId}').test('/security/incidents/{a}/{b}')).toBe(false);
    // A brace that closes no parameter is a character like any other.
    expect(pathGlob('/a/{b').test('/a/{b')).toBe(true);
    expect(pathGlob('/a/{b/c}').test('/a/{b/c}')).toBe(true);
    expect(pathGlob('/a/{b/c}').test('/a/{x}')).toBe(false);
  });

  test('matchingPaths keeps document order and accepts several globs', () => {
    expect(matchingPaths(sample(), ['/security/incidents/*', '/security/secureScores'])).toEqual([
      '/security/incidents/{incident-id}',
      '/security/secureScores',
    ]);
  });
});

describe('sliceDocument', () => {
  const sliced = sliceDocument(sample(), ['/security/incidents**']);
  const components = sliced['components'] as Record<string, JsonObject>;

  test('keeps the matching paths only', () => {
    expect(Object.keys(sliced['paths'] as JsonObject)).toEqual([
      '/security/incidents',
      '/security/incidents/{incident-id}',
      '/security/incidents/{incident-id}/alerts/{alert-id}',
    ]);
  });

  test('follows $ref transitively through parameters, responses, request bodies, allOf and items', () => {
    expect(Object.keys(components['schemas']!).sort()).toEqual(
      [
        'ODataError',
        'alertComment',
        'entity',
        'incident',
        'incidentCollection',
        'incidentStatus',
        'pageSize',
      ].sort(),
    );
    expect(Object.keys(components['parameters']!)).toEqual(['top']);
    expect(Object.keys(components['requestBodies']!)).toEqual(['incidentBody']);
    expect(Object.keys(components['responses']!).sort()).toEqual(['error', 'incidentCollection']);
    expect(Object.keys(components['securitySchemes']!)).toEqual(['azureaadv2']);
  });

  test('reduces a discriminator mapping to the reachable types and does not follow it', () => {
    const entity = components['schemas']!['entity'] as JsonObject;
    expect(entity['discriminator']).toEqual({
      propertyName: '@odata.type',
      mapping: { '#incident': '#/components/schemas/incident' },
    });
    expect(components['schemas']!['secureScore']).toBeUndefined();
    expect(components['schemas']!['user']).toBeUndefined();
  });

  test('drops a discriminator none of whose types is reachable', () => {
    const only = sliceDocument(sample(), ['/security/incidents/*/alerts/*']);
    expect((only['components'] as JsonObject)['schemas']).toBeUndefined();
    const withEntity = sample();
    (withEntity['paths'] as JsonObject)['/entity'] = {
      get: {
        operationId: 'entity',
        responses: { '200': { content: { 'application/json': { schema: ref('entity') } } } },
      },
    };
    const entity = (
      (sliceDocument(withEntity, ['/entity'])['components'] as JsonObject)['schemas'] as JsonObject
    )['entity'] as JsonObject;
    expect(entity['discriminator']).toBeUndefined();
    expect(entity['properties']).toEqual({ id: { type: 'string' } });
  });

  test('a component and a mapping value named __proto__ are kept as own entries, not lost to the prototype', () => {
    const document = parse(`
paths:
  /things:
    get:
      responses:
        '200': { content: { application/json: { schema: { $ref: '#/components/schemas/__proto__' } } } }
components:
  schemas:
    __proto__:
      type: object
      discriminator:
        propertyName: kind
        mapping: { __proto__: '#/components/schemas/__proto__' }
      properties: { kind: { type: string } }
`) as JsonObject;
    const sliced = sliceDocument(document, ['/things']);
    const schemas = (sliced['components'] as JsonObject)['schemas'] as JsonObject;
    expect(Object.getPrototypeOf(schemas)).toBe(Object.prototype);
    expect(Object.keys(schemas)).toEqual(['__proto__']);
    const kept = Object.getOwnPropertyDescriptor(schemas, '__proto__')!.value as JsonObject;
    const mapping = (kept['discriminator'] as JsonObject)['mapping'] as JsonObject;
    expect(Object.keys(mapping)).toEqual(['__proto__']);
  });

  test('keeps only the tags the kept operations use, and leaves the input untouched', () => {
    expect(sliced['tags']).toEqual([{ name: 'security.incident' }]);
    const input = sample();
    sliceDocument(input, ['/security/incidents']);
    expect(input).toEqual(sample());
  });
});

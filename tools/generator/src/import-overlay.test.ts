import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from './load.ts';
import {
  applyOverlay,
  type Overlay,
  OverlayError,
  parseJsonPath,
  queryJsonPath,
  readOverlay,
} from './import-overlay.ts';

const document = (): JsonObject => ({
  paths: {
    '/security/incidents': {
      get: { operationId: 'security_ListIncident', parameters: [{ $ref: '#/p/top' }] },
      post: {},
    },
    '/security/incidents/{incidentId}': { get: { operationId: 'a' }, patch: { operationId: 'b' } },
  },
  components: {
    schemas: {
      'microsoft.graph.security.incidentStatus': {
        type: 'string',
        enum: ['active', 'resolved', 'unknownFutureValue'],
      },
      'microsoft.graph.security.incident': { type: 'object', properties: { id: { type: 'string' } } },
    },
  },
});

const overlay = (...actions: Overlay['actions']): Overlay => ({
  overlay: '1.0.0',
  info: { title: 'test', version: '1' },
  actions,
});

describe('JSONPath subset', () => {
  test('parses names, quoted names, indexes and wildcards', () => {
    expect(parseJsonPath("$.paths['/security/incidents/{incidentId}'].patch")).toEqual([
      { kind: 'name', name: 'paths' },
      { kind: 'name', name: '/security/incidents/{incidentId}' },
      { kind: 'name', name: 'patch' },
    ]);
    expect(parseJsonPath('$.a["b.c"][0].*[*]')).toEqual([
      { kind: 'name', name: 'a' },
      { kind: 'name', name: 'b.c' },
      { kind: 'index', index: 0 },
      { kind: 'wildcard' },
      { kind: 'wildcard' },
    ]);
  });

  test.each([
    ['$..patch', /recursive descent/],
    ['$.paths[?(@.get)]', /filter expressions/],
    ['$.paths[0:2]', /expected \['name'\]/],
    ['paths.x', /must start with \$/],
    ['$.', /expected a member name/],
  ])('rejects %s with a clear message', (expression, message) => {
    expect(() => parseJsonPath(expression)).toThrow(message);
    expect(() => parseJsonPath(expression)).toThrow(OverlayError);
  });

  test('a wildcard selects every member of one level', () => {
    const operations = queryJsonPath(document(), "$.paths['/security/incidents/{incidentId}'].*");
    expect(operations.map((m) => m.key)).toEqual(['get', 'patch']);
  });
});

describe('applyOverlay', () => {
  test('update merges objects recursively and leaves the input untouched', () => {
    const input = document();
    const { document: result } = applyOverlay(
      input,
      overlay({
        target: "$.components.schemas['microsoft.graph.security.incident']",
        update: { properties: { priorityScore: { type: ['integer', 'null'] } }, additionalProperties: false },
      }),
    );
    expect((result['components'] as JsonObject)['schemas']).toMatchObject({
      'microsoft.graph.security.incident': {
        type: 'object',
        additionalProperties: false,
        properties: { id: { type: 'string' }, priorityScore: { type: ['integer', 'null'] } },
      },
    });
    expect(input).toEqual(document());
  });

  test('update replaces arrays inside objects and warns about dropped items; on an array it appends', () => {
    const { document: result, warnings } = applyOverlay(
      document(),
      overlay(
        {
          target: "$.components.schemas['microsoft.graph.security.incidentStatus']",
          update: { enum: ['active', 'unknownFutureValue', 'awaitingAction'] },
        },
        { target: "$.paths['/security/incidents'].get.parameters", update: { $ref: '#/p/prefer' } },
      ),
    );
    const schemas = (result['components'] as JsonObject)['schemas'] as JsonObject;
    expect((schemas['microsoft.graph.security.incidentStatus'] as JsonObject)['enum']).toEqual([
      'active',
      'unknownFutureValue',
      'awaitingAction',
    ]);
    expect(warnings).toEqual([
      `actions[0] $.components.schemas['microsoft.graph.security.incidentStatus'].enum: the update drops "resolved"`,
    ]);
    expect(queryJsonPath(result, "$.paths['/security/incidents'].get.parameters")[0]!.value).toEqual([
      { $ref: '#/p/top' },
      { $ref: '#/p/prefer' },
    ]);
  });

  test('remove deletes object members and array items; actions apply in order', () => {
    const { document: result } = applyOverlay(
      document(),
      overlay(
        { target: "$.paths['/security/incidents'].post", remove: true },
        { target: "$.paths['/security/incidents/{incidentId}'].*.operationId", remove: true },
        { target: "$.paths['/security/incidents'].get.parameters[0]", remove: true },
        { target: "$.paths['/security/incidents/{incidentId}'].get", update: { operationId: 'getIncident' } },
      ),
    );
    expect(result['paths']).toEqual({
      '/security/incidents': { get: { operationId: 'security_ListIncident', parameters: [] } },
      '/security/incidents/{incidentId}': { get: { operationId: 'getIncident' }, patch: {} },
    });
  });

  test('a target that matches nothing is an error naming the action, unless x-graph-optional', () => {
    const missing = overlay(
      { target: "$.paths['/security/incidents'].get", update: { operationId: 'listIncidents' } },
      {
        target: "$.paths['/security/incidents/{incident-id}'].patch",
        update: { operationId: 'updateIncident' },
      },
    );
    expect(() => applyOverlay(document(), missing)).toThrow(
      /actions\[1\] \$\.paths\['\/security\/incidents\/\{incident-id\}'\]\.patch: the target matches nothing/,
    );
    const optional = overlay({ target: '$.paths.nothing', remove: true, 'x-graph-optional': true });
    expect(applyOverlay(document(), optional).document).toEqual(document());
  });

  test('keys of Object.prototype in an update are keys like any other, and pollute nothing', () => {
    // Parsed from YAML, as an overlay file is: `__proto__` is an own key there.
    const update = parse(`
__proto__: { polluted: yes }
constructor: { kept: yes }
toString: text
type: { polluted: no }
`) as JsonObject;
    expect(Object.hasOwn(update, '__proto__')).toBe(true);
    const target = "$.components.schemas['microsoft.graph.security.incident']";
    const { document: result } = applyOverlay(document(), overlay({ target, update }));
    const incident = (result['components'] as JsonObject)['schemas'] as JsonObject;
    const merged = incident['microsoft.graph.security.incident'] as JsonObject;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')!.value).toEqual({ polluted: 'yes' });
    expect(Object.hasOwn(merged, 'constructor') && merged['constructor']).toEqual({ kept: 'yes' });
    expect(Object.hasOwn(merged, 'toString') && merged['toString']).toBe('text');
    expect(merged['type']).toEqual({ polluted: 'no' });
    // Merging into an own `__proto__` that is already there merges into it, and still pollutes nothing.
    const again = applyOverlay(
      result,
      overlay({ target, update: parse('__proto__: { more: 1 }') as JsonObject }),
    );
    const twice = ((again.document['components'] as JsonObject)['schemas'] as JsonObject)[
      'microsoft.graph.security.incident'
    ] as JsonObject;
    expect(Object.getOwnPropertyDescriptor(twice, '__proto__')!.value).toEqual({ polluted: 'yes', more: 1 });
    expect(({} as Record<string, unknown>)['more']).toBeUndefined();
  });

  test('an update that is not an object, on an object, is an error', () => {
    expect(() =>
      applyOverlay(document(), overlay({ target: '$.paths', update: 'text' as unknown as JsonObject })),
    ).toThrow(/can only update an object with an object/);
  });
});

describe('readOverlay', () => {
  test('accepts Overlay 1.0 and rejects other shapes', () => {
    expect(readOverlay(overlay({ target: '$', update: {} })).actions).toHaveLength(1);
    expect(() => readOverlay({ overlay: '2.0.0', info: { title: 't', version: '1' }, actions: [] })).toThrow(
      /expected 1\.0\.x/,
    );
    expect(() => readOverlay({ overlay: '1.0.0', info: { title: 't' }, actions: [] })).toThrow(/info\.title/);
    expect(() =>
      readOverlay({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions: [{ target: '$' }] }),
    ).toThrow(/neither update nor remove/);
  });
});

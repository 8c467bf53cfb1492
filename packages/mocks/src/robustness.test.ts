import fc from 'fast-check';
import {
  alertClassificationValues,
  type EnumDescriptor,
  incidentStatusValues,
  normalizeMember,
} from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
import { schemaShapes } from './generated/graph-metadata.gen.js';
import { createGraphHandler } from './graph-handler.js';
import { graphFetch } from './graph-test.test-helper.js';
import { startMockGraph } from './server.js';
import { IncidentStore } from './store.js';

const url = (id: string) => `https://graph.microsoft.com/v1.0/security/incidents/${id}`;
const headers = { authorization: 'Bearer opaque', 'content-type': 'application/json' };

/** Values a careless or hostile client might send for any property. */
const anyValue = fc.oneof(
  fc.constantFrom(
    ...incidentStatusValues,
    ...alertClassificationValues,
    'TRUEPOSITIVE',
    'benignPositive',
    '',
  ),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const propertyName = fc.constantFrom(
  'assignedTo',
  'classification',
  'customTags',
  'description',
  'determination',
  'displayName',
  'resolvingComment',
  'severity',
  'status',
  'summary',
  'id',
  'createdDateTime',
  'tenantId',
  'comments',
  'alerts',
  'tags',
  '@odata.type',
  '__proto__',
  'constructor',
);
/** Plausible bodies: updatable properties of the spec with values of their type, enums in any casing. */
const updatable = Object.entries(
  schemaShapes.incidentUpdate as Record<
    string,
    { enum?: EnumDescriptor; array?: boolean; nullable?: boolean }
  >,
);
const plausibleValue = (shape: {
  enum?: EnumDescriptor;
  array?: boolean;
  nullable?: boolean;
}): fc.Arbitrary<unknown> => {
  const value: fc.Arbitrary<unknown> = shape.enum
    ? fc
        .tuple(fc.constantFrom(...shape.enum.members), fc.constantFrom('same', 'upper', 'pascal'))
        .map(([m, casing]) =>
          casing === 'upper'
            ? m.toUpperCase()
            : casing === 'pascal'
              ? m.charAt(0).toUpperCase() + m.slice(1)
              : m,
        )
    : shape.array
      ? fc.array(fc.string(), { maxLength: 3 })
      : fc.string();
  return shape.nullable ? fc.option(value, { nil: null }) : value;
};
const plausible = fc
  .record(Object.fromEntries(updatable.map(([name, shape]) => [name, plausibleValue(shape)])), {
    requiredKeys: [],
  })
  .map((value) => JSON.stringify(value));
const body = fc.oneof(
  { arbitrary: plausible, weight: 3 },
  fc.dictionary(propertyName, anyValue, { maxKeys: 4 }).map((value) => JSON.stringify(value)),
  fc.json(),
  fc.string(),
);

describe('robustness', () => {
  it('changes state only through valid PATCH bodies (fast-check, in-process through the same handler)', async () => {
    const store = new IncidentStore({ seed: 3, incidents: 3 });
    const handle = createGraphHandler(store);
    const id = store.list()[0]!.id;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, includeUnknown) => {
        const before = store.get(id)!;
        const snapshot = store.snapshot();
        const response = await handle({
          method: 'PATCH',
          url: url(id),
          headers: { ...headers, ...(includeUnknown ? { prefer: 'include-unknown-enum-members' } : {}) },
          body: text,
        });
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) {
          expect(store.snapshot()).toBe(snapshot);
          expect(JSON.parse(response.body).error.code).toMatch(/^(BadRequest|InvalidRequestBody)$/);
          return;
        }
        // Accepted: the body was an object of updatable properties, and each one now has its (normalised) value.
        const sent = JSON.parse(text) as Record<string, unknown>;
        const after = store.get(id)! as unknown as Record<string, unknown>;
        for (const [name, value] of Object.entries(sent)) {
          expect(Object.hasOwn(schemaShapes.incidentUpdate, name)).toBe(true);
          const descriptor = (schemaShapes.incidentUpdate as Record<string, { enum?: EnumDescriptor }>)[name]
            ?.enum;
          if (descriptor && typeof value === 'string') {
            const member = normalizeMember(descriptor, value);
            expect(member).toBeDefined();
            expect(after[name]).toBe(
              member === 'unknownFutureValue' ? (before as unknown as Record<string, unknown>)[name] : member,
            );
          } else expect(after[name]).toEqual(value);
        }
        expect(String(after['lastUpdateDateTime']) > before.lastUpdateDateTime).toBe(true);
        accepted++;
      }),
      { numRuns: 3000 },
    );
    // Both branches were exercised, not only rejections.
    expect(accepted).toBeGreaterThan(100);
  });

  it('answers every random request without throwing, and GETs never change state', async () => {
    const store = new IncidentStore({ seed: 4, incidents: 5 });
    const handle = createGraphHandler(store);
    const snapshot = store.snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'),
        fc.string(),
        fc.webPath(),
        fc.dictionary(
          fc.constantFrom('$filter', '$top', '$skip', '$orderby', '$select', '$expand', '$count', 'x'),
          fc.string(),
          { maxKeys: 3 },
        ),
        async (method, tail, path, query) => {
          const search = new URLSearchParams(query).toString();
          const response = await handle({
            method,
            url: `https://graph.microsoft.com/v1.0/security/incidents${path}${encodeURIComponent(tail)}?${search}`,
            headers: { authorization: 'Bearer opaque' },
          });
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 1500 },
    );
    expect(store.snapshot()).toBe(snapshot);
  });

  // The handler applies a PATCH or a comment whole (no await between reading and writing the incident), so requests
  // sent at once cannot interleave inside it; this checks that every one of them, arriving over its own socket in any
  // order, is applied and answered 200.
  it('applies every one of 30 PATCHes and comments sent at once over HTTP to one incident', async () => {
    const graph = await startMockGraph({ seed: 9, incidents: 2 });
    try {
      const call = graphFetch(graph.url);
      const id = graph.store.list()[0]!.id;
      const fields = ['assignedTo', 'description', 'displayName', 'resolvingComment', 'summary'] as const;
      const results = await Promise.all([
        ...fields.map((field) =>
          call(`/v1.0/security/incidents/${id}`, { method: 'PATCH', json: { [field]: `set-${field}` } }),
        ),
        ...Array.from({ length: 25 }, (_, n) =>
          call(`/v1.0/security/incidents/${id}/comments`, { method: 'POST', json: { comment: `c${n}` } }),
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
      const incident = graph.store.get(id)!;
      for (const field of fields) expect(incident[field]).toBe(`set-${field}`);
      const comments = (incident.comments ?? []).map((c) => c.comment);
      for (let n = 0; n < 25; n++) expect(comments).toContain(`c${n}`);
    } finally {
      await graph.close();
    }
  });

  it('survives a bad request body on the wire without crashing', async () => {
    const graph = await startMockGraph({ incidents: 1 });
    try {
      const id = graph.store.list()[0]!.id;
      const huge = await fetch(`${graph.url}/v1.0/security/incidents/${id}`, {
        method: 'PATCH',
        headers,
        body: 'x'.repeat(2 * 1024 * 1024),
      });
      expect(huge.status).toBe(413);
      expect((await fetch(`${graph.url}/v1.0/security/incidents/${id}`, { headers })).status).toBe(200);
    } finally {
      await graph.close();
    }
  });
});

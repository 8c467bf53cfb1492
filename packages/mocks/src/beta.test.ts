import type { Incident } from '@graph-incidents/types';
import type { Incident as BetaIncident } from '@graph-incidents/types/beta';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { buildIncident as buildBetaIncident } from './beta.js';
import { graphFetch } from './graph-test.test-helper.js';
import { type MockGraph, startMockGraph } from './server.js';
import { specValidators } from './spec-validators.test-helper.js';

const betaOnly = ['recommendedActions', 'recommendedHuntingQueries'] as const;
const validBeta = specValidators('beta');
const validV1 = specValidators('v1.0');

let graph: MockGraph;
let call: ReturnType<typeof graphFetch>;

beforeAll(async () => {
  graph = await startMockGraph({ seed: 5, incidents: 80 });
  call = graphFetch(graph.url);
});
afterAll(() => graph.close());

/** Every incident of a version, following `@odata.nextLink`; each page checked against the version's spec. */
async function listAll(version: 'v1.0' | 'beta'): Promise<Record<string, unknown>[]> {
  const validate = (version === 'beta' ? validBeta : validV1)(
    'microsoft.graph.security.incidentCollectionResponse',
  );
  const items: Record<string, unknown>[] = [];
  let next: string | undefined = `/${version}/security/incidents`;
  while (next) {
    const { status, json } = await call(next);
    expect(status, next).toBe(200);
    expectValid(validate, json, `${version} page`);
    items.push(...json.value);
    next = json['@odata.nextLink']?.slice(graph.url.length);
  }
  return items;
}

/** Fails with the first few ajv errors; a function, so that ajv's type guard does not narrow the caller's `any`. */
function expectValid(validate: ValidateFunction, value: unknown, label: string): void {
  if (!validate(value)) expect.fail(`${label}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

function withoutBetaOnly(incident: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...incident };
  for (const name of betaOnly) delete copy[name];
  return copy;
}

describe('/beta and /v1.0 over one store', () => {
  it('lists incidents on /beta with the beta-only properties, valid against specs/beta/openapi.yaml', async () => {
    const beta = await listAll('beta');
    expect(beta).toHaveLength(80);
    for (const incident of beta) {
      expect(incident).toHaveProperty('recommendedActions');
      expect(Array.isArray(incident['recommendedHuntingQueries'])).toBe(true);
    }
    // Drawn data, not placeholders: some incidents recommend actions and hunting queries with KQL text.
    expect(beta.some((i) => typeof i['recommendedActions'] === 'string')).toBe(true);
    expect(beta.some((i) => i['recommendedActions'] === null)).toBe(true);
    const queries = beta.flatMap((i) => i['recommendedHuntingQueries'] as { kqlText: string | null }[]);
    expect(queries.some((q) => typeof q.kqlText === 'string' && q.kqlText.includes('| where'))).toBe(true);
  });

  it('lists the same incidents on /v1.0 without the beta-only properties, valid against specs/v1.0/openapi.yaml', async () => {
    const v1 = await listAll('v1.0');
    const beta = await listAll('beta');
    for (const incident of v1) for (const name of betaOnly) expect(incident).not.toHaveProperty(name);
    expect(v1).toEqual(beta.map(withoutBetaOnly));
    // A beta page is not a valid v1.0 page: v1.0 incidents take no additional properties.
    const validateV1 = validV1('microsoft.graph.security.incident');
    expect(beta.some((incident) => !validateV1(incident))).toBe(true);
  });

  it('gets one incident through either version, each valid against its own spec, with $expand=alerts', async () => {
    const id = graph.store.list('beta').find((i) => i.recommendedHuntingQueries?.length)!.id;
    const beta = await call(`/beta/security/incidents/${id}?$expand=alerts`);
    const v1 = await call(`/v1.0/security/incidents/${id}?$expand=alerts`);
    expect([beta.status, v1.status]).toEqual([200, 200]);
    expect(beta.json['@odata.context']).toBe(
      `${graph.url}/beta/$metadata#security/incidents(alerts())/$entity`,
    );
    expect(v1.json['@odata.context']).toBe(
      `${graph.url}/v1.0/$metadata#security/incidents(alerts())/$entity`,
    );
    const validateBeta = validBeta('microsoft.graph.security.incident');
    const validateV1 = validV1('microsoft.graph.security.incident');
    expectValid(validateBeta, beta.json, 'beta incident');
    expectValid(validateV1, v1.json, 'v1.0 incident');
    const stored = graph.store.get(id, 'beta')!;
    expect(beta.json.recommendedHuntingQueries).not.toEqual([]);
    expect(beta.json.recommendedHuntingQueries).toEqual(stored.recommendedHuntingQueries);
    expect(beta.json.recommendedActions).toEqual(stored.recommendedActions);
    for (const name of betaOnly) expect(v1.json).not.toHaveProperty(name);
    expect(v1.json.alerts).toEqual(beta.json.alerts);
    expect(withoutBetaOnly(beta.json)).toEqual({ ...v1.json, '@odata.context': beta.json['@odata.context'] });
  });

  it('accepts $select=recommendedHuntingQueries on /beta and answers 400 on /v1.0', async () => {
    const beta = await call('/beta/security/incidents?$top=3&$select=recommendedHuntingQueries');
    expect(beta.status).toBe(200);
    expect(beta.json['@odata.context']).toBe(
      `${graph.url}/beta/$metadata#security/incidents(recommendedHuntingQueries)`,
    );
    for (const incident of beta.json.value)
      expect(Object.keys(incident).sort()).toEqual(['id', 'recommendedHuntingQueries']);
    const id = beta.json.value[0].id;
    const one = await call(`/beta/security/incidents/${id}?$select=recommendedActions,status`);
    expect(one.status).toBe(200);
    expect(Object.keys(one.json).sort()).toEqual(['@odata.context', 'id', 'recommendedActions', 'status']);

    const v1 = await call('/v1.0/security/incidents?$top=3&$select=recommendedHuntingQueries');
    expect(v1.status).toBe(400);
    expect(v1.json.error.code).toBe('BadRequest');
    expect(v1.json.error.message).toContain("'recommendedHuntingQueries'");
    expect((await call(`/v1.0/security/incidents/${id}?$select=recommendedActions`)).status).toBe(400);
  });

  it('changes the same incident through a PATCH on either version', async () => {
    const before = graph.store
      .list('beta')
      .find((i) => i.status === 'active' && i.recommendedHuntingQueries?.length)!;
    const id = before.id;
    const patched = await call(`/beta/security/incidents/${id}`, {
      method: 'PATCH',
      json: { status: 'resolved', classification: 'truePositive', customTags: ['Beta'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.json['@odata.context']).toBe(`${graph.url}/beta/$metadata#security/incidents/$entity`);
    expect(patched.json.recommendedHuntingQueries).toEqual(before.recommendedHuntingQueries);
    const validateBeta = validBeta('microsoft.graph.security.incident');
    expectValid(validateBeta, patched.json, 'patched beta incident');

    const seenOnV1 = await call(`/v1.0/security/incidents/${id}`);
    expect(seenOnV1.json).toMatchObject({
      status: 'resolved',
      classification: 'truePositive',
      customTags: ['Beta'],
      lastModifiedBy: 'API-App:SOC robot',
      lastUpdateDateTime: patched.json.lastUpdateDateTime,
    });
    for (const name of betaOnly) expect(seenOnV1.json).not.toHaveProperty(name);

    // And back: a PATCH through v1.0 keeps the beta-only properties that beta shows.
    const v1Patch = await call(`/v1.0/security/incidents/${id}`, {
      method: 'PATCH',
      json: { customTags: ['V1'] },
    });
    expect(v1Patch.status).toBe(200);
    for (const name of betaOnly) expect(v1Patch.json).not.toHaveProperty(name);
    const seenOnBeta = await call(`/beta/security/incidents/${id}`);
    expect(seenOnBeta.json.customTags).toEqual(['V1']);
    expect(seenOnBeta.json.recommendedActions).toEqual(before.recommendedActions);
    expect(seenOnBeta.json.recommendedHuntingQueries).toEqual(before.recommendedHuntingQueries);
  });

  it('rejects a PATCH of a beta-only property as Graph does: read-only on beta, unknown on v1.0', async () => {
    const id = graph.store.list()[0]!.id;
    const before = graph.store.snapshot();
    const beta = await call(`/beta/security/incidents/${id}`, {
      method: 'PATCH',
      json: { recommendedActions: 'Isolate the device.' },
    });
    expect(beta.status).toBe(400);
    expect(beta.json.error.message).toBe(
      "The property 'recommendedActions' of type 'microsoft.graph.security.incident' is read-only and cannot be changed.",
    );
    const v1 = await call(`/v1.0/security/incidents/${id}`, {
      method: 'PATCH',
      json: { recommendedActions: 'Isolate the device.' },
    });
    expect(v1.status).toBe(400);
    expect(v1.json.error.message).toBe(
      "The property 'recommendedActions' does not exist on type 'microsoft.graph.security.incident'.",
    );
    expect(graph.store.snapshot()).toBe(before);
  });

  it('serves an incident put into the store with its beta-only properties on /beta only', async () => {
    const incident = buildBetaIncident(
      {
        id: '7001',
        recommendedActions: 'Reset the password.',
        recommendedHuntingQueries: [{ kqlText: 'EmailEvents | take 1' }],
      },
      { seed: 3 },
    );
    graph.store.put(incident);
    const beta = await call(
      '/beta/security/incidents/7001?$select=recommendedActions,recommendedHuntingQueries',
    );
    expect(beta.json).toMatchObject({
      id: '7001',
      recommendedActions: 'Reset the password.',
      recommendedHuntingQueries: [{ kqlText: 'EmailEvents | take 1' }],
    });
    const v1 = await call('/v1.0/security/incidents/7001');
    expect(v1.status).toBe(200);
    for (const name of betaOnly) expect(v1.json).not.toHaveProperty(name);
    expect(graph.store.get('7001')).not.toHaveProperty('recommendedActions');
  });

  it('types each version of the store and the beta factories with their own types', () => {
    expectTypeOf(graph.store.get('1')).toEqualTypeOf<Incident | undefined>();
    expectTypeOf(graph.store.get('1', 'beta')).toEqualTypeOf<BetaIncident | undefined>();
    expectTypeOf(graph.store.list('beta')).toEqualTypeOf<BetaIncident[]>();
    expectTypeOf(buildBetaIncident()).toEqualTypeOf<BetaIncident>();
    expectTypeOf<BetaIncident>().toHaveProperty('recommendedHuntingQueries');
  });
});

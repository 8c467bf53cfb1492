import type { Alert, Incident } from '@graph-incidents/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildAlert, buildIncident } from './generated/factories.gen.js';
import { enumOrders, operations } from './generated/graph-metadata.gen.js';
import { appToken, delegatedToken, graphFetch } from './graph-test.test-helper.js';
import { type MockGraph, startMockGraph } from './server.js';

const graphContentType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const prefer = { prefer: 'include-unknown-enum-members' };

let graph: MockGraph;
let call: ReturnType<typeof graphFetch>;
let all: Incident[];
let alertsById: Map<string, Alert[]>;
/** The incident the state-changing tests work on. */
let target: string;

beforeAll(async () => {
  graph = await startMockGraph({ seed: 11, incidents: 120 });
  call = graphFetch(graph.url);
  all = graph.store.list();
  alertsById = new Map(all.map((i) => [i.id, graph.store.alerts(i.id)!]));
  target = all.find((i) => i.status === 'active')!.id;
});
afterAll(() => graph.close());

describe('list', () => {
  it('sends 50 incidents a page, newest first, with Graph context, nextLink and headers', async () => {
    const { status, json, headers } = await call('/v1.0/security/incidents', {
      headers: { 'client-request-id': 'b0f6b9e2-1111-4c1e-9f0a-6c1a2b3c4d5e' },
    });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(graphContentType);
    expect(headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('client-request-id')).toBe('b0f6b9e2-1111-4c1e-9f0a-6c1a2b3c4d5e');
    expect(headers.get('odata-version')).toBe('4.0');
    expect(json['@odata.context']).toBe(`${graph.url}/v1.0/$metadata#security/incidents`);
    expect(json.value.map((i: Incident) => i.id)).toEqual(all.slice(0, 50).map((i) => i.id));
    expect(json['@odata.nextLink']).toBe(`${graph.url}/v1.0/security/incidents?$skip=50`);
    expect(json.value[0]).not.toHaveProperty('alerts');
  });

  it('honours $top and $skip, refuses $top above 50, and reproduces the query in nextLink', async () => {
    const page = await call("/v1.0/security/incidents?$top=5&$skip=3&$filter=severity ne 'unknown'");
    const expected = all.filter((i) => i.severity !== 'unknown');
    expect(page.json.value.map((i: Incident) => i.id)).toEqual(expected.slice(3, 8).map((i) => i.id));
    expect(page.json['@odata.nextLink']).toBe(
      `${graph.url}/v1.0/security/incidents?$top=5&$skip=8&$filter=severity%20ne%20'unknown'`,
    );
    // facts.md §8: the live service answers 400 above 50 (fidelity.test.ts compares the body with the capture).
    const refused = await call('/v1.0/security/incidents?$top=500');
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('');
  });

  it('reaches every incident exactly once by following @odata.nextLink', async () => {
    const ids: string[] = [];
    let next: string | undefined = `${graph.url}/v1.0/security/incidents?$top=17&$count=true`;
    while (next) {
      const page = await call(next.slice(graph.url.length));
      expect(page.json['@odata.count']).toBe(120);
      ids.push(...page.json.value.map((i: Incident) => i.id));
      next = page.json['@odata.nextLink'];
    }
    expect(ids).toEqual(all.map((i) => i.id));
  });

  it('filters on each filterable property of the spec with eq', async () => {
    const filterable = operations.listIncidents.query.$filter.filterable;
    expect(filterable).toHaveLength(7);
    for (const property of filterable) {
      const sample = all.find((i) => i[property as keyof Incident] != null && i.status !== 'awaitingAction')!;
      const value = sample[property as keyof Incident] as string;
      const literal = /DateTime$/.test(property) ? value : `'${value.replaceAll("'", "''")}'`;
      const { status, json } = await call(
        `/v1.0/security/incidents?$top=50&$filter=${encodeURIComponent(`${property} eq ${literal}`)}`,
      );
      expect(status, property).toBe(200);
      const expected = all.filter((i) =>
        /DateTime$/.test(property)
          ? Date.parse(String(i[property as keyof Incident])) === Date.parse(value)
          : i[property as keyof Incident] === value,
      );
      expect(
        json.value.map((i: Incident) => i.id),
        property,
      ).toEqual(expected.slice(0, 50).map((i) => i.id));
    }
  });

  it('compares with ne, gt, ge, lt, le, and combines with and, or, not and parentheses', async () => {
    const middle = [...all].sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime))[60]!
      .createdDateTime;
    const rank = enumOrders.alertSeverity as Record<string, number>;
    const cases: [string, (i: Incident) => boolean][] = [
      [`createdDateTime gt ${middle}`, (i) => i.createdDateTime > middle],
      [`createdDateTime ge ${middle}`, (i) => i.createdDateTime >= middle],
      [`createdDateTime lt ${middle}`, (i) => i.createdDateTime < middle],
      [`createdDateTime le ${middle}`, (i) => i.createdDateTime <= middle],
      [`severity gt 'low'`, (i) => rank[i.severity]! > rank['low']!],
      [`severity le 'low'`, (i) => rank[i.severity]! <= rank['low']!],
      [`classification ne null`, (i) => i.classification !== null],
      [`assignedTo eq null`, (i) => i.assignedTo === null],
      [
        `(severity eq 'high' or severity eq 'medium') and status eq 'active'`,
        (i) => (i.severity === 'high' || i.severity === 'medium') && i.status === 'active',
      ],
      [
        `not (status eq 'active') and lastUpdateDateTime ge ${middle}`,
        (i) => i.status !== 'active' && i.lastUpdateDateTime >= middle,
      ],
      [
        `microsoft.graph.security.incidentStatus'resolved' eq status or severity eq 'HIGH'`,
        (i) => i.status === 'resolved' || i.severity === 'high',
      ],
      // The literal on the left mirrors the operator: `x lt p` is `p gt x`.
      [`${middle} lt createdDateTime`, (i) => i.createdDateTime > middle],
      [`'low' ge severity`, (i) => rank[i.severity]! <= rank['low']!],
      [
        `null ne classification and 'active' ne status`,
        (i) => i.classification !== null && i.status !== 'active',
      ],
    ];
    for (const [filter, predicate] of cases) {
      const { status, json } = await call(
        `/v1.0/security/incidents?$count=true&$filter=${encodeURIComponent(filter)}`,
      );
      expect(status, filter).toBe(200);
      const expected = all.filter(predicate);
      expect(json['@odata.count'], filter).toBe(expected.length);
      expect(
        json.value.map((i: Incident) => i.id),
        filter,
      ).toEqual(expected.slice(0, 50).map((i) => i.id));
    }
    const typed = await call(
      `/v1.0/security/incidents?$count=true&$filter=${encodeURIComponent("status eq microsoft.graph.security.incidentStatus'resolved'")}`,
    );
    expect(typed.json['@odata.count']).toBe(all.filter((i) => i.status === 'resolved').length);
  });

  it('reads string literals with doubled quotes', async () => {
    const incident = buildIncident({ id: '999001', assignedTo: "o'brien@contoso.com" }, { seed: 1 });
    graph.store.put(incident);
    try {
      const { json } = await call(
        `/v1.0/security/incidents?$filter=${encodeURIComponent("assignedTo eq 'o''brien@contoso.com'")}`,
      );
      expect(json.value.map((i: Incident) => i.id)).toEqual(['999001']);
    } finally {
      resetStore();
    }
  });

  it('rejects filters Graph rejects with 400', async () => {
    for (const filter of [
      "displayName eq 'x'",
      "status eq 'nope'",
      "status eq 'awaitingAction'",
      'createdDateTime gt 2024',
      "severity eq 'high' and",
      "(severity eq 'high'",
      "assignedTo eq 'unterminated",
      "severity has 'high'",
    ]) {
      const { status, json } = await call(`/v1.0/security/incidents?$filter=${encodeURIComponent(filter)}`);
      expect(status, filter).toBe(400);
      expect(json.error.code, filter).toBe('BadRequest');
      expect(json.error.message, filter).toBeTruthy();
    }
  });

  it('orders enums by their numeric value and date-times by instant', async () => {
    const rank = enumOrders.alertSeverity as Record<string, number>;
    const { json } = await call(
      '/v1.0/security/incidents?$orderby=severity desc,createdDateTime asc&$top=50',
    );
    const expected = [...all].sort(
      (a, b) => rank[b.severity]! - rank[a.severity]! || a.createdDateTime.localeCompare(b.createdDateTime),
    );
    expect(json.value.map((i: Incident) => i.id)).toEqual(expected.slice(0, 50).map((i) => i.id));
    expect((await call('/v1.0/security/incidents?$orderby=comments')).status).toBe(400);
  });

  it('projects with $select and expands alerts, with the matching context', async () => {
    const selected = await call('/v1.0/security/incidents?$select=status,severity&$top=3');
    expect(selected.json['@odata.context']).toBe(
      `${graph.url}/v1.0/$metadata#security/incidents(status,severity)`,
    );
    for (const item of selected.json.value)
      expect(Object.keys(item).sort()).toEqual(['id', 'severity', 'status']);
    const expanded = await call('/v1.0/security/incidents?$expand=alerts&$top=3');
    expect(expanded.json['@odata.context']).toBe(`${graph.url}/v1.0/$metadata#security/incidents(alerts())`);
    for (const item of expanded.json.value) {
      expect(item.alerts.length).toBeGreaterThan(0);
      for (const alert of item.alerts) expect(alert.incidentId).toBe(item.id);
    }
    expect((await call('/v1.0/security/incidents?$select=nope')).status).toBe(400);
    expect((await call('/v1.0/security/incidents?$expand=comments')).status).toBe(400);
    expect((await call('/v1.0/security/incidents?$search=x')).status).toBe(400);
  });

  it('counts as text/plain, with $filter', async () => {
    const { status, headers, text } = await call(
      `/v1.0/security/incidents/$count?$filter=${encodeURIComponent("severity eq 'high'")}`,
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toBe(String(all.filter((i) => i.severity === 'high').length));
  });
});

describe('get', () => {
  it('returns one incident with the $entity context on /v1.0 and /beta', async () => {
    const id = all[7]!.id;
    for (const version of ['v1.0', 'beta']) {
      const { status, json } = await call(`/${version}/security/incidents/${id}`);
      expect(status).toBe(200);
      expect(json['@odata.context']).toBe(`${graph.url}/${version}/$metadata#security/incidents/$entity`);
      expect(json.id).toBe(id);
    }
    const expanded = await call(`/v1.0/security/incidents/${id}?$expand=alerts&$select=id,status`);
    expect(expanded.json['@odata.context']).toBe(
      `${graph.url}/v1.0/$metadata#security/incidents(id,status,alerts())/$entity`,
    );
    expect(expanded.json.alerts).toEqual(
      graph.store.alerts(id)?.map((a) => expect.objectContaining({ id: a.id })),
    );
  });

  it('gives 404 with a Graph error envelope for an unknown id, and 400 for an unknown version', async () => {
    const { status, json } = await call('/v1.0/security/incidents/424242424', {
      headers: { 'client-request-id': 'abc' },
    });
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ code: 'NotFound', innerError: { 'client-request-id': 'abc' } });
    expect(json.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect((await call('/v2.0/security/incidents')).status).toBe(400);
  });
});

describe('PATCH', () => {
  beforeEach(resetStore);

  it('merges updatable properties, normalises enum casing and returns 200 with the full incident', async () => {
    const before = graph.store.get(target)!;
    const { status, json } = await call(`/v1.0/security/incidents/${target}`, {
      method: 'PATCH',
      token: delegatedToken,
      json: {
        classification: 'TruePositive',
        determination: 'MultiStagedAttack',
        assignedTo: 'secop2@contoso.com',
        customTags: ['Demo'],
      },
    });
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(`${graph.url}/v1.0/$metadata#security/incidents/$entity`);
    expect(json).toMatchObject({
      id: target,
      classification: 'truePositive',
      determination: 'multiStagedAttack',
      assignedTo: 'secop2@contoso.com',
      customTags: ['Demo'],
    });
    expect(json.displayName).toBe(before.displayName);
    expect(json.lastModifiedBy).toBe('analyst@contoso.com');
    expect(json.lastUpdateDateTime > before.lastUpdateDateTime).toBe(true);
    expect(json.lastUpdateDateTime).toMatch(/\.\d{7}Z$/);
    expect(graph.store.get(target)).toMatchObject({
      classification: 'truePositive',
      assignedTo: 'secop2@contoso.com',
    });
    const app = await call(`/v1.0/security/incidents/${target}`, {
      method: 'PATCH',
      token: appToken,
      json: { status: 'resolved' },
    });
    expect(app.json.lastModifiedBy).toBe('API-App:SOC robot');
  });

  it('rejects read-only and unknown properties and invalid enum values with 400, changing nothing', async () => {
    const before = graph.store.snapshot();
    const cases: [unknown, string][] = [
      [{ id: '1' }, 'BadRequest'],
      [{ createdDateTime: '2024-01-01T00:00:00Z' }, 'BadRequest'],
      [{ tags: ['x'] }, 'BadRequest'],
      [{ status: 'resolved', incidentWebUrl: 'https://x' }, 'BadRequest'],
      [{ classification: 'benignPositive' }, 'InvalidRequestBody'],
      [{ status: 'awaitingAction' }, 'InvalidRequestBody'],
      [{ severity: null }, 'BadRequest'],
      [{ customTags: 'Demo' }, 'BadRequest'],
      [{}, 'InvalidRequestBody'],
    ];
    for (const [body, code] of cases) {
      const { status, json } = await call(`/v1.0/security/incidents/${target}`, {
        method: 'PATCH',
        json: body,
      });
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error.code, JSON.stringify(body)).toBe(code);
    }
    expect(graph.store.snapshot()).toBe(before);
  });

  it('leaves a property unchanged when the body sends unknownFutureValue', async () => {
    const before = graph.store.get(target)!;
    const { status, json } = await call(`/v1.0/security/incidents/${target}`, {
      method: 'PATCH',
      json: { status: 'unknownFutureValue', summary: 'checked' },
    });
    expect(status).toBe(200);
    expect(json.status).toBe(before.status);
    expect(json.summary).toBe('checked');
  });

  it('answers malformed JSON and a wrong Content-Type with 400 (facts.md §8), an unsupported method with 405', async () => {
    const malformed = await call(`/v1.0/security/incidents/${target}`, {
      method: 'PATCH',
      body: '{"status": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const wrongType = await call(`/v1.0/security/incidents/${target}`, {
      method: 'PATCH',
      body: 'status=active',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error).toMatchObject({ code: 'BadRequest', message: malformed.json.error.message });
    const deleted = await call(`/v1.0/security/incidents/${target}`, { method: 'DELETE' });
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get('allow')).toBe('GET, PATCH');
    expect((await call('/v1.0/security/incidents', { method: 'POST', json: {} })).status).toBe(405);
  });
});

describe('evolvable enums', () => {
  beforeEach(resetStore);

  it('hide members after the sentinel unless the request sends Prefer, at every depth', async () => {
    const incident = buildIncident({ id: '888001', status: 'awaitingAction' }, { seed: 3 });
    const alert: Alert = buildAlert(
      { incidentId: '888001', serviceSource: 'microsoftSentinel', detectionSource: 'securityCopilot' },
      { seed: 4 },
    );
    graph.store.put(incident, [alert]);
    const plain = await call('/v1.0/security/incidents/888001?$expand=alerts');
    expect(plain.json.status).toBe('unknownFutureValue');
    expect(plain.json.alerts[0]).toMatchObject({
      serviceSource: 'unknownFutureValue',
      detectionSource: 'unknownFutureValue',
    });
    expect(plain.headers.get('preference-applied')).toBeNull();
    const opted = await call('/v1.0/security/incidents/888001?$expand=alerts', { headers: prefer });
    expect(opted.json.status).toBe('awaitingAction');
    expect(opted.json.alerts[0]).toMatchObject({
      serviceSource: 'microsoftSentinel',
      detectionSource: 'securityCopilot',
    });
    expect(opted.headers.get('preference-applied')).toBe('include-unknown-enum-members');
    // Without the header, the sentinel matches the hidden member in $filter.
    const filtered = await call(
      `/v1.0/security/incidents?$filter=${encodeURIComponent("status eq 'unknownFutureValue'")}`,
    );
    expect(filtered.json.value.map((i: Incident) => i.id)).toContain('888001');
  });

  it('accept a member after the sentinel in PATCH only with Prefer', async () => {
    expect(
      (
        await call(`/v1.0/security/incidents/${target}`, {
          method: 'PATCH',
          json: { status: 'awaitingAction' },
        })
      ).status,
    ).toBe(400);
    const opted = await call(`/v1.0/security/incidents/${target}`, {
      method: 'PATCH',
      json: { status: 'awaitingAction' },
      headers: prefer,
    });
    expect(opted.status).toBe(200);
    expect(opted.json.status).toBe('awaitingAction');
  });
});

describe('comments', () => {
  beforeEach(resetStore);

  it('POST appends a comment and returns every comment of the incident', async () => {
    const before = graph.store.get(target)!.comments ?? [];
    const { status, json } = await call(`/v1.0/security/incidents/${target}/comments`, {
      method: 'POST',
      json: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Demo comment' },
    });
    expect(status).toBe(200);
    expect(json['@odata.context']).toBe(
      `${graph.url}/v1.0/$metadata#security/incidents('${target}')/comments`,
    );
    expect(json.value).toHaveLength(before.length + 1);
    expect(json.value.at(-1)).toMatchObject({
      comment: 'Demo comment',
      createdByDisplayName: 'API-App:SOC robot',
    });
    expect(
      (await call(`/v1.0/security/incidents/${target}/comments`, { method: 'POST', json: { comment: '' } }))
        .status,
    ).toBe(400);
    expect(
      (await call(`/v1.0/security/incidents/${target}/comments`, { method: 'POST', json: { text: 'x' } }))
        .status,
    ).toBe(400);
    expect(
      (await call('/v1.0/security/incidents/424242/comments', { method: 'POST', json: { comment: 'x' } }))
        .status,
    ).toBe(404);
  });
});

/** Puts the store back as it started, so each test sees the seeded state. */
function resetStore(): void {
  graph.store.clear();
  for (const incident of all) graph.store.put(incident, alertsById.get(incident.id));
}

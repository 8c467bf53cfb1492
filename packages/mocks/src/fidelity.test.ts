/**
 * The mock against what the live service did (facts.md §8) and what the docs say, through both transports: the HTTP
 * server on loopback and the MSW handlers. Every expectation names its source; the captured bodies are read from
 * ../shared/graph-reference/facts.md, never copied here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Alert } from '@graph-incidents/types';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CapturedError,
  expectSameEnvelope,
  haveFacts,
  topOver50,
  unreadableJson,
} from './field-reports.test-helper.js';
import { buildAlert } from './generated/factories.gen.js';
import { appToken } from './graph-test.test-helper.js';
import { createHandlers } from './msw.js';
import { type MockGraph, startMockGraph } from './server.js';
import { IncidentStore } from './store.js';

const corpus = (name: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../../../shared/graph-reference/corpus/${name}`, import.meta.url)),
    'utf8',
  );

/** Incidents with exactly 0, 1, 50 (a full page) and 51 (a page and one) alerts, beside a seeded store. */
const alertCounts = { none: 0, one: 1, full: 50, fullPlusOne: 51 } as const;
function buildStore(): IncidentStore {
  const store = new IncidentStore({ seed: 13, incidents: 60 });
  const template = store.list()[0]!;
  for (const [index, [name, count]] of Object.entries(alertCounts).entries()) {
    const id = String(9000 + index);
    const alerts: Alert[] = Array.from({ length: count }, (_, n) =>
      buildAlert({ id: `da${name}_${n}`, incidentId: id }, { seed: n + 1 }),
    );
    store.put({ ...template, id }, alerts);
  }
  return store;
}
const alertIncident = (name: keyof typeof alertCounts) =>
  String(9000 + Object.keys(alertCounts).indexOf(name));

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

const transports = [
  ['the HTTP server', 'server'],
  ['the MSW handlers', 'msw'],
] as const;

describe.each(transports)('%s', (_name, transport) => {
  let store: IncidentStore;
  let graph: MockGraph | undefined;
  let msw: ReturnType<typeof setupServer> | undefined;
  let base: string;

  beforeAll(async () => {
    store = buildStore();
    if (transport === 'server') {
      graph = await startMockGraph({ store });
      base = graph.url;
    } else {
      msw = setupServer(...createHandlers({ store }));
      msw.listen({ onUnhandledRequest: 'bypass' });
      base = 'https://graph.microsoft.com';
    }
  });
  afterAll(async () => {
    await graph?.close();
    msw?.close();
  });

  async function call(path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${appToken}`);
    const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, { ...init, headers });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }
  const someIncident = () => store.list()[5]!.id;

  describe('$top (facts.md §8: the live service refuses $top above 50 with 400, not a clamped 200)', () => {
    it.each([0, 1, 50])('$top=%i is a page of at most that many', async (top) => {
      const { status, json } = await call(`/v1.0/security/incidents?$top=${top}`);
      expect(status).toBe(200);
      expect(json.value).toHaveLength(top);
      // 64 incidents: a page of 0 has no next link, 1 and 50 have one.
      expect(json['@odata.nextLink'] !== undefined).toBe(top > 0);
    });

    it.skipIf(!haveFacts)('$top=100 answers the captured body field by field, message included', async () => {
      const before = store.snapshot();
      const { status, json, headers } = await call('/v1.0/security/incidents?$top=100');
      expect(status).toBe(400);
      expectSameEnvelope(json as CapturedError, topOver50(), expect);
      // Without a client-request-id, the service uses the request-id for both (§8).
      expect(json.error.innerError['client-request-id']).toBe(json.error.innerError['request-id']);
      expect(headers.get('request-id')).toBe(json.error.innerError['request-id']);
      expect(store.snapshot()).toBe(before);
    });

    it.skipIf(!haveFacts)('$top=51, the first value over the limit, is refused the same way', async () => {
      const { status, json } = await call('/v1.0/security/incidents?$top=51', {
        headers: { 'client-request-id': 'caller-chosen' },
      });
      expect(status).toBe(400);
      expectSameEnvelope(json as CapturedError, topOver50(), expect, false);
      expect(json.error.message).toBe(
        topOver50().error.message.replace("request is '100'", "request is '51'"),
      );
      expect(json.error.innerError['client-request-id']).toBe('caller-chosen');
    });
  });

  describe('bodies Graph cannot read as JSON (facts.md §8: 400 BadRequest, not 415)', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['no Content-Type', {}, '{"assignedTo":"x@contoso.com"}'],
      ['Content-Type text/plain', { 'content-type': 'text/plain' }, 'status=active'],
      ['Content-Type application/xml', { 'content-type': 'application/xml' }, '<assignedTo/>'],
      ['malformed JSON', { 'content-type': 'application/json' }, '{"status": '],
      ['an empty body', { 'content-type': 'application/json' }, ''],
    ];
    it.skipIf(!haveFacts).each(cases)('PATCH with %s', async (_case, headers, body) => {
      const before = store.snapshot();
      const { status, json } = await call(`/v1.0/security/incidents/${someIncident()}`, {
        method: 'PATCH',
        headers,
        body,
      });
      expect(status).toBe(400);
      expectSameEnvelope(json as CapturedError, unreadableJson(), expect);
      expect(store.snapshot()).toBe(before);
    });
    it.skipIf(!haveFacts)('POST a comment as text/plain', async () => {
      const before = store.snapshot();
      const { status, json } = await call(`/beta/security/incidents/${someIncident()}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'a comment',
      });
      expect(status).toBe(400);
      expectSameEnvelope(json as CapturedError, unreadableJson(), expect);
      expect(store.snapshot()).toBe(before);
    });
  });

  describe('@odata.type in a request body (facts.md §8)', () => {
    const patch = (annotation: string) =>
      call(`/v1.0/security/incidents/${someIncident()}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ '@odata.type': annotation, assignedTo: `${annotation}@contoso.com` }),
      });
    it.each(['#microsoft.graph.security.incident', 'microsoft.graph.security.incident'])(
      'accepts %s, the declared type',
      async (annotation) => {
        const { status, json } = await patch(annotation);
        expect(status).toBe(200);
        expect(json.assignedTo).toBe(`${annotation}@contoso.com`);
        expect(json).not.toHaveProperty('@odata.type');
      },
    );
    it.each([
      '#microsoft.graph.security.alert',
      // The 2021 seed's namespace (../shared/seeds, corpus seed-beta-2021-update-incident.request.json).
      '#microsoft.graph.incident',
      '#MICROSOFT.GRAPH.SECURITY.INCIDENT',
      "'; DROP TABLE incidents; --",
    ])('refuses %s with 400 and changes nothing', async (annotation) => {
      const before = store.snapshot();
      const { status, json } = await patch(annotation);
      expect(status).toBe(400);
      expect(json.error.code).toBe('BadRequest');
      expect(json.error.target).toBe('@odata.type');
      expect(json.error.message).toContain("'microsoft.graph.security.incident'");
      expect(store.snapshot()).toBe(before);
    });
    it('accepts the docs’ comment body as it is (corpus v1.0-post-incident-comment.request.json)', async () => {
      const { status, json } = await call(`/v1.0/security/incidents/${someIncident()}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: corpus('v1.0-post-incident-comment.request.json'),
      });
      expect(status).toBe(200);
      expect(json.value.at(-1).comment).toBe('Demo for docs');
    });
    it('refuses a comment whose annotation names the incident type', async () => {
      const before = store.snapshot();
      const { status, json } = await call(`/v1.0/security/incidents/${someIncident()}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ '@odata.type': '#microsoft.graph.security.incident', comment: 'x' }),
      });
      expect(status).toBe(400);
      expect(json.error.message).toContain("'microsoft.graph.security.alertComment'");
      expect(store.snapshot()).toBe(before);
    });
  });

  describe('the comment POST (facts.md §1.3: its body is an alertComment)', () => {
    it('accepts createdByDisplayName; the author recorded is the caller (assumed)', async () => {
      const { status, json } = await call(`/v1.0/security/incidents/${someIncident()}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'signed', createdByDisplayName: 'Someone Else' }),
      });
      expect(status).toBe(200);
      expect(json.value.at(-1)).toMatchObject({
        comment: 'signed',
        createdByDisplayName: 'API-App:SOC robot',
      });
    });
    it.each([
      [{ comment: 'x', createdDateTime: '2020-01-01T00:00:00Z' }, 'createdDateTime', 'is read-only'],
      [{ comment: 'x', tags: [] }, 'tags', 'does not exist on type'],
    ])('names alertComment in its errors: %j', async (body, property, words) => {
      const { status, json } = await call(`/v1.0/security/incidents/${someIncident()}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(status).toBe(400);
      expect(json.error.target).toBe(property);
      expect(json.error.message).toContain(words);
      expect(json.error.message).toContain("'microsoft.graph.security.alertComment'");
      expect(json.error.message).not.toContain('security.incident');
    });
  });

  describe('query options without $ on /beta (docs: learn.microsoft.com/graph/query-parameters)', () => {
    it('reads top=1&select=id as $top=1&$select=id, and the next link carries $skip', async () => {
      const { status, json } = await call('/beta/security/incidents?top=1&select=id');
      expect(status).toBe(200);
      expect(json.value).toEqual([{ id: store.list('beta')[0]!.id }]);
      expect(json['@odata.context']).toBe(`${base}/beta/$metadata#security/incidents(id)`);
      expect(json['@odata.nextLink']).toBe(`${base}/beta/security/incidents?top=1&select=id&$skip=1`);
      const next = await call(json['@odata.nextLink']);
      expect(next.json.value).toEqual([{ id: store.list('beta')[1]!.id }]);
    });
    it('moves skip=1 on as $skip=2', async () => {
      const { json } = await call(
        '/beta/security/incidents?skip=1&top=1&filter=' + encodeURIComponent("assignedTo ne 'nobody'"),
      );
      expect(json['@odata.nextLink']).toBe(
        `${base}/beta/security/incidents?$skip=2&top=1&filter=assignedTo%20ne%20'nobody'`,
      );
    });
    it('applies the $top limit to top as well', async () => {
      expect((await call('/beta/security/incidents?top=51')).status).toBe(400);
    });
    it('leaves options without $ alone on /v1.0 (assumed: "optional for only a subset of APIs")', async () => {
      const { status, json } = await call('/v1.0/security/incidents?top=1');
      expect(status).toBe(200);
      expect(json.value).toHaveLength(50);
    });
  });

  describe('the alerts of an incident (Microsoft’s OpenAPI, facts.md §2)', () => {
    const alertsOf = (name: keyof typeof alertCounts) =>
      `/v1.0/security/incidents/${alertIncident(name)}/alerts`;

    it.each(Object.keys(alertCounts) as (keyof typeof alertCounts)[])(
      'pages through every alert of the incident with %s alerts, 50 a page',
      async (name) => {
        const ids: string[] = [];
        let next: string | undefined = `${alertsOf(name)}?$count=true`;
        let pages = 0;
        while (next) {
          const { status, json } = await call(next);
          expect(status).toBe(200);
          expect(json['@odata.count']).toBe(alertCounts[name]);
          ids.push(...json.value.map((a: Alert) => a.id));
          next = json['@odata.nextLink'];
          pages += 1;
        }
        expect(ids).toEqual(store.alerts(alertIncident(name))!.map((a) => a.id));
        expect(pages).toBe(Math.max(1, Math.ceil(alertCounts[name] / 50)));
      },
    );

    it('lists one page with its context, and honours $top, $skip, $select and $filter', async () => {
      const id = alertIncident('fullPlusOne');
      const stored = store.alerts(id)!;
      const page = await call(`${alertsOf('fullPlusOne')}?$top=2&$skip=1&$select=id,severity`);
      expect(page.json['@odata.context']).toBe(
        `${base}/v1.0/$metadata#security/incidents('${id}')/alerts(id,severity)`,
      );
      expect(page.json.value).toEqual(stored.slice(1, 3).map((a) => ({ id: a.id, severity: a.severity })));
      const high = stored.filter((a) => a.severity === 'high').length;
      const filtered = await call(
        `${alertsOf('fullPlusOne')}?$filter=${encodeURIComponent("severity eq 'high'")}`,
      );
      expect(filtered.json.value).toHaveLength(high);
      const counted = await call(
        `${alertsOf('fullPlusOne')}/$count?$filter=${encodeURIComponent("severity eq 'high'")}`,
      );
      expect(counted.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(counted.text).toBe(String(high));
      expect((await call(`${alertsOf('none')}/$count`)).text).toBe('0');
      expect((await call(`${alertsOf('fullPlusOne')}?$top=51`)).status).toBe(400);
      expect((await call(`${alertsOf('fullPlusOne')}?$expand=evidence`)).status).toBe(400);
    });

    it('gets one alert, and answers 404 for an alert or an incident it does not know', async () => {
      const id = alertIncident('one');
      const [alert] = store.alerts(id)!;
      const got = await call(`${alertsOf('one')}/${encodeURIComponent(alert!.id)}`);
      expect(got.status).toBe(200);
      expect(got.json['@odata.context']).toBe(
        `${base}/v1.0/$metadata#security/incidents('${id}')/alerts/$entity`,
      );
      expect(got.json.id).toBe(alert!.id);
      expect(got.json.title).toBe(alert!.title);
      expect((await call(`${alertsOf('one')}/${encodeURIComponent("da'x")}`)).status).toBe(404);
      // An alert of another incident is not an alert of this one.
      const other = store.alerts(alertIncident('full'))![0]!.id;
      expect((await call(`${alertsOf('one')}/${other}`)).status).toBe(404);
      for (const path of ['/alerts', '/alerts/$count', '/alerts/x'])
        expect((await call(`/v1.0/security/incidents/2147483647${path}`)).status).toBe(404);
    });
  });
});

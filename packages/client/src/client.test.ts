import { afterEach, describe, expect, it } from 'vitest';
import { createIncidentsClient } from './client.js';
import { createIncidentsCore, type IncidentsClientOptions } from './core.js';
import { incidentFilter } from './generated/odata.gen.js';
import { createRawClient } from './raw.js';
import {
  incident,
  instantClock,
  sendJson,
  startServer,
  type TestServer,
} from './test-support/graph-server.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(extra: IncidentsClientOptions = {}) {
  return createIncidentsClient({
    baseUrl: server!.baseUrl,
    getAccessToken: () => 'token-1',
    clock: instantClock(),
    timeoutMs: 0,
    ...extra,
  });
}

describe('updateIncident', () => {
  it('PATCHes the JSON body with auth, a client-request-id and the Content-Type, and resolves to the incident', async () => {
    server = await startServer((request, response) =>
      sendJson(response, 200, { '@odata.context': 'ctx', ...incident('29', JSON.parse(request.body)) }),
    );
    const updated = await client().updateIncident('29', {
      status: 'resolved',
      classification: 'truePositive',
    });
    expect(updated).toMatchObject({ id: '29', status: 'resolved', classification: 'truePositive' });
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: 'PATCH', url: '/v1.0/security/incidents/29' });
    expect(JSON.parse(sent!.body)).toEqual({ status: 'resolved', classification: 'truePositive' });
    expect(sent!.headers['authorization']).toBe('Bearer token-1');
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.headers['client-request-id']).toMatch(uuid);
    expect(sent!.headers['prefer']).toBeUndefined();
  });

  it('escapes the incident id in the path', async () => {
    server = await startServer((_, response) => sendJson(response, 200, incident('a/b')));
    await client().updateIncident('a/b', { assignedTo: null });
    expect(server.requests[0]!.url).toBe('/v1.0/security/incidents/a%2Fb');
  });

  it('sends a fresh client-request-id per call, an async token per attempt, custom headers and Prefer', async () => {
    server = await startServer((_, response) => sendJson(response, 200, incident('1')));
    let calls = 0;
    const graph = client({
      getAccessToken: async () => `token-${++calls}`,
      headers: { 'x-soc-run': 'r1' },
      preferUnknownEnumMembers: true,
    });
    await graph.getIncident('1');
    await graph.getIncident('1');
    const [first, second] = server.requests;
    expect(first!.headers['client-request-id']).not.toBe(second!.headers['client-request-id']);
    expect([first!.headers['authorization'], second!.headers['authorization']]).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(first!.headers['x-soc-run']).toBe('r1');
    expect(first!.headers['prefer']).toBe('include-unknown-enum-members');
  });
});

describe('getIncident', () => {
  it('serialises select and expand comma-joined and returns what Graph sent', async () => {
    server = await startServer((_, response) =>
      sendJson(response, 200, { id: '7', status: 'active', alerts: [{ id: 'da1', title: 'x' }] }),
    );
    const result = await client().getIncident('7', { select: ['id', 'status'], expand: ['alerts'] });
    expect(server.requests[0]!.url).toBe('/v1.0/security/incidents/7?$select=id,status&$expand=alerts');
    expect(result.alerts[0]!.id).toBe('da1');
  });

  it('keeps unknownFutureValue and members this package has never heard of, as sent', async () => {
    server = await startServer((_, response) =>
      sendJson(
        response,
        200,
        incident('8', {
          status: 'awaitingAction',
          classification: 'unknownFutureValue',
          severity: 'catastrophic',
        }),
      ),
    );
    const result = await client({ preferUnknownEnumMembers: true }).getIncident('8');
    expect([result.status, result.classification, result.severity]).toEqual([
      'awaitingAction',
      'unknownFutureValue',
      'catastrophic',
    ]);
  });
});

describe('listIncidents and iterateIncidents', () => {
  it('returns one page with nextLink and count, and sends the typed query', async () => {
    server = await startServer((_, response) =>
      sendJson(response, 200, {
        '@odata.count': 3,
        '@odata.nextLink': `${server!.baseUrl}/security/incidents?$skiptoken=p2`,
        value: [incident('1')],
      }),
    );
    const page = await client().listIncidents({
      top: 1,
      count: true,
      orderby: ['createdDateTime desc'],
      filter: incidentFilter.and(
        incidentFilter.eq('status', 'active'),
        incidentFilter.eq('assignedTo', "o'brien"),
      ),
    });
    expect(page).toEqual({
      value: [incident('1')],
      nextLink: `${server.baseUrl}/security/incidents?$skiptoken=p2`,
      count: 3,
    });
    const url = new URL(server.requests[0]!.url, server.origin);
    expect(url.searchParams.get('$filter')).toBe("(status eq 'active') and (assignedTo eq 'o''brien')");
    expect(url.searchParams.get('$orderby')).toBe('createdDateTime desc');
    expect(url.searchParams.get('$top')).toBe('1');
    expect(url.searchParams.get('$count')).toBe('true');
  });

  it('follows @odata.nextLink verbatim across three pages, item by item and page by page', async () => {
    // The skiptokens are opaque and already encoded: the client must send them back byte for byte.
    const links = [
      '/v1.0/security/incidents?$top=2&$skiptoken=a%2Cb%3D%3D',
      '/v1.0/security/incidents?$skiptoken=c%20d',
    ];
    server = await startServer((request, response, index) => {
      const pages = [
        { value: [incident('1'), incident('2')], '@odata.nextLink': `${server!.origin}${links[0]}` },
        { value: [incident('3'), incident('4')], '@odata.nextLink': `${server!.origin}${links[1]}` },
        { value: [incident('5')] },
      ];
      sendJson(response, 200, pages[index % 3]);
    });
    const graph = client();
    const ids: string[] = [];
    for await (const item of graph.iterateIncidents({ top: 2, select: ['id'] })) ids.push(item.id);
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1.0/security/incidents?$top=2&$select=id',
      ...links,
    ]);
    for (const request of server.requests) {
      expect(request.headers['authorization']).toBe('Bearer token-1');
      expect(request.headers['client-request-id']).toMatch(uuid);
    }

    const sizes: number[] = [];
    for await (const page of graph.iterateIncidents().pages()) sizes.push(page.value.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('refuses a nextLink on another origin rather than send the token there', async () => {
    server = await startServer((_, response) =>
      sendJson(response, 200, { value: [incident('1')], '@odata.nextLink': 'https://evil.example/steal' }),
    );
    const pages = client().iterateIncidents().pages()[Symbol.asyncIterator]();
    await pages.next();
    await expect(pages.next()).rejects.toThrow(/not on http:\/\/127\.0\.0\.1/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('countIncidents and createIncidentComment', () => {
  it('reads $count from text/plain', async () => {
    server = await startServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('42');
    });
    expect(await client().countIncidents(incidentFilter.eq('severity', 'high'))).toBe(42);
    expect(decodeURIComponent(server.requests[0]!.url)).toBe(
      "/v1.0/security/incidents/$count?$filter=severity eq 'high'",
    );
  });

  it('POSTs a comment and resolves to every comment', async () => {
    const comments = [
      { comment: 'first', createdByDisplayName: 'a', createdDateTime: '2026-01-01T00:00:00Z' },
      { comment: 'second', createdByDisplayName: 'API-App:b', createdDateTime: '2026-01-02T00:00:00Z' },
    ];
    server = await startServer((_, response) =>
      sendJson(response, 200, { '@odata.context': 'x', value: comments }),
    );
    expect(await client().createIncidentComment('29', { comment: 'second' })).toEqual(comments);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/v1.0/security/incidents/29/comments' });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ comment: 'second' });
  });
});

describe('raw', () => {
  it('keeps openapi-fetch’s { data, error } style with the same auth and headers', async () => {
    server = await startServer((_, response) =>
      sendJson(response, 404, { error: { code: 'itemNotFound', message: 'nope' } }),
    );
    const { data, error, response } = await client().raw.GET('/security/incidents/{incidentId}', {
      params: { path: { incidentId: '404' } },
    });
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: { code: 'itemNotFound', message: 'nope' } });
    expect(response.status).toBe(404);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer token-1');
    expect(server.requests[0]!.headers['client-request-id']).toMatch(uuid);
  });

  it('is made once, on demand, from a standalone core too: its PATCH is retried with the same bytes, and middleware never sees the token', async () => {
    server = await startServer((request, response, index) =>
      index === 0
        ? sendJson(
            response,
            429,
            { error: { code: 'TooManyRequests', message: 'slow down' } },
            { 'retry-after': '1' },
          )
        : sendJson(response, 200, incident('29', JSON.parse(request.body))),
    );
    const graph = client();
    expect(graph.raw).toBe(graph.raw);
    const raw = createRawClient(
      createIncidentsCore({
        baseUrl: server.baseUrl,
        getAccessToken: () => 'token-2',
        clock: instantClock(),
        timeoutMs: 0,
      }),
    );
    const seen: (string | null)[] = [];
    raw.use({ onRequest: ({ request }) => void seen.push(request.headers.get('authorization')) });
    const { data, response } = await raw.PATCH('/security/incidents/{incidentId}', {
      params: { path: { incidentId: '29' } },
      body: { status: 'resolved', assignedTo: 'ünïcode@contoso.com' },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: '29', status: 'resolved', assignedTo: 'ünïcode@contoso.com' });
    expect(seen).toEqual([null]);
    const [first, second] = server.requests;
    expect(second!.bytes.equals(first!.bytes)).toBe(true);
    expect(second!.body).toBe('{"status":"resolved","assignedTo":"ünïcode@contoso.com"}');
    expect([first!.headers['authorization'], second!.headers['authorization']]).toEqual([
      'Bearer token-2',
      'Bearer token-2',
    ]);
    expect(second!.headers['client-request-id']).toBe(first!.headers['client-request-id']);
  });
});

describe('headers option', () => {
  it('names are matched without regard to case: a caller’s Client-Request-Id is used, never sent twice', async () => {
    server = await startServer((_, response) => sendJson(response, 200, incident('1')));
    await client({ headers: { 'Client-Request-Id': 'run-7', 'X-Soc': 'a' } }).getIncident('1');
    const [sent] = server.requests;
    expect(sent!.headers['client-request-id']).toBe('run-7');
    expect(sent!.headers['x-soc']).toBe('a');
  });
});

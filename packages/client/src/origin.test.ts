import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIncidentsClient } from './client.js';
import { updateIncident } from './generated/operations.gen.js';
import { GraphOriginError } from './errors.js';
import {
  incident,
  instantClock,
  sendJson,
  startServer,
  type TestServer,
} from './test-support/graph-server.js';

// Two real servers on loopback: Graph, and another origin that must never hear from the client.
let graph: TestServer;
let evil: TestServer;
let answer: (
  url: string,
  index: number,
) => { status?: number; body?: unknown; headers?: Record<string, string> };
beforeEach(async () => {
  graph = await startServer((request, response, index) => {
    const { status = 200, body = { value: [] }, headers = {} } = answer(request.url, index);
    if (status >= 300 && status < 400) response.writeHead(status, headers).end();
    else sendJson(response, status, body, headers);
  });
  evil = await startServer((_, response) => sendJson(response, 200, { value: [incident('stolen')] }));
});
afterEach(async () => {
  await graph.close();
  await evil.close();
});

const client = () =>
  createIncidentsClient({
    baseUrl: graph.baseUrl,
    getAccessToken: () => 'token-1',
    clock: instantClock(),
    timeoutMs: 0,
  });

/** Every id of every page, following next links. */
async function readAll(): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of client().iterateIncidents()) ids.push(item.id);
  return ids;
}

describe('a relative @odata.nextLink', () => {
  it.each([
    ['query only', '?$skiptoken=p2', '/v1.0/security/incidents?$skiptoken=p2'],
    ['absolute path', '/v1.0/security/incidents?$skip=1', '/v1.0/security/incidents?$skip=1'],
    ['relative path', 'incidents?$skip=1', '/v1.0/security/incidents?$skip=1'],
    ['dot segments', '../security/incidents?$skip=1', '/v1.0/security/incidents?$skip=1'],
  ])('%s resolves against the page’s URL', async (_, link, sent) => {
    // Every listing's first page links to the next; the linked page is the last.
    answer = (url, index) => ({
      body: { value: [incident(String(index + 1))], ...(url === sent ? {} : { '@odata.nextLink': link }) },
    });
    const page = await client().listIncidents({ top: 1 });
    expect(page.nextLink).toBe(`${graph.origin}${sent}`);
    expect(await readAll()).toEqual(['2', '3']);
    expect(graph.requests.map((r) => r.url)).toEqual([
      '/v1.0/security/incidents?$top=1',
      '/v1.0/security/incidents',
      sent,
    ]);
  });
});

describe('hostile next links are refused before anything is sent', () => {
  /** [name, next link, the target the error names: the link made absolute against the page's URL]. */
  const hostile = (): [string, string, string?][] => {
    const port = new URL(graph.origin).port;
    const evilHost = new URL(evil.origin).host;
    return [
      ['another origin', `${evil.origin}/v1.0/security/incidents`],
      [
        'protocol-relative',
        `//${evilHost}/v1.0/security/incidents`,
        `http://${evilHost}/v1.0/security/incidents`,
      ],
      ['backslashes', `\\\\${evilHost}\\v1.0`, `http://${evilHost}/v1.0`],
      ['a tab inside //', `/\t/${evilHost}/v1.0`, `http://${evilHost}/v1.0`],
      ['userinfo that looks like Graph', `http://127.0.0.1:${port}@${evilHost}/v1.0/security/incidents`],
      ['userinfo on Graph itself', `http://user:secret@127.0.0.1:${port}/v1.0/security/incidents`],
      ['another scheme', `https://127.0.0.1:${port}/v1.0/security/incidents`],
      ['another host name for the same address', `http://localhost:${port}/v1.0/security/incidents`],
      ['a scheme without slashes', `http:${evilHost}/v1.0`],
      ['javascript:', 'javascript:alert(document.cookie)'],
      ['data:', 'data:application/json,{"value":[]}'],
      ['not a URL', 'http://[::1'],
    ];
  };

  it('each with a GraphOriginError naming the link, and neither server hears of it', async () => {
    for (const [name, link, target = link] of hostile()) {
      graph.requests.length = 0;
      answer = () => ({ body: { value: [incident('1')], '@odata.nextLink': link } });
      const error = await readAll().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(GraphOriginError);
      expect((error as GraphOriginError).target, name).toBe(target);
      expect((error as Error).message, name).toMatch(/refusing to send the token there$/);
      expect(graph.requests, name).toHaveLength(1);
    }
    expect(evil.requests).toEqual([]);
  });

  it('any string as a next link either reaches Graph’s origin or is refused, never another server', async () => {
    const evilHost = new URL(evil.origin).host;
    const link = fc.oneof(
      fc.string(),
      fc.webUrl(),
      fc
        .tuple(fc.constantFrom('//', '\\\\', '/\t/', 'http://', 'http:', 'x@', '@'), fc.string())
        .map(([prefix, rest]) => `${prefix}${evilHost}${rest}`),
    );
    await fc.assert(
      fc.asyncProperty(link, async (nextLink) => {
        graph.requests.length = 0;
        answer = (_, index) => ({
          body: { value: [], ...(index === 0 ? { '@odata.nextLink': nextLink } : {}) },
        });
        const error = await readAll().then(
          () => undefined,
          (e: unknown) => e,
        );
        if (error !== undefined) expect(error).toBeInstanceOf(GraphOriginError);
        // An empty next link is no next link.
        expect(graph.requests).toHaveLength(error === undefined && nextLink !== '' ? 2 : 1);
        expect(evil.requests).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('redirects', () => {
  it('to another origin: refused with a GraphOriginError, the other origin never contacted', async () => {
    for (const location of [`${evil.origin}/v1.0/security/incidents/1`, `//${new URL(evil.origin).host}/x`]) {
      answer = () => ({ status: 302, headers: { location } });
      const error = await client()
        .getIncident('1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphOriginError);
      expect((error as GraphOriginError).target).toBe(location);
      expect((error as Error).message).toContain(
        `was redirected to ${location}, which is not on ${graph.origin}`,
      );
    }
    expect(evil.requests).toEqual([]);
  });

  it('followed by a custom fetch that ignores redirect: manual: the other origin’s answer is refused', async () => {
    answer = () => ({ status: 302, headers: { location: `${evil.origin}/v1.0/security/incidents/1` } });
    const graphClient = createIncidentsClient({
      baseUrl: graph.baseUrl,
      clock: instantClock(),
      timeoutMs: 0,
      fetch: (request) => fetch(request.url, { method: request.method }),
    });
    const error = await graphClient.getIncident('1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphOriginError);
    expect((error as GraphOriginError).target).toBe(`${evil.origin}/v1.0/security/incidents/1`);
    expect((error as Error).message).toContain(`which is not on ${graph.origin}; not using it`);
  });

  it('to another origin from a next page: refused too', async () => {
    answer = (_, index) =>
      index === 0
        ? {
            body: {
              value: [incident('1')],
              '@odata.nextLink': `${graph.baseUrl}/security/incidents?$skip=1`,
            },
          }
        : { status: 307, headers: { location: `${evil.origin}/page2` } };
    await expect(readAll()).rejects.toBeInstanceOf(GraphOriginError);
    expect(evil.requests).toEqual([]);
  });

  it('on Graph’s origin: followed, with the same method, body and token for 307', async () => {
    answer = (url) =>
      url.endsWith('/old')
        ? { status: 307, headers: { location: '/v1.0/security/incidents/29' } }
        : { body: incident('29', { status: 'resolved' }) };
    const graphClient = client();
    const result = await updateIncident(graphClient.core, 'old', { status: 'resolved' });
    expect(result).toMatchObject({ id: '29', status: 'resolved' });
    expect(graph.requests.map((r) => [r.method, r.url, r.body, r.headers['authorization']])).toEqual([
      ['PATCH', '/v1.0/security/incidents/old', '{"status":"resolved"}', 'Bearer token-1'],
      ['PATCH', '/v1.0/security/incidents/29', '{"status":"resolved"}', 'Bearer token-1'],
    ]);
  });

  it('on Graph’s origin: a 302 after a GET is followed, relative Location included', async () => {
    answer = (url) =>
      url.endsWith('/old') ? { status: 302, headers: { location: '29' } } : { body: incident('29') };
    expect(await client().getIncident('old')).toMatchObject({ id: '29' });
    expect(graph.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/v1.0/security/incidents/old'],
      ['GET', '/v1.0/security/incidents/29'],
    ]);
  });

  it('a 303 after a POST is not turned into a GET: it is the answer, as a GraphError', async () => {
    answer = () => ({ status: 303, headers: { location: 'comments?after=post' } });
    await expect(client().createIncidentComment('29', { comment: 'c' })).rejects.toMatchObject({
      name: 'GraphError',
      status: 303,
    });
    expect(graph.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/v1.0/security/incidents/29/comments'],
    ]);
  });

  it('an endless redirect on Graph’s origin stops after 20 with a GraphOriginError', async () => {
    answer = (_, index) => ({ status: 302, headers: { location: `/v1.0/loop/${index}` } });
    const error = await client()
      .getIncident('1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphOriginError);
    expect((error as Error).message).toContain('which is one redirect too many');
    expect(graph.requests).toHaveLength(21);
  });

  it('a 3xx without a Location is Graph’s answer, as a GraphError', async () => {
    answer = () => ({ status: 304 });
    await expect(client().getIncident('1')).rejects.toMatchObject({ name: 'GraphError', status: 304 });
  });
});

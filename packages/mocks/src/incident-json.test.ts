// The list page, get and PATCH write each incident's JSON from a cache kept per stored incident object
// (incident-json.ts). These tests hold every response to the bytes the uncached computation gives (JSON.stringify of
// the presented incident, as the handler wrote it before the cache), across every change the store knows, so that a
// cache entry that outlived a change, or one shared between versions or Prefer headers, fails them.
import type { Incident } from '@graph-incidents/types';
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphHandler } from './graph-handler.js';
import { appToken, graphFetch } from './graph-test.test-helper.js';
import { type GraphVersion, graphVersions } from './graph-versions.js';
import { type MockGraph, startMockGraph } from './server.js';
import { present } from './shaping.js';

const prefer = { prefer: 'include-unknown-enum-members' };
let graph: MockGraph;
let call: ReturnType<typeof graphFetch>;

beforeAll(async () => {
  graph = await startMockGraph({ seed: 23, incidents: 60 });
  call = graphFetch(graph.url);
});
afterAll(() => graph.close());

/** What the incident looks like to a request, computed from the store without the cache. */
function shown(incident: unknown, version: GraphVersion, includeUnknownMembers: boolean): unknown {
  return present(incident, 'incident', { includeUnknownMembers }, graphVersions[version]);
}

/** The list page's body as the handler wrote it before the cache: one JSON.stringify of the whole body. */
function expectedPage(
  version: GraphVersion,
  skip: number,
  top: number,
  includeUnknownMembers = false,
): string {
  const all = graph.store.list(version);
  const items = all.slice(skip, skip + top).map((i) => shown(i, version, includeUnknownMembers));
  const next =
    top > 0 && skip + top < all.length
      ? `${graph.url}/${version}/security/incidents?$top=${top}&$skip=${skip + top}`
      : undefined;
  return JSON.stringify({
    '@odata.context': `${graph.url}/${version}/$metadata#security/incidents`,
    value: items,
    ...(next ? { '@odata.nextLink': next } : {}),
  });
}

function expectedEntity(id: string, version: GraphVersion, includeUnknownMembers = false): string {
  return JSON.stringify({
    '@odata.context': `${graph.url}/${version}/$metadata#security/incidents/$entity`,
    ...(shown(graph.store.get(id, version), version, includeUnknownMembers) as object),
  });
}

const page = (version: GraphVersion, skip: number, top: number, headers: HeadersInit = {}) =>
  call(`/${version}/security/incidents?$top=${top}&$skip=${skip}`, { headers });

describe('the per-incident JSON cache', () => {
  it('gives the same bytes as serializing the whole body, for pages of 0, 1, 49, 50 and the last page', async () => {
    for (const [skip, top] of [
      [0, 0],
      [0, 1],
      [3, 49],
      [0, 50],
      [50, 50],
      [59, 1],
    ] as const) {
      const first = await page('v1.0', skip, top);
      const again = await page('v1.0', skip, top);
      expect(first.text).toBe(expectedPage('v1.0', skip, top));
      expect(again.text).toBe(first.text);
    }
  });

  it('answers pipelined pages each with its own bytes while earlier ones wait to be written (slabs never overlap)', async () => {
    // 150 pages of 55 KB on one connection that is not read at first: about 8 MB, more than the kernel's socket
    // buffers take, so the server must hold many of them while it makes the next ones, across several 1 MB slabs of
    // response bodies; a slab reused before its bodies were written would overwrite the ones still waiting. Every
    // tenth page has one or two incidents, written piece by piece with the cached bytes instead of through a slab.
    const pages = Array.from({ length: 150 }, (_, i) => ({
      skip: i % 9,
      top: i % 10 === 0 ? 1 + (i % 20 === 0 ? 1 : 0) : 50 - (i % 5),
    }));
    const socket = connect(Number(new URL(graph.url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.pause();
    for (const { skip, top } of pages)
      socket.write(
        `GET /v1.0/security/incidents?$top=${top}&$skip=${skip} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${appToken}\r\n\r\n`,
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const chunks: Buffer[] = [];
    const bodies: string[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // Cut whole responses off the front: headers, then Content-Length bytes of body.
      let received = Buffer.concat(chunks.splice(0));
      for (;;) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(
          /content-length: (\d+)/i.exec(received.subarray(0, end).toString('latin1'))![1],
        );
        if (received.length < end + 4 + length) break;
        bodies.push(received.subarray(end + 4, end + 4 + length).toString('utf8'));
        received = received.subarray(end + 4 + length);
      }
      chunks.push(received);
      if (bodies.length === pages.length) socket.end();
    });
    socket.resume();
    await once(socket, 'close');
    expect(bodies).toHaveLength(pages.length);
    for (const [index, { skip, top }] of pages.entries())
      expect(bodies[index]).toBe(expectedPage('v1.0', skip, top));
  });

  it('shows a PATCH in the next list page, get and PATCH answer, never the text cached before it', async () => {
    const before = await page('v1.0', 0, 50);
    const id = (before.json.value as Incident[])[7]!.id;
    const summary = `changed <"\\> ${'é'.repeat(3)} \u2028`;
    const patched = await call(`/v1.0/security/incidents/${id}`, {
      method: 'PATCH',
      json: { summary, status: 'resolved', classification: 'truePositive', determination: 'malware' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.summary).toBe(summary);
    expect(patched.text).toBe(expectedEntity(id, 'v1.0'));
    const after = await page('v1.0', 0, 50);
    expect(after.text).toBe(expectedPage('v1.0', 0, 50));
    expect(after.json.value[7].summary).toBe(summary);
    expect(after.json.value[7].lastModifiedBy).toBe('API-App:SOC robot');
    expect(after.text).not.toBe(before.text);
    const got = await call(`/v1.0/security/incidents/${id}`);
    expect(got.text).toBe(expectedEntity(id, 'v1.0'));
    // A second PATCH of the same incident replaces the text the first one cached.
    const again = await call(`/v1.0/security/incidents/${id}`, {
      method: 'PATCH',
      json: { summary: 'twice' },
    });
    expect(again.json.summary).toBe('twice');
    expect((await call(`/v1.0/security/incidents/${id}`)).json.summary).toBe('twice');
  });

  it('shows a new comment, and an incident put in place, in the next read', async () => {
    const id = graph.store.list()[12]!.id;
    expect((await call(`/v1.0/security/incidents/${id}`)).status).toBe(200);
    await call(`/v1.0/security/incidents/${id}/comments`, {
      method: 'POST',
      json: { comment: 'looked at it' },
    });
    const commented = await call(`/v1.0/security/incidents/${id}`);
    expect(commented.json.comments.at(-1).comment).toBe('looked at it');
    expect(commented.text).toBe(expectedEntity(id, 'v1.0'));

    const replaced = { ...graph.store.get(id)!, displayName: 'put by a test' };
    graph.store.put(replaced);
    const read = await call(`/v1.0/security/incidents/${id}`);
    expect(read.json.displayName).toBe('put by a test');
    expect((await page('v1.0', 0, 50)).text).toBe(expectedPage('v1.0', 0, 50));
  });

  it('keeps v1.0 and beta apart, in either order (beta-only properties only on beta)', async () => {
    const id = graph.store.list()[20]!.id;
    const v1First = await call(`/v1.0/security/incidents/${id}`);
    const beta = await call(`/beta/security/incidents/${id}`);
    const v1Again = await call(`/v1.0/security/incidents/${id}`);
    expect(beta.json).toHaveProperty('recommendedActions');
    expect(v1First.json).not.toHaveProperty('recommendedActions');
    expect(v1Again.text).toBe(v1First.text);
    expect(v1Again.json).not.toHaveProperty('recommendedActions');
    expect(beta.text).toBe(expectedEntity(id, 'beta'));
    expect((await page('beta', 0, 30)).text).toBe(expectedPage('beta', 0, 30));
    expect((await page('v1.0', 0, 30)).text).toBe(expectedPage('v1.0', 0, 30));
  });

  it('keeps requests with and without Prefer: include-unknown-enum-members apart', async () => {
    const descriptor = graphVersions['v1.0'].schemaShapes.incident['status']!.enum!;
    const late = descriptor.members[descriptor.members.indexOf(descriptor.sentinel!) + 1]!;
    const incident = graph.store.list()[0]!;
    graph.store.put({ ...incident, status: late as Incident['status'] });
    const hidden = await call(`/v1.0/security/incidents/${incident.id}`);
    const shownLate = await call(`/v1.0/security/incidents/${incident.id}`, { headers: prefer });
    const hiddenAgain = await page('v1.0', 0, 1);
    const shownAgain = await page('v1.0', 0, 1, prefer);
    expect(hidden.json.status).toBe('unknownFutureValue');
    expect(shownLate.json.status).toBe(late);
    expect(hiddenAgain.json.value[0].status).toBe('unknownFutureValue');
    expect(shownAgain.json.value[0].status).toBe(late);
    expect(shownAgain.text).toBe(expectedPage('v1.0', 0, 1, true));
  });

  it('still shapes $select and $expand after whole incidents were cached', async () => {
    await page('v1.0', 0, 5);
    const selected = await call('/v1.0/security/incidents?$top=5&$select=status,severity');
    expect(selected.json['@odata.context']).toBe(
      `${graph.url}/v1.0/$metadata#security/incidents(status,severity)`,
    );
    for (const item of selected.json.value) expect(Object.keys(item)).toEqual(['id', 'status', 'severity']);
    const id = selected.json.value[0].id as string;
    const one = await call(`/v1.0/security/incidents/${id}?$select=displayName`);
    expect(Object.keys(one.json)).toEqual(['@odata.context', 'id', 'displayName']);
    const expanded = await call('/v1.0/security/incidents?$top=2&$expand=alerts');
    expect(expanded.json.value[0].alerts).toEqual(
      graph.store.alerts(expanded.json.value[0].id)!.map((a) => expect.objectContaining({ id: a.id })),
    );
  });

  it('pages across a PATCH: the next page shows the incident as changed', async () => {
    const first = await page('v1.0', 0, 10);
    const onNext = graph.store.list()[14]!.id;
    await call(`/v1.0/security/incidents/${onNext}`, {
      method: 'PATCH',
      json: { displayName: 'between pages' },
    });
    const next = await call(first.json['@odata.nextLink'].slice(graph.url.length));
    expect(next.json.value[4].id).toBe(onNext);
    expect(next.json.value[4].displayName).toBe('between pages');
    expect(next.text).toBe(expectedPage('v1.0', 10, 10));
  });

  it('gives the same text through the handler (MSW) as the bytes the server writes, as an own property of the response', async () => {
    const handle = createGraphHandler(graph.store);
    const request = (path: string) => ({
      method: 'GET',
      url: `${graph.url}${path}`,
      headers: { authorization: `Bearer ${appToken}` },
    });
    for (const path of [
      '/v1.0/security/incidents?$count=true',
      `/beta/security/incidents/${graph.store.list()[3]!.id}`,
    ]) {
      const inProcess = await handle(request(path));
      const overHttp = await call(path);
      expect(inProcess.body).toBe(overHttp.text);
      expect(JSON.parse(inProcess.body)).toEqual(overHttp.json);
      // The body kept in pieces is still a plain response's own property: spread, listed and serialized.
      expect(Object.keys(inProcess)).toEqual(['status', 'headers', 'body']);
      expect({ ...inProcess }.body).toBe(overHttp.text);
      expect((JSON.parse(JSON.stringify(inProcess)) as { body: string }).body).toBe(overHttp.text);
    }
  });
});

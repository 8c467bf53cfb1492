import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphHandler } from './graph-handler.js';
import { isHostAndPort } from './routing.js';
import { IncidentStore } from './store.js';
import { exposureWarning, isLoopback, type MockGraph, startMockGraph } from './server.js';

/** One request over a raw socket, with headers (Host included) and a request target exactly as given. */
function raw(
  graph: MockGraph,
  target: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, any> }> {
  const { hostname, port } = new URL(graph.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { hostname, port, path: target, headers: { authorization: 'Bearer test', ...headers } },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Every absolute URL a response body carries. */
const links = (body: Record<string, any>) =>
  [body['@odata.context'], body['@odata.nextLink']].filter((v): v is string => typeof v === 'string');

let graph: MockGraph;
let id: string;
beforeAll(async () => {
  graph = await startMockGraph({ seed: 4, incidents: 60 });
  id = graph.store.list()[0]!.id;
});
afterAll(() => graph.close());

describe('absolute URLs come from the address the server listens on, never from the Host header', () => {
  it('ignores a foreign Host: @odata.context and @odata.nextLink point at the server', async () => {
    const { status, body } = await raw(graph, '/v1.0/security/incidents?$top=1', {
      host: 'evil.example:8443',
    });
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(`${graph.url}/v1.0/$metadata#security/incidents`);
    expect(body['@odata.nextLink']).toBe(`${graph.url}/v1.0/security/incidents?$top=1&$skip=1`);
  });

  it('refuses a Host that is not host[:port] with Graph error envelope, instead of turning a get into a list', async () => {
    const { status, body } = await raw(graph, `/v1.0/security/incidents/${id}`, {
      host: '127.0.0.1/v1.0/security/incidents?$top=1#',
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).not.toContain('evil');
    expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).not.toHaveProperty('value');
  });

  it('ignores the authority of an absolute-form request target', async () => {
    const { status, body } = await raw(graph, `http://evil.example:81/v1.0/security/incidents/${id}`, {});
    expect(status).toBe(200);
    expect(body['id']).toBe(id);
    expect(body['@odata.context']).toBe(`${graph.url}/v1.0/$metadata#security/incidents/$entity`);
  });

  it('never reflects any Host value (property)', async () => {
    const printable = fc.string({
      unit: fc.constantFrom(...'abcz09.-:[]/?#@%_ evil'.split('')),
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(printable, async (host) => {
        const trimmed = host.trim();
        const { status, body } = await raw(graph, '/v1.0/security/incidents?$top=1', { host: trimmed });
        if (status === 200)
          for (const link of links(body)) expect(link.startsWith(`${graph.url}/`)).toBe(true);
        else expect(status).toBe(400);
        expect(status === 200).toBe(trimmed === '' || isHostAndPort(trimmed));
      }),
      { numRuns: 60 },
    );
  });

  it('accepts exactly host[:port] in the Host header', () => {
    for (const good of [
      'localhost',
      'localhost:4010',
      '127.0.0.1:1',
      'graph.microsoft.com',
      '[::1]:4010',
      '[::1]',
      'a',
    ])
      expect(isHostAndPort(good), good).toBe(true);
    for (const bad of [
      '',
      '127.0.0.1/v1.0',
      'evil.example#',
      'a?b',
      'user@host',
      'host:',
      'host:65536',
      'host:-1',
      '[::1',
      '[nothex]:80',
      'host name',
      '.leading',
      'a:1:2',
    ])
      expect(isHostAndPort(bad), bad).toBe(false);
  });

  it('points links at an explicit publicUrl, and refuses one that is not an http(s) origin', async () => {
    const proxied = await startMockGraph({ seed: 4, incidents: 3, publicUrl: 'https://mock.example:8443/' });
    try {
      expect(proxied.publicUrl).toBe('https://mock.example:8443');
      const { body } = await raw(proxied, '/beta/security/incidents?$top=1', { host: 'evil.example' });
      expect(body['@odata.context']).toBe('https://mock.example:8443/beta/$metadata#security/incidents');
      expect(body['@odata.nextLink']).toBe(
        'https://mock.example:8443/beta/security/incidents?$top=1&$skip=1',
      );
    } finally {
      await proxied.close();
    }
    for (const bad of [
      'mock.example',
      'ftp://mock.example',
      'https://mock.example/v1.0',
      'https://u:p@mock.example',
      'https://m.example/?a=1',
    ])
      await expect(startMockGraph({ incidents: 0, publicUrl: bad }), bad).rejects.toThrow(
        /public URL must be/,
      );
  });
});

describe('what routing remembers between requests changes no answer', () => {
  const handle = createGraphHandler(new IncidentStore({ seed: 4, incidents: 3 }));
  const get = (origin: string, host?: string) =>
    handle({
      method: 'GET',
      url: `${origin}/v1.0/security/incidents?$top=1`,
      headers: { authorization: 'Bearer test', ...(host === undefined ? {} : { host }) },
    });

  it('refuses a malformed Host right after a valid one was accepted, and accepts the valid one again', async () => {
    expect((await get('http://127.0.0.1:1', '127.0.0.1:1')).status).toBe(200);
    expect((await get('http://127.0.0.1:1', '127.0.0.1:1/x')).status).toBe(400);
    expect((await get('http://127.0.0.1:1', '127.0.0.1:1')).status).toBe(200);
    expect((await get('http://127.0.0.1:1', '127.0.0.1:1 ')).status).toBe(400);
  });

  it('points each answer at its own origin when origins alternate, including one that extends another', async () => {
    const origins = ['https://a.example', 'https://a.example:8443', 'http://b.example', 'https://a.example'];
    for (const origin of [...origins, ...origins]) {
      const body = JSON.parse((await get(origin)).body) as Record<string, string>;
      expect(body['@odata.context']).toBe(`${origin}/v1.0/$metadata#security/incidents`);
      expect(body['@odata.nextLink']).toBe(`${origin}/v1.0/security/incidents?$top=1&$skip=1`);
    }
  });
});

describe('listening beyond loopback', () => {
  it('tells loopback addresses from the rest', () => {
    for (const address of ['127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect(isLoopback(address), address).toBe(true);
    for (const address of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '192.168.1.20',
      '::ffff:10.0.0.1',
      'fe80::1',
      '128.0.0.1',
      'localhost',
    ])
      expect(isLoopback(address), address).toBe(false);
  });

  it('warns when bound to 0.0.0.0, more strongly without auth, and not on loopback', async () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    const local = await startMockGraph({ incidents: 0, warn });
    await local.close();
    expect(warnings).toEqual([]);
    for (const auth of [true, false]) {
      const exposed = await startMockGraph({ incidents: 0, host: '0.0.0.0', auth, warn });
      await exposed.close();
    }
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^WARNING: .*0\.0\.0\.0.*beyond loopback/);
    expect(warnings[0]).toContain('opaque bearer token');
    expect(warnings[1]).toMatch(/Auth is OFF/);
    expect(warnings[1]).toBe(exposureWarning(warnings[1]!.match(/on (http:\S+),/)![1]!, false));
  });
});

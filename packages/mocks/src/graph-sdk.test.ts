/**
 * A Graph client nobody here wrote, Microsoft's `@microsoft/microsoft-graph-client`, against the mock, unchanged: list
 * with paging (its own PageIterator), get, PATCH, comment, the alerts of an incident, and its GraphError for a 404 and
 * for `$top` above 50. Two ways, each with a token, as against Graph:
 *
 * - the mock server over loopback HTTPS, with real TLS. The SDK sends the bearer token only to https hosts it
 *   recognises as Graph or as one of its `customHosts` (GraphRequestUtil `isGraphURL` / `isCustomHost`), and it
 *   parses only `https://` URLs when it follows `@odata.nextLink` (GraphRequest `parsePath`). The SDK trusts the
 *   mock's throw-away CA through its own middleware chain, whose last handler fetches with an undici Agent that
 *   trusts that CA alone: verification stays on, and nothing changes for the rest of the process;
 * - the MSW handlers on `https://graph.microsoft.com`, with the SDK's default chain and the global fetch MSW intercepts.
 *
 * Over plain http the SDK sends no token at all, which is why the mock's http mode is used with it only without auth.
 */
import {
  Client,
  CustomAuthenticationProvider,
  GraphError,
  MiddlewareFactory,
  PageIterator,
  type Context,
  type Middleware,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { setupServer } from 'msw/node';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appToken } from './graph-test.test-helper.js';
import { createHandlers } from './msw.js';
import { pageSize } from './query.js';
import { createLoopbackCertificate, startMockGraph } from './server.js';
import { IncidentStore } from './store.js';

/**
 * The SDK's last middleware in place of its HTTPMessageHandler: fetches over a dispatcher that trusts one CA. With
 * undici's own fetch, the Agent and the fetch are one undici whatever version Node bundles (undici 8 refuses Agents
 * of older majors handed to it).
 */
class FetchTrustingCa implements Middleware {
  constructor(private readonly dispatcher: Agent) {}
  async execute(context: Context): Promise<void> {
    // The SDK's own handlers pass the URL as text (GraphRequest `send`); a Request would lose its method and body here.
    if (typeof context.request !== 'string') throw new TypeError('expected the request URL as text');
    const init = { ...context.options, dispatcher: this.dispatcher } as UndiciRequestInit;
    context.response = (await undiciFetch(context.request, init)) as unknown as Response;
  }
}

/** A mock serving one store, and an SDK client of it that counts the tokens it asks for. */
interface Served {
  readonly url: string;
  readonly client: Client;
  close(): Promise<void> | void;
}

/** Starts serving `store` in one of the two ways; `tokenRequested` runs each time the SDK asks for a token. */
type Transport = (store: IncidentStore, tokenRequested: () => void) => Promise<Served>;

const authProvider = (tokenRequested: () => void) => (done: (error: null, token: string) => void) => {
  tokenRequested();
  done(null, appToken);
};

/** The mock server over HTTPS with one certificate for every server of the file, and SDK clients that trust its CA. */
async function httpsTransport(): Promise<{ serve: Transport; close(): Promise<void> }> {
  const tls = await createLoopbackCertificate();
  const dispatcher = new Agent({ connect: { ca: tls.ca } });
  const serve: Transport = async (store, tokenRequested) => {
    const graph = await startMockGraph({ store, https: { cert: tls.cert, key: tls.key } });
    const middleware = MiddlewareFactory.getDefaultMiddlewareChain(
      new CustomAuthenticationProvider(authProvider(tokenRequested)),
    );
    middleware[middleware.length - 1] = new FetchTrustingCa(dispatcher);
    const client = Client.initWithMiddleware({
      baseUrl: graph.url,
      defaultVersion: 'v1.0',
      customHosts: new Set([new URL(graph.url).hostname]),
      middleware,
    });
    return { url: graph.url, client, close: () => graph.close() };
  };
  return { serve, close: () => dispatcher.close() };
}

/** The MSW handlers on Graph's own origin; each store's handlers go in front of the others until closed. */
function mswTransport(): { serve: Transport; close(): void } {
  const msw = setupServer();
  msw.listen({ onUnhandledRequest: 'error' });
  const serve: Transport = async (store, tokenRequested) => {
    const handlers = createHandlers({ store });
    const own = new Set<unknown>(handlers);
    msw.use(...handlers);
    const client = Client.init({ defaultVersion: 'v1.0', authProvider: authProvider(tokenRequested) });
    const close = () => msw.resetHandlers(...msw.listHandlers().filter((handler) => !own.has(handler)));
    return { url: 'https://graph.microsoft.com', client, close };
  };
  return { serve, close: () => msw.close() };
}

const transports = [
  ['the mock server over loopback HTTPS (real TLS, its CA trusted by this client only)', httpsTransport],
  ['the MSW handlers on https://graph.microsoft.com', mswTransport],
] as const;

describe.each(transports)(
  "Microsoft's Graph JavaScript SDK, with a token, against %s",
  (_name, transport) => {
    let serve: Transport;
    let closeTransport: () => Promise<void> | void;
    let graph: Served;
    let store: IncidentStore;
    let client: Client;
    let tokenRequests = 0;
    const tokenRequested = () => {
      tokenRequests += 1;
    };

    beforeAll(async () => {
      ({ serve, close: closeTransport } = await transport());
      store = new IncidentStore({ seed: 17, incidents: 61 });
      graph = await serve(store, tokenRequested);
      client = graph.client;
    });
    afterAll(async () => {
      await graph.close();
      await closeTransport();
    });

    // The page size the mock uses when $top is absent; 0, 1, a full page and a page and one.
    it.each([0, 1, pageSize, pageSize + 1])(
      'pages %i incidents with its PageIterator, following @odata.nextLink: each once, in order',
      async (count) => {
        const own = new IncidentStore({ seed: 23, incidents: count });
        const served = await serve(own, tokenRequested);
        try {
          const first = (await served.client.api('/security/incidents').get()) as PageCollection;
          expect(first.value).toHaveLength(Math.min(count, pageSize));
          expect(first['@odata.nextLink']).toBe(
            count > pageSize ? `${served.url}/v1.0/security/incidents?$skip=${pageSize}` : undefined,
          );
          const ids: string[] = [];
          const iterator = new PageIterator(served.client, first, (incident: { id: string }) => {
            ids.push(incident.id);
            return true;
          });
          await iterator.iterate();
          expect(iterator.isComplete()).toBe(true);
          expect(ids).toHaveLength(count);
          expect(ids).toEqual(own.list().map((incident) => incident.id));
        } finally {
          await served.close();
        }
      },
    );

    it('lists every incident with its PageIterator from a $top=50 page (61 = a full page and 11)', async () => {
      const first = (await client.api('/security/incidents').top(50).get()) as PageCollection;
      expect(first.value).toHaveLength(50);
      expect(first['@odata.nextLink']).toBe(`${graph.url}/v1.0/security/incidents?$top=50&$skip=50`);
      const ids: string[] = [];
      await new PageIterator(client, first, (incident: { id: string }) => {
        ids.push(incident.id);
        return true;
      }).iterate();
      expect(ids).toEqual(store.list().map((incident) => incident.id));
    });

    it('gets an incident with $select, and the alerts of an incident', async () => {
      const incident = store.list()[2]!;
      const got = await client.api(`/security/incidents/${incident.id}`).select(['id', 'status']).get();
      expect(got).toEqual({
        '@odata.context': `${graph.url}/v1.0/$metadata#security/incidents(id,status)/$entity`,
        id: incident.id,
        status: incident.status === 'awaitingAction' ? 'unknownFutureValue' : incident.status,
      });
      const alerts = (await client.api(`/security/incidents/${incident.id}/alerts`).get()) as PageCollection;
      expect(alerts.value.map((alert: { id: string }) => alert.id)).toEqual(
        store.alerts(incident.id)!.map((alert) => alert.id),
      );
    });

    it('PATCHes an incident and posts a comment, as the SDK serialises them', async () => {
      const id = store.list()[4]!.id;
      const patched = await client.api(`/security/incidents/${id}`).patch({
        '@odata.type': '#microsoft.graph.security.incident',
        assignedTo: 'sdk@contoso.com',
        classification: 'TruePositive',
      });
      expect(patched).toMatchObject({ id, assignedTo: 'sdk@contoso.com', classification: 'truePositive' });
      expect(store.get(id)!.assignedTo).toBe('sdk@contoso.com');
      const comments = await client
        .api(`/security/incidents/${id}/comments`)
        .post({ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'From the Graph SDK' });
      expect(comments.value.at(-1)).toMatchObject({ comment: 'From the Graph SDK' });
      expect(store.get(id)!.comments!.at(-1)!.comment).toBe('From the Graph SDK');
    });

    it("rejects with the SDK's GraphError for a 404 and for $top above 50, keeping Graph's code and request-id", async () => {
      const missing = await client
        .api('/security/incidents/2147483647')
        .get()
        .catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(GraphError);
      expect(missing).toMatchObject({ statusCode: 404, code: 'NotFound' });
      expect((missing as GraphError).requestId).toMatch(/^[0-9a-f-]{36}$/);
      const tooMany = await client
        .api('/security/incidents')
        .top(100)
        .get()
        .catch((error: unknown) => error);
      expect(tooMany).toBeInstanceOf(GraphError);
      expect(tooMany).toMatchObject({ statusCode: 400 });
      expect((tooMany as GraphError).message).toMatch(/The limit of '50' for Top query has been exceeded/);
    });

    it('asked for a token for every request it sent', () => {
      // 1 + 1 + 1 + 2 pages of the boundary tests, 2 + 2 + 2 + 2 requests of the others: none without a token.
      expect(tokenRequests).toBe(13);
    });
  },
);

describe("Microsoft's Graph JavaScript SDK over plain http", () => {
  it('asks for no token and sends none, so the mock with auth on answers 401', async () => {
    const graph = await startMockGraph({ incidents: 1 });
    try {
      let tokenRequests = 0;
      const client = Client.init({
        baseUrl: graph.url,
        defaultVersion: 'v1.0',
        authProvider: authProvider(() => (tokenRequests += 1)),
      });
      const refused = await client
        .api('/security/incidents')
        .get()
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(GraphError);
      expect(refused).toMatchObject({ statusCode: 401 });
      expect(tokenRequests).toBe(0);
    } finally {
      await graph.close();
    }
  });
});

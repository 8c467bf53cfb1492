/**
 * A Graph client nobody here wrote, Microsoft's `@microsoft/microsoft-graph-client`, against the mock, unchanged: list
 * with paging (its own PageIterator), get, PATCH, comment, the alerts of an incident, and its GraphError for a 404 and
 * for `$top` above 50. Two ways:
 *
 * - the mock server over loopback. The SDK sends the bearer token only to https hosts it recognises as Graph
 *   (GraphRequestUtil `isGraphURL` / `isCustomHost`), and it parses only `https://` URLs when it follows
 *   `@odata.nextLink` (GraphRequest `parsePath`). The mock serves plain http until it speaks HTTPS (another issue),
 *   so this runs the mock in its no-auth mode, and paging over http is left to the second way;
 * - the MSW handlers on `https://graph.microsoft.com`, where the SDK behaves as against Graph: it sends the token
 *   (the mock checks its permissions) and follows the absolute next links.
 */
import { Client, GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appToken } from './graph-test.test-helper.js';
import { createHandlers } from './msw.js';
import { startMockGraph } from './server.js';
import { IncidentStore } from './store.js';

const transports = [
  ['the mock server over loopback http, no-auth mode', 'server'],
  ['the MSW handlers on https://graph.microsoft.com, with a token', 'msw'],
] as const;

describe.each(transports)("Microsoft's Graph JavaScript SDK against %s", (_name, transport) => {
  let graph: { url: string; store: IncidentStore; close(): Promise<void> | void };
  let client: Client;
  let tokenRequests = 0;

  beforeAll(async () => {
    const store = new IncidentStore({ seed: 17, incidents: 61 });
    if (transport === 'server') graph = await startMockGraph({ store, auth: false });
    else {
      const msw = setupServer(...createHandlers({ store }));
      msw.listen({ onUnhandledRequest: 'error' });
      graph = { url: 'https://graph.microsoft.com', store, close: () => msw.close() };
    }
    client = Client.init({
      ...(transport === 'server' ? { baseUrl: graph.url } : {}),
      defaultVersion: 'v1.0',
      authProvider: (done) => {
        tokenRequests += 1;
        done(null, appToken);
      },
    });
  });
  afterAll(() => graph.close());

  it.runIf(transport === 'msw')(
    'lists every incident with its PageIterator (61 = a full page and 11)',
    async () => {
      const first = (await client.api('/security/incidents').top(50).get()) as PageCollection;
      expect(first.value).toHaveLength(50);
      expect(first['@odata.nextLink']).toBe(`${graph.url}/v1.0/security/incidents?$top=50&$skip=50`);
      const ids: string[] = [];
      await new PageIterator(client, first, (incident: { id: string }) => {
        ids.push(incident.id);
        return true;
      }).iterate();
      expect(ids).toEqual(graph.store.list().map((incident) => incident.id));
    },
  );

  it('gets an incident with $select, and the alerts of an incident', async () => {
    const incident = graph.store.list()[2]!;
    const got = await client.api(`/security/incidents/${incident.id}`).select(['id', 'status']).get();
    expect(got).toEqual({
      '@odata.context': `${graph.url}/v1.0/$metadata#security/incidents(id,status)/$entity`,
      id: incident.id,
      status: incident.status === 'awaitingAction' ? 'unknownFutureValue' : incident.status,
    });
    const alerts = (await client.api(`/security/incidents/${incident.id}/alerts`).get()) as PageCollection;
    expect(alerts.value.map((alert: { id: string }) => alert.id)).toEqual(
      graph.store.alerts(incident.id)!.map((alert) => alert.id),
    );
  });

  it('PATCHes an incident and posts a comment, as the SDK serialises them', async () => {
    const id = graph.store.list()[4]!.id;
    const patched = await client.api(`/security/incidents/${id}`).patch({
      '@odata.type': '#microsoft.graph.security.incident',
      assignedTo: 'sdk@contoso.com',
      classification: 'TruePositive',
    });
    expect(patched).toMatchObject({ id, assignedTo: 'sdk@contoso.com', classification: 'truePositive' });
    expect(graph.store.get(id)!.assignedTo).toBe('sdk@contoso.com');
    const comments = await client
      .api(`/security/incidents/${id}/comments`)
      .post({ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'From the Graph SDK' });
    expect(comments.value.at(-1)).toMatchObject({ comment: 'From the Graph SDK' });
    expect(graph.store.get(id)!.comments!.at(-1)!.comment).toBe('From the Graph SDK');
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

  it('asked for a token only where it sends one: never over http, on every request to Graph', () => {
    if (transport === 'server') expect(tokenRequests).toBe(0);
    else expect(tokenRequests).toBeGreaterThan(5);
  });
});

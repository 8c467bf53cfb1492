import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appToken } from './graph-test.test-helper.js';
import { createHandlers, IncidentStore } from './msw.js';

const store = new IncidentStore({ seed: 21, incidents: 60 });
const server = setupServer(
  ...createHandlers({ store }),
  ...createHandlers({ store, baseUrl: 'https://graph.example.test/' }),
);
const auth = { authorization: `Bearer ${appToken}` };

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('createHandlers (real MSW, plain fetch)', () => {
  it('serves /beta from the beta description over the same store', async () => {
    const id = store.list('beta').find((i) => i.recommendedHuntingQueries?.length)!.id;
    const get = (version: string) =>
      fetch(`https://graph.microsoft.com/${version}/security/incidents/${id}`, { headers: auth }).then(
        (r) => r.json() as Promise<Record<string, unknown>>,
      );
    const beta = await get('beta');
    expect(beta['recommendedHuntingQueries']).toEqual(store.get(id, 'beta')!.recommendedHuntingQueries);
    expect(await get('v1.0')).not.toHaveProperty('recommendedHuntingQueries');
  });

  it('serves a Graph list with paging from the shared store', async () => {
    const response = await fetch('https://graph.microsoft.com/v1.0/security/incidents?$top=10&$count=true', {
      headers: auth,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal/);
    const page = (await response.json()) as {
      value: { id: string }[];
      '@odata.count': number;
      '@odata.nextLink': string;
      '@odata.context': string;
    };
    expect(page['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#security/incidents');
    expect(page.value.map((i) => i.id)).toEqual(
      store
        .list()
        .slice(0, 10)
        .map((i) => i.id),
    );
    expect(page['@odata.count']).toBe(60);
    expect(page['@odata.nextLink']).toBe(
      'https://graph.microsoft.com/v1.0/security/incidents?$top=10&$count=true&$skip=10',
    );
  });

  it('applies a PATCH to the same store the server would use, on /beta and a custom base URL', async () => {
    const id = store.list()[3]!.id;
    const patched = await fetch(`https://graph.microsoft.com/beta/security/incidents/${id}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json', 'client-request-id': 'msw-1' },
      body: JSON.stringify({ assignedTo: 'msw@contoso.com' }),
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('client-request-id')).toBe('msw-1');
    expect(store.get(id)!.assignedTo).toBe('msw@contoso.com');
    const fetched = await fetch(
      `https://graph.example.test/v1.0/security/incidents/${id}?$select=assignedTo`,
      { headers: auth },
    );
    expect(await fetched.json()).toEqual({
      '@odata.context': 'https://graph.example.test/v1.0/$metadata#security/incidents(assignedTo)/$entity',
      id,
      assignedTo: 'msw@contoso.com',
    });
  });

  it('answers errors as Graph does', async () => {
    expect((await fetch('https://graph.microsoft.com/v1.0/security/incidents')).status).toBe(401);
    const missing = await fetch('https://graph.microsoft.com/v1.0/security/incidents/1', { headers: auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NotFound');
  });
});

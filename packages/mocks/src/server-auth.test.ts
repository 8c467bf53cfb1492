import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphFetch, jwt, readOnlyAppToken } from './graph-test.test-helper.js';
import { type MockGraph, startMockGraph } from './server.js';

// Graph's auth answers on the mock server: 401 for a missing, malformed or expired bearer, 403 without the
// operation's permission, and an opaque token with every permission.

let graph: MockGraph;
let call: ReturnType<typeof graphFetch>;
let all: { id: string }[];

beforeAll(async () => {
  graph = await startMockGraph({ seed: 11, incidents: 5 });
  call = graphFetch(graph.url);
  all = graph.store.list();
});
afterAll(() => graph.close());

describe('auth', () => {
  it('gives 401 for a missing, malformed or expired bearer', async () => {
    for (const authorization of [
      undefined,
      'Basic dXNlcjpwYXNz',
      'Bearer',
      `Bearer a.${Buffer.from('not json').toString('base64url')}.c`,
      `Bearer ${jwt({ roles: ['SecurityIncident.ReadWrite.All'], exp: 1 })}`,
    ]) {
      const { status, json } = await call('/v1.0/security/incidents', {
        token: null,
        headers: authorization ? { authorization } : {},
      });
      expect(status, authorization).toBe(401);
      expect(json.error.code).toBe('InvalidAuthenticationToken');
    }
  });

  it("gives 403 when the token's roles or scp lack the operation's permission", async () => {
    expect((await call('/v1.0/security/incidents', { token: readOnlyAppToken })).status).toBe(200);
    const denied = await call(`/v1.0/security/incidents/${all[0]!.id}`, {
      method: 'PATCH',
      token: readOnlyAppToken,
      json: { status: 'active' },
    });
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toContain('SecurityIncident.ReadWrite.All');
    expect((await call('/v1.0/security/incidents', { token: jwt({ scp: 'User.Read' }) })).status).toBe(403);
    expect(
      (await call('/v1.0/security/incidents', { token: jwt({ scp: 'SecurityIncident.Read.All' }) })).status,
    ).toBe(200);
    expect((await call('/v1.0/security/incidents', { token: jwt({}) })).status).toBe(403);
  });

  it('accepts an opaque (not JWT-shaped) token with every permission', async () => {
    expect((await call('/v1.0/security/incidents/$count', { token: 'opaque-token' })).status).toBe(200);
  });
});

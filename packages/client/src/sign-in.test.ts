import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockGraph, startMockGraph } from '@graph-incidents/mocks/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentsClient, graphScope, type TokenCredential } from './index.js';

/**
 * The real @azure/identity and @microsoft/microsoft-graph-client against one HTTPS mock with strict auth. They run in
 * a child process whose NODE_EXTRA_CA_CERTS names the mock's throw-away CA: TLS verification stays on.
 */
const writer = { clientId: 'soc-robot', secret: 's3cret:with ü', roles: ['SecurityIncident.ReadWrite.All'] };
const reader = { clientId: 'reader', secret: 'r3ad', roles: ['SecurityIncident.Read.All'] };
const tenant = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f';
let graph: MockGraph;
let dir: string;
let results: Record<string, { ok?: any; error?: any }>;
let id: string;

beforeAll(async () => {
  graph = await startMockGraph({ incidents: 5, https: true, auth: 'strict', apps: [writer, reader] });
  dir = mkdtempSync(join(tmpdir(), 'sign-in-'));
  writeFileSync(join(dir, 'ca.pem'), graph.ca!);
  id = graph.store.list()[0]!.id;
  const child = fileURLToPath(new URL('./test-support/sign-in-child.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
      MOCK_URL: graph.url,
      MOCK_TENANT: tenant,
      WRITER: JSON.stringify([writer.clientId, writer.secret]),
      READER: JSON.stringify([reader.clientId, reader.secret]),
      INCIDENT: id,
    },
    timeout: 90_000,
  });
  results = JSON.parse(stdout) as typeof results;
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('@azure/identity ClientSecretCredential against the HTTPS mock', () => {
  it('signs in, and our client PATCHes an incident with the token', () => {
    expect(results['clientPatch']).toEqual({
      ok: { status: 'resolved', classification: 'truePositive', lastModifiedBy: 'API-App:soc-robot' },
    });
  });

  it('an app without SecurityIncident.ReadWrite.All gets a 403 GraphError', () => {
    expect(results['clientReaderPatch']!.error).toMatchObject({
      isGraphError: true,
      status: 403,
      code: 'Forbidden',
    });
  });

  it('a wrong secret fails sign-in with Entra invalid_client AADSTS7000215', () => {
    // @azure/identity wraps Entra's answer; MSAL read error, error_codes, description, trace and correlation ids.
    expect(results['wrongSecret']!.error.name).toBe('AuthenticationRequiredError');
    expect(results['wrongSecret']!.error.message).toMatch(
      /^invalid_client: Error\(s\): 7000215 - Timestamp: .* Description: AADSTS7000215: Invalid client secret provided\..* - Correlation ID: [0-9a-f-]{36} - Trace ID: [0-9a-f-]{36}$/,
    );
  });
});

describe("Microsoft's graph-client with TokenCredentialAuthenticationProvider, over HTTPS", () => {
  it('lists with paging through @odata.nextLink', () => {
    const { first, second, count, nextLink } = results['graphClientPaging']!.ok;
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second]).size).toBe(4);
    expect(count).toBe(5);
    expect(nextLink.startsWith(`${graph.url}/v1.0/security/incidents?`)).toBe(true);
  });

  it('gets, PATCHes and comments on an incident, and the mock stored it', () => {
    expect(results['graphClientGet']).toEqual({ ok: id });
    expect(results['graphClientPatch']).toEqual({ ok: 'analyst@contoso.com' });
    expect(results['graphClientComment']!.ok).toMatchObject({
      comment: 'Signed in <b>&amp; "quoted"</b> ü',
      createdByDisplayName: 'API-App:soc-robot',
    });
    expect(graph.store.get(id)!.assignedTo).toBe('analyst@contoso.com');
  });

  it("surfaces a 404 as its GraphError with Graph's code", () => {
    expect(results['graphClient404']!.error).toMatchObject({
      status: 404,
      code: 'NotFound',
      message: 'Incident 999999999 was not found.',
    });
  });

  it('Client.init with a callback authProvider reads, and a reader app is refused a PATCH with 403', () => {
    expect(results['graphClientInitGet']).toEqual({ ok: id });
    expect(results['graphClientInitPatch']!.error).toMatchObject({ status: 403, code: 'Forbidden' });
  });
});

describe('createIncidentsClient({ credential })', () => {
  it('asks the credential for the Graph scope before every attempt, so a retry uses a refreshed token', async () => {
    // In-process fetch does not trust the HTTPS mock's CA (NODE_EXTRA_CA_CERTS is read at start-up only), so this
    // test uses a plain-HTTP mock with strict auth whose first request fails with 503.
    const plain = await startMockGraph({
      store: graph.store,
      auth: 'strict',
      faults: [{ status: 503, retryAfter: 0, times: 1 }],
    });
    try {
      // The first token has expired: were it reused on the retry, the retry would get 401.
      const tokens = [
        await plain.signToken({ roles: reader.roles, exp: Math.floor(Date.now() / 1000) - 1 }),
        await plain.signToken({ roles: reader.roles }),
      ];
      const asked: (string | string[])[] = [];
      const credential: TokenCredential = {
        getToken: async (scopes) => {
          asked.push(scopes);
          return { token: tokens[asked.length - 1]!, expiresOnTimestamp: 0 };
        },
      };
      const client = createIncidentsClient({ baseUrl: `${plain.url}/v1.0`, credential });
      expect((await client.getIncident(id)).id).toBe(id);
      expect(asked).toEqual([graphScope, graphScope]);
    } finally {
      await plain.close();
    }
  });

  it('lets getAccessToken win over credential, and fails the call when the credential returns no token', async () => {
    const plain = await startMockGraph({ store: graph.store, auth: 'strict' });
    try {
      const unused: TokenCredential = { getToken: () => Promise.reject(new Error('credential was asked')) };
      const token = await plain.signToken({ roles: reader.roles });
      const both = createIncidentsClient({
        baseUrl: `${plain.url}/v1.0`,
        credential: unused,
        getAccessToken: () => token,
      });
      expect((await both.getIncident(id)).id).toBe(id);
      const empty = createIncidentsClient({
        baseUrl: `${plain.url}/v1.0`,
        credential: { getToken: async () => null },
        retry: false,
      });
      await expect(empty.getIncident(id)).rejects.toThrow(TypeError);
      expect(plain.store.get(id)).toEqual(graph.store.get(id));
    } finally {
      await plain.close();
    }
  });
});

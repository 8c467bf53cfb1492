import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackCertificate, type MockGraph, startMockGraph } from './server.js';

const facts = readFileSync(
  fileURLToPath(new URL('../../../../shared/graph-reference/facts.md', import.meta.url)),
  'utf8',
);

/** One HTTPS request that trusts only `ca`; resolves to the status, headers and JSON body. */
function tlsFetch(
  ca: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; json: any }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: text ? JSON.parse(text) : undefined,
        });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const writer = { clientId: 'writer-app', secret: 'w:s3cret ü', roles: ['SecurityIncident.ReadWrite.All'] };
const reader = {
  clientId: 'reader-app',
  secret: 'r-secret',
  roles: ['SecurityIncident.Read.All'],
  displayName: 'Reader',
};
const tenant = '11111111-2222-4333-8444-555555555555';
let graph: MockGraph;
let ca: string;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const tokenFor = async (app: { clientId: string; secret: string }) =>
  (
    await tlsFetch(
      ca,
      `${graph.url}/${tenant}/oauth2/v2.0/token`,
      form({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.secret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    )
  ).json.access_token as string;
const get = (token: string, path = '/v1.0/security/incidents?$top=1') =>
  tlsFetch(ca, `${graph.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  graph = await startMockGraph({ incidents: 3, https: true, auth: 'strict', apps: [writer, reader] });
  ca = graph.ca!;
});
afterAll(() => graph.close());

describe('HTTPS', () => {
  it('serves TLS with a certificate for localhost, 127.0.0.1 and ::1 that its throw-away CA signed', async () => {
    expect(graph.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const authority = new X509Certificate(ca);
    expect(authority.ca).toBe(true);
    const response = await get(await tokenFor(writer));
    expect(response.status).toBe(200);
    // Without the CA the client refuses the certificate: verification stays on.
    await expect(
      new Promise((resolve, reject) =>
        request(`${graph.url}/v1.0/security/incidents`, resolve).on('error', reject).end(),
      ),
    ).rejects.toThrow(/self.signed|unable to verify|certificate/i);
  });

  it('makes a new CA every time, valid for the loopback names only', async () => {
    const [a, b] = await Promise.all([createLoopbackCertificate(), createLoopbackCertificate()]);
    expect(a.ca).not.toBe(b.ca);
    const server = new X509Certificate(a.cert);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(server.verify(new X509Certificate(a.ca).publicKey)).toBe(true);
    expect(server.verify(new X509Certificate(b.ca).publicKey)).toBe(false);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkHost('evil.example')).toBeUndefined();
    expect(server.ca).toBe(false);
  });

  it('serves a certificate and key the user passes in, and then exposes no CA', async () => {
    const own = await createLoopbackCertificate(['localhost']);
    const mock = await startMockGraph({
      incidents: 1,
      https: { cert: own.cert, key: own.key },
      host: '127.0.0.1',
    });
    try {
      expect(mock.ca).toBeUndefined();
      const url = mock.url.replace('127.0.0.1', 'localhost');
      const response = await tlsFetch(own.ca, `${url}/v1.0/security/incidents/${mock.store.list()[0]!.id}`, {
        headers: { authorization: 'Bearer opaque' },
      });
      expect(response.status).toBe(200);
      expect(response.json.id).toBe(mock.store.list()[0]!.id);
    } finally {
      await mock.close();
    }
  });
});

describe('the token endpoint', () => {
  it('answers OpenID discovery and JWKS for a tenant', async () => {
    const discovery = await tlsFetch(ca, `${graph.url}/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(discovery.json.token_endpoint).toBe(`${graph.url}/${tenant}/oauth2/v2.0/token`);
    expect(discovery.json.issuer).toBe(`${graph.url}/${tenant}/v2.0`);
    const jwks = await tlsFetch(ca, discovery.json.jwks_uri);
    expect(jwks.json.keys).toEqual([
      expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }),
    ]);
    expect(jwks.json.keys[0]).not.toHaveProperty('d');
  });

  it('issues a client-credentials token with roles, tid, appid, aud and exp', async () => {
    const token = await tokenFor(reader);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part!, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(payload).toMatchObject({
      aud: 'https://graph.microsoft.com',
      roles: ['SecurityIncident.Read.All'],
      tid: tenant,
      appid: 'reader-app',
      app_displayname: 'Reader',
    });
    expect(payload.exp - payload.iat).toBe(3599);
  });

  it.each([
    ['an unknown client', { client_id: 'nobody', client_secret: 'x' }, 400, 'unauthorized_client', 700016],
    [
      'a wrong secret',
      { client_id: 'writer-app', client_secret: 'w:s3cret' },
      401,
      'invalid_client',
      7000215,
    ],
    ['no secret', { client_id: 'writer-app' }, 401, 'invalid_client', 7000216],
    [
      'a scope without /.default',
      { client_id: 'writer-app', client_secret: writer.secret, scope: 'SecurityIncident.Read.All' },
      400,
      'invalid_scope',
      1002012,
    ],
    [
      'another resource',
      { client_id: 'writer-app', client_secret: writer.secret, scope: 'https://vault.azure.net/.default' },
      400,
      'invalid_resource',
      500011,
    ],
    [
      'another grant',
      { client_id: 'writer-app', client_secret: writer.secret, grant_type: 'password' },
      400,
      'unsupported_grant_type',
      70003,
    ],
  ])('refuses %s as Entra does', async (_, fields, status, error, code) => {
    const response = await tlsFetch(
      ca,
      `${graph.url}/${tenant}/oauth2/v2.0/token`,
      form({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', ...fields }),
    );
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ error, error_codes: [code] });
    expect(response.json.error_description).toMatch(
      new RegExp(`^AADSTS${code}: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: `),
    );
    expect(response.json.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(JSON.stringify(response.json)).not.toContain('access_token');
  });
});

describe('--auth strict', () => {
  const expect401 = async (token: string, message: string) => {
    const response = await get(token);
    expect(response.status).toBe(401);
    expect(response.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message });
    expect(response.json.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  };

  it('accepts a token from its token endpoint, within its permissions', async () => {
    const response = await get(
      await tokenFor(reader),
      `/v1.0/security/incidents/${graph.store.list()[0]!.id}`,
    );
    expect(response.status).toBe(200);
  });

  it('refuses a tampered token with 401 "Signature is invalid." (facts §8)', async () => {
    const reported = /\*\*401 with a bad signature\*\*[\s\S]*?"code":"(\w+)","message":"([^"]+)"/.exec(
      facts,
    )!;
    expect(reported.slice(1)).toEqual(['InvalidAuthenticationToken', 'Signature is invalid.']);
    const [header, , signature] = (await tokenFor(reader)).split('.');
    // A reader who grants itself write access.
    const payload = Buffer.from(
      JSON.stringify({ aud: 'https://graph.microsoft.com', roles: ['SecurityIncident.ReadWrite.All'] }),
    ).toString('base64url');
    await expect401(`${header}.${payload}.${signature}`, reported[2]!);
    // The same claims signed by another key, and an unsigned token.
    const { privateKey } = await generateKeyPair('ES256');
    await expect401(
      await new SignJWT({ aud: 'https://graph.microsoft.com', roles: writer.roles })
        .setProtectedHeader({ alg: 'ES256' })
        .setExpirationTime('1h')
        .sign(privateKey),
      reported[2]!,
    );
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expect401(`${none}.${payload}.`, reported[2]!);
  });

  it('refuses an expired token, a token for another audience, and an opaque token with 401', async () => {
    await expect401(
      await graph.signToken({ roles: writer.roles, exp: Math.floor(Date.now() / 1000) - 1 }),
      'Lifetime validation failed, the token is expired.',
    );
    await expect401(
      await graph.signToken({ roles: writer.roles, aud: 'api://another-api' }),
      'Invalid audience.',
    );
    await expect401('opaque', 'CompactToken parsing failed with error code: 80049217');
  });

  it('refuses a signed token without the permission with 403 and leaves the incident alone', async () => {
    const before = (
      await get(await tokenFor(writer), `/v1.0/security/incidents/${graph.store.list()[0]!.id}`)
    ).json;
    const response = await tlsFetch(ca, `${graph.url}/v1.0/security/incidents/${graph.store.list()[0]!.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await tokenFor(reader)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('Forbidden');
    expect(
      (await get(await tokenFor(writer), `/v1.0/security/incidents/${graph.store.list()[0]!.id}`)).json,
    ).toEqual(before);
  });

  it('stays lenient by default: an opaque token passes', async () => {
    const lenient = await startMockGraph({ incidents: 1 });
    try {
      const response = await fetch(`${lenient.url}/v1.0/security/incidents/${lenient.store.list()[0]!.id}`, {
        headers: { authorization: 'Bearer opaque' },
      });
      expect(response.status).toBe(200);
      expect(lenient.url).toMatch(/^http:/);
    } finally {
      await lenient.close();
    }
  });
});

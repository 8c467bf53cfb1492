import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { GraphResponse } from './request-context.js';

/** An app registration the mock's token endpoint knows: a client id, its secret, and its application permissions. */
export interface MockApp {
  readonly clientId: string;
  readonly secret: string;
  /** Application permissions (app roles) granted, e.g. `SecurityIncident.ReadWrite.All`. */
  readonly roles: readonly string[];
  /** Shown as `app_displayname` in the token and as the caller in `lastModifiedBy`. Default: the client id. */
  readonly displayName?: string;
}

/** Graph's audience, as Entra writes it in Graph tokens, and Graph's app id (both identify the resource). */
export const graphAudience = 'https://graph.microsoft.com';
const graphAppId = '00000003-0000-0000-c000-000000000000';
/** The tenant id tokens carry when the request names a tenant by domain. */
export const defaultTenantId = '7a0c1e2b-0000-4000-8000-6d6f636b6d6f';
const lifetimeSeconds = 3599;
const alg = 'ES256';
/** The identity paths the issuer answers: `/{tenant}/` and discovery, keys or the token endpoint. */
const identityPath =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a bearer token is refused (Graph's 401 message), or its claims. */
export type TokenVerdict = { readonly claims: Record<string, unknown> } | { readonly problem: string };

/** The mock's Entra-like authority: discovery, JWKS and the client-credentials token endpoint, and token checks. */
export interface TokenIssuer {
  readonly tenantId: string;
  readonly apps: Map<string, MockApp>;
  /** Signs a token with the mock's key: Graph's audience, an hour's lifetime, and `claims` over those defaults. */
  sign(claims: Record<string, unknown>): Promise<string>;
  /** Answers a request to an identity path (`/{tenant}/…`), or returns `undefined` for any other path. */
  handle(method: string, url: URL, body: string, origin: string): Promise<GraphResponse> | undefined;
  /** Checks a bearer token's signature, lifetime and audience, as Graph does under `--auth strict`. */
  verify(token: string): Promise<TokenVerdict>;
}

/** Parses `clientId:secret:Role,Role` (the secret may contain `:`; the roles may be empty). */
export function parseApp(text: string): MockApp {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first <= 0 || last === first || last - first === 1)
    throw new TypeError(`an app must be <clientId>:<secret>:<Role,Role>, got "${text}"`);
  const roles = text
    .slice(last + 1)
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  return { clientId: text.slice(0, first), secret: text.slice(first + 1, last), roles };
}

/** Reads apps from JSON: an array of `{ clientId, secret, roles, displayName? }`. Throws a located TypeError. */
export function parseAppsJson(json: unknown, source = 'apps'): MockApp[] {
  if (!Array.isArray(json)) throw new TypeError(`${source}: expected an array of apps`);
  return json.map((app: unknown, i) => {
    const at = `${source}[${i}]`;
    const record = (app ?? {}) as Record<string, unknown>;
    const { clientId, secret, roles, displayName } = record;
    if (typeof clientId !== 'string' || !clientId) throw new TypeError(`${at}.clientId: expected a string`);
    if (typeof secret !== 'string' || !secret) throw new TypeError(`${at}.secret: expected a string`);
    if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string'))
      throw new TypeError(`${at}.roles: expected an array of strings`);
    if (displayName !== undefined && typeof displayName !== 'string')
      throw new TypeError(`${at}.displayName: expected a string`);
    return { clientId, secret, roles: roles as string[], ...(displayName ? { displayName } : {}) };
  });
}

/** Creates the issuer with a fresh ES256 key (P-256: generated in about a millisecond). */
export async function createTokenIssuer(
  apps: readonly MockApp[] = [],
  tenantId = defaultTenantId,
): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = globalThis.crypto.randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg };
  const registry = new Map(apps.map((app) => [app.clientId, app]));

  const json = (status: number, body: unknown): GraphResponse => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache' },
    body: JSON.stringify(body),
  });
  const tenantOf = (segment: string) => (guid.test(segment) ? segment.toLowerCase() : tenantId);

  /** Signs an app token: Graph's audience, an hour's lifetime, and `claims` over those defaults. */
  async function sign(claims: Record<string, unknown>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      aud: graphAudience,
      appidacr: '1',
      idtyp: 'app',
      tid: tenantId,
      ver: '1.0',
      uti: globalThis.crypto.randomUUID().replaceAll('-', ''),
      iat: now,
      nbf: now - 300,
      exp: now + lifetimeSeconds,
      ...claims,
    })
      .setProtectedHeader({ alg, typ: 'JWT', kid })
      .sign(privateKey);
  }

  async function token(tenant: string, body: string, origin: string): Promise<GraphResponse> {
    const form = new URLSearchParams(body);
    const fail = entraError(json);
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials')
      return grant
        ? fail(
            400,
            'unsupported_grant_type',
            70003,
            `The app requested an unsupported grant type '${grant}'.`,
          )
        : fail(
            400,
            'invalid_request',
            900144,
            "The request body must contain the following parameter: 'grant_type'.",
          );
    const clientId = form.get('client_id');
    if (!clientId)
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    const scope = form.get('scope');
    if (!scope)
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'scope'.",
      );
    const app = registry.get(clientId);
    if (!app)
      return fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    const secret = form.get('client_secret');
    if (form.has('client_assertion'))
      return fail(
        401,
        'invalid_client',
        700027,
        'Client assertion failed signature validation. (The mock accepts client secrets only.)',
      );
    if (!secret)
      return fail(
        401,
        'invalid_client',
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      );
    if (secret !== app.secret)
      return fail(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    const scopes = scope.split(' ').filter(Boolean);
    const resource =
      scopes.length === 1 && scopes[0]!.endsWith('/.default') ? scopes[0]!.slice(0, -9) : undefined;
    if (resource === undefined)
      return fail(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    if (resource.replace(/\/$/, '') !== graphAudience && resource !== graphAppId)
      return fail(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    const accessToken = await sign({
      iss: issuerUrl(origin, tenantOf(tenant)),
      appid: app.clientId,
      app_displayname: app.displayName ?? app.clientId,
      oid: app.clientId,
      sub: app.clientId,
      roles: [...app.roles],
      tid: tenantOf(tenant),
    });
    return json(200, {
      token_type: 'Bearer',
      expires_in: lifetimeSeconds,
      ext_expires_in: lifetimeSeconds,
      access_token: accessToken,
    });
  }

  /** Answers an identity path: discovery, keys or the token endpoint. */
  async function identity(
    match: RegExpExecArray,
    method: string,
    body: string,
    origin: string,
  ): Promise<GraphResponse> {
    const tenant = decodeURIComponent(match[1]!);
    const base = `${origin}/${encodeURIComponent(tenant)}`;
    if (match[2] === 'oauth2/v2.0/token') {
      if (method !== 'POST')
        return entraError(json)(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
      return token(tenant, body, origin);
    }
    if (method !== 'GET' && method !== 'HEAD')
      return entraError(json)(405, 'invalid_request', 900561, 'The endpoint only accepts GET requests.');
    if (match[2] === 'discovery/v2.0/keys') return json(200, { keys: [jwk] });
    const tid = tenantOf(tenant);
    return json(200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: [alg],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuerUrl(origin, tid),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/openid/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'roles'],
      tenant_region_scope: null,
      cloud_instance_name: 'graph-incidents-mock',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    });
  }

  return {
    tenantId,
    apps: registry,
    sign,
    // Not async: every Graph request passes here first, and most are not identity paths.
    handle(method, url, body, origin) {
      const match = identityPath.exec(url.pathname);
      return match ? identity(match, method, body, origin) : undefined;
    },
    async verify(compact) {
      if (compact.split('.').length !== 3)
        return { problem: 'CompactToken parsing failed with error code: 80049217' };
      try {
        const { payload } = await jwtVerify(compact, publicKey, {
          algorithms: [alg],
          audience: [graphAudience, `${graphAudience}/`, graphAppId],
        });
        return { claims: payload };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired)
          return { problem: 'Lifetime validation failed, the token is expired.' };
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud')
          return { problem: 'Invalid audience.' };
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf')
          return { problem: 'Lifetime validation failed, the token is not yet valid.' };
        if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid)
          return { problem: 'CompactToken parsing failed with error code: 80049217' };
        // A tampered payload or signature, another key, or another algorithm (alg "none" included).
        return { problem: 'Signature is invalid.' };
      }
    },
  };
}

/** The issuer URL of tokens and discovery: `{origin}/{tenant id}/v2.0`. */
export function issuerUrl(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

/** Entra's error body: `error`, `error_description` starting with the AADSTS code, and the diagnostics fields. */
function entraError(json: (status: number, body: unknown) => GraphResponse) {
  return (status: number, error: string, code: number, description: string): GraphResponse => {
    const traceId = globalThis.crypto.randomUUID();
    const correlationId = globalThis.crypto.randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return json(status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
  };
}

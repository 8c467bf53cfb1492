import type { OperationShape } from './shapes.js';
import type { GraphRequest, GraphResponse, RequestContext } from './request-context.js';

interface TokenClaims {
  readonly roles?: unknown;
  readonly scp?: unknown;
  readonly exp?: unknown;
  readonly upn?: unknown;
  readonly unique_name?: unknown;
  readonly preferred_username?: unknown;
  readonly app_displayname?: unknown;
  readonly appid?: unknown;
}

/** A bearer token as read from a request: its claims when it is JWT-shaped, none when opaque, or a problem. */
export type ReadToken = { readonly claims?: TokenClaims } | { readonly problem: string };

const opaqueToken: ReadToken = Object.freeze({});

/** The last Authorization header read and what it gave (a pure function of the header: a client repeats it). */
let lastRead: { readonly authorization: string; readonly token: ReadToken } | undefined;

/** The bearer token, its claims when it is JWT-shaped, or why it is unusable. Read once per request. */
export function readToken(request: GraphRequest): ReadToken {
  const authorization = request.headers['authorization'];
  if (authorization !== undefined && authorization === lastRead?.authorization) return lastRead.token;
  const token = readAuthorization(authorization);
  if (authorization !== undefined) lastRead = { authorization, token };
  return token;
}

function readAuthorization(authorization: string | undefined): ReadToken {
  if (!authorization) return { problem: 'Access token is empty.' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match)
    return { problem: 'Access token validation failure: the Authorization header is not a bearer token.' };
  const parts = match[1]!.split('.');
  // Not JWT-shaped: an opaque token, accepted with every permission (see the README).
  if (parts.length !== 3) return opaqueToken;
  try {
    const payload = JSON.parse(decodeBase64Url(parts[1]!)) as unknown;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
      return { problem: 'Access token validation failure: the payload is not a JSON object.' };
    return { claims: payload as TokenClaims };
  } catch {
    return { problem: 'CompactToken parsing failed with error code: 80049217' };
  }
}

/** Checks a token's signature, lifetime and audience (`--auth strict`): its claims, or Graph's 401 message. */
export type VerifyToken = (token: string) => Promise<{ claims: object } | { problem: string }>;

/**
 * Under `--auth strict`: the bearer token's claims after `verify` checked it, or why it is refused. An opaque token
 * is refused like any token that is not a JWT.
 */
export async function verifiedToken(
  request: GraphRequest,
  verify: VerifyToken,
): Promise<{ claims: TokenClaims } | { problem: string }> {
  const read = readToken(request);
  if ('problem' in read) return read;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers['authorization']!.trim())!;
  return verify(match[1]!);
}

/**
 * Checks the bearer token against the operation's permissions: `'opaque'`, `'granted'`, or Graph's 401/403. In
 * strict mode `token` is the checked token ({@link verifiedToken}), otherwise the one read unchecked ({@link readToken}).
 */
export function authorize(
  operation: OperationShape,
  context: RequestContext,
  token: ReadToken,
): string | GraphResponse {
  const unauthorized = (message: string) =>
    context.error(401, 'InvalidAuthenticationToken', message, {
      'www-authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    });
  if ('problem' in token) return unauthorized(token.problem);
  const claims = token.claims;
  if (!claims) return 'opaque';
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now())
    return unauthorized('Lifetime validation failed, the token is expired.');
  // Application tokens carry `roles`; delegated tokens carry `scp`, space-separated.
  const granted = new Set<string>([
    ...(Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : []),
    ...(typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : []),
  ]);
  const allowed = operation.permissions.some((set) => set.every((permission) => granted.has(permission)));
  if (!allowed) {
    const needed = operation.permissions.map((set) => set.join(' and ')).join(' or ');
    return context.error(403, 'Forbidden', `Missing permission. The operation needs ${needed}.`);
  }
  return 'granted';
}

/** `lastModifiedBy` and `createdByDisplayName` as Graph writes them for the caller. */
export function callerName(token: ReadToken): string {
  const claims = 'claims' in token ? token.claims : undefined;
  if (!claims) return 'API-App:graph-incidents-mock';
  const user = [claims.upn, claims.unique_name, claims.preferred_username].find((v) => typeof v === 'string');
  if (typeof claims.scp === 'string' && typeof user === 'string') return user;
  const app = [claims.app_displayname, claims.appid].find((v) => typeof v === 'string');
  return `API-App:${typeof app === 'string' ? app : 'graph-incidents-mock'}`;
}

function decodeBase64Url(text: string): string {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

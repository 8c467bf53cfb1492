import { createQuerySerializer, defaultBodySerializer, defaultPathSerializer } from 'openapi-fetch';
import { GraphError, GraphOriginError } from './errors.js';
import { originRefusal, parseUrl } from './origin.js';
import type { Page } from './paging.js';
import {
  type Clock,
  createTransport,
  parseRetryAfter,
  redact,
  type RetryOptions,
  systemClock,
} from './transport.js';

/**
 * An `@azure/identity` `TokenCredential` (`ClientSecretCredential`, `DefaultAzureCredential`, …), described by its
 * shape so that this package does not depend on `@azure/identity`.
 */
export interface TokenCredential {
  getToken(scopes: string | string[]): Promise<{ token: string } | null>;
}

/** The scope of an app's Graph permissions: `https://graph.microsoft.com/.default`. */
export const graphScope = 'https://graph.microsoft.com/.default';

/** Options of {@link createIncidentsClient} and {@link createIncidentsCore}. */
export interface IncidentsClientOptions {
  /** Graph's root, with its version. Default `https://graph.microsoft.com/v1.0`. */
  baseUrl?: string;
  /** Returns the bearer token. Called before every attempt, so a token can refresh between retries. */
  getAccessToken?: () => string | Promise<string>;
  /**
   * Signs in with an `@azure/identity` credential: a token for `scopes` is asked for before every attempt (the
   * credential caches and refreshes it). `getAccessToken`, when also given, wins.
   */
  credential?: TokenCredential;
  /** The scopes asked of `credential`. Default {@link graphScope}. */
  scopes?: string | string[];
  /** The `fetch` to send requests with. Default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** The retry policy, or `false` for none. */
  retry?: RetryOptions | false;
  /** Timeout of one attempt, until the response headers arrive, in ms. Default 100 000; 0 for none. */
  timeoutMs?: number;
  /** Sends `Prefer: include-unknown-enum-members`, so members after `unknownFutureValue` arrive as they are. */
  preferUnknownEnumMembers?: boolean;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** The clock for retry waits and timeouts. For tests. */
  clock?: Clock;
}

/** Options every operation takes. */
export interface RequestOptions {
  /** Aborts the request, including a wait between retries. */
  signal?: AbortSignal;
}

/**
 * The runtime the generated operations share: Graph's root, a request function and the transport (token, retries,
 * timeout, same-origin redirects). Use it with the standalone operation functions (`updateIncident(core, …)`) for the
 * smallest bundle, and with {@link createRawClient} for paths this package does not wrap.
 */
export interface IncidentsCore {
  /** Graph's root, with its version, without a trailing slash. */
  readonly baseUrl: string;
  /**
   * Sends one request and resolves to what `read` makes of a 2xx answer's text (parsed JSON by default), or rejects
   * with a `GraphError` (a non-2xx answer) or another `GraphClientError`. `body` is serialized by openapi-fetch's
   * `defaultBodySerializer`. `read` also gets the response, whose `url` is the page's own URL for a collection.
   */
  request<T>(
    method: string,
    url: string,
    options?: RequestOptions,
    body?: unknown,
    read?: (text: string, response: Response) => T,
  ): Promise<T>;
  /**
   * The transport as a `fetch`: sends `request` with this client's token, headers, `client-request-id`, timeout,
   * retries and same-origin redirects, and resolves to the answer whatever its status (openapi-fetch's `fetch` option).
   */
  fetch(request: Request): Promise<Response>;
}

/** The Graph endpoint this package was generated for. */
export const defaultBaseUrl = 'https://graph.microsoft.com/v1.0';

/**
 * Creates the shared runtime without any operation bound, for tree-shaken programs.
 * @example const core = createIncidentsCore({ getAccessToken }); await updateIncident(core, '29', { status: 'resolved' });
 */
export function createIncidentsCore(options: IncidentsClientOptions = {}): IncidentsCore {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const { credential, scopes = graphScope } = options;
  // Both given: getAccessToken wins (documented); a credential that answers null fails the attempt with a TypeError.
  const getAccessToken =
    options.getAccessToken ?? (credential && (async () => (await credential.getToken(scopes))!.token));
  // Lower-case names, so that the transport's own headers replace a caller's instead of joining them.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    ...(options.preferUnknownEnumMembers ? { Prefer: 'include-unknown-enum-members' } : {}),
    ...options.headers,
  }))
    headers[name.toLowerCase()] = value;
  const jsonHeaders = { 'content-type': 'application/json', ...headers };
  const transport = createTransport({
    ...options,
    getAccessToken,
    clock,
    timeoutMs: options.timeoutMs ?? 100_000,
  });
  return {
    baseUrl,
    async request(method, url, requestOptions, body, read = readJson as never) {
      const { response, request, token } = await transport({
        method,
        url,
        headers: body === undefined ? headers : jsonHeaders,
        body: body === undefined ? null : (defaultBodySerializer(body) as string),
        signal: requestOptions?.signal ?? null,
      });
      const text = await response.text();
      if (response.ok) return read(text, response);
      throw new GraphError({
        request,
        status: response.status,
        // A proxy or a buggy service may echo the Authorization header back.
        body: redact(parseIfJson(text), token),
        headers: response.headers,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
      });
    },
    async fetch(request) {
      const answer = await transport({
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        // Read once: each attempt sends the bytes again without cloning the request's stream.
        body: request.body ? await request.arrayBuffer() : null,
        signal: request.signal,
      });
      return answer.response;
    },
  };
}

/** A 2xx answer's JSON (as openapi-fetch reads it): `undefined` when the body is empty (204). */
function readJson(text: string): unknown {
  return text ? JSON.parse(text) : undefined;
}

/** An error answer's body: its JSON, its text when it is not JSON, `undefined` when empty. */
function parseIfJson(text: string): unknown {
  try {
    return readJson(text);
  } catch {
    return text;
  }
}

/** `{baseUrl}{path}` with the path parameters put in by openapi-fetch's `defaultPathSerializer`. */
export function pathUrl(core: IncidentsCore, template: string, params: Record<string, string>): string {
  return core.baseUrl + defaultPathSerializer(template, params);
}

// `$select=a,b`: the spec declares the array options `style: form, explode: false`.
const serializeQuery = /* @__PURE__ */ createQuerySerializer({ array: { style: 'form', explode: false } });

/** `url` with the query string openapi-fetch's query serializer makes of `query`, if any. */
export function withQuery(url: string, query: Record<string, unknown>): string {
  const search = serializeQuery(query);
  return search ? `${url}?${search}` : url;
}

/**
 * The URL of the page `nextLink` names. The token goes only to Graph: a next link on another origin, or with user
 * information in it, is refused rather than followed.
 */
export function nextLinkUrl(core: IncidentsCore, nextLink: string): string {
  const origin = new URL(core.baseUrl).origin;
  // Absolute links are read as fetch would read them; a relative one that toPage could not resolve (the response
  // had no URL) is read against the service root.
  const target = parseUrl(nextLink, undefined) ?? parseUrl(nextLink, core.baseUrl);
  const refusal = originRefusal(target, origin);
  if (refusal !== undefined)
    throw new GraphOriginError(
      `@odata.nextLink ${nextLink} ${refusal}; refusing to send the token there`,
      { method: 'GET', url: nextLink, clientRequestId: undefined },
      nextLink,
    );
  return target!.href;
}

/** `$count` answers in text/plain. */
export function toCount(text: string): number {
  const count = Number(text.trim());
  if (!Number.isInteger(count)) throw new TypeError(`expected an integer count, got ${JSON.stringify(text)}`);
  return count;
}

/**
 * Reads an OData collection response as a page. A relative next link is resolved against `pageUrl`, the URL the page
 * was read from (RFC 3986 §5.1.3); Graph itself sends absolute ones.
 */
export function toPage<T>(text: string, itemName: string, nextLinkName: string, pageUrl?: string): Page<T> {
  const body = (readJson(text) ?? {}) as Record<string, unknown>;
  const link = body[nextLinkName];
  // An absolute link stays verbatim; a relative one becomes absolute (or stays as sent when it cannot be resolved).
  const nextLink =
    typeof link === 'string' && link && !parseUrl(link, undefined)
      ? (parseUrl(link, pageUrl)?.href ?? link)
      : link;
  const count = body['@odata.count'];
  return {
    value: Array.isArray(body[itemName]) ? (body[itemName] as T[]) : [],
    ...(typeof nextLink === 'string' && nextLink ? { nextLink } : {}),
    ...(typeof count === 'number' ? { count } : {}),
  };
}

/** Reads a collection response that the operation returns as a plain array (every comment of an incident). */
export function toItems<T>(text: string): T[] {
  const value = (readJson(text) as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Builds the wire query from an options object: `{ top: 5 }` → `{ $top: 5 }`, leaving out what is undefined. */
export function toQuery(options: object, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  // Own properties only, written with defineProperty: a parameter named `__proto__` or `constructor` (a spec may
  // declare one) stays a plain query entry instead of reaching Object.prototype.
  for (const [key, value] of Object.entries(options))
    if (value !== undefined && Object.hasOwn(names, key))
      Object.defineProperty(query, names[key]!, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  return query;
}

import type { paths } from '@graph-incidents/types';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { GraphError, GraphOriginError } from './errors.js';
import { originRefusal, parseUrl } from './origin.js';
import type { Page } from './paging.js';
import {
  type Clock,
  createTransport,
  parseRetryAfter,
  redact,
  type RetryOptions,
  sentWith,
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

/** What openapi-fetch resolves to. */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The fetch options `call` hands to the raw client. */
export interface CallInit {
  signal: AbortSignal | null;
}

/**
 * The runtime the generated operations share: the openapi-fetch client plus error and paging helpers. Use it with
 * the standalone operation functions (`updateIncident(core, …)`) for the smallest bundle.
 */
export interface IncidentsCore<P extends {} = paths> {
  /** The openapi-fetch client, for paths this package does not wrap. It has the same auth, retries and headers. */
  readonly raw: Client<P>;
  readonly baseUrl: string;
  /**
   * Sends one request through `send` and resolves to its data, or rejects with a `GraphError`. `parse` also gets
   * the response, whose `url` is the page's own URL for a collection.
   */
  call<T>(
    send: (init: CallInit) => Promise<RawResult>,
    options?: RequestOptions,
    parse?: (data: unknown, response: Response) => T,
  ): Promise<T>;
}

/** The Graph endpoint this package was generated for. */
export const defaultBaseUrl = 'https://graph.microsoft.com/v1.0';

/**
 * Creates the shared runtime without any operation bound, for tree-shaken programs.
 * @example const core = createIncidentsCore({ getAccessToken }); await updateIncident(core, '29', { status: 'resolved' });
 */
export function createIncidentsCore<P extends {} = paths>(
  options: IncidentsClientOptions = {},
): IncidentsCore<P> {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const { credential, scopes = graphScope } = options;
  // Both given: getAccessToken wins (documented); a credential that answers null fails the attempt with a TypeError.
  const getAccessToken =
    options.getAccessToken ?? (credential && (async () => (await credential.getToken(scopes))!.token));
  const raw = createClient<P>({
    baseUrl,
    headers: {
      ...(options.preferUnknownEnumMembers ? { Prefer: 'include-unknown-enum-members' } : {}),
      ...options.headers,
    },
    fetch: createTransport({ ...options, getAccessToken, clock, timeoutMs: options.timeoutMs ?? 100_000 }),
    querySerializer: { array: { style: 'form', explode: false } },
  });
  return {
    raw,
    baseUrl,
    async call(send, requestOptions, parse = (data) => data as never) {
      const { data, error, response } = await send({ signal: requestOptions?.signal ?? null });
      if (response.ok) return parse(data, response);
      const sent = sentWith.get(response);
      throw new GraphError({
        request: sent?.request ?? { method: '', url: response.url, clientRequestId: undefined },
        status: response.status,
        // A proxy or a buggy service may echo the Authorization header back.
        body: redact(error, sent?.token),
        headers: response.headers,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
      });
    },
  };
}

/**
 * Fetch options that send a request to `nextLink` instead of the operation's path. The token goes only to Graph: a
 * next link on another origin, or with user information in it, is refused rather than followed.
 */
export function nextLinkInit(core: IncidentsCore<{}>, nextLink: string): { middleware: Middleware[] } {
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
  const href = target!.href;
  return { middleware: [{ onRequest: ({ request }) => new Request(href, request) }] };
}

/** `$count` answers in text/plain. */
export function toCount(data: unknown): number {
  const count = Number(String(data).trim());
  if (!Number.isInteger(count)) throw new TypeError(`expected an integer count, got ${JSON.stringify(data)}`);
  return count;
}

/**
 * Reads an OData collection response as a page. A relative next link is resolved against `pageUrl`, the URL the page
 * was read from (RFC 3986 §5.1.3); Graph itself sends absolute ones.
 */
export function toPage<T>(data: unknown, itemName: string, nextLinkName: string, pageUrl?: string): Page<T> {
  const body = (data ?? {}) as Record<string, unknown>;
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
export function toItems<T>(data: unknown): T[] {
  const value = (data as { value?: unknown } | undefined)?.value;
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

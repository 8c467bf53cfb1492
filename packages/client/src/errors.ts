import type { GraphInnerError, GraphMainError } from '@graph-incidents/types';

/** What every error of this client says about the request that failed. Never the bearer token. */
export interface RequestSummary {
  /** `GET`, `PATCH`… */
  readonly method: string;
  /** The request URL. It never carries the token: that travels in the `Authorization` header only. */
  readonly url: string;
  /** The `client-request-id` this client sent, a UUID. Quote it (with `requestId`) in support cases. */
  readonly clientRequestId: string | undefined;
}

/** The common base of the errors this client throws, so one `instanceof` check catches them all. */
export class GraphClientError extends Error {
  // Named literally: minifiers rename classes, so `constructor.name` would not survive a bundle.
  override name = 'GraphClientError';
  // `declare`: the fields are set by `Object.assign` below, so no field definitions reach the bundle (bytes, #16).
  declare readonly method: string;
  declare readonly url: string;
  declare readonly clientRequestId: string | undefined;

  constructor(message: string, request: RequestSummary, options?: { cause?: unknown }) {
    super(message, options);
    const { method, url, clientRequestId } = request;
    Object.assign(this, { method, url, clientRequestId });
  }

  /** A plain object for structured logs: the message and every field (the `cause` is left out). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

/** The request never got a response: DNS, connection refused, reset… `cause` holds the underlying error. */
export class GraphNetworkError extends GraphClientError {
  override name = 'GraphNetworkError';
}

/**
 * The service pointed the client somewhere it will not go: an `@odata.nextLink` or a redirect to another origin (or
 * with user information, or one this runtime hides). Nothing was sent there, so the token stayed with Graph.
 */
export class GraphOriginError extends GraphClientError {
  override name = 'GraphOriginError';
  /** Where the service pointed: the next link or the redirect's `Location`, as sent. */
  declare readonly target: string;
  constructor(message: string, request: RequestSummary, target: string) {
    super(message, request);
    Object.assign(this, { target });
  }
}

/** One attempt took longer than `timeoutMs`. */
export class GraphTimeoutError extends GraphClientError {
  override name = 'GraphTimeoutError';
  declare readonly timeoutMs: number;
  constructor(request: RequestSummary, timeoutMs: number) {
    super(`${request.method} ${request.url} timed out after ${timeoutMs} ms`, request);
    Object.assign(this, { timeoutMs });
  }
}

/**
 * Graph answered with a non-2xx status. Branch on {@link GraphError.is} (codes compare case-insensitively, and
 * nested `innerError` codes count), never on `message`.
 */
export class GraphError extends GraphClientError {
  override name = 'GraphError';
  declare readonly status: number;
  /** The top-level `error.code` as sent (`''` too), or `UnknownError` when the body is not a Graph error envelope. */
  declare readonly code: string;
  /** Every code of the envelope, most specific (innermost `innerError.code`) first. */
  declare readonly codes: readonly string[];
  /** The service's `error.message`, possibly empty. */
  declare readonly serviceMessage: string;
  declare readonly innerError: GraphInnerError | undefined;
  /** `request-id`, from `innerError` or the response header. */
  declare readonly requestId: string | undefined;
  /** When the error happened: `innerError.date` (read as UTC when it has no time zone), else the `Date` header. */
  declare readonly date: Date | undefined;
  /** The `Retry-After` of the response, in milliseconds. */
  declare readonly retryAfterMs: number | undefined;
  /** The parsed JSON body, or its text when it is not JSON. */
  declare readonly body: unknown;

  constructor(init: {
    request: RequestSummary;
    status: number;
    body: unknown;
    headers: Headers;
    retryAfterMs: number | undefined;
  }) {
    const { request, status, body, headers } = init;
    const envelope =
      isObject(body) && isObject(body['error']) ? (body['error'] as Partial<GraphMainError>) : undefined;
    // An empty code is Graph's own answer (facts.md §8: `$top` above 50), kept as sent, not replaced.
    const code = typeof envelope?.code === 'string' ? envelope.code : 'UnknownError';
    const serviceMessage = typeof envelope?.message === 'string' ? envelope.message : '';
    const innerError = isObject(envelope?.innerError) ? envelope.innerError : undefined;
    const codes = [code];
    for (let inner = innerError; inner; inner = isObject(inner.innerError) ? inner.innerError : undefined)
      if (typeof inner.code === 'string' && inner.code) codes.unshift(inner.code);
    const requestId = str(innerError?.['request-id']) ?? headers.get('request-id') ?? undefined;
    const clientRequestId =
      str(innerError?.['client-request-id']) ?? headers.get('client-request-id') ?? request.clientRequestId;
    const detail = envelope
      ? serviceMessage || '(no message)'
      : `non-Graph body${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
    super(
      `${code || '(empty code)'}: ${detail} (HTTP ${status}, ${request.method} ${request.url}` +
        `${requestId ? `, request-id ${requestId}` : ''}${clientRequestId ? `, client-request-id ${clientRequestId}` : ''})`,
      { ...request, clientRequestId },
    );
    Object.assign(this, {
      status,
      code,
      codes,
      serviceMessage,
      innerError,
      requestId,
      date: parseDate(str(innerError?.date)) ?? parseDate(headers.get('date') ?? undefined),
      retryAfterMs: init.retryAfterMs,
      body,
    });
  }

  /** True when `code` is this error's code or one of its nested codes, ignoring case: `error.is('itemNotFound')`. */
  is(code: string): boolean {
    const wanted = code.toLowerCase();
    return this.codes.some((c) => c.toLowerCase() === wanted);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** Graph's `innerError.date` has no time zone (`2024-02-18T16:46:20`); it is UTC. */
function parseDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(/T[\d:.]+$/.test(text) ? `${text}Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

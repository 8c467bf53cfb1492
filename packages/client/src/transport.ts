import {
  GraphClientError,
  GraphNetworkError,
  GraphOriginError,
  GraphTimeoutError,
  type RequestSummary,
} from './errors.js';
import { fetchOnOrigin } from './origin.js';

/** Time as the client sees it. Inject one in tests so that retries and timeouts never really wait. */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What `onRetry` learns about a retry it is told of. It never carries headers, so never the token. */
export interface RetryEvent {
  /** 1 for the first retry. */
  readonly retry: number;
  /** How long the client waits before it, in milliseconds. */
  readonly delayMs: number;
  /** The HTTP status that caused it, or `undefined` for a network error or a timeout. */
  readonly status: number | undefined;
  /** The network or timeout error that caused it. */
  readonly error: GraphClientError | undefined;
  readonly method: string;
  readonly url: string;
  readonly clientRequestId: string | undefined;
}

/** When and how often to retry. Defaults follow Microsoft's Graph SDKs. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** The cap on the total wait across retries, in ms: a retry that would exceed it is not made. Default 180 000. */
  maxTotalDelayMs?: number;
  /** The first backoff delay when the response has no `Retry-After`; it doubles per retry. Default 3 000. */
  baseDelayMs?: number;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Called before each wait. */
  onRetry?: (event: RetryEvent) => void;
}

export interface TransportOptions {
  getAccessToken?: (() => string | Promise<string>) | undefined;
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  retry?: RetryOptions | false | undefined;
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
}

/** The real clock. `sleep` uses `setTimeout` and clears it on abort. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      // The listener is removed when the wait ends, so a long-lived signal does not collect one per wait.
      const timer = setTimeout(() => resolve(signal?.removeEventListener('abort', onAbort)), ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * The request each response answered, and the token it carried, so that errors can name the request without
 * keeping it, and can scrub the token from a body that echoes it.
 */
export const sentWith = new WeakMap<Response, { request: RequestSummary; token: string | undefined }>();

/** `Retry-After` as delta-seconds or an HTTP-date, in milliseconds from `now`; `undefined` when absent or invalid. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Whether a failed attempt may be sent again. Reads (GET, HEAD) are retried on 429, 503, 504, network errors and
 * timeouts. Writes (PATCH, POST…) are retried only when the server cannot have applied them: on 429, and on 503
 * with `Retry-After`, both of which Graph sends before it processes the request.
 */
export function isRetryable(
  method: string,
  status: number | undefined,
  headers: Headers | undefined,
): boolean {
  const read = method === 'GET' || method === 'HEAD';
  if (status === undefined) return read;
  if (status === 429) return true;
  if (status === 503) return read || headers?.get('retry-after') != null;
  return status === 504 && read;
}

/**
 * The `fetch` that openapi-fetch calls: it adds the bearer token to each attempt (after every middleware ran, so no
 * middleware sees it), applies the per-attempt timeout and retries, and follows redirects on Graph's origin only.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const clock = options.clock ?? systemClock;
  const retry = options.retry === false ? { maxRetries: 0 } : (options.retry ?? {});
  const { maxRetries = 3, maxTotalDelayMs = 180_000, baseDelayMs = 3_000, random = Math.random } = retry;
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const { timeoutMs, getAccessToken } = options;

  return async (request) => {
    // One client-request-id for the logical request, kept across its retries.
    const clientRequestId = request.headers.get('client-request-id') ?? crypto.randomUUID();
    const summary: RequestSummary = { method: request.method, url: request.url, clientRequestId };
    // Read the body once: each attempt sends it again without cloning the request's stream.
    const body = request.body ? await request.arrayBuffer() : null;
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(request.headers);
      headers.set('client-request-id', clientRequestId);
      const token = getAccessToken ? await getAccessToken() : undefined;
      if (token) headers.set('authorization', `Bearer ${token}`);
      const timeout = new AbortController();
      const done = new AbortController();
      if (timeoutMs)
        clock.sleep(timeoutMs, done.signal).then(
          () => timeout.abort(new GraphTimeoutError(summary, timeoutMs)),
          () => {},
        );
      let response: Response | undefined;
      let failure: GraphClientError | undefined;
      try {
        const signal = AbortSignal.any([request.signal, timeout.signal]);
        response = await fetchOnOrigin(
          send,
          { url: request.url, method: request.method, headers, body, signal },
          summary,
        );
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        if (error instanceof GraphOriginError) throw error;
        failure = timeout.signal.aborted
          ? (timeout.signal.reason as GraphTimeoutError)
          : new GraphNetworkError(
              redact(
                `${summary.method} ${summary.url} failed: ${String((error as Error)?.message ?? error)}`,
                token,
              ),
              summary,
              { cause: scrubError(error, token) },
            );
      } finally {
        done.abort();
      }
      if (response) sentWith.set(response, { request: summary, token });
      const status = response?.status;
      if (attempt >= maxRetries || !isRetryable(summary.method, status, response?.headers)) {
        if (failure) throw failure;
        return response!;
      }
      const retryAfter = response && parseRetryAfter(response.headers.get('retry-after'), clock.now());
      const backoff = baseDelayMs * 2 ** attempt;
      const delayMs = retryAfter ?? Math.round(backoff / 2 + (random() * backoff) / 2);
      if (waited + delayMs > maxTotalDelayMs) {
        if (failure) throw failure;
        return response!;
      }
      waited += delayMs;
      retry.onRetry?.({ retry: attempt + 1, delayMs, status, error: failure, ...summary });
      await response?.body?.cancel();
      await clock.sleep(delayMs, request.signal);
    }
  };
}

/** Replaces the token wherever it appears in `value` (a string or parsed JSON). */
export function redact<T>(value: T, token: string | undefined): T {
  if (!token || value === undefined) return value;
  return typeof value === 'string'
    ? (value.replaceAll(token, '[redacted]') as T)
    : (JSON.parse(JSON.stringify(value).replaceAll(token, '[redacted]')) as T);
}

/** The error itself, or a copy without the token when its message or stack carries it (a custom `fetch` may). */
function scrubError(error: unknown, token: string | undefined): unknown {
  if (!token || !(error instanceof Error) || !`${error.message}${error.stack}`.includes(token)) return error;
  const copy = new Error(redact(error.message, token));
  copy.name = error.name;
  return copy;
}

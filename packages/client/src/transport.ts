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

/** One request as the transport sends it; it adds the token and the `client-request-id` to each attempt. */
export interface Outgoing {
  readonly method: string;
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Sent again as it is on a retry, so never a stream. */
  readonly body: string | ArrayBuffer | null;
  readonly signal: AbortSignal | null;
}

/** What the last attempt got: the response, the request for errors to name, and the token to scrub from them. */
export interface Answer {
  readonly response: Response;
  readonly request: RequestSummary;
  readonly token: string | undefined;
}

/**
 * Sends a request the way this client does: the bearer token added to each attempt (after every openapi-fetch
 * middleware ran, for `raw`), a per-attempt timeout, retries, and redirects followed on Graph's origin only.
 * Resolves to the last attempt's answer, whatever its status.
 */
export function createTransport(options: TransportOptions): (outgoing: Outgoing) => Promise<Answer> {
  const clock = options.clock ?? systemClock;
  const retry = options.retry === false ? { maxRetries: 0 } : (options.retry ?? {});
  const { maxRetries = 3, maxTotalDelayMs = 180_000, baseDelayMs = 3_000, random = Math.random } = retry;
  const custom = options.fetch;
  // A plain init rather than a Request, so that fetch builds its Request once (profile: each extra Request copies the
  // body stream, #16). The global fetch is looked up per call: a test may install MSW after the client is made.
  const send = custom
    ? (url: string, init: RequestInit) => custom(new Request(url, init))
    : (url: string, init: RequestInit) => fetch(url, init);
  const { timeoutMs, getAccessToken } = options;

  return async ({ method, url, headers, body, signal }) => {
    // One client-request-id for the logical request, kept across its retries.
    const clientRequestId = headers['client-request-id'] ?? crypto.randomUUID();
    const request: RequestSummary = { method, url, clientRequestId };
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const token = getAccessToken ? await getAccessToken() : undefined;
      const sent: Record<string, string> = { ...headers, 'client-request-id': clientRequestId };
      if (token) sent['authorization'] = `Bearer ${token}`;
      // Only what the attempt needs: no controller without a timeout, no AbortSignal.any without the caller's signal.
      let attemptSignal = signal;
      let timeout: AbortController | undefined;
      let stopTimer: (() => void) | undefined;
      if (timeoutMs) {
        const controller = (timeout = new AbortController());
        stopTimer = startTimer(clock, timeoutMs, () =>
          controller.abort(new GraphTimeoutError(request, timeoutMs)),
        );
        attemptSignal = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
      }
      let response: Response | undefined;
      let failure: GraphClientError | undefined;
      try {
        response = await fetchOnOrigin(
          send,
          url,
          { method, headers: sent, body, signal: attemptSignal },
          request,
        );
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof GraphOriginError) throw error;
        failure = timeout?.signal.aborted
          ? (timeout.signal.reason as GraphTimeoutError)
          : new GraphNetworkError(
              redact(`${method} ${url} failed: ${String((error as Error)?.message ?? error)}`, token),
              request,
              { cause: scrubError(error, token) },
            );
      } finally {
        stopTimer?.();
      }
      const status = response?.status;
      if (attempt >= maxRetries || !isRetryable(method, status, response?.headers)) {
        if (failure) throw failure;
        return { response: response!, request, token };
      }
      const retryAfter = response && parseRetryAfter(response.headers.get('retry-after'), clock.now());
      const backoff = baseDelayMs * 2 ** attempt;
      const delayMs = retryAfter ?? Math.round(backoff / 2 + (random() * backoff) / 2);
      if (waited + delayMs > maxTotalDelayMs) {
        if (failure) throw failure;
        return { response: response!, request, token };
      }
      waited += delayMs;
      retry.onRetry?.({ retry: attempt + 1, delayMs, status, error: failure, ...request });
      await response?.body?.cancel();
      await clock.sleep(delayMs, signal ?? undefined);
    }
  };
}

/**
 * Calls `fire` after `ms` unless the returned function is called first. The system clock gets a plain
 * `setTimeout`: a controller to cancel `sleep` would cost an AbortSignal and, on abort, a DOMException per attempt
 * (the profile of #16 showed both).
 */
function startTimer(clock: Clock, ms: number, fire: () => void): () => void {
  if (clock === systemClock) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  }
  const done = new AbortController();
  clock.sleep(ms, done.signal).then(fire, () => {});
  return () => done.abort();
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

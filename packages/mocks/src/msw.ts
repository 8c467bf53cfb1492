import { http, HttpResponse, type HttpHandler } from 'msw';
import { createGraphHandler, type FaultRule } from './graph-handler.js';
import { IncidentStore } from './store.js';

/** Options of {@link createHandlers}. */
export interface CreateHandlersOptions {
  /** The state to serve. Default: a new store with seed 1 and 120 incidents. */
  readonly store?: IncidentStore;
  /** The origin the handlers intercept. Default `https://graph.microsoft.com`. */
  readonly baseUrl?: string;
  /** Forced 429/503 responses for testing retries. */
  readonly faults?: readonly FaultRule[];
  /** Check `Authorization` as Graph does. Default `true`. */
  readonly auth?: boolean;
}

/**
 * MSW request handlers for `/v1.0` and `/beta` that run the same Graph semantics as the mock server, in-process.
 * @example
 * const server = setupServer(...createHandlers({ store: new IncidentStore({ seed: 3 }) }));
 */
export function createHandlers(options: CreateHandlersOptions = {}): HttpHandler[] {
  const store = options.store ?? new IncidentStore();
  const handle = createGraphHandler(store, {
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
  });
  const origin = (options.baseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  return ['v1.0', 'beta'].map((version) =>
    http.all(`${origin}/${version}/*`, async ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
      const response = await handle({ method: request.method, url: request.url, headers, body });
      return new HttpResponse(response.body, { status: response.status, headers: response.headers });
    }),
  );
}

export { IncidentStore } from './store.js';

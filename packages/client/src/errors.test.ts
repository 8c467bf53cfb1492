import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIncidentsClient } from './client.js';
import type { IncidentsClientOptions } from './core.js';
import { GraphClientError, GraphError, GraphNetworkError, GraphTimeoutError } from './errors.js';
import type { RetryEvent } from './transport.js';
import {
  graphJsonType,
  instantClock,
  sendJson,
  startServer,
  type TestServer,
} from './test-support/graph-server.js';

const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload.signature';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

function client(extra: IncidentsClientOptions = {}) {
  return createIncidentsClient({
    baseUrl: server!.baseUrl,
    getAccessToken: () => token,
    clock: instantClock(),
    timeoutMs: 0,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<GraphClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphClientError);
  return error as GraphClientError;
}

describe('GraphError', () => {
  it('reads the envelope: code, message, innerError, request ids, date without a time zone', async () => {
    server = await startServer((_, response) =>
      sendJson(
        response,
        400,
        {
          error: {
            code: 'InvalidRequestBody',
            message: 'Request body is incorrect',
            innerError: { date: '2024-02-18T16:46:20', 'request-id': 'req-1', 'client-request-id': 'echoed' },
          },
        },
        { date: 'Sun, 18 Feb 2024 16:46:21 GMT' },
      ),
    );
    const error = (await failure(
      client().updateIncident('29', { classification: 'truePositive' }),
    )) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      status: 400,
      code: 'InvalidRequestBody',
      serviceMessage: 'Request body is incorrect',
      requestId: 'req-1',
      clientRequestId: 'echoed',
      method: 'PATCH',
      retryAfterMs: undefined,
    });
    expect(error.date?.toISOString()).toBe('2024-02-18T16:46:20.000Z');
    expect(error.innerError?.['request-id']).toBe('req-1');
    expect(error.is('invalidRequestBody')).toBe(true);
    expect(error.is('itemNotFound')).toBe(false);
    expect(error.message).toContain('InvalidRequestBody: Request body is incorrect (HTTP 400, PATCH');
    expect(error.message).toContain('request-id req-1');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'GraphError',
      message: error.message,
      status: 400,
      code: 'InvalidRequestBody',
      requestId: 'req-1',
      date: '2024-02-18T16:46:20.000Z',
      method: 'PATCH',
    });
  });

  it('walks nested innerError codes, most specific first, case-insensitively', async () => {
    server = await startServer((_, response) =>
      sendJson(response, 403, {
        error: {
          code: 'accessDenied',
          message: 'Denied',
          innerError: { code: 'missingRole', innerError: { code: 'SecurityAdministratorRequired' } },
        },
      }),
    );
    const error = (await failure(client().getIncident('1'))) as GraphError;
    expect(error.codes).toEqual(['SecurityAdministratorRequired', 'missingRole', 'accessDenied']);
    expect(error.is('securityadministratorrequired')).toBe(true);
    expect(error.is('ACCESSDENIED')).toBe(true);
  });

  it('stays useful with an empty message, and falls back to the sent client-request-id and the Date header', async () => {
    server = await startServer((_, response) =>
      sendJson(
        response,
        500,
        { error: { code: 'UnknownError', message: '' } },
        { date: 'Sun, 01 Mar 2026 12:00:00 GMT' },
      ),
    );
    const error = (await failure(client({ retry: false }).getIncident('1'))) as GraphError;
    expect(error.message).toMatch(
      /^UnknownError: \(no message\) \(HTTP 500, GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/security\/incidents\/1/,
    );
    expect(error.clientRequestId).toBe(server.requests[0]!.headers['client-request-id']);
    expect(error.date?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('handles a non-JSON body', async () => {
    server = await startServer((_, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const error = (await failure(client().getIncident('1'))) as GraphError;
    expect(error).toMatchObject({ status: 502, code: 'UnknownError', body: '<html>Bad gateway</html>' });
    expect(error.message).toContain('non-Graph body: <html>Bad gateway</html>');
  });

  it('handles an empty body and surfaces Retry-After', async () => {
    server = await startServer((_, response) => {
      response.writeHead(429, { 'retry-after': '7', 'content-length': '0' });
      response.end();
    });
    const error = (await failure(client({ retry: false }).getIncident('1'))) as GraphError;
    expect(error).toMatchObject({ status: 429, code: 'UnknownError', retryAfterMs: 7000, body: undefined });
  });

  it('parses a JSON error whose Content-Type carries OData parameters', async () => {
    server = await startServer((_, response) => {
      response.writeHead(404, { 'content-type': graphJsonType });
      response.end('{"error":{"code":"itemNotFound","message":"No incident 9"}}');
    });
    const error = (await failure(client().getIncident('9'))) as GraphError;
    expect(error.is('itemNotFound')).toBe(true);
    expect(error.body).toEqual({ error: { code: 'itemNotFound', message: 'No incident 9' } });
  });
});

describe('network failures and timeouts', () => {
  it('rejects with GraphNetworkError when the connection drops, after retrying a GET', async () => {
    // A server that cuts every connection as soon as a request arrives.
    const raw = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    let hits = 0;
    raw.on('request', () => hits++);
    const port = (raw.address() as AddressInfo).port;
    try {
      const clock = instantClock();
      const graph = createIncidentsClient({
        baseUrl: `http://127.0.0.1:${port}/v1.0`,
        getAccessToken: () => token,
        clock,
        timeoutMs: 0,
      });
      const error = await failure(graph.getIncident('1'));
      expect(error).toBeInstanceOf(GraphNetworkError);
      expect(error).not.toBeInstanceOf(GraphError);
      expect(error.cause).toBeDefined();
      expect(hits).toBe(4);
      expect(clock.waits).toHaveLength(3);

      hits = 0;
      await expect(graph.updateIncident('1', { status: 'active' })).rejects.toBeInstanceOf(GraphNetworkError);
      expect(hits).toBe(1);
    } finally {
      raw.closeAllConnections();
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('rejects with GraphTimeoutError when an attempt outlives timeoutMs', async () => {
    // The server never answers; the injected clock lets the timeout elapse at once.
    server = await startServer(() => {});
    const error = await failure(client({ timeoutMs: 30_000, retry: false }).getIncident('1'));
    expect(error).toBeInstanceOf(GraphTimeoutError);
    expect((error as GraphTimeoutError).timeoutMs).toBe(30_000);
    expect(error.message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/security\/incidents\/1 timed out after 30000 ms/,
    );
  });

  it('with the system clock: a real timer ends the attempt, and is cleared once an answer arrives', async () => {
    let answer = false;
    server = await startServer((_, response) => {
      if (answer) sendJson(response, 200, { id: '1' });
    });
    const graph = createIncidentsClient({ baseUrl: server.baseUrl, timeoutMs: 50, retry: false });
    const error = await failure(graph.getIncident('1'));
    expect(error).toBeInstanceOf(GraphTimeoutError);
    expect((error as GraphTimeoutError).timeoutMs).toBe(50);

    answer = true;
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    const slow = createIncidentsClient({ baseUrl: server.baseUrl, timeoutMs: 600_000, retry: false });
    expect(await slow.getIncident('1')).toEqual({ id: '1' });
    const attemptTimers = setTimer.mock.calls.flatMap(([, ms], i) =>
      ms === 600_000 ? [setTimer.mock.results[i]!.value as unknown] : [],
    );
    expect(attemptTimers).toHaveLength(1);
    expect(clearTimer.mock.calls.map(([timer]) => timer)).toContain(attemptTimers[0]);
  });

  it('with a timeout and the caller’s signal, the caller’s abort wins and is passed through as is', async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    server = await startServer(() => arrived());
    const controller = new AbortController();
    const pending = createIncidentsClient({ baseUrl: server.baseUrl, timeoutMs: 60_000 }).getIncident('1', {
      signal: controller.signal,
    });
    await inFlight;
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(server.requests).toHaveLength(1);
  });

  it('passes the caller’s abort through as is', async () => {
    server = await startServer(() => {});
    const controller = new AbortController();
    const pending = client().getIncident('1', { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('the bearer token never leaks', () => {
  it('is absent from message, toJSON(), util.inspect and every log line, for every error kind', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(inspect(args)));
    server = await startServer((request, response) =>
      // A hostile server that echoes every header back, in the body and in headers.
      sendJson(
        response,
        request.url.includes('throttle') ? 429 : 401,
        { error: { code: 'InvalidAuthenticationToken', message: JSON.stringify(request.headers) } },
        {
          'retry-after': '1',
          'x-echo': String(request.headers['authorization']),
        },
      ),
    );
    const events: RetryEvent[] = [];
    const graph = client({
      retry: {
        onRetry: (event) => {
          events.push(event);
          console.warn('retrying', event);
        },
      },
    });
    const errors: unknown[] = [];
    errors.push(await graph.getIncident('1').catch((e: unknown) => e));
    errors.push(await graph.getIncident('throttle').catch((e: unknown) => e));
    // A fetch that puts the token in its own error message.
    const leaky = client({
      fetch: (request) =>
        Promise.reject(new TypeError(`cannot send ${request.headers.get('authorization')}`)),
    });
    errors.push(await leaky.getIncident('1').catch((e: unknown) => e));
    // The injected clock lets the timeout elapse before the server answers.
    errors.push(
      await client({ timeoutMs: 1, retry: false })
        .getIncident('slow')
        .catch((e: unknown) => e),
    );

    expect(events.length).toBeGreaterThan(0);
    expect(errors.map((e) => (e as Error).name)).toEqual([
      'GraphError',
      'GraphError',
      'GraphNetworkError',
      'GraphTimeoutError',
    ]);
    for (const error of errors) {
      const e = error as GraphClientError;
      expect(e.message).not.toContain(token);
      expect(JSON.stringify(e.toJSON())).not.toContain(token);
      expect(inspect(e, { depth: 10 })).not.toContain(token);
      console.error(e);
    }
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(line).not.toContain(token);
    // The secret did reach the server, so the assertions above would have seen it had it leaked.
    expect(server.requests.some((r) => r.headers['authorization'] === `Bearer ${token}`)).toBe(true);
  });
});

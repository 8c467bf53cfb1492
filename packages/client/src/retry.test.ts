import { afterEach, describe, expect, it } from 'vitest';
import { createIncidentsClient } from './client.js';
import type { IncidentsClientOptions } from './core.js';
import { GraphError } from './errors.js';
import { type Clock, isRetryable, parseRetryAfter, type RetryEvent } from './transport.js';
import {
  incident,
  instantClock,
  sendJson,
  startServer,
  type TestServer,
} from './test-support/graph-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers with `statuses` in turn (then 200), each with the given headers. */
async function serve(statuses: readonly (readonly [number, Record<string, string>?])[]): Promise<TestServer> {
  return startServer((_, response, index) => {
    const [status, headers] = statuses[index] ?? [200];
    if (status === 200) sendJson(response, 200, incident('1'));
    else
      sendJson(response, status, { error: { code: 'activityLimitReached', message: 'slow down' } }, headers);
  });
}

function client(clock: Clock, extra: IncidentsClientOptions = {}) {
  return createIncidentsClient({ baseUrl: server!.baseUrl, clock, timeoutMs: 0, ...extra });
}

describe('Retry-After', () => {
  it('waits delta-seconds, then an HTTP-date, and reports each retry to onRetry', async () => {
    const clock = instantClock(Date.parse('2026-03-01T12:00:00Z'));
    server = await serve([
      [429, { 'retry-after': '2' }],
      [503, { 'retry-after': 'Sun, 01 Mar 2026 12:00:05 GMT' }],
      [504],
    ]);
    const events: RetryEvent[] = [];
    const graph = client(clock, { retry: { onRetry: (event) => events.push(event), random: () => 0.5 } });
    expect(await graph.getIncident('1')).toMatchObject({ id: '1' });
    expect(server.requests).toHaveLength(4);
    expect(clock.waits).toEqual([2000, 5000, 3000 * 2 ** 2 * 0.75]);
    expect(events.map((e) => [e.retry, e.status, e.delayMs])).toEqual([
      [1, 429, 2000],
      [2, 503, 5000],
      [3, 504, 9000],
    ]);
    // The same logical request: one client-request-id across its attempts.
    expect(new Set(server.requests.map((r) => r.headers['client-request-id'])).size).toBe(1);
  });

  it('parses both forms, and ignores garbage', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles with jitter without Retry-After, then gives up after maxRetries with the last GraphError', async () => {
    const clock = instantClock();
    server = await serve([[503], [503], [503], [503], [503]]);
    const jitter = [0, 0.999, 0.5];
    const graph = client(clock, { retry: { random: () => jitter.shift() ?? 0 } });
    const error = await graph.getIncident('1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).status).toBe(503);
    expect(server.requests).toHaveLength(4);
    // base 3 s, 6 s, 12 s, each between half and all of it.
    expect(clock.waits).toEqual([1500, Math.round(3000 + 0.999 * 3000), 9000]);
  });

  it('stops before the total wait would pass maxTotalDelayMs', async () => {
    const clock = instantClock();
    server = await serve([
      [429, { 'retry-after': '100' }],
      [429, { 'retry-after': '100' }],
    ]);
    const error = await client(clock)
      .getIncident('1')
      .catch((e: unknown) => e);
    expect((error as GraphError).retryAfterMs).toBe(100_000);
    expect(server.requests).toHaveLength(2);
    expect(clock.waits).toEqual([100_000]);
  });

  it('honours maxRetries and retry: false', async () => {
    const clock = instantClock();
    server = await serve([[429], [429], [429]]);
    await expect(client(clock, { retry: { maxRetries: 1 } }).getIncident('1')).rejects.toBeInstanceOf(
      GraphError,
    );
    expect(server.requests).toHaveLength(2);
    await expect(client(clock, { retry: false }).getIncident('1')).rejects.toBeInstanceOf(GraphError);
    expect(server.requests).toHaveLength(3);
  });
});

describe('writes are retried only when the server cannot have applied them', () => {
  it.each([
    ['PATCH 429 without Retry-After', 'PATCH', [429], 2],
    ['PATCH 503 with Retry-After', 'PATCH', [503, { 'retry-after': '1' }], 2],
    ['PATCH 503 without Retry-After', 'PATCH', [503], 1],
    ['PATCH 504', 'PATCH', [504, { 'retry-after': '1' }], 1],
    ['POST 429', 'POST', [429, { 'retry-after': '1' }], 2],
    ['POST 503 without Retry-After', 'POST', [503], 1],
    ['GET 504', 'GET', [504], 2],
  ] as const)('%s', async (_, method, answer, requests) => {
    server = await serve([answer as readonly [number, Record<string, string>?]]);
    const graph = client(instantClock());
    // Non-ASCII text, so that the bytes on the wire differ from the string's UTF-16 code units.
    const bodies = {
      PATCH: { status: 'resolved', resolvingComment: 'Contained — ✓ 🔒 naïve' },
      POST: { comment: 'Host isolated — ✓ 🔒 naïve' },
      GET: undefined,
    } as const;
    const call =
      method === 'PATCH'
        ? graph.updateIncident('1', bodies.PATCH)
        : method === 'POST'
          ? graph.createIncidentComment('1', bodies.POST)
          : graph.getIncident('1');
    await call.catch(() => undefined);
    expect(server.requests).toHaveLength(requests);
    // Every attempt sends the same body: the same bytes as the first, which are the UTF-8 JSON of what was passed.
    const expected = bodies[method] ? Buffer.from(JSON.stringify(bodies[method]), 'utf8') : Buffer.alloc(0);
    for (const request of server.requests) expect(request.bytes.equals(expected), request.body).toBe(true);
  });

  it('the rule, in one table', () => {
    const withRetryAfter = new Headers({ 'retry-after': '1' });
    const table = ['GET', 'PATCH', 'POST'].map((method) => [
      method,
      isRetryable(method, 429, undefined),
      isRetryable(method, 503, undefined),
      isRetryable(method, 503, withRetryAfter),
      isRetryable(method, 504, withRetryAfter),
      isRetryable(method, undefined, undefined),
      isRetryable(method, 500, undefined),
    ]);
    expect(table).toEqual([
      ['GET', true, true, true, true, true, false],
      ['PATCH', true, false, true, false, false, false],
      ['POST', true, false, true, false, false, false],
    ]);
  });
});

describe('abort', () => {
  it('aborts during a retry wait without sending again', async () => {
    server = await serve([[429, { 'retry-after': '30' }]]);
    let waiting!: () => void;
    const started = new Promise<void>((resolve) => (waiting = resolve));
    // A clock whose waits only end by abort, so the test controls exactly when the wait is interrupted.
    const clock: Clock = {
      now: () => 0,
      sleep: (_, signal) =>
        new Promise((_, reject) => {
          waiting();
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    };
    const controller = new AbortController();
    const pending = client(clock).getIncident('1', { signal: controller.signal });
    await started;
    controller.abort(new DOMException('user cancelled', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'user cancelled' });
    expect(server.requests).toHaveLength(1);
  });
});

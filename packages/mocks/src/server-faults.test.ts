import { describe, expect, it } from 'vitest';
import { graphFetch } from './graph-test.test-helper.js';
import { startMockGraph } from './server.js';
import { IncidentStore } from './store.js';
import { createGraphHandler } from './graph-handler.js';

// Forced faults (by option, by request header, as a seeded rate) and latency, each on a mock of its own.

describe('fault injection', () => {
  it('forces 429 with Retry-After for the first requests to one operation, by option', async () => {
    const faulty = await startMockGraph({
      seed: 2,
      incidents: 3,
      faults: [{ status: 429, operationId: 'updateIncident', times: 2, retryAfter: 3 }],
    });
    try {
      const request = graphFetch(faulty.url);
      const id = faulty.store.list()[0]!.id;
      const patch = () =>
        request(`/v1.0/security/incidents/${id}`, {
          method: 'PATCH',
          json: { assignedTo: 'retry@contoso.com' },
        });
      const first = await patch();
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('3');
      expect(first.json.error.code).toBe('TooManyRequests');
      expect((await request(`/v1.0/security/incidents/${id}`)).status).toBe(200);
      expect((await patch()).status).toBe(429);
      expect(faulty.store.get(id)!.assignedTo).not.toBe('retry@contoso.com');
      expect((await patch()).status).toBe(200);
      expect(faulty.store.get(id)!.assignedTo).toBe('retry@contoso.com');
    } finally {
      await faulty.close();
    }
  });

  it('a large store warms its request path at start without touching its state: the first request still gets its fault, then the same page as a store that never warmed', async () => {
    // Beyond the store's cache (4,096) startMockGraph answers one deep list page through a throwaway server and
    // handler of its own; a fault rule counted by it, or a page it changed, would show here.
    const incidents = 5000;
    const faulty = await startMockGraph({
      seed: 5,
      incidents,
      faults: [{ status: 503, operationId: 'listIncidents', times: 1 }],
    });
    try {
      const page = `/v1.0/security/incidents?$top=2&$skip=${incidents / 2}`;
      const first = await graphFetch(faulty.url)(page);
      expect(first.status).toBe(503);
      const second = await graphFetch(faulty.url)(page);
      expect(second.status).toBe(200);
      // The same page from a store that was never warmed, through the handler alone.
      const unwarmed = createGraphHandler(new IncidentStore({ seed: 5, incidents }));
      const expected = await unwarmed({
        method: 'GET',
        url: `http://127.0.0.1${page}`,
        headers: { authorization: 'Bearer x', host: '127.0.0.1' },
        body: '',
      });
      const ids = (body: { value: { id: string }[] }) => body.value.map((incident) => incident.id);
      expect(ids(second.json)).toEqual(ids(JSON.parse(expected.body)));
      expect(ids(second.json)).toHaveLength(2);
    } finally {
      await faulty.close();
    }
  });

  it('forces a fault by request header', async () => {
    const graph = await startMockGraph({ seed: 11, incidents: 3 });
    try {
      const { status, headers, json } = await graphFetch(graph.url)('/v1.0/security/incidents', {
        headers: { 'x-mock-fault': '503; retry-after=7' },
      });
      expect(status).toBe(503);
      expect(headers.get('retry-after')).toBe('7');
      expect(json.error.code).toBe('serviceNotAvailable');
    } finally {
      await graph.close();
    }
  });

  it('fails a seeded share of requests as a rate', async () => {
    const run = async () => {
      const faulty = await startMockGraph({ seed: 5, incidents: 1, faults: [{ status: 503, rate: 0.3 }] });
      try {
        const request = graphFetch(faulty.url);
        const statuses: number[] = [];
        for (let i = 0; i < 100; i++)
          statuses.push((await request('/v1.0/security/incidents/$count')).status);
        return statuses;
      } finally {
        await faulty.close();
      }
    };
    const first = await run();
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
    expect(await run()).toEqual(first);
  });

  it('rejects bad fault and latency options with a clear error', async () => {
    await expect(startMockGraph({ faults: [{ status: 500 as 429 }] })).rejects.toThrow(/429 or 503/);
    await expect(startMockGraph({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });
});

describe('latency', () => {
  it('delays every response by latencyMs', async () => {
    const slow = await startMockGraph({ incidents: 1, latencyMs: 60 });
    try {
      const started = performance.now();
      expect((await graphFetch(slow.url)('/v1.0/security/incidents/$count')).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await slow.close();
    }
  });
});

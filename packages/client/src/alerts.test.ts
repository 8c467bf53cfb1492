/**
 * The alerts of an incident (listIncidentAlerts, iterateIncidentAlerts, getIncidentAlert, countIncidentAlerts) and
 * `$top` as the caller gave it, against the real mock over loopback.
 */
import { buildAlert, IncidentStore } from '@graph-incidents/mocks';
import { type MockGraph, startMockGraph } from '@graph-incidents/mocks/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentsClient } from './client.js';
import { GraphError } from './errors.js';
import { alertFilter } from './generated/odata.gen.js';

const store = new IncidentStore({ seed: 31, incidents: 3 });
/** Incidents with 0, 1, 50 (a full page) and 51 (a page and one) alerts. */
const counts = [0, 1, 50, 51] as const;
const ids = counts.map((count) => `${7000 + count}`);
let mock: MockGraph;
const seen: string[] = [];

beforeAll(async () => {
  const template = store.list()[0]!;
  counts.forEach((count, index) =>
    store.put(
      { ...template, id: ids[index]! },
      Array.from({ length: count }, (_, n) => buildAlert({ id: `da${count}_${n}` }, { seed: n + 1 })),
    ),
  );
  mock = await startMockGraph({ store });
});
afterAll(() => mock.close());

const client = () =>
  createIncidentsClient({
    baseUrl: `${mock.url}/v1.0`,
    getAccessToken: () => 'opaque-test-token',
    fetch: async (request: Request) => {
      seen.push(request.url);
      return fetch(request);
    },
  });

describe('the alerts of an incident', () => {
  it.each(counts.map((count, index) => [count, ids[index]!] as const))(
    'iterateIncidentAlerts yields all %i alerts, page by page',
    async (count, id) => {
      const alerts = [];
      for await (const alert of client().iterateIncidentAlerts(id)) alerts.push(alert.id);
      expect(alerts).toEqual(store.alerts(id)!.map((a) => a.id));
      expect(alerts).toHaveLength(count);
      const pages = [];
      for await (const page of client().iterateIncidentAlerts(id).pages()) pages.push(page.value.length);
      expect(pages).toEqual(count > 50 ? [50, count - 50] : [count]);
    },
  );

  it('listIncidentAlerts sends the typed query and returns one page with its count and next link', async () => {
    const id = ids[3]!;
    const page = await client().listIncidentAlerts(id, {
      top: 2,
      count: true,
      select: ['title', 'severity'],
      filter: alertFilter.ne('severity', 'unknown'),
    });
    const expected = store.alerts(id)!.filter((a) => a.severity !== 'unknown');
    expect(page.value).toEqual(
      expected.slice(0, 2).map((a) => ({ id: a.id, title: a.title, severity: a.severity })),
    );
    expect(page.count).toBe(expected.length);
    expect(page.nextLink).toContain('$skip=2');
  });

  it('getIncidentAlert and countIncidentAlerts', async () => {
    const id = ids[1]!;
    const [alert] = store.alerts(id)!;
    expect(await client().getIncidentAlert(id, alert!.id)).toMatchObject({
      id: alert!.id,
      title: alert!.title,
    });
    expect(await client().countIncidentAlerts(ids[2]!)).toBe(50);
    expect(await client().countIncidentAlerts(ids[0]!)).toBe(0);
    const missing = await client()
      .getIncidentAlert(id, 'da-nope')
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(GraphError);
    expect(missing).toMatchObject({ status: 404 });
  });
});

describe('$top as the caller gave it (facts.md §8)', () => {
  it('sends $top=100 unchanged, and rejects with the service’s 400, empty code and request-id kept', async () => {
    seen.length = 0;
    const error = await client()
      .listIncidents({ top: 100 })
      .catch((e: unknown) => e);
    expect(new URL(seen.at(-1)!).searchParams.get('$top')).toBe('100');
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 400, code: '' });
    expect((error as GraphError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((error as GraphError).serviceMessage).toMatch(/The limit of '50' for Top query has been exceeded/);
  });

  it('sends $top=50 and gets a full page', async () => {
    const big = new IncidentStore({ seed: 2, incidents: 51 });
    const other = await startMockGraph({ store: big });
    try {
      const page = await createIncidentsClient({
        baseUrl: `${other.url}/v1.0`,
        getAccessToken: () => 'opaque-test-token',
      }).listIncidents({ top: 50 });
      expect(page.value).toHaveLength(50);
      expect(page.nextLink).toBe(`${other.url}/v1.0/security/incidents?$top=50&$skip=50`);
    } finally {
      await other.close();
    }
  });
});

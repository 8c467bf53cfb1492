import type { Incident } from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli.js';
import { createGraphHandler } from './graph-handler.js';
import { startMockGraph } from './server.js';
import { IncidentStore } from './store.js';

// Correctness at scale only: how fast these run is measured in bench/ (sections/mock-scale.mjs), never asserted here.

const million = new IncidentStore({ seed: 21, incidents: 1_000_000 });
const handle = createGraphHandler(million, { auth: false });
const get = async (path: string) => {
  const response = await handle({ method: 'GET', url: `http://127.0.0.1:4010${path}`, headers: {} });
  expect(response.status, response.body.slice(0, 300)).toBe(200);
  return JSON.parse(response.body) as {
    value: Incident[];
    '@odata.nextLink'?: string;
    '@odata.count'?: number;
  };
};
const ids = (incidents: readonly Incident[]) => incidents.map((incident) => Number(incident.id));

describe('a store of 1,000,000 incidents (and one of 100,000 to sort)', () => {
  const newest = million.slots().at(0);
  const oldestId = Number(million.readonlySlot(million.slots().at(999_999))['id']);

  it('numbers them in creation order and pages newest first, to the last page and a page and one from the end', async () => {
    expect(million.size).toBe(1_000_000);
    expect(newest).toBe(999_999);
    const first = await get('/v1.0/security/incidents');
    expect(ids(first.value)).toEqual(Array.from({ length: 50 }, (_, i) => oldestId + 999_999 - i));
    const last = await get('/v1.0/security/incidents?$skip=999950');
    expect(ids(last.value)).toEqual(Array.from({ length: 50 }, (_, i) => oldestId + 49 - i));
    expect(last).not.toHaveProperty('@odata.nextLink');
    const pageAndOne = await get('/v1.0/security/incidents?$skip=999949&$top=50');
    expect(pageAndOne.value).toHaveLength(50);
    expect(pageAndOne['@odata.nextLink']).toMatch(/\$skip=999999(&|$)/);
    const one = await get('/v1.0/security/incidents?$skip=999999');
    expect(ids(one.value)).toEqual([oldestId]);
    expect((await get('/v1.0/security/incidents?$skip=1000000')).value).toEqual([]);
    for (const page of [first, last])
      for (const [i, incident] of page.value.slice(1).entries())
        expect(incident.createdDateTime < page.value[i]!.createdDateTime).toBe(true);
  });

  it('builds the same incident from its seed whenever it is read: first, again after eviction, and in another store', async () => {
    const sampled = [999_999, 777_777, 500_000, 123_456, 4_097, 1, 0].map((slot) => String(oldestId + slot));
    const firstRead = sampled.map((id) => [million.get(id, 'beta'), million.alerts(id)]);
    // Reading 5,000 other incidents evicts the sampled ones from the store's cache: they are built again.
    for (let slot = 10_000; slot < 15_000; slot++) million.readonlySlot(slot);
    expect(sampled.map((id) => [million.get(id, 'beta'), million.alerts(id)])).toEqual(firstRead);
    // A store that reads them in the opposite order, v1.0 first, builds the same incidents.
    const other = new IncidentStore({ seed: 21, incidents: 1_000_000 });
    const reversed = [...sampled].reverse();
    for (const id of reversed) other.get(id);
    expect(reversed.map((id) => [other.get(id, 'beta'), other.alerts(id)])).toEqual([...firstRead].reverse());
    // Through the handler, as a client reads it.
    const { value } = await get(`/beta/security/incidents?$skip=${999_999 - 777_777}&$top=1`);
    expect(value[0]).toEqual(firstRead[1]![0]);
  });

  it('filters on values that are those of the incidents it returns, at any $skip', async () => {
    const filter = "status eq 'active' and severity ne 'low'";
    const total = Number(
      (
        await handle({
          method: 'GET',
          url: `http://h/v1.0/security/incidents/$count?$filter=${encodeURIComponent(filter)}`,
          headers: {},
        })
      ).body,
    );
    expect(total).toBeGreaterThan(100_000);
    const deep = await get(
      `/v1.0/security/incidents?$filter=${encodeURIComponent(filter)}&$skip=${total - 30}&$count=true`,
    );
    expect(deep['@odata.count']).toBe(total);
    expect(deep.value).toHaveLength(30);
    expect(deep).not.toHaveProperty('@odata.nextLink');
    for (const incident of deep.value) {
      expect(incident.status).toBe('active');
      expect(incident.severity).not.toBe('low');
    }
    // The oldest matches, checked against every incident of that range read whole.
    const oldest = deep.value.at(-1)!;
    const window = Array.from({ length: Number(deep.value[0]!.id) - Number(oldest.id) + 1 }, (_, i) =>
      million.get(String(Number(oldest.id) + i))!,
    ).filter((incident) => incident.status === 'active' && incident.severity !== 'low');
    expect(ids(deep.value)).toEqual(ids(window).reverse());
  });

  it('orders by a property at scale, stable within ties (newest first)', async () => {
    const store = new IncidentStore({ seed: 22, incidents: 100_000 });
    const response = await createGraphHandler(store, { auth: false })({
      method: 'GET',
      url: 'http://h/v1.0/security/incidents?$orderby=severity desc&$skip=40000&$top=50',
      headers: {},
    });
    const page = JSON.parse(response.body) as { value: Incident[] };
    expect(page.value).toHaveLength(50);
    const order = { unknown: 0, informational: 1, low: 2, medium: 3, high: 4 } as Record<string, number>;
    for (const [i, incident] of page.value.slice(1).entries()) {
      const before = page.value[i]!;
      const step = order[before.severity]! - order[incident.severity]!;
      expect(step).toBeGreaterThanOrEqual(0);
      if (step === 0) expect(Number(incident.id)).toBeLessThan(Number(before.id));
    }
  });

  it('keeps a change to one incident among a million, in every view', async () => {
    const id = String(oldestId + 600_000);
    const before = million.snapshot();
    const response = await handle({
      method: 'PATCH',
      url: `http://h/v1.0/security/incidents/${id}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved', assignedTo: 'scale@contoso.com' }),
    });
    expect(response.status).toBe(200);
    expect(million.snapshot()).not.toBe(before);
    expect(million.get(id)).toMatchObject({ status: 'resolved', assignedTo: 'scale@contoso.com' });
    const found = await get(
      `/v1.0/security/incidents?$filter=${encodeURIComponent("assignedTo eq 'scale@contoso.com'")}`,
    );
    expect(ids(found.value)).toEqual([Number(id)]);
  });
});

describe('a get by id while a list scans a million incidents', () => {
  it('is answered before the list, over real HTTP (the scan yields to it)', async () => {
    const graph = await startMockGraph({ store: million });
    try {
      const headers = { authorization: 'Bearer test' };
      const finished: string[] = [];
      // A filter never asked before and $count=true: the list scans every incident.
      const filter = encodeURIComponent(
        "severity eq 'medium' and lastUpdateDateTime ge 2024-03-03T03:03:03Z",
      );
      const list = fetch(`${graph.url}/v1.0/security/incidents?$filter=${filter}&$count=true`, { headers })
        .then((response) => response.json())
        .then(() => finished.push('list'));
      await new Promise((resolve) => setTimeout(resolve, 1));
      const id = million.readonlySlot(million.slots().at(0))['id'];
      const get = fetch(`${graph.url}/v1.0/security/incidents/${String(id)}`, { headers })
        .then((response) => response.json())
        .then(() => finished.push('get'));
      await Promise.all([list, get]);
      expect(finished).toEqual(['get', 'list']);
    } finally {
      await graph.close();
    }
  });
});

describe('sizes the old store refused', () => {
  it('starts 130,000 incidents (no Math.max(...values) spread) and the CLI accepts more than 100,000', () => {
    expect(new IncidentStore({ seed: 2, incidents: 130_000 }).size).toBe(130_000);
    expect(parseCliArgs(['--incidents', '1000000']).options.incidents).toBe(1_000_000);
  });
});

import type { Incident } from '@graph-incidents/types';
import { IncidentStore } from '@graph-incidents/mocks';
import { type MockGraph, startMockGraph } from '@graph-incidents/mocks/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentsClient as createBetaClient } from './beta.js';
import { createIncidentsClient } from './client.js';
import { incidentFilter } from './generated/odata.gen.js';
import { paginate } from './paging.js';

// The mock's page size, and Graph's as far as anyone has seen (facts.md §List: "assume a page size of at most 50").
const pageSize = 50;

// One real mock Graph over loopback for the file; each case refills its store.
const store = new IncidentStore({ incidents: 0 });
let mock: MockGraph;
let seeded: Incident[];
beforeAll(async () => {
  seeded = new IncidentStore({ seed: 12, incidents: 130 }).list();
  mock = await startMockGraph({ store });
});
afterAll(() => mock.close());

/**
 * Fills the store with `matching` active incidents and `others` resolved ones spread among them, so that the filter
 * drops items throughout the list. Returns the ids the filtered list must yield.
 */
function fill(matching: number, others: number): string[] {
  store.clear();
  const total = matching + others;
  const resolvedAt = new Set(
    Array.from({ length: others }, (_, j) => Math.floor(((j + 0.5) * total) / others)),
  );
  const ids: string[] = [];
  for (let index = 0; index < total; index++) {
    const active = !resolvedAt.has(index);
    store.put({ ...seeded[index]!, status: active ? 'active' : 'resolved' });
    if (active) ids.push(seeded[index]!.id);
  }
  return ids;
}

const token = () => 'token';
const client = () => createIncidentsClient({ baseUrl: `${mock.url}/v1.0`, getAccessToken: token });
const onlyActive = incidentFilter.eq('status', 'active');

/** The page sizes a list of `total` items must come in, `size` at a time: one empty page for nothing. */
function expectedSizes(total: number, size: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= size) sizes.push(Math.min(size, left));
  return sizes.length ? sizes : [0];
}

describe('iterateIncidents against the mock Graph', () => {
  for (const total of [0, 1, 49, 50, 51, 101])
    for (const filtered of [false, true])
      it(`${filtered ? 'filtered' : 'unfiltered'}, ${total} incidents: every item once, in pages of ${pageSize}`, async () => {
        const ids = filtered ? fill(total, 7 + (total % 13)) : fill(total, 0);
        const query = filtered ? { filter: onlyActive } : {};
        const seen: string[] = [];
        for await (const incident of client().iterateIncidents(query)) seen.push(incident.id);
        expect(seen.sort()).toEqual([...ids].sort());

        const sizes: number[] = [];
        for await (const page of client().iterateIncidents(query).pages()) sizes.push(page.value.length);
        expect(sizes).toEqual(expectedSizes(total, pageSize));
      });

  it('the beta client pages the same way, one page and a page and one', async () => {
    const beta = createBetaClient({ baseUrl: `${mock.url}/beta`, getAccessToken: token });
    for (const total of [0, 50, 51]) {
      fill(total, 0);
      const sizes: number[] = [];
      for await (const page of beta.iterateIncidents().pages()) sizes.push(page.value.length);
      expect(sizes).toEqual(expectedSizes(total, pageSize));
    }
  });

  it('any count, $top (1..50) and filter: each item once, pages of $top or 50, nothing after the last page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 10 }),
        // Graph refuses $top above 50 with 400 (facts.md §8); the mock does too.
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        async (matching, others, top) => {
          const ids = fill(matching, others);
          const query = { ...(others > 0 ? { filter: onlyActive } : {}), ...(top ? { top } : {}) };
          const pages: string[][] = [];
          for await (const page of client().iterateIncidents(query).pages())
            pages.push(page.value.map((incident) => incident.id));
          expect(pages.map((page) => page.length)).toEqual(expectedSizes(matching, top ?? pageSize));
          expect(pages.flat().sort()).toEqual([...ids].sort());
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('paginate', () => {
  it('stops after a page without a next link, the first one included', async () => {
    const fetched: (string | undefined)[] = [];
    const pages = paginate(async (link) => {
      fetched.push(link);
      return { value: [link ?? 'first'] };
    });
    const items: string[] = [];
    for await (const item of pages) items.push(item);
    expect(items).toEqual(['first']);
    expect(fetched).toEqual([undefined]);
  });

  it('refuses a next link it has already followed instead of looping', async () => {
    const links: Record<string, string> = {
      first: 'https://g/a',
      'https://g/a': 'https://g/b',
      'https://g/b': 'https://g/a',
    };
    const pages = paginate(async (link) => ({ value: [link ?? 'first'], nextLink: links[link ?? 'first']! }));
    const items: string[] = [];
    await expect(
      (async () => {
        for await (const item of pages) items.push(item);
      })(),
    ).rejects.toThrow('@odata.nextLink https://g/a points to a page already read');
    expect(items).toEqual(['first', 'https://g/a', 'https://g/b']);
  });
});

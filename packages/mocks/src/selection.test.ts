// A `$filter` without `$orderby` is scanned only as far as a request reads it, and the scan resumes for the next
// page (selection.ts). These tests hold every page, `@odata.nextLink` and `@odata.count` to what filtering the whole
// store directly gives, at the boundaries of a page, for requests that share one scan at once, and across changes.
import type { Incident } from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
import { createGraphHandler } from './graph-handler.js';
import { appToken } from './graph-test.test-helper.js';
import { IncidentStore } from './store.js';

const origin = 'http://127.0.0.1:4010';

function setUp(incidents = 400) {
  const store = new IncidentStore({ seed: 41, incidents });
  const handle = createGraphHandler(store);
  const get = async (path: string) => {
    const response = await handle({
      method: 'GET',
      url: path.startsWith('http') ? path : `${origin}${path}`,
      headers: { authorization: `Bearer ${appToken}` },
    });
    expect(response.status, response.body).toBe(200);
    return JSON.parse(response.body) as {
      value: Incident[];
      '@odata.nextLink'?: string;
      '@odata.count'?: number;
    };
  };
  /** Follows next links from `path`; the ids in order and the number of pages. */
  const follow = async (path: string) => {
    const ids: string[] = [];
    let next: string | undefined = path;
    let pages = 0;
    while (next) {
      const page = await get(next);
      ids.push(...page.value.map((i) => i.id));
      next = page['@odata.nextLink'];
      pages++;
    }
    return { ids, pages };
  };
  return { store, get, follow };
}

const list = (filter: string, extra = '') =>
  `/v1.0/security/incidents?$filter=${encodeURIComponent(filter)}${extra}`;

describe('a filtered list, scanned as far as it is read', () => {
  it('pages through exactly the matching incidents at page sizes 1, 7, 49 and 50', async () => {
    const { store, follow } = setUp();
    const expected = store.list().filter((i) => i.severity === 'high' || i.status === 'resolved');
    expect(expected.length).toBeGreaterThan(102);
    for (const top of [1, 7, 49, 50]) {
      const filter = `severity eq 'high' or status eq 'resolved'`;
      const { ids, pages } = await follow(list(filter, `&$top=${top}`));
      expect(ids).toEqual(expected.map((i) => i.id));
      expect(pages).toBe(Math.ceil(expected.length / top));
    }
  });

  it('has no next link when the matches fill the page exactly, and one when one more matches', async () => {
    const { store, get } = setUp();
    const all = store.list();
    // A window of createdDateTime holding exactly 50, then 51, incidents (ids are in creation order).
    for (const size of [0, 1, 50, 51]) {
      const newest = all[10]!;
      const oldest = all[10 + size - 1];
      const filter =
        size === 0
          ? `createdDateTime gt ${newest.createdDateTime} and createdDateTime lt ${newest.createdDateTime}`
          : `createdDateTime le ${newest.createdDateTime} and createdDateTime ge ${oldest!.createdDateTime}`;
      const page = await get(list(filter));
      expect(page.value.map((i) => i.id)).toEqual(all.slice(10, 10 + Math.min(size, 50)).map((i) => i.id));
      expect(page['@odata.nextLink'] !== undefined).toBe(size > 50);
    }
  });

  it('counts every match with $count=true, after a page of the same filter was read partly', async () => {
    const { store, get } = setUp();
    const filter = `status eq 'active'`;
    const expected = store.list().filter((i) => i.status === 'active');
    const first = await get(list(filter, '&$top=2'));
    expect(first.value).toHaveLength(2);
    const counted = await get(list(filter, '&$top=2&$count=true'));
    expect(counted['@odata.count']).toBe(expected.length);
    const deep = await get(list(filter, `&$skip=${expected.length - 1}`));
    expect(deep.value.map((i) => i.id)).toEqual([expected.at(-1)!.id]);
    expect(deep['@odata.nextLink']).toBeUndefined();
  });

  it('answers requests that share one new scan at once, each with its own page', async () => {
    const { store, get } = setUp(3000);
    const expected = store.list().filter((i) => i.severity === 'low');
    const filter = `severity eq 'low'`;
    const skips = [0, 900, 50, expected.length - 3, 400, expected.length + 5];
    const pages = await Promise.all(skips.map((skip) => get(list(filter, `&$skip=${skip}`))));
    for (const [index, skip] of skips.entries()) {
      expect(pages[index]!.value.map((i) => i.id)).toEqual(expected.slice(skip, skip + 50).map((i) => i.id));
      expect(pages[index]!['@odata.nextLink'] !== undefined).toBe(skip + 50 < expected.length);
    }
  });

  it('shows a change made between two pages: the next page is scanned again on the new state', async () => {
    const { store, get } = setUp();
    const filter = `status eq 'resolved'`;
    const first = await get(list(filter, '&$top=10'));
    const before = store.list().filter((i) => i.status === 'resolved');
    // Resolve an incident that sorts after the first page, and reopen one on the second page.
    const newlyResolved = store
      .list()
      .find((i) => i.status !== 'resolved' && Number(i.id) < Number(before[9]!.id))!;
    store.update(newlyResolved.id, { status: 'resolved' }, 'test');
    store.update(before[12]!.id, { status: 'active' }, 'test');
    const expected = store.list().filter((i) => i.status === 'resolved');
    const second = await get(first['@odata.nextLink']!);
    expect(second.value.map((i) => i.id)).toEqual(expected.slice(10, 20).map((i) => i.id));
    expect(second.value.map((i) => i.id)).not.toContain(before[12]!.id);
  });
});

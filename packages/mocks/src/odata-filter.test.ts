import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGraphHandler } from './graph-handler.js';
import { filterLimits } from './odata-filter.js';
import { IncidentStore } from './store.js';

const facts = fileURLToPath(new URL('../../../../shared/graph-reference/facts.md', import.meta.url));
const haveFacts = existsSync(facts);
if (!haveFacts) console.warn(`skipping the §8 envelope comparison: ${facts} is missing`);

const store = new IncidentStore({ seed: 5, incidents: 12 });
const handle = createGraphHandler(store, { auth: false });
const list = async (filter: string, path = '/v1.0/security/incidents') => {
  const response = await handle({
    method: 'GET',
    url: `http://127.0.0.1:4010${path}?$filter=${encodeURIComponent(filter)}`,
    headers: {},
  });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
};

const comparison = "status eq 'active'";
const parenthesised = (depth: number) => `${'('.repeat(depth)}${comparison}${')'.repeat(depth)}`;
const negated = (depth: number) => `${'not '.repeat(depth)}${comparison}`;
const conjunction = (clauses: number) => Array.from({ length: clauses }, () => comparison).join(' and ');

describe('$filter limits: a hostile filter gets a 400 as Graph answers a bad query, never a 500', () => {
  it.each([
    ['7,000 parentheses', parenthesised(7000)],
    ['10,000 not', negated(10_000)],
    ['20,000 and', conjunction(20_000)],
    ['7,000 parentheses on $count', parenthesised(7000), '/v1.0/security/incidents/$count'],
    ['10,000 not on beta', negated(10_000), '/beta/security/incidents'],
  ])('%s', async (_name, filter, path?: string) => {
    const snapshot = store.snapshot();
    const { status, body } = await list(filter, path);
    expect(status).toBe(400);
    expect(body.error.code).toBe('');
    expect(body.error.message).toMatch(
      /^The query specified in the URI is not valid\. The limit of '\d+' for /,
    );
    expect(body.error.details).toEqual([]);
    expect(store.snapshot()).toBe(snapshot);
  });

  it('accepts a filter exactly at each limit and refuses one past it', async () => {
    const active = store.list().filter((i) => i.status === 'active').length;
    // Depth: parentheses and `not` count together.
    const atDepth = `not ${parenthesised(filterLimits.maxDepth - 1)}`;
    const atDepthResult = await list(atDepth);
    expect(atDepthResult.status).toBe(200);
    expect(atDepthResult.body['value']).toHaveLength(12 - active);
    expect((await list(`not ${atDepth}`)).status).toBe(400);
    expect((await list(`(${atDepth})`)).status).toBe(400);
    // Nodes: n comparisons joined by `and` are 2n - 1 nodes.
    const atNodes = conjunction((filterLimits.maxNodes + 1) / 2);
    expect(atNodes.length).toBeLessThanOrEqual(filterLimits.maxLength);
    const atNodesResult = await list(atNodes);
    expect(atNodesResult.status).toBe(200);
    expect(atNodesResult.body['value']).toHaveLength(active);
    expect((await list(`${atNodes} and ${comparison}`)).status).toBe(400);
    // Length: padding with spaces changes nothing but the length.
    const padded = `${comparison}${' '.repeat(filterLimits.maxLength - comparison.length)}`;
    expect((await list(padded)).status).toBe(200);
    const over = await list(`${padded} `);
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain(`'${filterLimits.maxLength}' for the length of $filter`);
  });

  it('keeps the syntax errors of small filters as they were (BadRequest)', async () => {
    const { status, body } = await list(`${parenthesised(3)})`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('BadRequest');
  });

  it.skipIf(!haveFacts)('answers with the envelope of the live capture in facts.md §8', async () => {
    const text = readFileSync(facts, 'utf8');
    const section = text.slice(text.indexOf('## 8.'));
    const captured =
      /`(\{"error":\{"code":"","message":"The query specified in the URI is not valid\.[^`]*)`/.exec(section);
    expect(captured, 'facts.md §8 holds the $top=100 capture').not.toBeNull();
    const live = JSON.parse(
      captured![1]!.replace(/"(request-id|client-request-id)":"[^"]*"/g, '"$1":"x"'),
    ) as {
      error: Record<string, unknown>;
    };
    const { body } = await list(negated(filterLimits.maxDepth + 1));
    expect(Object.keys(body.error).sort()).toEqual(Object.keys(live.error).sort());
    expect(body.error.code).toBe(live.error['code']);
    expect(body.error.details).toEqual(live.error['details']);
    const livePrefix = String(live.error['message']).split('. ')[0];
    expect(body.error.message.startsWith(`${livePrefix}.`)).toBe(true);
    expect(Object.keys(body.error.innerError).sort()).toEqual(
      Object.keys(live.error['innerError'] as object).sort(),
    );
  });
});

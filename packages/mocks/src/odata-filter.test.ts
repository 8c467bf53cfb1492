import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGraphHandler } from './graph-handler.js';
import { graphVersions } from './graph-versions.js';
import { filterLimits, parseFilter, type EnumOrders } from './odata-filter.js';
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

describe('parseFilter reads comparisons with the literal on either side, and orders enums by the version it is given', () => {
  const v1 = graphVersions['v1.0'];
  const beta = graphVersions.beta;
  const context = (orders: EnumOrders = v1.enumOrders) => ({
    properties: v1.schemaShapes.incident,
    filterable: ['status', 'severity', 'createdDateTime', 'classification'],
    includeUnknownMembers: false,
    enumOrders: orders,
  });
  const items = store.list() as unknown as Record<string, unknown>[];
  const ids = (filter: string, orders?: EnumOrders) =>
    items.filter(parseFilter(filter, context(orders))).map((i) => i['id']);
  const mirror = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' } as const;
  const middle = String(items[6]!['createdDateTime']);

  it.each(Object.entries(mirror))(
    '`literal %s property` selects what `property mirrored literal` does',
    (op, flipped) => {
      for (const [property, literal] of [
        ['createdDateTime', middle],
        ['severity', "'medium'"],
        ['status', "microsoft.graph.security.incidentStatus'resolved'"],
      ] as const) {
        const swapped = ids(`${literal} ${op} ${property}`);
        expect(swapped, `${literal} ${op} ${property}`).toEqual(ids(`${property} ${flipped} ${literal}`));
        if (op !== 'eq' && op !== 'ne')
          expect(swapped, 'the operator is mirrored, not kept').not.toEqual(
            ids(`${property} ${op} ${literal}`),
          );
      }
    },
  );

  it.each([
    ["'active' eq 'active'", /Syntax error at ''active''/],
    ['status eq status', /not a valid literal/],
    ["'x' eq nosuch", /Could not find a property named 'nosuch'/],
    ["'high' eq severity eq", /Syntax error at 'eq'/],
  ])('refuses %s', (filter, message) => {
    expect(() => parseFilter(filter, context())).toThrow(message);
  });

  it('orders enum members by the enumOrders of the context, so /beta uses the beta table', () => {
    expect(Object.keys(beta.enumOrders).sort()).toEqual(Object.keys(v1.enumOrders).sort());
    const reversed = Object.fromEntries(
      Object.entries(v1.enumOrders).map(([name, members]) => [
        name,
        Object.fromEntries(Object.entries(members).map(([member, value]) => [member, -value])),
      ]),
    );
    const rank = v1.enumOrders.alertSeverity as Record<string, number>;
    const above = items.filter((i) => rank[String(i['severity'])]! > rank['low']!).map((i) => i['id']);
    const below = items.filter((i) => rank[String(i['severity'])]! < rank['low']!).map((i) => i['id']);
    expect(above.length + below.length).toBeGreaterThan(0);
    expect(ids("severity gt 'low'")).toEqual(above);
    expect(ids("severity gt 'low'", reversed)).toEqual(below);
  });
});

describe('date-times are compared by instant, not as text', () => {
  // Offsets and fraction lengths 1..7: the text order of these differs from their instant order.
  const stamps: Record<string, string> = {
    a: '2026-03-01T10:00:00+05:30', // 04:30:00.000Z
    b: '2026-03-01T04:59:59.9Z', // 04:59:59.900Z
    c: '2026-03-01T04:59:59.95Z', // 04:59:59.950Z
    d: '2026-03-01T05:00:00.001-00:00', // 05:00:00.001Z
    e: '2026-03-01T05:00:00.0020Z', // 05:00:00.002Z
    f: '2026-03-01T05:00:00.00300Z', // 05:00:00.003Z
    g: '2026-02-28T23:30:00.004000-05:30', // 05:00:00.004Z
    h: '2026-03-01T05:00:00.0050000Z', // 05:00:00.005Z
  };
  const byInstant = 'abcdefgh';
  const dated = new IncidentStore({ seed: 3, incidents: Object.keys(stamps).length });
  const seeded = dated.list();
  dated.clear();
  for (const [n, label] of [...byInstant].entries())
    dated.put({ ...seeded[n]!, id: label, createdDateTime: stamps[label]! });
  const handleDated = createGraphHandler(dated, { auth: false });
  const labels = async (query: string) => {
    const response = await handleDated({
      method: 'GET',
      url: `http://127.0.0.1:4010/v1.0/security/incidents?${query}`,
      headers: {},
    });
    expect(response.status, query).toBe(200);
    return (JSON.parse(response.body).value as { id: string }[]).map((i) => i.id).join('');
  };

  it('uses inputs whose text order is not their instant order', () => {
    const textOrder = Object.keys(stamps).sort((x, y) => (stamps[x]! < stamps[y]! ? -1 : 1));
    expect(textOrder.join('')).not.toBe(byInstant);
  });

  it('orders by instant with $orderby', async () => {
    expect(await labels('$orderby=createdDateTime asc')).toBe(byInstant);
    expect(await labels('$orderby=createdDateTime desc')).toBe([...byInstant].reverse().join(''));
  });

  it.each([
    ['createdDateTime gt 2026-03-01T05:00:00Z', 'defgh'],
    ['createdDateTime lt 2026-03-01T10:29:59.95+05:30', 'ab'],
    ['createdDateTime ge 2026-03-01T05:00:00.0020000Z', 'efgh'],
    ['createdDateTime eq 2026-03-01T05:00:00.002Z', 'e'],
    ['2026-03-01T00:00:00.003-05:00 le createdDateTime', 'fgh'],
  ])('%s selects %s', async (filter, expected) => {
    const selected = await labels(`$filter=${encodeURIComponent(filter)}`);
    expect([...selected].sort().join('')).toBe(expected);
  });
});

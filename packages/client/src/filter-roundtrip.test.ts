import { createGraphHandler, IncidentStore } from '@graph-incidents/mocks';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { incidentFilter, incidentFilterableProperties } from './generated/odata.gen.js';

/**
 * Round trip: every `$filter` the client's builder produces is accepted by the mock's parser and selects the same
 * incidents as evaluating the built expression directly on what the mock lists. Date-times compare to the
 * millisecond, as the mock documents (Date.parse).
 */
type Seen = Record<string, unknown>;
interface Built {
  readonly text: string;
  readonly holds: (incident: Seen) => boolean;
}

const store = new IncidentStore({ seed: 21, incidents: 45 });
const handle = createGraphHandler(store, { auth: false });
const list = async (query: string) => {
  const response = await handle({
    method: 'GET',
    url: `http://127.0.0.1:4010/v1.0/security/incidents?$top=50&$count=true${query}`,
    headers: {},
  });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
};

let incidents: Seen[] = [];
beforeAll(async () => {
  incidents = (await list('')).body['value'] as Seen[];
  expect(incidents).toHaveLength(45);
});

const kinds = incidentFilterableProperties as Readonly<Record<string, string>>;
const byKind = (kind: string) => Object.keys(kinds).filter((name) => kinds[name] === kind);
/** The values a property takes in the listing, plus null and hostile strings for strings. */
const valuesOf = (property: string): unknown[] => {
  const seen = [...new Set(incidents.map((i) => i[property] ?? null))].filter(
    (v) => v !== 'unknownFutureValue',
  );
  return kinds[property] === 'string' ? [...seen, null, "it's", "''", '', ' or 1 eq 1'] : seen;
};

const leaf = (): fc.Arbitrary<Built> =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...byKind('string'), ...byKind('enum')), fc.constantFrom('eq', 'ne'), fc.nat())
      .filter(([property]) => valuesOf(property).length > 0)
      .map(([property, operator, n]) => {
        const values = valuesOf(property);
        const value = values[n % values.length];
        const builder = incidentFilter[operator as 'eq'] as (p: string, v: unknown) => string;
        const equal = (i: Seen) => (i[property] ?? null) === value;
        return { text: builder(property, value), holds: operator === 'eq' ? equal : (i: Seen) => !equal(i) };
      }),
    fc
      .tuple(
        fc.constantFrom(...byKind('dateTime')),
        fc.constantFrom('gt', 'ge', 'lt', 'le'),
        fc.nat({ max: 44 }),
        fc.integer({ min: -2, max: 2 }),
        fc.constantFrom('Z', '+05:30', '-08:00'),
      )
      .map(([property, operator, n, shift, zone]) => {
        // Near an incident's own instant (±2 ms), so that boundaries are hit; as a Date or a string with an offset.
        const at = Date.parse(String(incidents[n]![property])) + shift;
        const offset = zone === 'Z' ? 0 : (zone === '+05:30' ? 330 : -480) * 60_000;
        const local = new Date(at + offset).toISOString().slice(0, -1);
        const value =
          zone === 'Z' ? new Date(at) : (`${local}${zone}` as `${number}-${number}-${number}T${string}Z`);
        const builder = incidentFilter[operator as 'gt'] as (p: string, v: unknown) => string;
        const holds = (i: Seen) => {
          const x = Date.parse(String(i[property]));
          return operator === 'gt'
            ? x > at
            : operator === 'ge'
              ? x >= at
              : operator === 'lt'
                ? x < at
                : x <= at;
        };
        return { text: builder(property, value), holds };
      }),
  );

const expression: fc.Arbitrary<Built> = fc.letrec<{ node: Built }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf(),
    fc
      .tuple(fc.constantFrom('and', 'or'), fc.array(tie('node'), { minLength: 2, maxLength: 3 }))
      .map(([operator, parts]) => {
        const join = incidentFilter[operator as 'and'] as (...f: string[]) => string;
        return {
          text: join(...parts.map((p) => p.text)),
          holds: (i: Seen) =>
            operator === 'and' ? parts.every((p) => p.holds(i)) : parts.some((p) => p.holds(i)),
        };
      }),
  ),
})).node;

describe('client filter builder → mock $filter parser', () => {
  it('accepts every built expression and selects what evaluating it directly selects', async () => {
    await fc.assert(
      fc.asyncProperty(expression, async ({ text, holds }) => {
        const { status, body } = await list(`&$filter=${encodeURIComponent(text)}`);
        expect(status, `${text}: ${JSON.stringify(body['error'])}`).toBe(200);
        const expected = incidents.filter(holds).map((i) => i['id']);
        expect(body['@odata.count'], text).toBe(expected.length);
        expect(
          (body['value'] as Seen[]).map((i) => i['id']),
          text,
        ).toEqual(expected);
      }),
      { numRuns: 150, seed: 15 },
    );
  });
});

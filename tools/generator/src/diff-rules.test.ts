import { describe, expect, test } from 'vitest';
import { diffDescriptions } from './diff.ts';
import type { JsonObject } from './load.ts';
import {
  bumpFor,
  type ChangeKind,
  diffRules,
  type Direction,
  isDirectional,
  type Impact,
} from './diff-rules.ts';

import {
  baseDescription,
  type Case,
  cases,
  type Doc,
  P,
  req,
  res,
  S,
} from './diff-rules-cases.test-helper.ts';

function both(
  kind: ChangeKind,
  edit: (properties: Doc, schema: Doc) => void,
  property: string,
  request: Impact,
  response: Impact,
): void {
  cases.push(
    {
      kind,
      direction: 'request',
      edit: (d) => edit(req(d), S(d).Req),
      location: `Req.${property}`,
      impact: request,
    },
    {
      kind,
      direction: 'response',
      edit: (d) => edit(res(d), S(d).Res),
      location: `Res.${property}`,
      impact: response,
    },
  );
}
both('property-removed', (p) => delete p.count, 'count', 'breaking', 'breaking');
both('property-added', (p) => (p.extra = { type: 'string' }), 'extra', 'non-breaking', 'non-breaking');
both(
  'property-added-required',
  (p, s) => {
    p.extra = { type: 'string' };
    s.required.push('extra');
  },
  'extra',
  'breaking',
  'non-breaking',
);
both('property-became-required', (_, s) => s.required.push('count'), 'count', 'breaking', 'non-breaking');
both('property-became-optional', (_, s) => (s.required = []), '', 'non-breaking', 'breaking');
both(
  'property-became-nullable',
  (p) => (p.count.type = ['integer', 'null']),
  'count',
  'non-breaking',
  'breaking',
);
both('property-became-non-nullable', (p) => (p.note.type = 'string'), 'note', 'breaking', 'non-breaking');
both('property-type-changed', (p) => (p.count = { type: 'string' }), 'count', 'breaking', 'breaking');
both(
  'property-renamed',
  (p) => {
    p.total = p.count;
    delete p.count;
  },
  'total',
  'breaking',
  'breaking',
);
both('constraint-tightened', (p) => (p.count.maximum = 5), 'count', 'breaking', 'non-breaking');
both('constraint-loosened', (p) => delete p.count.maximum, 'count', 'non-breaking', 'breaking');
// A pattern replaced by another is neither looser nor tighter: breaking both ways (base ^a, head ^b).
cases.push(
  {
    kind: 'constraint-changed',
    direction: 'request',
    edit: (d) => {
      req(d).name.pattern = '^a';
      d['__next'] = (h: Doc) => (req(h).name.pattern = '^b');
    },
    location: 'Req.name',
    impact: 'breaking',
  },
  {
    kind: 'constraint-changed',
    direction: 'response',
    edit: (d) => {
      res(d).id.pattern = '^a';
      d['__next'] = (h: Doc) => (res(h).id.pattern = '^b');
    },
    location: 'Res.id',
    impact: 'breaking',
  },
  // multipleOf 3 added to a bound-less value is a tightening.
  {
    kind: 'constraint-tightened',
    direction: 'request',
    edit: (d) => (req(d).count.multipleOf = 3),
    location: 'Req.count',
    impact: 'breaking',
  },
);
// property-became-optional names the property that was required in each schema.
for (const c of cases)
  if (c.kind === 'property-became-optional') c.location = c.direction === 'request' ? 'Req.name' : 'Res.id';
cases.push(
  {
    kind: 'enum-member-added',
    direction: 'request',
    edit: (d) => S(d).ReqKind.enum.splice(2, 0, 'z'),
    location: 'ReqKind.z',
    impact: 'non-breaking',
  },
  {
    kind: 'enum-member-added',
    direction: 'response',
    edit: (d) => S(d).ResKind.enum.splice(2, 0, 'z'),
    location: 'ResKind.z',
    impact: 'breaking',
  },
  {
    kind: 'enum-member-added-after-sentinel',
    direction: 'request',
    edit: (d) => S(d).ReqKind.enum.push('z'),
    location: 'ReqKind.z',
    impact: 'non-breaking',
  },
  {
    kind: 'enum-member-added-after-sentinel',
    direction: 'response',
    edit: (d) => S(d).ResKind.enum.push('z'),
    location: 'ResKind.z',
    impact: 'non-breaking',
  },
  {
    kind: 'enum-member-moved-before-sentinel',
    direction: 'response',
    edit: (d) => (S(d).ResKind.enum = ['a', 'b', 'c', 'unknownFutureValue']),
    location: 'ResKind.c',
    impact: 'breaking',
  },
  {
    kind: 'enum-member-moved-before-sentinel',
    direction: 'request',
    edit: (d) => {
      S(d).ReqKind.enum.push('c');
      d['__next'] = (h: Doc) => (S(h).ReqKind.enum = ['a', 'b', 'c', 'unknownFutureValue']);
    },
    location: 'ReqKind.c',
    impact: 'non-breaking',
  },
  {
    kind: 'enum-member-removed',
    direction: 'request',
    edit: (d) => S(d).ReqKind.enum.splice(1, 1),
    location: 'ReqKind.b',
    impact: 'breaking',
  },
  {
    kind: 'enum-member-removed',
    direction: 'response',
    edit: (d) => S(d).ResKind.enum.splice(1, 1),
    location: 'ResKind.b',
    impact: 'non-breaking',
  },
  {
    kind: 'enum-member-renamed',
    direction: 'request',
    edit: (d) => (S(d).ReqKind.enum[1] = 'bee'),
    location: 'ReqKind.bee',
    impact: 'breaking',
  },
  {
    kind: 'enum-member-renamed',
    direction: 'response',
    edit: (d) => (S(d).ResKind.enum[1] = 'bee'),
    location: 'ResKind.bee',
    impact: 'breaking',
  },
  // Both directions: `Both` is sent (Req.shared) and received (Res.shared), so the worse side decides.
  {
    kind: 'property-added-required',
    direction: 'both',
    edit: (d) =>
      Object.assign(S(d).Both, {
        required: ['extra'],
        properties: { ...S(d).Both.properties, extra: { type: 'string' } },
      }),
    location: 'Both.extra',
    impact: 'breaking',
  },
  {
    kind: 'property-became-nullable',
    direction: 'both',
    edit: (d) => (S(d).Both.properties.size.type = ['integer', 'null']),
    location: 'Both.size',
    impact: 'breaking',
  },
  {
    kind: 'property-added',
    direction: 'both',
    edit: (d) => (S(d).Both.properties.extra = { type: 'string' }),
    location: 'Both.extra',
    impact: 'non-breaking',
  },
  // A parameter is what clients send: maximum added (facts §8: Graph refuses $top above 50) is breaking.
  {
    kind: 'constraint-tightened',
    direction: 'request',
    edit: (d) => (P(d)['/things'].get.parameters[0].schema.maximum = 50),
    location: 'listThings.$top',
    impact: 'breaking',
  },
  {
    kind: 'constraint-loosened',
    direction: 'request',
    edit: (d) => delete P(d)['/things'].get.parameters[0].schema.minimum,
    location: 'listThings.$top',
    impact: 'non-breaking',
  },
  // additionalProperties: false on what clients send refuses unknown properties; Graph's readers ignore them.
  {
    kind: 'schema-closed',
    direction: 'request',
    edit: (d) => (S(d).Req.additionalProperties = true),
    location: 'Req',
    impact: 'breaking',
  },
  {
    kind: 'schema-closed',
    direction: 'response',
    edit: (d) => delete S(d).Res.additionalProperties,
    location: 'Res',
    impact: 'non-breaking',
  },
  {
    kind: 'schema-opened',
    direction: 'request',
    edit: (d) => delete S(d).Req.additionalProperties,
    location: 'Req',
    impact: 'non-breaking',
  },
  {
    kind: 'schema-opened',
    direction: 'response',
    edit: (d) => (S(d).Res.additionalProperties = {}),
    location: 'Res',
    impact: 'non-breaking',
  },
  // Items of an array property sit in the same direction as the property.
  {
    kind: 'property-became-nullable',
    direction: 'response',
    edit: (d) => (res(d).tags.items.type = ['string', 'null']),
    location: 'Res.tags[]',
    impact: 'breaking',
  },
  {
    kind: 'property-became-nullable',
    direction: 'request',
    edit: (d) => (req(d).tags.items.type = ['string', 'null']),
    location: 'Req.tags[]',
    impact: 'non-breaking',
  },
  // readOnly properties are only received, even in a schema that is also sent.
  {
    kind: 'property-became-optional',
    direction: 'response',
    edit: (d) => {
      Object.assign(S(d).Both, { required: ['label'] });
      S(d).Both.properties.label.readOnly = true;
      d['__next'] = (h: Doc) => delete S(h).Both.required;
    },
    location: 'Both.label',
    impact: 'breaking',
  },
);

/** Base and head of a case: the edit applies to the head, or (with `__next`) the first edit sets up both. */
function pair(c: Case): { base: JsonObject; head: JsonObject } {
  const base: Doc = baseDescription();
  if (c.kind === 'undeprecated') base['paths']['/things'].get.deprecated = true;
  if (c.kind === 'parameter-became-optional') base['paths']['/things'].get.parameters[1].required = true;
  if (c.kind === 'schema-closed') {
    // The edit opens the schema in the base; the head keeps it closed.
    c.edit(base);
    return { base, head: baseDescription() };
  }
  if (c.kind === 'security-scope-removed')
    base['paths']['/things/{id}'].get.security[0].oauth.push('Thing.Audit');
  if (c.kind === 'request-body-became-required') delete base['paths']['/things'].post.requestBody.required;
  const head: Doc = structuredClone(base);
  if (c.kind === 'response-status-removed') {
    c.edit(base);
    return { base, head };
  }
  c.edit(head);
  const next = head['__next'] as ((h: Doc) => void) | undefined;
  if (next) {
    delete head['__next'];
    const setUp: Doc = structuredClone(head);
    next(head);
    return { base: setUp, head };
  }
  return { base, head };
}
cases.push({
  kind: 'request-body-became-required',
  direction: 'none',
  edit: (d) => (P(d)['/things'].post.requestBody.required = true),
  location: 'createThing.requestBody',
  impact: 'breaking',
});

describe('every rule of diff-rules.ts, one small base/head pair per rule and direction', () => {
  test.each(cases.map((c) => [`${c.kind} [${c.direction}] at ${c.location} is ${c.impact}`, c] as const))(
    '%s',
    (_, c) => {
      const { base, head } = pair(c);
      const changes = diffDescriptions(
        { file: 'base.yaml', document: base },
        { file: 'head.yaml', document: head },
      );
      const found = changes.filter((x) => x.kind === c.kind && x.location === c.location);
      expect(found, JSON.stringify(changes, null, 1)).toHaveLength(1);
      expect(found[0]!.impact).toBe(c.impact);
      if (c.direction !== 'none') expect(found[0]!.direction).toBe(c.direction);
      // The bump is the worst impact; no other change outranks the one under test.
      const bump = { breaking: 'major', 'non-breaking': 'minor', patch: 'patch' }[c.impact];
      expect(bumpFor(changes), JSON.stringify(changes, null, 1)).toBe(bump);
      // Each change names where it is, in the base, the head or both.
      for (const x of found) expect(x.base ?? x.head).toMatch(/^#\//);
    },
  );

  test('the table and the cases cannot drift apart: every rule has a case in each direction it depends on', () => {
    const missing: string[] = [];
    for (const kind of Object.keys(diffRules) as ChangeKind[]) {
      const directions = isDirectional(kind) ? (['request', 'response'] as const) : (['none'] as const);
      for (const direction of directions)
        if (!cases.some((c) => c.kind === kind && c.direction === direction))
          missing.push(`${kind} [${direction}]`);
    }
    expect(missing).toEqual([]);
    for (const c of cases) expect(Object.keys(diffRules)).toContain(c.kind);
  });

  test('an identical description has no changes', () => {
    const doc = baseDescription();
    expect(
      diffDescriptions({ file: 'a', document: doc }, { file: 'b', document: structuredClone(doc) }),
    ).toEqual([]);
    expect(bumpFor([])).toBe('none');
  });
});

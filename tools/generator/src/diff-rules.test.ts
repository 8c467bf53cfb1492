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

/**
 * One small description with a schema only sent (`Req`, the POST body), one only received (`Res`, the responses),
 * one both sent and received (`Both`), two enums (one per direction, `ReqKind` with Graph's sentinel) and a few
 * parameters. Each case edits a copy of it.
 */
function baseDescription(): JsonObject {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    security: [{ oauth: ['Thing.Read.All'] }],
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          description: 'List things.',
          parameters: [
            { name: '$top', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: 'Prefer', in: 'header', schema: { type: 'string' } },
            {
              name: '$select',
              in: 'query',
              explode: false,
              schema: { type: 'array', items: { type: 'string' } },
            },
          ],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: ref('Res') } } },
          },
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: { 'application/json': { schema: ref('Req') } } },
          responses: {
            '201': { description: 'created', content: { 'application/json': { schema: ref('Res') } } },
          },
        },
      },
      '/things/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'getThing',
          security: [{ oauth: ['Thing.Read.All'] }, { oauth: ['Thing.ReadWrite.All'] }],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: ref('Res') } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Req: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 100 },
            note: { type: ['string', 'null'], description: 'A note.' },
            count: { type: 'integer', maximum: 10 },
            kind: ref('ReqKind'),
            tags: { type: 'array', items: { type: 'string' } },
            shared: ref('Both'),
          },
        },
        Res: {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: {
            id: { type: 'string' },
            note: { type: ['string', 'null'] },
            count: { type: 'integer', maximum: 10 },
            kind: ref('ResKind'),
            tags: { type: 'array', items: { type: 'string' } },
            shared: ref('Both'),
          },
        },
        Both: {
          type: 'object',
          additionalProperties: false,
          properties: { label: { type: 'string' }, size: { type: 'integer' } },
        },
        ReqKind: {
          type: 'string',
          enum: ['a', 'b', 'unknownFutureValue'],
          'x-graph-enum': { sentinel: 'unknownFutureValue' },
        },
        ResKind: {
          type: 'string',
          enum: ['a', 'b', 'unknownFutureValue', 'c'],
          'x-graph-enum': { sentinel: 'unknownFutureValue' },
        },
        Old: { type: 'object', properties: { x: { type: 'string' } } },
      },
    },
  };
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test edits reach deep
interface Case {
  kind: ChangeKind;
  /** The direction the case exercises: `none` for operation-level rules. */
  direction: Direction;
  edit: (doc: Doc) => void;
  location: string;
  impact: Impact;
}

const S = (doc: Doc) => doc['components'].schemas;
const P = (doc: Doc) => doc['paths'];
const req = (doc: Doc) => S(doc).Req.properties;
const res = (doc: Doc) => S(doc).Res.properties;

const cases: Case[] = [
  // Operations and paths
  {
    kind: 'operation-removed',
    direction: 'none',
    edit: (d) => delete P(d)['/things/{id}'].get,
    location: 'getThing',
    impact: 'breaking',
  },
  {
    kind: 'operation-added',
    direction: 'none',
    edit: (d) =>
      (P(d)['/things/{id}'].delete = {
        operationId: 'deleteThing',
        responses: { '204': { description: 'gone' } },
      }),
    location: 'deleteThing',
    impact: 'non-breaking',
  },
  {
    kind: 'operation-id-changed',
    direction: 'none',
    edit: (d) => (P(d)['/things/{id}'].get.operationId = 'fetchThing'),
    location: 'fetchThing',
    impact: 'breaking',
  },
  {
    kind: 'path-changed',
    direction: 'none',
    edit: (d) => {
      P(d)['/items/{id}'] = P(d)['/things/{id}'];
      delete P(d)['/things/{id}'];
    },
    location: 'getThing',
    impact: 'breaking',
  },
  {
    kind: 'deprecated',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.deprecated = true),
    location: 'listThings',
    impact: 'non-breaking',
  },
  {
    kind: 'undeprecated',
    direction: 'none',
    edit: (d) => delete P(d)['/things'].get.deprecated,
    location: 'listThings',
    impact: 'patch',
  },
  {
    kind: 'security-alternative-added',
    direction: 'none',
    edit: (d) => P(d)['/things/{id}'].get.security.push({ oauth: ['Thing.Admin'] }),
    location: 'getThing',
    impact: 'non-breaking',
  },
  {
    kind: 'security-alternative-removed',
    direction: 'none',
    edit: (d) => P(d)['/things/{id}'].get.security.pop(),
    location: 'getThing',
    impact: 'breaking',
  },
  {
    kind: 'security-scope-added',
    direction: 'none',
    edit: (d) => (d['security'] = [{ oauth: ['Thing.Read.All', 'Thing.Audit'] }]),
    location: 'createThing, listThings',
    impact: 'breaking',
  },
  {
    kind: 'security-scope-removed',
    direction: 'none',
    edit: (d) => (P(d)['/things/{id}'].get.security[0].oauth = ['Thing.Read.All']),
    location: 'getThing',
    impact: 'non-breaking',
  },
  // Request bodies
  {
    kind: 'request-body-added',
    direction: 'none',
    edit: (d) =>
      (P(d)['/things'].get.requestBody = { content: { 'application/json': { schema: { type: 'object' } } } }),
    location: 'listThings.requestBody',
    impact: 'non-breaking',
  },
  {
    kind: 'request-body-added-required',
    direction: 'none',
    edit: (d) =>
      (P(d)['/things'].get.requestBody = {
        required: true,
        content: { 'application/json': { schema: { type: 'object' } } },
      }),
    location: 'listThings.requestBody',
    impact: 'breaking',
  },
  {
    kind: 'request-body-removed',
    direction: 'none',
    edit: (d) => delete P(d)['/things'].post.requestBody,
    location: 'createThing.requestBody',
    impact: 'breaking',
  },
  {
    kind: 'request-body-became-optional',
    direction: 'none',
    edit: (d) => delete P(d)['/things'].post.requestBody.required,
    location: 'createThing.requestBody',
    impact: 'non-breaking',
  },
  {
    kind: 'request-media-type-added',
    direction: 'none',
    edit: (d) =>
      (P(d)['/things'].post.requestBody.content['application/merge-patch+json'] = {
        schema: { type: 'object' },
      }),
    location: 'createThing.requestBody',
    impact: 'non-breaking',
  },
  {
    kind: 'request-media-type-removed',
    direction: 'none',
    edit: (d) =>
      (P(d)['/things'].post.requestBody.content = { 'text/plain': { schema: { type: 'string' } } }),
    location: 'createThing.requestBody',
    impact: 'breaking',
  },
  {
    kind: 'request-body-schema-changed',
    direction: 'none',
    edit: (d) =>
      (P(d)['/things'].post.requestBody.content['application/json'].schema = {
        $ref: '#/components/schemas/Old',
      }),
    location: 'createThing.requestBody',
    impact: 'breaking',
  },
  {
    kind: 'unclassified-change',
    direction: 'none',
    edit: (d) => (d['servers'] = [{ url: 'https://graph.example/v2' }]),
    location: '#/servers',
    impact: 'breaking',
  },
  {
    kind: 'description-changed',
    direction: 'none',
    edit: (d) => (d['info'].description = 'Things.'),
    location: 'info',
    impact: 'patch',
  },
  // Responses
  {
    kind: 'response-status-added',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.responses['429'] = { description: 'slow down' }),
    location: 'listThings.responses.429',
    impact: 'non-breaking',
  },
  {
    kind: 'response-status-removed',
    direction: 'none',
    edit: (d) => {
      P(d)['/things'].get.responses['400'] = { description: 'bad' };
      return d;
    },
    location: 'listThings.responses.400',
    impact: 'breaking',
  },
  {
    kind: 'response-status-changed',
    direction: 'none',
    edit: (d) => {
      P(d)['/things'].post.responses['200'] = P(d)['/things'].post.responses['201'];
      delete P(d)['/things'].post.responses['201'];
    },
    location: 'createThing.responses.201',
    impact: 'breaking',
  },
  {
    kind: 'response-media-type-added',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.responses['200'].content['text/csv'] = { schema: { type: 'string' } }),
    location: 'listThings.responses.200',
    impact: 'non-breaking',
  },
  {
    kind: 'response-media-type-removed',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.responses['200'].content = {}),
    location: 'listThings.responses.200',
    impact: 'breaking',
  },
  {
    kind: 'response-schema-changed',
    direction: 'none',
    edit: (d) =>
      (P(d)['/things'].get.responses['200'].content['application/json'].schema = {
        type: 'array',
        items: { type: 'string' },
      }),
    location: 'listThings.responses.200',
    impact: 'breaking',
  },
  // Parameters
  {
    kind: 'parameter-added',
    direction: 'none',
    edit: (d) =>
      P(d)['/things'].get.parameters.push({ name: '$skip', in: 'query', schema: { type: 'integer' } }),
    location: 'listThings.$skip',
    impact: 'non-breaking',
  },
  {
    kind: 'parameter-added-required',
    direction: 'none',
    edit: (d) =>
      P(d)['/things'].get.parameters.push({
        name: 'tenant',
        in: 'query',
        required: true,
        schema: { type: 'string' },
      }),
    location: 'listThings.tenant',
    impact: 'breaking',
  },
  {
    kind: 'parameter-removed',
    direction: 'none',
    edit: (d) => P(d)['/things'].get.parameters.shift(),
    location: 'listThings.$top',
    impact: 'breaking',
  },
  {
    kind: 'parameter-became-required',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.parameters[1].required = true),
    location: 'listThings.Prefer',
    impact: 'breaking',
  },
  {
    kind: 'parameter-became-optional',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.parameters[1].required = false),
    location: 'listThings.Prefer',
    impact: 'non-breaking',
  },
  {
    kind: 'parameter-location-changed',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.parameters[0].in = 'header'),
    location: 'listThings.$top',
    impact: 'breaking',
  },
  {
    kind: 'parameter-style-changed',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.parameters[2].explode = true),
    location: 'listThings.$select',
    impact: 'breaking',
  },
  {
    kind: 'parameter-type-changed',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.parameters[0].schema = { type: 'string' }),
    location: 'listThings.$top',
    impact: 'breaking',
  },
  // Schemas
  {
    kind: 'schema-removed',
    direction: 'none',
    edit: (d) => delete S(d).Old,
    location: 'Old',
    impact: 'breaking',
  },
  {
    kind: 'schema-renamed',
    direction: 'none',
    edit: (d) => {
      S(d)['ns.ReqKind'] = S(d).ReqKind;
      delete S(d).ReqKind;
      S(d).Req.properties.kind = { $ref: '#/components/schemas/ns.ReqKind' };
    },
    location: 'ns.ReqKind',
    impact: 'breaking',
  },
  {
    kind: 'schema-added',
    direction: 'none',
    edit: (d) => (S(d).New = { type: 'string' }),
    location: 'New',
    impact: 'non-breaking',
  },
  {
    kind: 'schema-kind-changed',
    direction: 'none',
    edit: (d) => (S(d).Old = { type: 'string', enum: ['x'] }),
    location: 'Old',
    impact: 'breaking',
  },
  {
    kind: 'description-changed',
    direction: 'none',
    edit: (d) => (P(d)['/things'].get.description = 'Lists things, newest first.'),
    location: 'listThings',
    impact: 'patch',
  },
];

/** Directional cases: the same edit on the request-only schema and on the response-only one. */
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

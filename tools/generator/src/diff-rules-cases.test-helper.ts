import type { ChangeKind, Direction, Impact } from './diff-rules.ts';
import type { JsonObject } from './load.ts';

// The base description and the table of cases of diff-rules.test.ts (operations, paths, parameters and the
// non-directional schema rules); the directional cases are added there with `both`.

/**
 * One small description with a schema only sent (`Req`, the POST body), one only received (`Res`, the responses),
 * one both sent and received (`Both`), two enums (one per direction, `ReqKind` with Graph's sentinel) and a few
 * parameters. Each case edits a copy of it.
 */
export function baseDescription(): JsonObject {
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

export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test edits reach deep
export interface Case {
  kind: ChangeKind;
  /** The direction the case exercises: `none` for operation-level rules. */
  direction: Direction;
  edit: (doc: Doc) => void;
  location: string;
  impact: Impact;
}

export const S = (doc: Doc) => doc['components'].schemas;
export const P = (doc: Doc) => doc['paths'];
export const req = (doc: Doc) => S(doc).Req.properties;
export const res = (doc: Doc) => S(doc).Res.properties;

export const cases: Case[] = [
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

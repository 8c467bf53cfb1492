import { type CsdlModel, type CsdlType } from './csdl-read.ts';
import { queryParameters } from './csdl-capabilities.ts';
import { walkContainer } from './csdl-paths.ts';
import {
  derivedTypeIndex,
  descendants,
  enumSchema,
  schemaRef,
  structuredSchema,
  typeDependencies,
} from './csdl-schemas.ts';
import type { JsonObject } from './load.ts';

/**
 * CSDL → OpenAPI 3.0.x, shaped like the OpenAPI Microsoft publishes for Graph (converted from the same CSDL by
 * Microsoft.OpenApi.OData), so that `spec:import` then runs the same stages on either source: slice, normalise,
 * overlay. Only the paths matching `patterns` are built, and only the schemas they reach:
 * - through a property, an item, a base type, a request or response body;
 * - a type reached as a value (not only as someone's base) brings every type derived from it, since the service may
 *   send any of them (`alert.evidence` → the evidence kinds); a type reached only as a base does not
 *   (`microsoft.graph.entity` has over a thousand).
 */
export interface CsdlConversionOptions {
  readonly paths: readonly string[];
  /** The service root, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly server: string;
}

export function csdlToOpenApi(model: CsdlModel, options: CsdlConversionOptions): JsonObject {
  const walk = walkContainer(model, options.paths);
  const index = derivedTypeIndex(model);

  // Reach: every type is visited once as a base and once as a value at most.
  const reached = new Map<string, { type: CsdlType; asValue: boolean }>();
  const queue: { type: CsdlType; asValue: boolean }[] = [];
  const reach = (type: CsdlType, asValue: boolean) => {
    const seen = reached.get(type.fullName);
    if (seen && (seen.asValue || !asValue)) return;
    const entry = { type, asValue: asValue || (seen?.asValue ?? false) };
    reached.set(type.fullName, entry);
    queue.push(entry);
  };
  for (const name of walk.roots) reach(model.types.get(name)!, true);
  while (queue.length > 0) {
    const { type, asValue } = queue.shift()!;
    if (type.kind === 'enum') continue;
    const { base, used } = typeDependencies(model, type);
    if (base) reach(base, false);
    for (const named of used) reach(named, true);
    if (asValue) for (const name of descendants(index, type.fullName)) reach(model.types.get(name)!, true);
  }

  const schemas: JsonObject = {};
  for (const name of [...reached.keys()].sort()) {
    const { type, asValue } = reached.get(name)!;
    schemas[name] =
      type.kind === 'enum'
        ? enumSchema(model, type)
        : structuredSchema(model, type, asValue ? descendants(index, name) : []);
  }
  const responses: JsonObject = {
    error: {
      description: 'error',
      content: { 'application/json': { schema: schemaRef('microsoft.graph.ODataErrors.ODataError') } },
    },
    ODataCountResponse: {
      description: 'The count of the resource',
      content: { 'text/plain': { schema: schemaRef('ODataCountResponse') } },
    },
  };
  for (const name of [...walk.collections].sort()) {
    schemas[`${name}CollectionResponse`] = collectionResponse(name);
    responses[`${name}CollectionResponse`] = {
      description: 'Retrieved collection',
      content: { 'application/json': { schema: schemaRef(`${name}CollectionResponse`) } },
    };
  }
  Object.assign(schemas, structuredClone(errorSchemas), {
    ODataCountResponse: { title: 'ODataCountResponse', type: 'integer', format: 'int32' },
  });

  return {
    openapi: '3.0.4',
    info: {
      title: `OData Service for namespace ${model.containers[0]?.fullName.replace(/\.[^.]+$/, '') ?? ''}`,
      description: `This OData service is located at ${options.server}`,
      version: '1.0.1',
    },
    servers: [{ url: options.server }],
    paths: walk.paths,
    components: {
      schemas,
      responses,
      parameters: structuredClone(queryParameters),
      securitySchemes: {
        azureaadv2: {
          type: 'oauth2',
          flows: {
            authorizationCode: {
              authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
              tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
              scopes: {},
            },
          },
        },
      },
    },
    security: [{ azureaadv2: [] }],
  };
}

/**
 * One page of a collection, as the OData JSON Format 4.01 §12 lays it out: the context URL, the optional count and
 * next link (a URL, §4.5.5 and §4.5.7), and `value`, which is always there.
 */
function collectionResponse(type: string): JsonObject {
  return {
    title: `Collection of ${type.split('.').at(-1)}`,
    type: 'object',
    required: ['value'],
    properties: {
      '@odata.context': { type: 'string' },
      '@odata.count': { type: 'integer', format: 'int64', nullable: true },
      '@odata.nextLink': { type: 'string', format: 'uri', nullable: true },
      value: { type: 'array', items: schemaRef(type) },
    },
    additionalProperties: { type: 'object' },
  };
}

/**
 * The error envelope Microsoft's converter adds to every description (it is not in the CSDL), with the InnerError
 * that msgraph-metadata's preprocess_csdl.xsl injects: request-id, client-request-id and date
 * (`../shared/graph-reference/spec/msgraph-metadata-preprocess_csdl.xsl.InnerError-fragment.xml`).
 */
const errorSchemas: JsonObject = {
  'microsoft.graph.ODataErrors.ODataError': {
    title: 'ODataError',
    required: ['error'],
    type: 'object',
    properties: { error: schemaRef('microsoft.graph.ODataErrors.MainError') },
    additionalProperties: { type: 'object' },
  },
  'microsoft.graph.ODataErrors.MainError': {
    title: 'MainError',
    required: ['code', 'message'],
    type: 'object',
    properties: {
      code: { type: 'string' },
      message: { type: 'string', 'x-ms-primary-error-message': true },
      target: { type: 'string', nullable: true },
      details: { type: 'array', items: schemaRef('microsoft.graph.ODataErrors.ErrorDetails') },
      innerError: schemaRef('microsoft.graph.ODataErrors.InnerError'),
    },
    additionalProperties: { type: 'object' },
  },
  'microsoft.graph.ODataErrors.ErrorDetails': {
    title: 'ErrorDetails',
    required: ['code', 'message'],
    type: 'object',
    properties: {
      code: { type: 'string' },
      message: { type: 'string' },
      target: { type: 'string', nullable: true },
    },
    additionalProperties: { type: 'object' },
  },
  'microsoft.graph.ODataErrors.InnerError': {
    title: 'InnerError',
    type: 'object',
    properties: {
      'request-id': {
        type: 'string',
        description: 'Request Id as tracked internally by the service',
        nullable: true,
      },
      'client-request-id': {
        type: 'string',
        description: 'Client request Id as sent by the client application.',
        nullable: true,
      },
      date: {
        type: 'string',
        description: 'Date when the error occured.',
        format: 'date-time',
        nullable: true,
      },
    },
    additionalProperties: { type: 'object' },
  },
};

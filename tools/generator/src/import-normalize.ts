import type { JsonObject, JsonValue } from './load.ts';
import { asArray, asObject, isJsonObject } from './json.ts';

/**
 * Turns a slice of Microsoft's Graph OpenAPI (3.0.x, as produced by its OData converter) into the clean OpenAPI 3.1
 * our generator reads. Each quirk has its own step below; `normalizeDocument` runs them in order.
 */
export function normalizeDocument(input: JsonObject): JsonObject {
  const document = structuredClone(input);
  document['openapi'] = '3.1.0';
  dropDocsExtensions(document);
  forEachSchema(document, normalizeSchema);
  requirePolymorphicOdataType(document);
  closeComponentSchemas(document);
  markEvolvableEnums(document);
  camelCasePathParameters(document);
  hoistPathParameters(document);
  normalizeResponses(document);
  dedupeOperationIds(document);
  return document;
}

const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The DateTimeOffset regex Microsoft puts beside `format: date-time` (fake-data tools then make impossible dates). */
const formatsWithRedundantPattern = new Set(['date-time']);

/** `x-ms-docs-operation-type`, `x-ms-docs-key-type`, `x-ms-docs-grouped-path`, …: documentation-site noise. */
function dropDocsExtensions(node: JsonValue): void {
  if (Array.isArray(node)) node.forEach(dropDocsExtensions);
  else if (node !== null && typeof node === 'object') {
    for (const key of Object.keys(node)) {
      if (key.startsWith('x-ms-docs-')) delete node[key];
      else dropDocsExtensions(node[key]!);
    }
  }
}

/** Calls `fn` on every schema of the document: components, parameters, media types and headers, and their subschemas. */
export function forEachSchema(document: JsonObject, fn: (schema: JsonObject) => void): void {
  const visitSchema = (schema: JsonValue | undefined) => {
    if (!isJsonObject(schema)) return;
    fn(schema);
    for (const key of ['items', 'not', 'additionalProperties', 'contains'])
      if (isJsonObject(schema[key])) visitSchema(schema[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'])
      for (const part of asArray(schema[key])) visitSchema(part);
    for (const key of ['properties', 'patternProperties', '$defs'])
      for (const property of Object.values(asObject(schema[key]))) visitSchema(property);
  };
  const visitContent = (holder: JsonValue | undefined) => {
    for (const media of Object.values(asObject(asObject(holder)['content'])))
      visitSchema(asObject(media)['schema']);
  };
  const visitParameter = (parameter: JsonValue) => {
    visitSchema(asObject(parameter)['schema']);
    visitContent(parameter);
  };
  const visitResponse = (response: JsonValue) => {
    visitContent(response);
    for (const header of Object.values(asObject(asObject(response)['headers']))) visitParameter(header);
  };

  const components = asObject(document['components']);
  for (const schema of Object.values(asObject(components['schemas']))) visitSchema(schema);
  for (const parameter of Object.values(asObject(components['parameters']))) visitParameter(parameter);
  for (const header of Object.values(asObject(components['headers']))) visitParameter(header);
  for (const body of Object.values(asObject(components['requestBodies']))) visitContent(body);
  for (const response of Object.values(asObject(components['responses']))) visitResponse(response);
  for (const item of Object.values(asObject(document['paths']))) {
    for (const parameter of asArray(asObject(item)['parameters'])) visitParameter(parameter);
    for (const method of httpMethods) {
      const operation = asObject(asObject(item)[method]);
      for (const parameter of asArray(operation['parameters'])) visitParameter(parameter);
      visitContent(operation['requestBody']);
      for (const response of Object.values(asObject(operation['responses']))) visitResponse(response);
    }
  }
}

/**
 * One schema, in place (its subschemas are visited separately):
 * - `anyOf: [{$ref}, {type: object, nullable: true}]` (Microsoft's nullable reference) → `anyOf: [{$ref}, {type: 'null'}]`;
 * - `nullable: true` → `type: [T, 'null']`, or `anyOf: [{…}, {type: 'null'}]` where there is no `type`;
 * - the date-time `pattern` is dropped (`format: date-time` stays);
 * - `@odata.type` is no longer required: Graph omits it from most responses (facts §2.4);
 * - Microsoft's `x-ms-navigationProperty: true` → our `x-graph-navigation: true` (returned only with `$expand`).
 */
function normalizeSchema(schema: JsonObject): void {
  if (schema['x-ms-navigationProperty'] === true) {
    delete schema['x-ms-navigationProperty'];
    schema['x-graph-navigation'] = true;
  }
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const options = schema[combinator];
    if (Array.isArray(options))
      schema[combinator] = options.map((option) => (isNullPlaceholder(option) ? { type: 'null' } : option));
  }
  if (typeof schema['format'] === 'string' && formatsWithRedundantPattern.has(schema['format']))
    delete schema['pattern'];
  if (Array.isArray(schema['required'])) {
    const required = schema['required'].filter((name) => name !== '@odata.type');
    if (required.length > 0) schema['required'] = required;
    else delete schema['required'];
  }

  const nullable = schema['nullable'];
  delete schema['nullable'];
  if (nullable !== true) return;
  const type = schema['type'];
  if (typeof type === 'string') {
    schema['type'] = [type, 'null'];
    if (Array.isArray(schema['enum']) && !schema['enum'].includes(null)) schema['enum'].push(null);
  } else if (Array.isArray(type)) {
    if (!type.includes('null')) type.push('null');
  } else if (Array.isArray(schema['anyOf']) || Array.isArray(schema['oneOf'])) {
    const key = Array.isArray(schema['anyOf']) ? 'anyOf' : 'oneOf';
    const options = schema[key] as JsonValue[];
    if (!options.some((option) => asObject(option)['type'] === 'null')) options.push({ type: 'null' });
  } else {
    // A `$ref` or an `allOf` with `nullable` beside it: wrap it.
    const wrapped: JsonObject = {};
    for (const key of Object.keys(schema)) {
      if (key === 'description' || key === 'title' || key.startsWith('x-')) continue;
      wrapped[key] = schema[key]!;
      delete schema[key];
    }
    schema['anyOf'] = [wrapped, { type: 'null' }];
  }
}

/**
 * `@odata.type` is required again on a polymorphic base whose every kind pins its own name (`const`), and on those
 * kinds: the values there are always one of the kinds, which Graph sends with their `@odata.type` (facts §2.4:
 * evidence items; OData JSON Format §4.5.3: a derived type's instance carries its type). Microsoft's descriptions
 * pin no kind, so this applies to descriptions converted from CSDL, where the derived types carry a `const`.
 */
function requirePolymorphicOdataType(document: JsonObject): void {
  const schemas = asObject(asObject(document['components'])['schemas']);
  const parts = (schema: JsonValue | undefined) =>
    [asObject(schema), ...asArray(asObject(schema)['allOf']).filter(isJsonObject)].filter(
      (part) => asObject(part['properties'])['@odata.type'] !== undefined,
    );
  const pinned = (schema: JsonValue | undefined) =>
    parts(schema).some(
      (part) => asObject(asObject(part['properties'])['@odata.type'])['const'] !== undefined,
    );
  const require = (part: JsonObject) => {
    const required = asArray(part['required']);
    if (!required.includes('@odata.type')) part['required'] = ['@odata.type', ...required];
  };
  for (const schema of Object.values(schemas)) {
    const discriminator = asObject(asObject(schema)['discriminator']);
    if (discriminator['propertyName'] !== '@odata.type') continue;
    const kinds = Object.values(asObject(discriminator['mapping'])).map((ref) =>
      typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')] : undefined,
    );
    if (kinds.length === 0 || !kinds.every(pinned)) continue;
    for (const holder of [schema, ...kinds]) parts(holder).forEach(require);
  }
}

/** `{type: object, nullable: true}` with nothing else: Microsoft's way of saying "or null" in an `anyOf`. */
function isNullPlaceholder(option: JsonValue): boolean {
  const object = asObject(option);
  const keys = Object.keys(object).filter((key) => key !== 'description' && key !== 'title');
  return object['type'] === 'object' && object['nullable'] === true && keys.length === 2;
}

/**
 * Microsoft puts `additionalProperties: {type: object}` on every schema, though OData types are closed unless the
 * CSDL says `OpenType`. Top-level object schemas become closed (`additionalProperties: false`); one that declares no
 * property at all is an open bag (`microsoft.graph.security.dictionary`) and becomes `additionalProperties: true`
 * with `x-graph-open-type`. Derived (`allOf`) types and their bases get neither: closing a part of an `allOf` would
 * reject the other parts' properties. Other open types are marked by the overlay, which knows the CSDL.
 */
function closeComponentSchemas(document: JsonObject): void {
  const schemas = asObject(asObject(document['components'])['schemas']);
  const bases = new Set<JsonValue>();
  for (const schema of Object.values(schemas))
    for (const part of asArray(asObject(schema)['allOf'])) {
      const ref = asObject(part)['$ref'];
      const base = typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')] : undefined;
      if (base !== undefined) bases.add(base);
    }
  for (const schema of Object.values(schemas)) {
    if (!isJsonObject(schema)) continue;
    // A base type (`microsoft.graph.entity`) must not be closed either: `allOf` would then reject every derived property.
    const isDerived = Array.isArray(schema['allOf']) || bases.has(schema);
    for (const part of [schema, ...asArray(schema['allOf']).filter(isJsonObject)]) {
      if (isMicrosoftOpenMarker(part['additionalProperties'])) {
        delete part['additionalProperties'];
        if (!isDerived && part === schema && Object.keys(asObject(schema['properties'])).length === 0) {
          schema['additionalProperties'] = true;
          schema['x-graph-open-type'] = true;
        }
      }
    }
    if (!isDerived && schema['type'] === 'object' && schema['additionalProperties'] === undefined)
      schema['additionalProperties'] = false;
  }
  // The same marker on nested schemas says nothing either.
  forEachSchema(document, (schema) => {
    if (isMicrosoftOpenMarker(schema['additionalProperties'])) delete schema['additionalProperties'];
  });
}

function isMicrosoftOpenMarker(value: JsonValue | undefined): boolean {
  return isJsonObject(value) && value['type'] === 'object' && Object.keys(value).length === 1;
}

/**
 * Graph's evolvable enums all end their known members with `unknownFutureValue` (Graph API guidelines,
 * evolvable-enums pattern), so the sentinel is marked wherever that member is; the overlay adds the members after it.
 */
function markEvolvableEnums(document: JsonObject): void {
  for (const schema of Object.values(asObject(asObject(document['components'])['schemas'])))
    if (isJsonObject(schema) && asArray(schema['enum']).includes('unknownFutureValue'))
      schema['x-graph-enum'] = { ...asObject(schema['x-graph-enum']), sentinel: 'unknownFutureValue' };
}

/** `{incident-id}` → `{incidentId}`, in path keys and path parameter names: a TypeScript client names them. */
function camelCasePathParameters(document: JsonObject): void {
  const paths = asObject(document['paths']);
  const renamed: JsonObject = {};
  const camel = (name: string) => name.replace(/-([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  for (const [path, item] of Object.entries(paths)) {
    const key = path.replace(/\{([^}]+)\}/g, (_, name: string) => `{${camel(name)}}`);
    renamed[key] = item;
    const parameterLists = [
      asObject(item)['parameters'],
      ...httpMethods.map((m) => asObject(asObject(item)[m])['parameters']),
    ];
    for (const parameter of parameterLists.flatMap(asArray))
      if (isJsonObject(parameter) && parameter['in'] === 'path' && typeof parameter['name'] === 'string')
        parameter['name'] = camel(parameter['name']);
  }
  document['paths'] = renamed;
  for (const parameter of Object.values(asObject(asObject(document['components'])['parameters'])))
    if (isJsonObject(parameter) && parameter['in'] === 'path' && typeof parameter['name'] === 'string')
      parameter['name'] = camel(parameter['name']);
}

/**
 * Microsoft's per-module files repeat each path parameter in every operation; the full description declares them on
 * the path item. We use the path-item form: a path parameter moves up, once, and leaves every operation.
 */
function hoistPathParameters(document: JsonObject): void {
  for (const item of Object.values(asObject(document['paths']))) {
    if (!isJsonObject(item)) continue;
    const shared = asArray(item['parameters']);
    const has = (name: JsonValue | undefined) =>
      shared.some((p) => asObject(p)['in'] === 'path' && asObject(p)['name'] === name);
    for (const method of httpMethods) {
      const operation = item[method];
      if (!isJsonObject(operation) || !Array.isArray(operation['parameters'])) continue;
      const own: JsonValue[] = [];
      for (const parameter of operation['parameters']) {
        const object = asObject(parameter);
        if (object['in'] === 'path') {
          if (!has(object['name'])) {
            const { style, ...rest } = object;
            shared.push(style === 'simple' ? rest : object);
          }
        } else own.push(parameter);
      }
      if (own.length > 0) operation['parameters'] = own;
      else delete operation['parameters'];
    }
    if (shared.length > 0) item['parameters'] = shared;
  }
}

/**
 * `2XX` → `200` when it has a body, `204` when it has none; a `2XX` beside an explicit 2xx code is left alone.
 * Every `4XX`, `5XX` and `default` points at the one shared `error` response.
 */
function normalizeResponses(document: JsonObject): void {
  const components = (document['components'] = asObject(document['components']));
  const responses = (components['responses'] = asObject(components['responses']));
  let errorRef: string | undefined =
    responses['error'] === undefined ? undefined : '#/components/responses/error';
  const deref = (response: JsonValue | undefined): JsonObject => {
    const ref = asObject(response)['$ref'];
    return typeof ref === 'string'
      ? asObject(responses[ref.replace('#/components/responses/', '')])
      : asObject(response);
  };
  for (const item of Object.values(asObject(document['paths']))) {
    for (const method of httpMethods) {
      const operation = asObject(asObject(item)[method]);
      if (!isJsonObject(operation['responses'])) continue;
      const before = operation['responses'];
      const after: JsonObject = {};
      const explicitSuccess = Object.keys(before).some((status) => /^2\d\d$/.test(status));
      for (const [status, response] of Object.entries(before)) {
        if (status === '2XX' && !explicitSuccess) {
          after[deref(response)['content'] === undefined ? '204' : '200'] = response;
        } else if (/^(4XX|5XX|4\d\d|5\d\d|default)$/.test(status)) {
          if (!errorRef) {
            responses['error'] = deref(response);
            errorRef = '#/components/responses/error';
          }
          after[status] = { $ref: errorRef };
        } else after[status] = response;
      }
      operation['responses'] = after;
    }
  }
  if (Object.keys(responses).length === 0) delete components['responses'];
  if (Object.keys(components).length === 0) delete document['components'];
}

/**
 * Microsoft's converter gives bound actions on a collection and on an item the same operationId (four pairs in the
 * 2023 Security module). The first keeps its id; later ones get `_2`, `_3`… in document order. Our own operations get
 * their stable ids from the overlay.
 */
function dedupeOperationIds(document: JsonObject): void {
  const seen = new Map<string, number>();
  for (const item of Object.values(asObject(document['paths']))) {
    for (const method of Object.keys(asObject(item)).filter((key) => httpMethods.includes(key))) {
      const operation = asObject(asObject(item)[method]);
      const id = operation['operationId'];
      if (typeof id !== 'string') continue;
      const count = (seen.get(id) ?? 0) + 1;
      seen.set(id, count);
      if (count > 1) operation['operationId'] = `${id}_${count}`;
    }
  }
}

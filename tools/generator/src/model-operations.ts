import { compareKeys, type JsonObject, type JsonValue } from './load.ts';
import type { HttpMethod, OperationModel, ParameterModel, ResponseModel } from './model.ts';
import { type Context, refKey, typeOf } from './model-schemas.ts';
import { asObject } from './json.ts';
import { componentOf, joinPointer } from './json-pointer.ts';

const httpMethods: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'options',
  'trace',
];

/** Reads every operation under `paths` into the model, sorted by operationId. */
export function buildOperations(ctx: Context, document: JsonObject): OperationModel[] {
  const components = asObject(document['components']);
  const operations: OperationModel[] = [];
  const paths = asObject(document['paths']);
  const deref = (value: JsonValue | undefined, section: string): JsonObject => {
    const object = asObject(value ?? {});
    const ref = object['$ref'];
    if (typeof ref !== 'string') return object;
    const target = componentOf(ref);
    const entries = asObject(components[section]);
    return target?.section === section && Object.hasOwn(entries, target.name)
      ? asObject(entries[target.name])
      : {};
  };
  for (const path of Object.keys(paths)) {
    const pathItem = asObject(paths[path]);
    const shared = Array.isArray(pathItem['parameters']) ? pathItem['parameters'] : [];
    for (const method of httpMethods) {
      if (pathItem[method] === undefined) continue;
      const operation = asObject(pathItem[method]);
      const pointer = joinPointer('#/paths', path, method);
      const own = Array.isArray(operation['parameters']) ? operation['parameters'] : [];
      const parameters = new Map<string, ParameterModel>();
      for (const [index, raw] of [...shared, ...own].entries()) {
        const parameter = deref(raw, 'parameters');
        const ref = asObject(raw)['$ref'];
        const parameterPointer =
          typeof ref === 'string' && ref.startsWith('#/components/parameters/')
            ? ref
            : index < shared.length
              ? joinPointer('#/paths', path, 'parameters', index)
              : joinPointer(pointer, 'parameters', index - shared.length);
        const name = String(parameter['name']);
        const schema = asObject(parameter['schema'] ?? {});
        const filterable = parameter['x-graph-filterable'];
        parameters.set(name, {
          name,
          pointer: parameterPointer,
          in: parameter['in'] as ParameterModel['in'],
          required: parameter['required'] === true,
          description: typeof parameter['description'] === 'string' ? parameter['description'] : '',
          type: typeOf(ctx, schema, joinPointer(parameterPointer, 'schema')).type,
          explode: parameter['explode'] !== false,
          ...(Array.isArray(filterable) ? { filterable: filterable.map(String) } : {}),
        });
      }
      let requestBody: OperationModel['requestBody'];
      if (operation['requestBody'] !== undefined) {
        const body = deref(operation['requestBody'], 'requestBodies');
        const content = asObject(body['content'] ?? {});
        const contentType = Object.keys(content)[0] ?? 'application/json';
        const schema = asObject(asObject(content[contentType] ?? {})['schema'] ?? {});
        requestBody = {
          contentType,
          schemaKey: refKey(
            ctx,
            String(schema['$ref']),
            joinPointer(pointer, 'requestBody', 'content', contentType, 'schema'),
          ),
          required: body['required'] === true,
        };
      }
      const responses: ResponseModel[] = [];
      const rawResponses = asObject(operation['responses'] ?? {});
      for (const status of Object.keys(rawResponses)) {
        const response = deref(rawResponses[status], 'responses');
        const content = asObject(response['content'] ?? {});
        const contentType = Object.keys(content)[0];
        const schema = contentType ? asObject(asObject(content[contentType] ?? {})['schema'] ?? {}) : {};
        responses.push({
          status,
          description: typeof response['description'] === 'string' ? response['description'] : '',
          ...(contentType ? { contentType } : {}),
          ...(typeof schema['$ref'] === 'string'
            ? { schemaKey: refKey(ctx, schema['$ref'], joinPointer(pointer, 'responses', status)) }
            : {}),
        });
      }
      const security = Array.isArray(operation['security']) ? operation['security'] : [];
      const pageable =
        operation['x-ms-pageable'] === undefined ? undefined : asObject(operation['x-ms-pageable']);
      operations.push({
        operationId: String(operation['operationId']),
        pointer,
        method,
        path,
        summary: typeof operation['summary'] === 'string' ? operation['summary'] : '',
        description: typeof operation['description'] === 'string' ? operation['description'] : '',
        parameters: [...parameters.values()],
        ...(requestBody ? { requestBody } : {}),
        responses,
        permissions: security.map((requirement) =>
          Object.values(asObject(requirement)).flatMap((scopes) =>
            Array.isArray(scopes) ? scopes.map(String) : [],
          ),
        ),
        ...(pageable
          ? {
              pageable: {
                nextLinkName: String(pageable['nextLinkName'] ?? '@odata.nextLink'),
                itemName: String(pageable['itemName'] ?? 'value'),
              },
            }
          : {}),
      });
    }
  }
  return operations.sort((a, b) => compareKeys(a.operationId, b.operationId));
}

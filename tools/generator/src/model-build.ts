import { compareKeys, type JsonObject, type JsonValue } from './load.ts';
import type { ApiModel, EnumModel, ObjectModel, ScalarModel } from './model.ts';
import { buildOperations } from './model-operations.ts';
import { buildEnum, buildObject, checkAliasCycle, type Context, names, typeOf } from './model-schemas.ts';
import { asObject } from './json.ts';
import { joinPointer } from './json-pointer.ts';
import { SpecError, type SpecProblem } from './spec-error.ts';

/** `model-schemas.ts` reads the schemas, `model-operations.ts` the operations; this module puts the model together. */
function context(file: string, document: JsonObject): Context {
  const fail = (pointer: string, message: string, code: SpecProblem['code'] = 'unsupported'): never => {
    throw new SpecError([{ code, file, pointer, message }]);
  };
  return {
    file,
    schemas: asObject(asObject(document['components'])['schemas']),
    fail,
    bases: [],
    built: new Map(),
  };
}

/**
 * What must hold before the document is handed to Redocly and openapi-typescript, which crash or reach out on it:
 * every `$ref` is local (`#/…`; an external one would be fetched), and no `$ref`-only schema leads back to itself.
 */
export function checkReferences(file: string, document: JsonObject): void {
  const ctx = context(file, document);
  const stack: { value: JsonValue; pointer: string }[] = [{ value: document, pointer: '#' }];
  while (stack.length > 0) {
    const { value, pointer } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const ref = Array.isArray(value) ? undefined : value['$ref'];
    if (ref !== undefined && (typeof ref !== 'string' || !ref.startsWith('#/')))
      ctx.fail(
        joinPointer(pointer, '$ref'),
        `$ref ${JSON.stringify(ref)} is not a local reference (#/…); external references are not read`,
        'unsupported',
      );
    const entries = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
    for (const [key, item] of entries) stack.push({ value: item, pointer: joinPointer(pointer, key) });
  }
  for (const key of Object.keys(ctx.schemas).sort(compareKeys)) checkAliasCycle(ctx, key);
}

/** Builds the neutral model from a validated, canonical OpenAPI document. */
export function buildModel(file: string, document: JsonObject): ApiModel {
  const ctx = context(file, document);
  const { fail, schemas } = ctx;

  const enums: EnumModel[] = [];
  const objects: ObjectModel[] = [];
  const scalars: ScalarModel[] = [];
  for (const key of Object.keys(schemas).sort(compareKeys)) {
    const schema = asObject(schemas[key]);
    const pointer = joinPointer('#/components/schemas', key);
    if (Array.isArray(schema['enum']) && schema['type'] === 'string')
      enums.push(buildEnum(ctx, key, schema, pointer));
    else if (schema['type'] === 'object' || Array.isArray(schema['allOf']))
      objects.push(buildObject(ctx, key, schema, pointer));
    else {
      scalars.push({ kind: 'scalar', ...names(ctx, key, schema), type: typeOf(ctx, schema, pointer).type });
    }
  }
  const tsNames = new Map<string, string>();
  for (const named of [...enums, ...objects, ...scalars]) {
    const clash = tsNames.get(named.tsName);
    if (clash)
      fail(
        joinPointer('#/components/schemas', named.key),
        `TypeScript name ${named.tsName} is also used by ${clash}; set x-ts-name on one of them`,
        'name-clash',
      );
    tsNames.set(named.tsName, named.key);
  }

  const servers = Array.isArray(document['servers']) ? document['servers'] : [];
  const firstServer = asObject(servers[0] ?? {});
  return {
    file,
    version: String(asObject(document['info'])['version'] ?? ''),
    baseUrl: typeof firstServer['url'] === 'string' ? firstServer['url'].replace(/\/$/, '') : '',
    document,
    enums,
    objects,
    scalars,
    operations: buildOperations(ctx, document),
  };
}

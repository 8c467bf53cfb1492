import { isTypeName, toIdentifier } from './escape.ts';
import { compareKeys, type JsonObject, type JsonValue } from './load.ts';
import { asObject } from './json.ts';
import { componentOf, joinPointer } from './json-pointer.ts';
import { SpecError, type SpecProblem } from './spec-error.ts';

/**
 * The neutral description of an API that every emitter reads. Emitters never look at raw OpenAPI, except the
 * openapi-typescript bridge, which needs the (validated, canonical) document itself.
 */
export interface ApiModel {
  /** The spec file, relative to the workspace root. */
  readonly file: string;
  /** `info.version` of the description. */
  readonly version: string;
  /** The default server URL, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  /** The validated document with its keys sorted. */
  readonly document: JsonObject;
  readonly enums: readonly EnumModel[];
  readonly objects: readonly ObjectModel[];
  /** Schemas that are neither enums nor objects, e.g. `ODataCountResponse` (an integer). */
  readonly scalars: readonly ScalarModel[];
  readonly operations: readonly OperationModel[];
}

export interface NamedModel {
  /** The schema's key under `components.schemas`, e.g. `microsoft.graph.security.incident`. */
  readonly key: string;
  /** The TypeScript name, e.g. `Incident`. */
  readonly tsName: string;
  /** The Graph name, the key's last segment, e.g. `incident`. */
  readonly graphName: string;
  readonly description: string;
}

/** A string enum. For evolvable enums, `sentinel` is `unknownFutureValue`. */
export interface EnumModel extends NamedModel {
  readonly kind: 'enum';
  /** Every member in declaration order, those after the sentinel included. */
  readonly members: readonly string[];
  readonly sentinel?: string;
  /** Members declared after the sentinel: returned only with `Prefer: include-unknown-enum-members`. */
  readonly afterSentinel: readonly string[];
  /** Numeric values, where the spec gives them (they order `$orderby`). */
  readonly values?: Readonly<Record<string, number>>;
}

export interface ScalarModel extends NamedModel {
  readonly kind: 'scalar';
  readonly type: TypeRef;
}

export interface ObjectModel extends NamedModel {
  readonly kind: 'object';
  /** Own and inherited properties, sorted by name. */
  readonly properties: readonly PropertyModel[];
  /** True when the type accepts properties it does not declare (an OData open type). */
  readonly open: boolean;
  /** The schema this one extends through `allOf`. */
  readonly base?: string;
  /** Present on a polymorphic base: the discriminator property and the value → derived schema key map. */
  readonly discriminator?: {
    readonly propertyName: string;
    readonly mapping: Readonly<Record<string, string>>;
  };
  /** Present on a derived type: the discriminator property and its value for this type. */
  readonly discriminatorValue?: { readonly propertyName: string; readonly value: string };
  /** Properties whose facts could not be verified: the type is treated as open. */
  readonly unverified: boolean;
}

export interface PropertyModel {
  readonly name: string;
  readonly description: string;
  readonly type: TypeRef;
  readonly nullable: boolean;
  readonly required: boolean;
  /** A navigation property (returned only with `$expand`). */
  readonly navigation: boolean;
}

export type PrimitiveName = 'string' | 'integer' | 'number' | 'boolean';

export type TypeRef =
  | {
      readonly kind: 'primitive';
      readonly type: PrimitiveName;
      readonly format?: string;
      /** Allowed literal values (`const` or an inline `enum`). */
      readonly literals?: readonly (string | number | boolean)[];
      readonly minimum?: number;
      readonly maximum?: number;
      readonly minLength?: number;
    }
  | { readonly kind: 'ref'; readonly key: string }
  | { readonly kind: 'array'; readonly items: TypeRef; readonly itemsNullable: boolean }
  | { readonly kind: 'open-object' };

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';

export interface OperationModel {
  readonly operationId: string;
  /** Where the operation is in the spec, e.g. `#/paths/~1security~1incidents/get`. */
  readonly pointer: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/security/incidents/{incidentId}`. */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly ParameterModel[];
  readonly requestBody?: {
    readonly contentType: string;
    readonly schemaKey: string;
    readonly required: boolean;
  };
  readonly responses: readonly ResponseModel[];
  /** Alternative permission sets: any one of them is enough. */
  readonly permissions: readonly (readonly string[])[];
  /** Present on pageable list operations. */
  readonly pageable?: { readonly nextLinkName: string; readonly itemName: string };
}

export interface ParameterModel {
  readonly name: string;
  /** Where the parameter is used in the spec (its entry in the operation's or path item's `parameters`). */
  readonly pointer: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly description: string;
  readonly type: TypeRef;
  /** `false` for comma-joined arrays (`$select=id,status`). */
  readonly explode: boolean;
  /** For `$filter`: the properties the service filters on. */
  readonly filterable?: readonly string[];
}

export interface ResponseModel {
  /** `200`, `4XX`, `default`… */
  readonly status: string;
  readonly description: string;
  readonly contentType?: string;
  readonly schemaKey?: string;
}

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

function context(file: string, document: JsonObject): Context {
  const fail = (pointer: string, message: string, code: SpecProblem['code'] = 'unsupported'): never => {
    throw new SpecError([{ code, file, pointer, message }]);
  };
  return { file, schemas: asObject(asObject(document['components'])['schemas']), fail, bases: [] };
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

interface Context {
  readonly file: string;
  readonly schemas: JsonObject;
  readonly fail: (pointer: string, message: string, code?: SpecProblem['code']) => never;
  /** The schemas whose `allOf` base is being read, outermost first: a key seen twice is a cycle. */
  readonly bases: string[];
}

/** The schema named `key` under `components/schemas`, if there is one (an own key: `constructor` is not inherited). */
function schemaAt(ctx: Context, key: string): JsonObject | undefined {
  return Object.hasOwn(ctx.schemas, key) ? asObject(ctx.schemas[key]) : undefined;
}

/**
 * The schema's names. The TypeScript name is `x-ts-name`, which must be a usable type name, or one derived from the
 * Graph name: `foo-bar` → `FooBar`, `1stThing` → `_1stThing` (clashes are reported with both keys).
 */
function names(
  ctx: Context,
  key: string,
  schema: JsonObject,
): Pick<NamedModel, 'key' | 'tsName' | 'graphName' | 'description'> {
  const graphName = key.split('.').at(-1) ?? key;
  const override = schema['x-ts-name'];
  if (override !== undefined && (typeof override !== 'string' || !isTypeName(override)))
    ctx.fail(
      joinPointer('#/components/schemas', key, 'x-ts-name'),
      `x-ts-name ${JSON.stringify(override)} is not a usable TypeScript type name (letters, digits, _ and $, not starting with a digit, not a reserved word)`,
      'invalid-name',
    );
  return {
    key,
    graphName,
    tsName: typeof override === 'string' ? override : toIdentifier(graphName, 'pascal'),
    description: typeof schema['description'] === 'string' ? schema['description'] : '',
  };
}

/** A schema that is only a `$ref` to another must not lead back to itself. */
function checkAliasCycle(ctx: Context, key: string): void {
  const chain = [key];
  let current = schemaAt(ctx, key);
  while (current && typeof current['$ref'] === 'string' && Object.keys(current).every(isAnnotation)) {
    const next = refKey(ctx, current['$ref'], joinPointer('#/components/schemas', chain.at(-1)!, '$ref'));
    if (chain.includes(next))
      ctx.fail(
        joinPointer('#/components/schemas', key, '$ref'),
        `$ref cycle: ${[...chain.slice(chain.indexOf(next)), next].join(' → ')} never reaches a schema`,
        'cycle',
      );
    chain.push(next);
    current = schemaAt(ctx, next);
  }
}

function isAnnotation(keyword: string): boolean {
  return keyword === '$ref' || keyword === 'description' || keyword === 'title' || keyword.startsWith('x-');
}

/** `alertComment` → `AlertComment`; `ODataCountResponse` stays as it is. */
export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `AlertComment` → `alertComment`. */
export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function buildEnum(ctx: Context, key: string, schema: JsonObject, pointer: string): EnumModel {
  const members = (schema['enum'] as JsonValue[]).map((member, index) =>
    typeof member === 'string'
      ? member
      : ctx.fail(joinPointer(pointer, 'enum', index), 'enum members must be strings'),
  );
  const extension = schema['x-graph-enum'] === undefined ? undefined : asObject(schema['x-graph-enum']);
  const sentinel = extension?.['sentinel'];
  if (sentinel !== undefined && (typeof sentinel !== 'string' || !members.includes(sentinel)))
    ctx.fail(
      joinPointer(pointer, 'x-graph-enum', 'sentinel'),
      `sentinel ${String(sentinel)} is not a member`,
    );
  const values = extension?.['values'] === undefined ? undefined : asObject(extension['values']);
  if (values) {
    for (const member of members)
      if (
        !Object.hasOwn(values, member) ||
        typeof values[member] !== 'number' ||
        !Number.isFinite(values[member])
      )
        ctx.fail(joinPointer(pointer, 'x-graph-enum', 'values'), `no numeric value for member ${member}`);
  }
  return {
    kind: 'enum',
    ...names(ctx, key, schema),
    members,
    ...(typeof sentinel === 'string' ? { sentinel } : {}),
    afterSentinel: typeof sentinel === 'string' ? members.slice(members.indexOf(sentinel) + 1) : [],
    ...(values ? { values: values as Record<string, number> } : {}),
  };
}

function buildObject(ctx: Context, key: string, schema: JsonObject, pointer: string): ObjectModel {
  let base: string | undefined;
  let unverified = schema['x-graph-properties-unverified'] === true;
  const parts: { schema: JsonObject; pointer: string }[] = [];
  if (Array.isArray(schema['allOf'])) {
    for (const [index, part] of schema['allOf'].entries()) {
      const partObject = asObject(part);
      const partPointer = joinPointer(pointer, 'allOf', index);
      if (typeof partObject['$ref'] === 'string') {
        if (base) ctx.fail(partPointer, 'only one base schema is supported in allOf');
        base = refKey(ctx, partObject['$ref'], joinPointer(partPointer, '$ref'));
        if (base === key || ctx.bases.includes(base)) {
          const chain = [...ctx.bases.slice(ctx.bases.indexOf(base)), key, base];
          ctx.fail(
            joinPointer(partPointer, '$ref'),
            `allOf cycle: ${(base === key ? [key, key] : chain).join(' → ')}`,
            'cycle',
          );
        }
      } else {
        parts.push({ schema: partObject, pointer: partPointer });
        if (partObject['x-graph-properties-unverified'] === true) unverified = true;
      }
    }
  } else {
    parts.push({ schema, pointer });
  }

  const properties = new Map<string, PropertyModel>();
  if (base) {
    const baseSchema = schemaAt(ctx, base)!;
    ctx.bases.push(key);
    try {
      for (const property of buildObject(ctx, base, baseSchema, joinPointer('#/components/schemas', base))
        .properties)
        properties.set(property.name, property);
    } finally {
      ctx.bases.pop();
    }
  }
  let open = false;
  let discriminatorValue: ObjectModel['discriminatorValue'];
  for (const part of parts) {
    const required = new Set(Array.isArray(part.schema['required']) ? part.schema['required'] : []);
    const own = asObject(part.schema['properties'] ?? {});
    for (const name of Object.keys(own)) {
      const propertyPointer = joinPointer(part.pointer, 'properties', name);
      const propertySchema = asObject(own[name]);
      const { type, nullable } = typeOf(ctx, propertySchema, propertyPointer);
      properties.set(name, {
        name,
        description: typeof propertySchema['description'] === 'string' ? propertySchema['description'] : '',
        type,
        nullable,
        required: required.has(name) || (properties.get(name)?.required ?? false),
        navigation: propertySchema['x-graph-navigation'] === true,
      });
    }
    if (part.schema['additionalProperties'] === true || part.schema['x-graph-open-type'] === true)
      open = true;
  }

  const discriminatorSchema =
    schema['discriminator'] === undefined ? undefined : asObject(schema['discriminator']);
  let discriminator: ObjectModel['discriminator'];
  if (discriminatorSchema) {
    const raw = asObject(discriminatorSchema['mapping'] ?? {});
    // fromEntries defines own properties: a `__proto__` value stays a value.
    const mapping: Record<string, string> = Object.fromEntries(
      Object.keys(raw).map((value) => [
        value,
        refKey(ctx, String(raw[value]), joinPointer(pointer, 'discriminator', 'mapping', value)),
      ]),
    );
    discriminator = { propertyName: String(discriminatorSchema['propertyName']), mapping };
  }
  if (base) {
    const baseDiscriminator = asObject(schemaAt(ctx, base)!['discriminator'] ?? {});
    const propertyName = baseDiscriminator['propertyName'];
    const literal = properties.get(String(propertyName))?.type;
    if (typeof propertyName === 'string' && literal?.kind === 'primitive' && literal.literals?.length === 1)
      discriminatorValue = { propertyName, value: String(literal.literals[0]) };
  }

  return {
    kind: 'object',
    ...names(
      ctx,
      key,
      schema.allOf ? { ...schema, ...(parts[0]?.schema ?? {}), ...pick(schema, 'x-ts-name') } : schema,
    ),
    properties: [...properties.values()].sort((a, b) => compareKeys(a.name, b.name)),
    open: open || unverified,
    ...(base ? { base } : {}),
    ...(discriminator ? { discriminator } : {}),
    ...(discriminatorValue ? { discriminatorValue } : {}),
    unverified,
  };
}

function pick(schema: JsonObject, key: string): JsonObject {
  return schema[key] === undefined ? {} : { [key]: schema[key]! };
}

/** Reads a property or parameter schema into a {@link TypeRef}, unwrapping the nullable forms of OpenAPI 3.1. */
function typeOf(ctx: Context, schema: JsonObject, pointer: string): { type: TypeRef; nullable: boolean } {
  if (typeof schema['$ref'] === 'string')
    return { type: { kind: 'ref', key: refKey(ctx, schema['$ref'], pointer) }, nullable: false };
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const options = schema[combinator];
    if (Array.isArray(options)) {
      const nonNull = options.filter((option) => asObject(option)['type'] !== 'null');
      if (nonNull.length !== 1)
        ctx.fail(joinPointer(pointer, combinator), `${combinator} is supported only as "one schema or null"`);
      const inner = typeOf(
        ctx,
        asObject(nonNull[0]!),
        joinPointer(pointer, combinator, options.indexOf(nonNull[0]!)),
      );
      return { type: inner.type, nullable: inner.nullable || nonNull.length < options.length };
    }
  }
  let declared = schema['type'];
  let nullable = false;
  if (Array.isArray(declared)) {
    nullable = declared.includes('null');
    const nonNull = declared.filter((entry) => entry !== 'null');
    if (nonNull.length !== 1)
      ctx.fail(joinPointer(pointer, 'type'), 'a type list must be one type plus "null"');
    declared = nonNull[0]!;
  }
  if (declared === undefined && (schema['const'] !== undefined || Array.isArray(schema['enum'])))
    declared = 'string';
  switch (declared) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean': {
      const literals =
        schema['const'] !== undefined
          ? [schema['const']]
          : Array.isArray(schema['enum'])
            ? schema['enum']
            : undefined;
      return {
        type: {
          kind: 'primitive',
          type: declared,
          ...(typeof schema['format'] === 'string' ? { format: schema['format'] } : {}),
          ...(literals ? { literals: literals as (string | number | boolean)[] } : {}),
          ...(typeof schema['minimum'] === 'number' ? { minimum: schema['minimum'] } : {}),
          ...(typeof schema['maximum'] === 'number' ? { maximum: schema['maximum'] } : {}),
          ...(typeof schema['minLength'] === 'number' ? { minLength: schema['minLength'] } : {}),
        },
        nullable,
      };
    }
    case 'array': {
      const items = typeOf(ctx, asObject(schema['items'] ?? {}), joinPointer(pointer, 'items'));
      return { type: { kind: 'array', items: items.type, itemsNullable: items.nullable }, nullable };
    }
    case 'object':
      if (schema['properties'] !== undefined)
        ctx.fail(pointer, 'inline object schemas are not supported; move it to components/schemas');
      return { type: { kind: 'open-object' }, nullable };
    default:
      return ctx.fail(
        joinPointer(pointer, 'type'),
        `unknown type ${JSON.stringify(declared)}`,
        'unknown-type',
      );
  }
}

function refKey(ctx: Context, ref: string, pointer: string): string {
  const target = componentOf(ref);
  const key = target?.section === 'schemas' ? target.name : undefined;
  if (key === undefined || schemaAt(ctx, key) === undefined)
    return ctx.fail(
      pointer,
      `$ref ${JSON.stringify(ref)} does not point to a schema in components/schemas`,
      'dangling-ref',
    );
  return key;
}

function buildOperations(ctx: Context, document: JsonObject): OperationModel[] {
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

/** Looks up a named schema of the model. */
export function findSchema(model: ApiModel, key: string): EnumModel | ObjectModel | ScalarModel | undefined {
  return (
    model.enums.find((e) => e.key === key) ??
    model.objects.find((o) => o.key === key) ??
    model.scalars.find((s) => s.key === key)
  );
}

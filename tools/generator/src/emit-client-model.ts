import { isBindingName, toIdentifier } from './escape.ts';
import {
  type ApiModel,
  camelCase,
  findSchema,
  type ObjectModel,
  type OperationModel,
  type ParameterModel,
  type PropertyModel,
  type TypeRef,
} from './model.ts';
import { joinPointer } from './json-pointer.ts';
import { SpecError } from './spec-error.ts';

/**
 * What the client emitter needs to know about each operation (the shape of its result, the entity it reads) and about
 * each entity that OData query options read (what `$select`, `$expand`, `$orderby` and `$filter` accept): pure
 * functions of the model. `emit-client-view.ts` builds each generated function's signature from these.
 */
export interface ClientApi {
  readonly operations: readonly OperationInfo[];
  /** By the entity's schema key: every entity that at least one OData query option reads. */
  readonly entities: ReadonlyMap<string, EntityQueryModel>;
}

/** Describes every operation of `model`, and the query options of every entity they read. */
export function describeClientApi(model: ApiModel): ClientApi {
  const described = model.operations.map((operation) => describeOperation(model, operation));
  // `…/$count` counts what its collection lists: its `$filter` is over the collection's entity.
  const operations = described.map((info) =>
    info.result.kind === 'count' && !info.entity
      ? {
          ...info,
          entity: described.find((other) => `${other.operation.path}/$count` === info.operation.path)?.entity,
        }
      : info,
  );
  // The query options of one entity, over every operation that reads it.
  const queryByEntity = new Map<string, { entity: ObjectModel; parameters: ParameterModel[] }>();
  for (const { entity, queryParameters } of operations) {
    if (!entity) continue;
    const entry = queryByEntity.get(entity.key) ?? { entity, parameters: [] };
    for (const parameter of queryParameters.filter(isODataQueryOption))
      if (!entry.parameters.some((p) => p.name === parameter.name)) entry.parameters.push(parameter);
    queryByEntity.set(entity.key, entry);
  }
  const entities = new Map<string, EntityQueryModel>();
  for (const [key, { entity, parameters }] of queryByEntity)
    if (parameters.length) entities.set(key, describeEntity(model, entity, parameters));
  return { operations, entities };
}

/** What an operation's success response holds, as the generated function returns it. */
export type ResultShape =
  | { kind: 'object'; schema: string }
  | { kind: 'items'; item: string }
  | { kind: 'page'; item: string; itemName: string; nextLinkName: string }
  | { kind: 'count' }
  | { kind: 'none' };

export interface OperationInfo {
  readonly operation: OperationModel;
  readonly name: string;
  readonly pathParameters: readonly ParameterModel[];
  readonly queryParameters: readonly ParameterModel[];
  readonly body: string | undefined;
  readonly result: ResultShape;
  /** The entity the result holds, for typed OData. */
  readonly entity: ObjectModel | undefined;
}

export interface EntityQueryModel {
  readonly entity: ObjectModel;
  /** `incident` → `incident`, `Incident`. */
  readonly camel: string;
  readonly pascal: string;
  readonly selectable: readonly string[];
  readonly navigation: readonly string[];
  readonly expandAll: boolean;
  readonly sortable: readonly string[];
  readonly filterable: readonly {
    property: PropertyModel;
    kind: 'string' | 'enum' | 'dateTime';
    value: string;
  }[];
}

const odataOptions = ['$select', '$expand', '$orderby', '$filter'];

function isODataQueryOption(parameter: ParameterModel): boolean {
  return odataOptions.includes(parameter.name);
}

function describeOperation(model: ApiModel, operation: OperationModel): OperationInfo {
  const success = operation.responses.find((response) => /^2/.test(response.status));
  const schema = success?.schemaKey ? findSchema(model, success.schemaKey) : undefined;
  let result: ResultShape = { kind: 'none' };
  let entity: ObjectModel | undefined;
  if (schema?.kind === 'scalar' && success?.contentType?.startsWith('text/plain')) result = { kind: 'count' };
  else if (schema?.kind === 'object') {
    const item = collectionItem(model, schema, operation.pageable?.itemName ?? 'value');
    if (operation.pageable && item) result = { kind: 'page', item: item.key, ...operation.pageable };
    else if (item && schema.properties.every((p) => p.name === 'value' || p.name.startsWith('@odata.')))
      result = { kind: 'items', item: item.key };
    else result = { kind: 'object', schema: schema.key };
    entity = item ?? schema;
  }
  return {
    operation,
    name: bindingName(operation.operationId),
    pathParameters: operation.parameters.filter((p) => p.in === 'path'),
    queryParameters: operation.parameters.filter((p) => p.in === 'query'),
    body: operation.requestBody ? tsName(model, operation.requestBody.schemaKey) : undefined,
    result,
    entity,
  };
}

/** The object schema of a collection's items (`value: Incident[]`), if `schema` is a collection. */
function collectionItem(model: ApiModel, schema: ObjectModel, itemName: string): ObjectModel | undefined {
  const items = schema.properties.find((p) => p.name === itemName)?.type;
  if (items?.kind !== 'array' || items.items.kind !== 'ref') return undefined;
  const item = findSchema(model, items.items.key);
  return item?.kind === 'object' ? item : undefined;
}

function describeEntity(
  model: ApiModel,
  entity: ObjectModel,
  parameters: readonly ParameterModel[],
): EntityQueryModel {
  const literalsOf = (name: string): readonly string[] | undefined => {
    const type = parameters.find((p) => p.name === name)?.type;
    const items = type?.kind === 'array' ? type.items : type;
    return items?.kind === 'primitive' ? items.literals?.map(String) : undefined;
  };
  const properties = entity.properties.filter((p) => !p.name.startsWith('@'));
  const selectLiterals = literalsOf('$select');
  const expandLiterals = literalsOf('$expand');
  const navigation = properties.filter((p) => p.navigation).map((p) => p.name);
  const filterable = parameters.find((p) => p.name === '$filter')?.filterable ?? [];
  return {
    entity,
    camel: camelCase(entity.tsName),
    pascal: entity.tsName,
    selectable: properties
      .map((p) => p.name)
      .filter((name) => !selectLiterals || selectLiterals.includes(name)),
    navigation: navigation.filter((name) => !expandLiterals || expandLiterals.includes(name)),
    expandAll: expandLiterals?.includes('*') ?? false,
    sortable: properties
      .filter((p) => !p.navigation && (p.type.kind === 'primitive' || isEnumRef(model, p.type)))
      .map((p) => p.name),
    filterable: filterable.map((name, index) => {
      const parameter = parameters.find((p) => p.name === '$filter')!;
      const fail = (message: string): never => {
        throw new SpecError([
          {
            code: 'unsupported',
            file: model.file,
            pointer: joinPointer(parameter.pointer, 'x-graph-filterable', index),
            message,
          },
        ]);
      };
      const property = properties.find((p) => p.name === name);
      if (!property)
        return fail(`x-graph-filterable names ${JSON.stringify(name)}, which ${entity.key} does not have`);
      const type = property.type;
      const nullable = property.nullable ? ' | null' : '';
      if (type.kind === 'ref' && isEnumRef(model, type)) {
        const enumModel = model.enums.find((e) => e.key === type.key)!;
        const writable = enumModel.sentinel ? `Writable${enumModel.tsName}` : `Known${enumModel.tsName}`;
        return { property, kind: 'enum' as const, value: writable + nullable };
      }
      if (type.kind === 'primitive' && type.type === 'string' && type.format === 'date-time')
        return { property, kind: 'dateTime' as const, value: 'string' };
      if (type.kind === 'primitive' && type.type === 'string')
        return { property, kind: 'string' as const, value: 'string' + nullable };
      return fail(
        `$filter on ${JSON.stringify(name)} (${type.kind === 'primitive' ? type.type : type.kind}) is not supported by the client's filter builder`,
      );
    }),
  };
}

export function isEnumRef(model: ApiModel, type: TypeRef): boolean {
  return type.kind === 'ref' && model.enums.some((e) => e.key === type.key);
}

/** The TypeScript name of the schema `key`. */
export function tsName(model: ApiModel, key: string): string {
  const schema = findSchema(model, key);
  if (!schema) throw new Error(`no schema ${key}`);
  return schema.tsName;
}

/** Every name `odata.gen.ts` declares for one entity. */
export function odataNames({ camel, pascal }: EntityQueryModel): string[] {
  return [
    ...[
      'SelectableProperties',
      'NavigationProperties',
      'SortableProperties',
      'FilterableProperties',
      'Filter',
    ].map((suffix) => camel + suffix),
    ...[
      'SelectableProperty',
      'NavigationProperty',
      'Expandable',
      'SortableProperty',
      'Orderby',
      'FilterFields',
      'Filter',
      'Navigation',
    ].map((suffix) => pascal + suffix),
  ];
}

/** A parameter's name as a binding: `incident-id` → `incidentId`. Clashes are reported by {@link Scope}. */
export function bindingName(name: string): string {
  return isBindingName(name) ? name : toIdentifier(name, 'camel');
}

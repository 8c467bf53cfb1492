import type { AnnotationValue, CsdlModel, CsdlStructuredType } from './csdl-read.ts';
import { allProperties } from './csdl-schemas.ts';
import type { JsonObject } from './load.ts';

/**
 * The OData capability annotations (Org.OData.Capabilities.V1) that shape the operations and query options of a
 * path, and the query option parameters they allow, as Microsoft's converter reads them.
 */

const capabilities = 'Org.OData.Capabilities.V1.';

export interface Capabilities {
  readonly readable: boolean;
  readonly insertable: boolean;
  readonly updatable: boolean;
  readonly deletable: boolean;
  readonly countable: boolean;
  readonly top: boolean;
  readonly skip: boolean;
  readonly searchable: boolean;
  readonly filterable: boolean;
  readonly nonFilterable: readonly string[] | undefined;
  readonly sortable: boolean;
  readonly nonSortable: readonly string[] | undefined;
  readonly selectable: boolean;
  readonly expandable: boolean;
}

/** The capability annotations that apply at a place, the most specific target winning. */
export function restrictions(model: CsdlModel, targets: readonly string[]): Capabilities {
  const find = (term: string): AnnotationValue | undefined => {
    for (const target of targets) {
      const value = model.annotations.get(target)?.get(capabilities + term);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const flag = (term: string, property?: string): boolean => {
    const value = find(term);
    if (property === undefined) return value !== false;
    return !(isRecord(value) && value[property] === false);
  };
  const list = (term: string, property: string): string[] | undefined => {
    const value = find(term);
    const entries = isRecord(value) ? value[property] : undefined;
    return Array.isArray(entries) ? entries.map(String) : undefined;
  };
  return {
    readable: flag('ReadRestrictions', 'Readable'),
    insertable: flag('InsertRestrictions', 'Insertable'),
    updatable: flag('UpdateRestrictions', 'Updatable'),
    deletable: flag('DeleteRestrictions', 'Deletable'),
    countable: flag('CountRestrictions', 'Countable'),
    top: flag('TopSupported'),
    skip: flag('SkipSupported'),
    searchable: flag('SearchRestrictions', 'Searchable'),
    filterable: flag('FilterRestrictions', 'Filterable'),
    nonFilterable: list('FilterRestrictions', 'NonFilterableProperties'),
    sortable: flag('SortRestrictions', 'Sortable'),
    nonSortable: list('SortRestrictions', 'NonSortableProperties'),
    selectable: flag('SelectSupport', 'Supported'),
    expandable: flag('ExpandRestrictions', 'Expandable'),
  };
}

function isRecord(value: AnnotationValue | undefined): value is { readonly [key: string]: AnnotationValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function listParameters(model: CsdlModel, type: CsdlStructuredType, can: Capabilities): JsonObject[] {
  const structural = allProperties(model, type).filter(({ property }) => !property.navigation);
  const parameters: JsonObject[] = [];
  if (can.top) parameters.push({ $ref: '#/components/parameters/top' });
  if (can.skip) parameters.push({ $ref: '#/components/parameters/skip' });
  if (can.searchable) parameters.push({ $ref: '#/components/parameters/search' });
  if (can.filterable) parameters.push(filterParameter(model, type, can));
  if (can.countable) parameters.push({ $ref: '#/components/parameters/count' });
  if (can.sortable) {
    const sortable = can.nonSortable
      ? structural.map(({ property }) => property.name).filter((name) => !can.nonSortable!.includes(name))
      : undefined;
    parameters.push(
      arrayParameter(
        '$orderby',
        'Order items by property values',
        sortable?.flatMap((name) => [name, `${name} desc`]),
      ),
    );
  }
  return [...parameters, ...selectExpand(model, type, can)];
}

export function filterParameter(model: CsdlModel, type: CsdlStructuredType, can: Capabilities): JsonObject {
  if (!can.nonFilterable) return { $ref: '#/components/parameters/filter' };
  const filterable = allProperties(model, type)
    .filter(({ property }) => !property.navigation && !can.nonFilterable!.includes(property.name))
    .map(({ property }) => property.name);
  return { ...structuredClone(queryParameters['filter']!), 'x-graph-filterable': filterable };
}

export function selectExpand(model: CsdlModel, type: CsdlStructuredType, can: Capabilities): JsonObject[] {
  const properties = allProperties(model, type).map(({ property }) => property);
  const parameters: JsonObject[] = [];
  if (can.selectable)
    parameters.push(
      arrayParameter('$select', 'Select properties to be returned', [
        ...properties.filter((p) => !p.navigation).map((p) => p.name),
        ...properties.filter((p) => p.navigation).map((p) => p.name),
      ]),
    );
  if (can.expandable)
    parameters.push(
      arrayParameter('$expand', 'Expand related entities', [
        '*',
        ...properties.filter((p) => p.navigation).map((p) => p.name),
      ]),
    );
  return parameters;
}

function arrayParameter(name: string, description: string, values: string[] | undefined): JsonObject {
  return {
    name,
    in: 'query',
    description,
    style: 'form',
    explode: false,
    schema: {
      uniqueItems: true,
      type: 'array',
      items: values ? { type: 'string', enum: values } : { type: 'string' },
    },
  };
}

/** The shared query options of Microsoft's descriptions. */
export const queryParameters: Readonly<Record<string, JsonObject>> = {
  top: {
    name: '$top',
    in: 'query',
    description: 'Show only the first n items',
    style: 'form',
    explode: false,
    schema: { minimum: 0, type: 'integer' },
    example: 50,
  },
  skip: {
    name: '$skip',
    in: 'query',
    description: 'Skip the first n items',
    style: 'form',
    explode: false,
    schema: { minimum: 0, type: 'integer' },
  },
  search: {
    name: '$search',
    in: 'query',
    description: 'Search items by search phrases',
    style: 'form',
    explode: false,
    schema: { type: 'string' },
  },
  filter: {
    name: '$filter',
    in: 'query',
    description: 'Filter items by property values',
    style: 'form',
    explode: false,
    schema: { type: 'string' },
  },
  count: {
    name: '$count',
    in: 'query',
    description: 'Include count of items',
    style: 'form',
    explode: false,
    schema: { type: 'boolean' },
  },
};

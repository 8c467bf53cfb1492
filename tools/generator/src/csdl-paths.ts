import { CsdlError, type CsdlModel, type CsdlStructuredType, describe } from './csdl-read.ts';
import { filterParameter, listParameters, restrictions, selectExpand } from './csdl-capabilities.ts';
import { allProperties, lookUpType, parseTypeName, propertyUse, schemaRef } from './csdl-schemas.ts';
import { pathGlob } from './import-slice.ts';
import type { JsonObject, JsonValue } from './load.ts';
import { pascalCase } from './model.ts';

/**
 * The paths of the entity container, as Microsoft's converter (Microsoft.OpenApi.OData) builds them for Graph, limited
 * to those matching the path globs (the walk never descends where no glob can match, so the 3.4 MB v1.0 file costs
 * only its parse):
 * - an entity set `/x` and a collection navigation `/…/x`: GET (list) and POST; `/…/x/{type-id}`: GET, PATCH, DELETE;
 *   `/…/x/$count`: GET;
 * - a singleton `/x` and a single-valued navigation: GET, PATCH (and DELETE for a navigation);
 * - contained navigation (`ContainsTarget="true"`) is walked further; a navigation that is not contained gets only
 *   its read paths (list, item, `$count`) and is not walked further, as its targets live elsewhere;
 * - capability annotations remove what the service says it lacks: `Capabilities.V1.{Insert,Update,Delete,Read}
 *   Restrictions` (Insertable, Updatable, Deletable, Readable = false) drop the operation, `CountRestrictions`
 *   Countable = false drops `$count`, `TopSupported`, `SkipSupported`, `SearchRestrictions`, `FilterRestrictions`,
 *   `SortRestrictions`, `SelectSupport` and `ExpandRestrictions` drop their query option, and
 *   `FilterRestrictions.NonFilterableProperties` yields `x-graph-filterable`. They are read from the navigation
 *   path (`Container/security/incidents`), the navigation property (`microsoft.graph.security/incidents`) and the
 *   entity type (`microsoft.graph.security.incident`, where Graph puts them), the most specific first.
 * Not produced: `/$ref` paths, bound actions and functions, and paths of structural properties (`…/comments`): our
 * overlay declares the one we use.
 */

const coreDescription = 'Org.OData.Core.V1.Description';
const error = { $ref: '#/components/responses/error' };

export interface PathWalk {
  /** The path items, in walk order. */
  readonly paths: JsonObject;
  /** Entity types whose collection response is used, by qualified name. */
  readonly collections: Set<string>;
  /** Named types the operations use (request and response bodies). */
  readonly roots: Set<string>;
}

interface Place {
  /** `/security/incidents` */
  readonly path: string;
  /** `security`, then each navigation name. */
  readonly names: readonly string[];
  /** Annotation targets, most specific first. */
  readonly targets: readonly string[];
  /** Entity types already on this path, to stop at cycles. */
  readonly chain: readonly string[];
}

/** Walks the entity container and returns the path items that match `patterns`. */
export function walkContainer(model: CsdlModel, patterns: readonly string[]): PathWalk {
  const globs = patterns.map(pathGlob);
  // Path parameters compare whatever their names, as in the globs (`{incidentId}` walks into `{incident-id}`).
  const unnamed = (path: string) => path.replace(/\{[^/{}]*\}/g, '{}');
  const prefixes = patterns.map((pattern) => unnamed(pattern.split('*')[0]!));
  const mayMatchBelow = (path: string) =>
    prefixes.some((prefix) => unnamed(path).startsWith(prefix) || prefix.startsWith(`${unnamed(path)}/`));
  const walk: PathWalk = { paths: {}, collections: new Set(), roots: new Set() };
  /** Keeps a path item that has operations and matches a glob; its entity type is then a root of the schemas. */
  const emit = (path: string, item: JsonObject, type: CsdlStructuredType): boolean => {
    if (!Object.keys(item).some((key) => key !== 'parameters') || !globs.some((glob) => glob.test(path)))
      return false;
    walk.paths[path] = item;
    walk.roots.add(type.fullName);
    return true;
  };

  const entityType = (written: string, line: number, element: string): CsdlStructuredType => {
    const type = lookUpType(model, written, { line, element });
    if (!type || type.kind !== 'entity')
      throw new CsdlError(model.file, line, element, `${written} is not an entity type`);
    return type;
  };

  const collection = (
    place: Place,
    type: CsdlStructuredType,
    contained: boolean,
    parameters: JsonObject[],
  ) => {
    if (!mayMatchBelow(place.path)) return;
    const can = restrictions(model, place.targets);
    const tag = place.names.length > 1 ? `${place.names[0]}.${singular(place.names[1]!)}` : place.names[0]!;
    const prefix = [place.names[0]!, ...place.names.slice(1, -1).map(singular)].join('.');
    const last = place.names.at(-1)!;
    const pascal = pascalCase(singular(last));
    const root = place.names[0]!;
    const description = navigationDescription(model, place);

    const list: JsonObject = {};
    if (can.readable)
      list['get'] = operation(tag, `Get ${last} from ${root}`, `${prefix}_List${pascal}`, description, {
        parameters: [...listParameters(model, type, can)],
        responses: {
          '2XX': { $ref: `#/components/responses/${type.fullName}CollectionResponse` },
          '4XX': error,
          '5XX': error,
        },
        'x-ms-pageable': { nextLinkName: '@odata.nextLink', operationName: 'listMore' },
      });
    if (contained && can.insertable)
      list['post'] = operation(
        tag,
        `Create new navigation property to ${last} for ${root}`,
        `${prefix}_Create${pascal}`,
        undefined,
        {
          requestBody: body('New navigation property', type.fullName),
          responses: {
            '2XX': content('Created navigation property.', type.fullName),
            '4XX': error,
            '5XX': error,
          },
        },
      );
    if (emit(place.path, withParameters(list, parameters), type) && list['get'])
      walk.collections.add(type.fullName);

    if (can.countable && can.readable)
      emit(
        `${place.path}/$count`,
        withParameters(
          {
            get: operation(
              tag,
              'Get the number of the resource',
              `${prefix}.${singular(last)}_GetCount`,
              undefined,
              {
                parameters: [
                  ...(can.searchable ? [{ $ref: '#/components/parameters/search' }] : []),
                  ...(can.filterable ? [filterParameter(model, type, can)] : []),
                ],
                responses: {
                  '2XX': { $ref: '#/components/responses/ODataCountResponse' },
                  '4XX': error,
                  '5XX': error,
                },
              },
            ),
          },
          parameters,
        ),
        type,
      );

    const keyName = `${type.name}-id`;
    const itemPath = `${place.path}/{${keyName}}`;
    if (!mayMatchBelow(itemPath)) return;
    const keyParameter = {
      name: keyName,
      in: 'path',
      description: `The unique identifier of ${type.name}`,
      required: true,
      schema: { type: 'string' },
      'x-ms-docs-key-type': type.name,
    };
    const itemParameters = [...parameters, keyParameter];
    const item: JsonObject = {};
    if (can.readable)
      item['get'] = operation(tag, `Get ${last} from ${root}`, `${prefix}_Get${pascal}`, description, {
        parameters: selectExpand(model, type, can),
        responses: {
          '2XX': content('Retrieved navigation property', type.fullName),
          '4XX': error,
          '5XX': error,
        },
      });
    if (contained && can.updatable)
      item['patch'] = operation(
        tag,
        `Update the navigation property ${last} in ${root}`,
        `${prefix}_Update${pascal}`,
        undefined,
        {
          requestBody: body('New navigation property values', type.fullName),
          responses: { '2XX': content('Success', type.fullName), '4XX': error, '5XX': error },
        },
      );
    if (contained && can.deletable)
      item['delete'] = operation(
        tag,
        `Delete navigation property ${last} for ${root}`,
        `${prefix}_Delete${pascal}`,
        undefined,
        {
          parameters: [
            {
              name: 'If-Match',
              in: 'header',
              description: 'ETag',
              style: 'simple',
              schema: { type: 'string' },
            },
          ],
          responses: { '2XX': { description: 'Success' }, '4XX': error, '5XX': error },
        },
      );
    emit(itemPath, withParameters(item, itemParameters), type);
    if (contained) navigations({ ...place, path: itemPath }, type, itemParameters);
  };

  const single = (
    place: Place,
    type: CsdlStructuredType,
    contained: boolean,
    parameters: JsonObject[],
    singleton: boolean,
  ) => {
    if (!mayMatchBelow(place.path)) return;
    const can = restrictions(model, place.targets);
    const root = place.names[0]!;
    const last = place.names.at(-1)!;
    const tag = place.names.length > 1 ? `${root}.${place.names[1]!}` : root;
    const prefix = [root, ...place.names.slice(1, -1).map(singular)].join('.');
    const id = singleton ? `${root}_Get${pascalCase(root)}` : `${prefix}_Get${pascalCase(last)}`;
    const item: JsonObject = {};
    if (can.readable)
      item['get'] = operation(
        tag,
        singleton ? `Get ${root}` : `Get ${last} from ${root}`,
        id,
        navigationDescription(model, place),
        {
          parameters: selectExpand(model, type, can),
          responses: {
            '2XX': content('Retrieved navigation property', type.fullName),
            '4XX': error,
            '5XX': error,
          },
        },
      );
    if ((contained || singleton) && can.updatable)
      item['patch'] = operation(
        tag,
        singleton ? `Update ${root}` : `Update the navigation property ${last} in ${root}`,
        id.replace('_Get', '_Update'),
        undefined,
        {
          requestBody: body('New property values', type.fullName),
          responses: { '2XX': content('Success', type.fullName), '4XX': error, '5XX': error },
        },
      );
    emit(place.path, withParameters(item, parameters), type);
    if (contained || singleton) navigations(place, type, parameters);
  };

  const navigations = (place: Place, owner: CsdlStructuredType, parameters: JsonObject[]) => {
    for (const { type: declaring, property } of allProperties(model, owner)) {
      if (!property.navigation) continue;
      const { collection: many } = parseTypeName(model, property.type);
      const use = propertyUse(declaring, property);
      const target = entityType(property.type, use.line, use.element);
      if (place.chain.includes(target.fullName) || place.names.length > 12) continue;
      const next: Place = {
        path: `${place.path}/${property.name}`,
        names: [...place.names, property.name],
        targets: [
          `${place.targets[0]}/${property.name}`,
          `${declaring.fullName}/${property.name}`,
          target.fullName,
        ],
        chain: [...place.chain, target.fullName],
      };
      if (many) collection(next, target, property.containsTarget, parameters);
      else single(next, target, property.containsTarget, parameters, false);
    }
  };

  for (const container of model.containers) {
    for (const singleton of container.singletons) {
      const element = describe({ tag: 'Singleton', attributes: { Name: singleton.name } });
      const type = entityType(singleton.type, singleton.line, element);
      const targets = [`${container.fullName}/${singleton.name}`, type.fullName];
      single(
        { path: `/${singleton.name}`, names: [singleton.name], targets, chain: [type.fullName] },
        type,
        true,
        [],
        true,
      );
    }
    for (const set of container.entitySets) {
      const element = describe({ tag: 'EntitySet', attributes: { Name: set.name } });
      const type = entityType(set.type, set.line, element);
      const targets = [`${container.fullName}/${set.name}`, type.fullName];
      collection(
        { path: `/${set.name}`, names: [set.name], targets, chain: [type.fullName] },
        type,
        true,
        [],
      );
    }
  }
  return walk;
}

function navigationDescription(model: CsdlModel, place: Place): string | undefined {
  for (const target of place.targets.slice(0, 2)) {
    const value = model.annotations.get(target)?.get(coreDescription);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function operation(
  tag: string,
  summary: string,
  operationId: string,
  description: string | undefined,
  rest: JsonObject,
): JsonObject {
  return { tags: [tag], summary, ...(description ? { description } : {}), operationId, ...rest };
}

function body(description: string, type: string): JsonObject {
  return { description, content: { 'application/json': { schema: schemaRef(type) } }, required: true };
}

function content(description: string, type: string): JsonObject {
  return { description, content: { 'application/json': { schema: schemaRef(type) } } };
}

function withParameters(item: JsonObject, parameters: readonly JsonValue[]): JsonObject {
  return parameters.length > 0 && Object.keys(item).length > 0
    ? { ...item, parameters: [...parameters] }
    : item;
}

/** `incidents` → `incident`, `policies` → `policy` (Microsoft's converter uses Humanizer; this covers Graph's names). */
export function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|us)$/.test(name)) return name;
  if (/(sses|xes|ches|shes)$/.test(name)) return name.slice(0, -2);
  if (/s$/.test(name)) return name.slice(0, -1);
  return name;
}

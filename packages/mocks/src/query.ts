import { ODataQueryError, ODataQueryLimitError, parseFilter } from './odata-filter.js';
import type { GraphResponse, RequestContext } from './request-context.js';
import { remember } from './remembered.js';
import type { Api, Route } from './routing.js';
import type { OperationShape, PropertyShape } from './shapes.js';

/**
 * The most items a page holds, and the largest `$top` Graph takes: `$top=100` is refused with 400 (facts.md §8). It
 * is also the page size when `$top` is absent (*assumed*: the default page size is not documented, facts.md §2.1).
 */
export const pageSize = 50;

/** The system query options that `/beta` also takes without their `$`. */
const systemQueryOptions = new Set([
  'count',
  'expand',
  'filter',
  'orderby',
  'search',
  'select',
  'skip',
  'top',
]);

/** The query of a request without one. Queries are shared between requests: never change one once parsed. */
const noQuery: ReadonlyMap<string, string> = new Map();

/**
 * Query options in order of appearance; `+` is a space, as in forms. On `/beta` a system query option may drop its
 * `$` (`top=1&select=id`), and is read as `$top`, `$select` (docs: https://learn.microsoft.com/graph/query-parameters,
 * "On the beta endpoint, the $ prefix is optional").
 */
export function parseQuery(search: string, version?: string): ReadonlyMap<string, string> {
  // Most requests (every get by id, every plain list) have no query: nothing to parse, one empty map for all.
  if (search === '' || search === '?') return noQuery;
  // A client repeats its queries (polling a page): each is parsed once while remembered.
  const key = `${version ?? ''} ${search}`;
  let query = recentQueries.get(key);
  if (query === undefined) {
    const parsed = new Map<string, string>();
    for (const [name, value] of new URLSearchParams(search))
      parsed.set(version === 'beta' && systemQueryOptions.has(name) ? `$${name}` : name, value);
    remember(recentQueries, key, (query = parsed));
  }
  return query;
}

/** Queries parsed lately, by version and text. */
const recentQueries = new Map<string, ReadonlyMap<string, string>>();

/** `$top`: a non-negative integer up to {@link pageSize}, `undefined` when absent, or Graph's 400 (facts.md §8). */
export function topOption(
  query: ReadonlyMap<string, string>,
  context: RequestContext,
): number | undefined | GraphResponse {
  const top = integerOption(query, '$top', context);
  if (typeof top === 'number' && top > pageSize)
    return context.invalidQuery(
      `The limit of '${pageSize}' for Top query has been exceeded. The value from the incoming request is '${top}'.`,
    );
  return top;
}

/** Graph's 400 for a system query option (`$…`) the operation does not support, or `undefined`. */
export function unsupportedOption(
  query: ReadonlyMap<string, string>,
  route: Route,
  context: RequestContext,
): GraphResponse | undefined {
  for (const name of query.keys())
    if (name.startsWith('$') && !(name in route.operation.query))
      return context.error(
        400,
        'BadRequest',
        `Query option '${name}' is not allowed on ${route.operationId}.`,
      );
  return undefined;
}

/** `$top` or `$skip`: a non-negative integer, `undefined` when absent, or Graph's 400. */
export function integerOption(
  query: ReadonlyMap<string, string>,
  name: string,
  context: RequestContext,
): number | undefined | GraphResponse {
  const text = query.get(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    return context.error(
      400,
      'BadRequest',
      `Invalid value '${text}' for query option ${name}: expected a non-negative integer.`,
    );
  return Number(text);
}

/** `$count`: `'true'`, `'false'`, `undefined` when absent, or Graph's 400. */
export function countOption(
  query: ReadonlyMap<string, string>,
  context: RequestContext,
): 'true' | 'false' | undefined | GraphResponse {
  const count = query.get('$count');
  if (count !== undefined && count !== 'true' && count !== 'false')
    return context.error(
      400,
      'BadRequest',
      `The value '${count}' of $count is not valid; use true or false.`,
    );
  return count;
}

/** `$top`, `$skip` and `$count` of a list, or Graph's 400 for the first that is malformed. */
export function pageOptions(
  query: ReadonlyMap<string, string>,
  context: RequestContext,
):
  { top: number | undefined; skip: number | undefined; count: 'true' | 'false' | undefined } | GraphResponse {
  const top = topOption(query, context);
  if (typeof top === 'object') return top;
  const skip = integerOption(query, '$skip', context);
  if (typeof skip === 'object') return skip;
  const count = countOption(query, context);
  if (typeof count === 'object') return count;
  return { top, skip, count };
}

/** A parsed `$filter`: its text (a cache key) and the predicate over stored incidents. */
export interface FilterOption {
  readonly text: string;
  readonly predicate: (item: Readonly<Record<string, unknown>>) => boolean;
  /** The properties the filter reads. */
  readonly reads: ReadonlySet<string>;
}

/** `$filter`: parsed against `api`'s version, `undefined` when absent, or Graph's 400 for a bad expression. */
export function filterOption(
  query: ReadonlyMap<string, string>,
  operation: OperationShape,
  api: Api,
  context: RequestContext,
): FilterOption | undefined | GraphResponse {
  const text = query.get('$filter');
  if (text === undefined) return undefined;
  try {
    const reads = new Set<string>();
    const predicate = parseFilter(text, {
      reads,
      properties: api.metadata.schemaShapes.incident,
      filterable: operation.query['$filter']?.filterable ?? [],
      includeUnknownMembers: context.includeUnknownMembers,
      enumOrders: api.metadata.enumOrders,
    });
    return { text, predicate, reads };
  } catch (error) {
    if (error instanceof ODataQueryLimitError) return context.invalidQuery(error.message);
    if (error instanceof ODataQueryError) return context.error(400, 'BadRequest', error.message);
    throw error;
  }
}

/** One clause of `$orderby`. */
export interface OrderKey {
  readonly property: string;
  /** 1 ascending, -1 descending. */
  readonly direction: number;
  readonly shape: PropertyShape;
}

/** A parsed `$orderby`: its text (a cache key) and its clauses. */
export interface OrderbyOption {
  readonly text: string;
  readonly keys: readonly OrderKey[];
}

/** `$orderby`: its clauses, `undefined` when absent, or Graph's 400 for a clause it can't sort by. */
export function orderbyOption(
  query: ReadonlyMap<string, string>,
  shape: Readonly<Record<string, PropertyShape>>,
  context: RequestContext,
): OrderbyOption | undefined | GraphResponse {
  const text = query.get('$orderby');
  if (text === undefined) return undefined;
  const keys: OrderKey[] = [];
  for (const clause of text.split(',')) {
    const match = /^\s*([A-Za-z_]\w*)(?:\s+(asc|desc))?\s*$/i.exec(clause);
    const property = match && Object.hasOwn(shape, match[1]!) ? shape[match[1]!] : undefined;
    if (!match || !property || property.array || property.navigation || property.object)
      return context.error(400, 'BadRequest', `Invalid $orderby clause '${clause.trim()}'.`);
    keys.push({
      property: match[1]!,
      direction: match[2]?.toLowerCase() === 'desc' ? -1 : 1,
      shape: property,
    });
  }
  return { text, keys };
}

/** `$select` and `$expand`. */
export interface Projection {
  /** Properties to return; `undefined` for all of them. */
  readonly select?: readonly string[];
  readonly expandAlerts: boolean;
}

/** The projection of a request with neither `$select` nor `$expand`. */
const wholeEntity: Projection = Object.freeze({ expandAlerts: false });

export function projectionOf(
  query: ReadonlyMap<string, string>,
  operation: OperationShape,
  context: RequestContext,
  typeName = 'microsoft.graph.security.incident',
): Projection | GraphResponse {
  if (!query.has('$select') && !query.has('$expand')) return wholeEntity;
  const list = (name: string): string[] | GraphResponse | undefined => {
    const text = query.get(name);
    if (text === undefined) return undefined;
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const allowed = operation.query[name]?.values ?? [];
    const unknown = items.find((item) => !allowed.includes(item));
    if (unknown !== undefined || items.length === 0)
      return context.error(
        400,
        'BadRequest',
        `Could not find a property named '${unknown ?? ''}' on type '${typeName}' (${name}).`,
      );
    return items;
  };
  const select = list('$select');
  if (select && !Array.isArray(select)) return select;
  const expand = list('$expand');
  if (expand && !Array.isArray(expand)) return expand;
  return {
    ...(select ? { select: select.filter((p) => p !== 'alerts') } : {}),
    expandAlerts: (expand ?? []).length > 0,
  };
}

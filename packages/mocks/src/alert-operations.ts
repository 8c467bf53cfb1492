/**
 * The alerts of an incident: `GET /security/incidents/{id}/alerts`, `…/alerts/{alertId}` and `…/alerts/$count`.
 * Microsoft's OpenAPI lists these paths (facts.md §2, "Alerts of an incident"); nothing documents their behaviour, so
 * paging, the `$top` limit, the context URLs and the 404s follow the incident list and are *assumed* (BEHAVIOUR.md).
 */
import { type Alert, visibleMember } from '@graph-incidents/types';
import { compareValues, ODataQueryError, ODataQueryLimitError, parseFilter } from './odata-filter.js';
import type { OperationRequest } from './operations.js';
import { orderbyOption, pageOptions, pageSize, projectionOf } from './query.js';
import { type GraphResponse, notFound, type RequestContext } from './request-context.js';
import type { Api } from './routing.js';
import { nextLink, present } from './shaping.js';
import type { OperationShape, PropertyShape } from './shapes.js';

const alertType = 'microsoft.graph.security.alert';

/** `GET /security/incidents/{id}/alerts`: one page of the incident's alerts, filtered, sorted, projected. */
export function listIncidentAlerts({
  store,
  url,
  api,
  query,
  route,
  context,
}: OperationRequest): GraphResponse {
  const id = route.parameters['incidentId']!;
  const alerts = store.alerts(id);
  if (!alerts) return notFound(context, id);
  const paging = pageOptions(query, context);
  if ('status' in paging) return paging;
  const { top, skip, count } = paging;
  const projection = projectionOf(query, route.operation, context, alertType);
  if ('status' in projection) return projection;
  const matching = filterAlerts(alerts, query, route.operation, api, context);
  if (!Array.isArray(matching)) return matching;
  const orderby = orderbyOption(query, api.metadata.schemaShapes['alert'] ?? {}, context);
  if (orderby && 'status' in orderby) return orderby;
  if (orderby) {
    // Enums sort by their numeric value, as members are visible to this request (facts.md §1.5).
    const sortable = (value: unknown, shape: PropertyShape) =>
      shape.enum && typeof value === 'string'
        ? visibleMember(shape.enum, value, context.includeUnknownMembers)
        : value;
    matching.sort((a, b) => {
      for (const key of orderby.keys) {
        const order =
          compareValues(
            sortable(a[key.property], key.shape),
            sortable(b[key.property], key.shape),
            key.shape,
            api.metadata.enumOrders,
          ) ?? 0;
        if (order !== 0) return order * key.direction;
      }
      return 0;
    });
  }
  const size = top ?? pageSize;
  const start = skip ?? 0;
  const body: Record<string, unknown> = {
    '@odata.context': `${api.serviceRoot}/$metadata#${alertsContext(id, projection.select)}`,
  };
  if (count === 'true') body['@odata.count'] = matching.length;
  body['value'] = matching
    .slice(start, start + size)
    .map((alert) => select(present(alert, 'alert', context, api.metadata), projection.select));
  if (size > 0 && start + size < matching.length)
    body['@odata.nextLink'] = nextLink(url, start + size, api.version);
  return context.json(200, body);
}

/** `GET /security/incidents/{id}/alerts/{alertId}`: one alert of the incident. */
export function getIncidentAlert({ store, api, query, route, context }: OperationRequest): GraphResponse {
  const id = route.parameters['incidentId']!;
  const alertId = route.parameters['alertId']!;
  const alerts = store.alerts(id);
  if (!alerts) return notFound(context, id);
  const alert = alerts.find((candidate) => candidate.id === alertId);
  if (!alert) return context.error(404, 'NotFound', `Alert ${alertId} of incident ${id} was not found.`);
  const projection = projectionOf(query, route.operation, context, alertType);
  if ('status' in projection) return projection;
  return context.json(200, {
    '@odata.context': `${api.serviceRoot}/$metadata#${alertsContext(id, projection.select)}/$entity`,
    ...select(present(alert, 'alert', context, api.metadata), projection.select),
  });
}

/** `GET /security/incidents/{id}/alerts/$count`: the number of the incident's matching alerts, as plain text. */
export function countIncidentAlerts({ store, api, query, route, context }: OperationRequest): GraphResponse {
  const id = route.parameters['incidentId']!;
  const alerts = store.alerts(id);
  if (!alerts) return notFound(context, id);
  const matching = filterAlerts(alerts, query, route.operation, api, context);
  if (!Array.isArray(matching)) return matching;
  return {
    status: 200,
    headers: context.headers('text/plain;charset=utf-8'),
    body: String(matching.length),
  };
}

function filterAlerts(
  alerts: readonly Alert[],
  query: ReadonlyMap<string, string>,
  operation: OperationShape,
  api: Api,
  context: RequestContext,
): Record<string, unknown>[] | GraphResponse {
  const items = alerts as unknown as Record<string, unknown>[];
  const filter = query.get('$filter');
  if (filter === undefined) return [...items];
  try {
    const predicate = parseFilter(filter, {
      properties: api.metadata.schemaShapes['alert'] ?? {},
      filterable: operation.query['$filter']?.filterable ?? [],
      includeUnknownMembers: context.includeUnknownMembers,
      enumOrders: api.metadata.enumOrders,
    });
    return items.filter(predicate);
  } catch (error) {
    if (error instanceof ODataQueryLimitError) return context.invalidQuery(error.message);
    if (error instanceof ODataQueryError) return context.error(400, 'BadRequest', error.message);
    throw error;
  }
}

/** `security/incidents('29')/alerts`, `security/incidents('29')/alerts(id,title)`: the OData convention. */
function alertsContext(id: string, selected: readonly string[] | undefined): string {
  const path = `security/incidents('${id.replaceAll("'", "''")}')/alerts`;
  return selected?.length ? `${path}(${selected.join(',')})` : path;
}

function select(shown: unknown, selected: readonly string[] | undefined): Record<string, unknown> {
  const record = shown as Record<string, unknown>;
  if (!selected) return record;
  const body: Record<string, unknown> = { id: record['id'] };
  for (const name of selected) if (name in record) body[name] = record[name];
  return body;
}

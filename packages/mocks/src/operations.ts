import type { EnumDescriptor } from '@graph-incidents/types';
import { countIncidentAlerts, getIncidentAlert, listIncidentAlerts } from './alert-operations.js';
import { bodyMember, checkBody, readBody } from './body-checks.js';
import { filterOption, orderbyOption, pageOptions, pageSize, projectionOf } from './query.js';
import { type GraphRequest, type GraphResponse, notFound, type RequestContext } from './request-context.js';
import type { Api, Route } from './routing.js';
import { type Selection, selectIncidents, TimeSlice } from './selection.js';
import { incidentJson } from './incident-json.js';
import { patchAnswer } from './patch-answer.js';
import { remember } from './remembered.js';
import { contextPath, nextLink, present, project } from './shaping.js';
import type { IncidentStore } from './store.js';

/** What every operation gets: the routed request, its query options and the caller it acts for. */
export interface OperationRequest {
  readonly store: IncidentStore;
  readonly request: GraphRequest;
  readonly url: URL;
  readonly api: Api;
  readonly route: Route;
  readonly query: ReadonlyMap<string, string>;
  /** `lastModifiedBy` and `createdByDisplayName` for changes this request makes. */
  readonly caller: string;
  readonly context: RequestContext;
}

/** The incidents a list or count selects, or Graph's 400 for a bad `$filter` or `$orderby`. */
async function select(
  { store, api, query, route, context }: OperationRequest,
  sorted: boolean,
): Promise<Selection | GraphResponse> {
  const filter = filterOption(query, route.operation, api, context);
  if (filter && 'status' in filter) return filter;
  const orderby = sorted ? orderbyOption(query, api.metadata.schemaShapes.incident, context) : undefined;
  if (orderby && 'status' in orderby) return orderby;
  return selectIncidents(store, {
    version: api.version,
    includeUnknownMembers: context.includeUnknownMembers,
    filter,
    orderby,
  });
}

/** `GET /security/incidents`: one page, filtered, sorted, projected, with `@odata.nextLink` when more follow. */
export async function listIncidents(request: OperationRequest): Promise<GraphResponse> {
  const { store, url, api, query, route, context } = request;
  const paging = pageOptions(query, context);
  if ('status' in paging) return paging;
  const { top, skip, count } = paging;
  const projection = projectionOf(query, route.operation, context);
  if ('status' in projection) return projection;
  const matching = await select(request, true);
  if ('status' in matching) return matching;

  const size = top ?? pageSize;
  const start = skip ?? 0;
  // A filtered selection is scanned only as far as needed: the page and one more (is there a next page?), or all
  // of it for `$count`.
  const found = await matching.reach(count === 'true' ? Infinity : start + size + 1);
  const end = Math.min(start + size, found);
  // The body is left in pieces: each incident's JSON comes from `incident-json.ts` (made once per state of
  // the incident), in the key order JSON.stringify gives the whole body.
  const whole = projection.select === undefined && !projection.expandAlerts;
  let head = whole ? listHead(api) : contextMember(`${api.serviceRoot}/$metadata#${contextPath(projection)}`);
  if (count === 'true') head += `,"@odata.count":${found}`;
  const items: (string | Uint8Array)[] = [];
  // Incidents not read for a while are built from their seed: let other requests in between.
  const slice = new TimeSlice();
  for (let rank = start; rank < end; rank++) {
    if (slice.due()) await slice.breathe();
    const slot = matching.at(rank);
    if (whole) items.push(incidentJson(store, slot, api, context));
    else {
      const incident = store.readonlySlot(slot, api.version);
      const alerts = () => store.alerts(String(incident['id'])) ?? [];
      items.push(JSON.stringify(project(incident, projection, alerts, context, api.metadata)));
    }
  }
  let tail = ']';
  if (size > 0 && start + size < found) tail += nextLinkMember(url, start + size, api);
  return context.jsonItems(200, `${head},"value":[`, items, `${tail}}`);
}

function contextMember(contextUrl: string): string {
  return `{"@odata.context":${JSON.stringify(contextUrl)}`;
}

/** `{"@odata.context":"…/$metadata#security/incidents"` per service root: the same for every whole list page. */
const listHeads = new Map<string, string>();

function listHead(api: Api): string {
  let head = listHeads.get(api.serviceRoot);
  if (head === undefined) {
    head = contextMember(`${api.serviceRoot}/$metadata#${contextPath({ expandAlerts: false })}`);
    remember(listHeads, api.serviceRoot, head);
  }
  return head;
}

/** `,"@odata.nextLink":"…"` by version, next `$skip` and URL, lately made: a client polls the same pages. */
const nextLinkMembers = new Map<string, string>();

function nextLinkMember(url: URL, skip: number, api: Api): string {
  const key = `${api.version} ${skip} ${url.href}`;
  let member = nextLinkMembers.get(key);
  if (member === undefined) {
    member = `,"@odata.nextLink":${JSON.stringify(nextLink(url, skip, api.version))}`;
    remember(nextLinkMembers, key, member);
  }
  return member;
}

/** `GET /security/incidents/$count`: the number of matching incidents as plain text. */
export async function countIncidents(request: OperationRequest): Promise<GraphResponse> {
  const matching = await select(request, false);
  if ('status' in matching) return matching;
  return {
    status: 200,
    headers: request.context.headers('text/plain;charset=utf-8'),
    body: String(await matching.reach(Infinity)),
  };
}

/** `GET /security/incidents/{id}`. */
export function getIncident({ store, query, route, api, context }: OperationRequest): GraphResponse {
  const id = route.parameters['incidentId']!;
  const slot = store.slotOf(id);
  if (slot === undefined) return notFound(context, id);
  const projection = projectionOf(query, route.operation, context);
  if ('status' in projection) return projection;
  if (projection.select === undefined && !projection.expandAlerts) {
    // An incident's JSON always has its id, so it is never `{}`: its members follow the context's.
    const members = incidentJson(store, slot, api, context).subarray(1);
    return context.jsonItems(200, entityHead(api), [members], '');
  }
  const entity = `${api.serviceRoot}/$metadata#${contextPath(projection)}/$entity`;
  const incident = store.readonlySlot(slot, api.version);
  const body = project(incident, projection, () => store.alerts(id) ?? [], context, api.metadata);
  return context.json(200, { '@odata.context': entity, ...body });
}

/** `{"@odata.context":"…/$metadata#security/incidents/$entity",` per service root: the same for every get by id. */
const entityHeads = new Map<string, string>();

function entityHead(api: Api): string {
  let head = entityHeads.get(api.serviceRoot);
  if (head === undefined) {
    const entity = `${api.serviceRoot}/$metadata#${contextPath({ expandAlerts: false })}/$entity`;
    head = `{"@odata.context":${JSON.stringify(entity)},`;
    remember(entityHeads, api.serviceRoot, head);
  }
  return head;
}

/** `PATCH /security/incidents/{id}`: validates every property first, then applies them in one step. */
export function updateIncident({
  store,
  request,
  route,
  api,
  caller,
  context,
}: OperationRequest): GraphResponse {
  const id = route.parameters['incidentId']!;
  const slot = store.slotOf(id);
  if (slot === undefined) return notFound(context, id);
  const body = readBody(request, route.operation, context);
  if ('status' in body) return body;
  const shape = api.metadata.schemaShapes[route.operation.requestBody!.schema]!;
  const names = Object.keys(body.value);
  if (names.length === 0)
    return context.error(400, 'InvalidRequestBody', 'The request body must change at least one property.');
  const problem = checkBody(body.value, shape, context, api.metadata);
  if (problem) return problem;
  // Every property is valid: normalise enum casing; `unknownFutureValue` means "leave as it is".
  const changes: Record<string, unknown> = {};
  for (const name of names) {
    const value = body.value[name];
    // The type annotation names the incident's own type (checked above); it is not a property to store.
    if (name === '@odata.type') continue;
    const descriptor: EnumDescriptor | undefined = shape[name]?.enum;
    if (descriptor && typeof value === 'string') {
      const member = bodyMember(descriptor, value)!;
      if (member === descriptor.sentinel) continue;
      changes[name] = member;
    } else changes[name] = value;
  }
  const previous = store.storedIncident(slot, api.version);
  // `changes` holds values of the body this request parsed, referenced nowhere else: the store keeps them as they are.
  store.applyUpdate(id, changes, caller, true);
  // The whole incident as this version shows it: a PATCH through v1.0 and through beta changes the same incident.
  // Made here, not through `incident-json.ts`: the incident has just changed, so a cached copy would be made for
  // this one answer (slower, measured), and a later read makes its own. The same members as
  // `{ '@odata.context', ...presented }`, those the PATCH left as they were taken from the previous answer.
  const updated = store.storedIncident(slot, api.version);
  return context.jsonText(200, patchAnswer(id, previous, updated, api, context, entityHead(api)));
}

/** `POST /security/incidents/{id}/comments`: appends a comment and returns every comment of the incident. */
export function createIncidentComment({
  store,
  request,
  route,
  api,
  caller,
  context,
}: OperationRequest): GraphResponse {
  const id = route.parameters['incidentId']!;
  if (!store.readonlyGet(id)) return notFound(context, id);
  const body = readBody(request, route.operation, context);
  if ('status' in body) return body;
  const problem = checkBody(
    body.value,
    api.metadata.schemaShapes[route.operation.requestBody!.schema]!,
    context,
    api.metadata,
  );
  if (problem) return problem;
  const comment = body.value['comment'];
  if (typeof comment !== 'string' || comment.trim() === '')
    return context.error(
      400,
      'BadRequest',
      "The property 'comment' is required and must be a non-empty string.",
      {},
      'comment',
    );
  const comments = store.addComment(id, comment, caller)!;
  return context.json(200, {
    '@odata.context': `${api.serviceRoot}/$metadata#security/incidents('${id}')/comments`,
    value: comments.map((c) => present(c, 'alertComment', context, api.metadata)),
  });
}

/** The operations the mock implements, by operationId. */
export const operations: Readonly<
  Record<string, (input: OperationRequest) => GraphResponse | Promise<GraphResponse>>
> = {
  listIncidents,
  countIncidents,
  getIncident,
  updateIncident,
  createIncidentComment,
  listIncidentAlerts,
  getIncidentAlert,
  countIncidentAlerts,
};

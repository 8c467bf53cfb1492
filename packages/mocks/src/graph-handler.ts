import {
  type EnumDescriptor,
  normalizeMember,
  unknownEnumMembersPreference,
  visibleMember,
} from '@graph-incidents/types';
import { type GraphVersion, graphVersions, isGraphVersion } from './graph-versions.js';
import { compareValues, ODataQueryError, parseFilter } from './odata-filter.js';
import type { GraphMetadata, OperationShape, PropertyShape, SchemaShape } from './shapes.js';
import type { IncidentStore } from './store.js';

/** A request, independent of the transport (node:http or MSW). */
export interface GraphRequest {
  readonly method: string;
  /** The absolute URL, e.g. `http://127.0.0.1:4010/v1.0/security/incidents?$top=5`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text; `undefined` or empty when there is none. */
  readonly body?: string | undefined;
}

/** A response, independent of the transport. */
export interface GraphResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A forced failure, for testing retry logic. */
export interface FaultRule {
  /** 429 (throttled) or 503 (unavailable). */
  readonly status: 429 | 503;
  /** The `Retry-After` header in seconds. Default 1; `null` leaves the header out. */
  readonly retryAfter?: number | null;
  /** Only requests to this operation (`listIncidents`, `updateIncident`, …). Default: every operation. */
  readonly operationId?: string;
  /** Fails only the first `times` matching requests, then lets them through. Default: every matching request. */
  readonly times?: number;
  /** Fails this share (0–1) of matching requests, drawn from a seeded generator. Default 1. */
  readonly rate?: number;
}

/** Options of {@link createGraphHandler}. */
export interface GraphHandlerOptions {
  /** Forced 429/503 responses. A request can also force one with the `x-mock-fault` header. */
  readonly faults?: readonly FaultRule[];
  /** Check `Authorization` as Graph does (default `true`). */
  readonly auth?: boolean;
  /** Seeds the generator that decides rate-based faults. Default: the store's seed. */
  readonly seed?: number;
}

/** Graph's response Content-Type, OData parameters included. */
export const graphJsonContentType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The request header that forces a fault: `x-mock-fault: 429` or `x-mock-fault: 503; retry-after=5`. */
export const faultHeader = 'x-mock-fault';

const pageSize = 50;

type Handler = (request: GraphRequest) => Promise<GraphResponse>;

/**
 * Creates the one implementation of Graph's semantics that both the HTTP server and the MSW handlers call.
 * It never throws: every failure becomes a Graph error response, and a rejected request leaves the store unchanged.
 */
export function createGraphHandler(store: IncidentStore, options: GraphHandlerOptions = {}): Handler {
  const random = seededRandom(options.seed ?? store.seed);
  const faultCounts = new Map<FaultRule, number>();
  const faults = options.faults ?? [];
  for (const rule of faults) {
    if (rule.status !== 429 && rule.status !== 503)
      throw new TypeError(`fault status must be 429 or 503, got ${String(rule.status)}`);
    if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1))
      throw new TypeError(`fault rate must be within 0..1, got ${String(rule.rate)}`);
  }
  return async (request) => {
    const context = new RequestContext(request);
    try {
      return handle(store, request, context, { auth: options.auth ?? true, faults, faultCounts, random });
    } catch (error) {
      // A bug must not take the server down: answer like Graph does when it fails.
      return context.error(
        500,
        'generalException',
        error instanceof Error ? error.message : 'Internal error.',
      );
    }
  };
}

/** Handles one request against `store` with default options. See {@link createGraphHandler}. */
export function handleGraphRequest(store: IncidentStore, request: GraphRequest): Promise<GraphResponse> {
  return createGraphHandler(store)(request);
}

interface HandlerState {
  readonly auth: boolean;
  readonly faults: readonly FaultRule[];
  readonly faultCounts: Map<FaultRule, number>;
  readonly random: () => number;
}

/** Per-request values every response carries. */
class RequestContext {
  readonly requestId = globalThis.crypto.randomUUID();
  /** Graph's diagnostics header, the same on every response. */
  static readonly diagnostic = JSON.stringify({
    ServerInfo: {
      DataCenter: 'Mock',
      Slice: 'E',
      Ring: '0',
      ScaleUnit: '000',
      RoleInstance: 'graph-incidents-mock',
    },
  });
  readonly clientRequestId: string;
  readonly includeUnknownMembers: boolean;

  constructor(request: GraphRequest) {
    const header = (name: string) => request.headers[name] ?? undefined;
    this.clientRequestId = header('client-request-id') ?? this.requestId;
    this.includeUnknownMembers = (header('prefer') ?? '')
      .split(',')
      .some((preference) => preference.trim().toLowerCase() === unknownEnumMembersPreference);
  }

  headers(contentType = graphJsonContentType): Record<string, string> {
    return {
      'content-type': contentType,
      'request-id': this.requestId,
      'client-request-id': this.clientRequestId,
      'odata-version': '4.0',
      'x-ms-ags-diagnostic': RequestContext.diagnostic,
      ...(this.includeUnknownMembers ? { 'preference-applied': unknownEnumMembersPreference } : {}),
    };
  }

  json(status: number, body: unknown, extra: Record<string, string> = {}): GraphResponse {
    return { status, headers: { ...this.headers(), ...extra }, body: JSON.stringify(body) };
  }

  /** Graph's error envelope. `innerError.date` has no time zone, as in real responses. */
  error(
    status: number,
    code: string,
    message: string,
    extra: Record<string, string> = {},
    target?: string,
  ): GraphResponse {
    return this.json(
      status,
      {
        error: {
          code,
          message,
          ...(target ? { target } : {}),
          innerError: {
            date: new Date().toISOString().slice(0, 19),
            'request-id': this.requestId,
            'client-request-id': this.clientRequestId,
          },
        },
      },
      extra,
    );
  }
}

/** The Graph version a request addresses: its metadata, and the service root its responses point to. */
interface Api {
  readonly version: GraphVersion;
  readonly metadata: GraphMetadata;
  /** `${origin}/${version}`, for `@odata.context` and `@odata.nextLink`. */
  readonly serviceRoot: string;
}

interface Route {
  readonly operationId: string;
  readonly operation: OperationShape;
  readonly parameters: Readonly<Record<string, string>>;
}

function handle(
  store: IncidentStore,
  request: GraphRequest,
  context: RequestContext,
  state: HandlerState,
): GraphResponse {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return context.error(400, 'BadRequest', `The request URL '${request.url}' is not valid.`);
  }
  const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
  const version = segments.shift();
  if (version === undefined || !isGraphVersion(version))
    return context.error(400, 'BadRequest', `Invalid version: ${version ?? '(none)'}. Use v1.0 or beta.`);
  // One store, seen through the version's own description: its properties, query options and request bodies.
  const api: Api = { version, metadata: graphVersions[version], serviceRoot: `${url.origin}/${version}` };
  const { metadata, serviceRoot } = api;

  const method = request.method.toUpperCase();
  const candidates = matchPath(segments, metadata.operations);
  if (candidates.length === 0)
    return context.error(400, 'BadRequest', `Resource not found for the segment '${segments.at(-1) ?? ''}'.`);
  const route = candidates.find((candidate) => candidate.operation.method === method);
  if (!route) {
    const allow = [...new Set(candidates.map((c) => c.operation.method))].join(', ');
    return context.error(
      405,
      'notSupported',
      `The HTTP method '${method}' is not allowed on this resource. Allowed: ${allow}.`,
      { allow },
    );
  }

  const fault = forcedFault(request, route, state);
  if (fault) return fault(context);

  if (state.auth) {
    const denied = authorize(request, route.operation, context);
    if (typeof denied !== 'string') return denied;
  }
  const caller = state.auth ? callerName(request) : 'API-App:graph-incidents-mock';

  const query = parseQuery(url.search);
  for (const name of query.keys())
    if (name.startsWith('$') && !(name in route.operation.query))
      return context.error(
        400,
        'BadRequest',
        `Query option '${name}' is not allowed on ${route.operationId}.`,
      );

  switch (route.operationId) {
    case 'listIncidents':
      return listIncidents(store, url, api, query, route.operation, context);
    case 'countIncidents': {
      const matching = filterIncidents(store, query, route.operation, api, context);
      if (!Array.isArray(matching)) return matching;
      return {
        status: 200,
        headers: context.headers('text/plain;charset=utf-8'),
        body: String(matching.length),
      };
    }
    case 'getIncident': {
      const id = route.parameters['incidentId']!;
      const incident = store.readonlyGet(id, version);
      if (!incident) return notFound(context, id);
      const projection = projectionOf(query, route.operation, context);
      if ('status' in projection) return projection;
      const body = project(incident, projection, () => store.alerts(id) ?? [], context, metadata);
      return context.json(200, {
        '@odata.context': `${serviceRoot}/$metadata#${contextPath(projection)}/$entity`,
        ...body,
      });
    }
    case 'updateIncident':
      return updateIncident(store, request, route, api, caller, context);
    case 'createIncidentComment': {
      const id = route.parameters['incidentId']!;
      if (!store.readonlyGet(id)) return notFound(context, id);
      const body = readBody(request, route.operation, context);
      if ('status' in body) return body;
      const problem = checkBody(
        body.value,
        metadata.schemaShapes[route.operation.requestBody!.schema]!,
        context,
        metadata,
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
        '@odata.context': `${serviceRoot}/$metadata#security/incidents('${id}')/comments`,
        value: comments.map((c) => present(c, 'alertComment', context, metadata)),
      });
    }
    default:
      return context.error(501, 'notSupported', `The mock does not implement ${String(route.operationId)}.`);
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Every operation whose path template matches the segments. */
function matchPath(segments: readonly string[], operations: GraphMetadata['operations']): Route[] {
  const routes: Route[] = [];
  for (const [operationId, operation] of Object.entries(operations)) {
    const template = operation.path.split('/').filter(Boolean);
    if (template.length !== segments.length) continue;
    const parameters: Record<string, string> = {};
    const matches = template.every((part, index) => {
      const segment = segments[index]!;
      const parameter = /^\{(.+)\}$/.exec(part);
      if (!parameter) return part === segment;
      // A literal segment such as `$count` is not an id.
      if (segment.startsWith('$')) return false;
      parameters[parameter[1]!] = segment;
      return true;
    });
    if (matches) routes.push({ operationId, operation, parameters });
  }
  return routes;
}

function notFound(context: RequestContext, id: string): GraphResponse {
  return context.error(404, 'NotFound', `Incident ${id} was not found.`);
}

// ------------------------------------------------------------------------------------------------ faults and auth

function forcedFault(
  request: GraphRequest,
  route: Route,
  state: HandlerState,
): ((context: RequestContext) => GraphResponse) | undefined {
  const respond = (status: 429 | 503, retryAfter: number | null | undefined) => (context: RequestContext) => {
    const seconds = retryAfter === undefined ? 1 : retryAfter;
    const extra: Record<string, string> = seconds === null ? {} : { 'retry-after': String(seconds) };
    return status === 429
      ? context.error(
          429,
          'TooManyRequests',
          'Too many requests. Retry after the time in Retry-After.',
          extra,
        )
      : context.error(
          503,
          'serviceNotAvailable',
          'The service is temporarily unavailable. Retry after the time in Retry-After.',
          extra,
        );
  };
  const header = request.headers[faultHeader];
  if (header) {
    const [status, ...parameters] = header.split(';').map((part) => part.trim());
    if (status === '429' || status === '503') {
      const retryAfter = parameters.map((p) => /^retry-after=(\d+)$/i.exec(p)?.[1]).find(Boolean);
      return respond(Number(status) as 429 | 503, retryAfter === undefined ? undefined : Number(retryAfter));
    }
  }
  for (const rule of state.faults) {
    if (rule.operationId !== undefined && rule.operationId !== route.operationId) continue;
    const count = state.faultCounts.get(rule) ?? 0;
    if (rule.times !== undefined && count >= rule.times) continue;
    if (rule.rate !== undefined && state.random() >= rule.rate) continue;
    state.faultCounts.set(rule, count + 1);
    return respond(rule.status, rule.retryAfter);
  }
  return undefined;
}

interface TokenClaims {
  readonly roles?: unknown;
  readonly scp?: unknown;
  readonly exp?: unknown;
  readonly upn?: unknown;
  readonly unique_name?: unknown;
  readonly preferred_username?: unknown;
  readonly app_displayname?: unknown;
  readonly appid?: unknown;
}

/** The bearer token, its claims when it is JWT-shaped, or why it is unusable. */
function readToken(request: GraphRequest): { claims?: TokenClaims } | { problem: string } {
  const authorization = request.headers['authorization'];
  if (!authorization) return { problem: 'Access token is empty.' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match)
    return { problem: 'Access token validation failure: the Authorization header is not a bearer token.' };
  const parts = match[1]!.split('.');
  // Not JWT-shaped: an opaque token, accepted with every permission (see the README).
  if (parts.length !== 3) return {};
  try {
    const payload = JSON.parse(decodeBase64Url(parts[1]!)) as unknown;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
      return { problem: 'Access token validation failure: the payload is not a JSON object.' };
    return { claims: payload as TokenClaims };
  } catch {
    return { problem: 'CompactToken parsing failed with error code: 80049217' };
  }
}

function authorize(
  request: GraphRequest,
  operation: OperationShape,
  context: RequestContext,
): string | GraphResponse {
  const token = readToken(request);
  const unauthorized = (message: string) =>
    context.error(401, 'InvalidAuthenticationToken', message, {
      'www-authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    });
  if ('problem' in token) return unauthorized(token.problem);
  const claims = token.claims;
  if (!claims) return 'opaque';
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now())
    return unauthorized('Lifetime validation failed, the token is expired.');
  // Application tokens carry `roles`; delegated tokens carry `scp`, space-separated.
  const granted = new Set<string>([
    ...(Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : []),
    ...(typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : []),
  ]);
  const allowed = operation.permissions.some((set) => set.every((permission) => granted.has(permission)));
  if (!allowed) {
    const needed = operation.permissions.map((set) => set.join(' and ')).join(' or ');
    return context.error(403, 'Forbidden', `Missing permission. The operation needs ${needed}.`);
  }
  return 'granted';
}

/** `lastModifiedBy` and `createdByDisplayName` as Graph writes them for the caller. */
function callerName(request: GraphRequest): string {
  const token = readToken(request);
  const claims = 'claims' in token ? token.claims : undefined;
  if (!claims) return 'API-App:graph-incidents-mock';
  const user = [claims.upn, claims.unique_name, claims.preferred_username].find((v) => typeof v === 'string');
  if (typeof claims.scp === 'string' && typeof user === 'string') return user;
  const app = [claims.app_displayname, claims.appid].find((v) => typeof v === 'string');
  return `API-App:${typeof app === 'string' ? app : 'graph-incidents-mock'}`;
}

// ------------------------------------------------------------------------------------------------ reading

/** Query options in order of appearance; `+` is a space, as in forms. */
function parseQuery(search: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) query.set(name, value);
  return query;
}

function readBody(
  request: GraphRequest,
  operation: OperationShape,
  context: RequestContext,
): { value: Record<string, unknown> } | GraphResponse {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const expected = operation.requestBody?.contentType ?? 'application/json';
  if (contentType !== expected)
    return context.error(
      415,
      'UnsupportedMediaType',
      `The Content-Type '${contentType || '(none)'}' is not supported. Send ${expected}.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(request.body ?? '');
  } catch {
    return context.error(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return context.error(400, 'BadRequest', 'The request body must be a JSON object.');
  return { value: value as Record<string, unknown> };
}

/** Checks a body against a request schema's shape: no unknown properties, every value of the right type. */
function checkBody(
  body: Readonly<Record<string, unknown>>,
  shape: SchemaShape,
  context: RequestContext,
  metadata: GraphMetadata,
): GraphResponse | undefined {
  for (const [name, value] of Object.entries(body)) {
    // Own properties only: `__proto__` or `constructor` in a body must not find Object.prototype.
    const property = Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (!property) {
      const readOnly = Object.hasOwn(metadata.schemaShapes.incident, name);
      return context.error(
        400,
        'BadRequest',
        readOnly
          ? `The property '${name}' is read-only and cannot be changed.`
          : `The property '${name}' does not exist on type 'microsoft.graph.security.incident'.`,
        {},
        name,
      );
    }
    const problem = typeProblem(value, property);
    if (problem)
      return context.error(400, problem.code, `Invalid value for '${name}': ${problem.message}`, {}, name);
    if (property.enum && typeof value === 'string') {
      const member = normalizeMember(property.enum, value)!;
      if (property.enum.afterSentinel.includes(member) && !context.includeUnknownMembers)
        return context.error(
          400,
          'InvalidRequestBody',
          `The value '${member}' of '${name}' needs the header 'Prefer: include-unknown-enum-members'.`,
          {},
          name,
        );
    }
  }
  return undefined;
}

function typeProblem(value: unknown, shape: PropertyShape): { code: string; message: string } | undefined {
  if (value === null)
    return shape.nullable ? undefined : { code: 'BadRequest', message: 'null is not allowed.' };
  if (shape.array) {
    if (!Array.isArray(value)) return { code: 'BadRequest', message: 'expected an array.' };
    for (const item of value) {
      const problem = typeProblem(item, { ...shape, array: false, nullable: false });
      if (problem) return problem;
    }
    return undefined;
  }
  if (shape.enum) {
    if (typeof value !== 'string' || normalizeMember(shape.enum, value) === undefined)
      return { code: 'InvalidRequestBody', message: `expected a member of ${shape.enum.name}.` };
    return undefined;
  }
  if (shape.literals)
    return shape.literals.includes(value as string)
      ? undefined
      : { code: 'BadRequest', message: `expected one of ${shape.literals.join(', ')}.` };
  switch (shape.type) {
    case 'string':
      return typeof value === 'string' ? undefined : { code: 'BadRequest', message: 'expected a string.' };
    case 'dateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? undefined
        : { code: 'BadRequest', message: 'expected a DateTimeOffset.' };
    case 'integer':
      return Number.isInteger(value) ? undefined : { code: 'BadRequest', message: 'expected an integer.' };
    case 'number':
      return typeof value === 'number' ? undefined : { code: 'BadRequest', message: 'expected a number.' };
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { code: 'BadRequest', message: 'expected a boolean.' };
    default:
      return typeof value === 'object' ? undefined : { code: 'BadRequest', message: 'expected an object.' };
  }
}

// ------------------------------------------------------------------------------------------------ operations

function updateIncident(
  store: IncidentStore,
  request: GraphRequest,
  route: Route,
  api: Api,
  caller: string,
  context: RequestContext,
): GraphResponse {
  const id = route.parameters['incidentId']!;
  if (!store.readonlyGet(id)) return notFound(context, id);
  const body = readBody(request, route.operation, context);
  if ('status' in body) return body;
  const shape = api.metadata.schemaShapes[route.operation.requestBody!.schema]!;
  if (Object.keys(body.value).length === 0)
    return context.error(400, 'InvalidRequestBody', 'The request body must change at least one property.');
  const problem = checkBody(body.value, shape, context, api.metadata);
  if (problem) return problem;
  // Every property is valid: normalise enum casing; `unknownFutureValue` means "leave as it is".
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body.value)) {
    const descriptor: EnumDescriptor | undefined = shape[name]?.enum;
    if (descriptor && typeof value === 'string') {
      const member = normalizeMember(descriptor, value)!;
      if (member === descriptor.sentinel) continue;
      changes[name] = member;
    } else changes[name] = value;
  }
  store.applyUpdate(id, changes, caller);
  // The whole incident as this version shows it: a PATCH through v1.0 and through beta changes the same incident.
  const updated = store.readonlyGet(id, api.version)!;
  return context.json(200, {
    '@odata.context': `${api.serviceRoot}/$metadata#security/incidents/$entity`,
    ...(present(updated, 'incident', context, api.metadata) as Record<string, unknown>),
  });
}

function filterIncidents(
  store: IncidentStore,
  query: ReadonlyMap<string, string>,
  operation: OperationShape,
  api: Api,
  context: RequestContext,
): Record<string, unknown>[] | GraphResponse {
  const incidents = store.readonlyList(api.version) as Record<string, unknown>[];
  const filter = query.get('$filter');
  if (filter === undefined) return incidents;
  try {
    const predicate = parseFilter(filter, {
      properties: api.metadata.schemaShapes.incident,
      filterable: operation.query['$filter']?.filterable ?? [],
      includeUnknownMembers: context.includeUnknownMembers,
    });
    return incidents.filter(predicate);
  } catch (error) {
    if (error instanceof ODataQueryError) return context.error(400, 'BadRequest', error.message);
    throw error;
  }
}

function listIncidents(
  store: IncidentStore,
  url: URL,
  api: Api,
  query: ReadonlyMap<string, string>,
  operation: OperationShape,
  context: RequestContext,
): GraphResponse {
  const top = integerOption(query, '$top', context);
  if (typeof top === 'object') return top;
  const skip = integerOption(query, '$skip', context);
  if (typeof skip === 'object') return skip;
  const count = query.get('$count');
  if (count !== undefined && count !== 'true' && count !== 'false')
    return context.error(
      400,
      'BadRequest',
      `The value '${count}' of $count is not valid; use true or false.`,
    );
  const projection = projectionOf(query, operation, context);
  if ('status' in projection) return projection;

  const matching = filterIncidents(store, query, operation, api, context);
  if (!Array.isArray(matching)) return matching;
  const orderby = query.get('$orderby');
  if (orderby !== undefined) {
    const sorted = sortBy(matching, orderby, api.metadata.schemaShapes.incident, context);
    if (!Array.isArray(sorted)) return sorted;
  }

  const size = Math.min(top ?? pageSize, pageSize);
  const start = skip ?? 0;
  const page = matching.slice(start, start + size);
  const body: Record<string, unknown> = {
    '@odata.context': `${api.serviceRoot}/$metadata#${contextPath(projection)}`,
  };
  if (count === 'true') body['@odata.count'] = matching.length;
  body['value'] = page.map((incident) =>
    project(incident, projection, () => store.alerts(String(incident['id'])) ?? [], context, api.metadata),
  );
  if (size > 0 && start + size < matching.length) body['@odata.nextLink'] = nextLink(url, start + size);
  return context.json(200, body);
}

function integerOption(
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

/** The same URL with `$skip` moved on, every other option kept in its place. */
function nextLink(url: URL, skip: number): string {
  const parts: string[] = [];
  let replaced = false;
  for (const [name, value] of new URLSearchParams(url.search)) {
    if (name === '$skip') {
      parts.push(`$skip=${skip}`);
      replaced = true;
    } else parts.push(`${encodeURIComponent(name).replaceAll('%24', '$')}=${encodeURIComponent(value)}`);
  }
  if (!replaced) parts.push(`$skip=${skip}`);
  return `${url.origin}${url.pathname}?${parts.join('&')}`;
}

function sortBy(
  items: Record<string, unknown>[],
  orderby: string,
  shape: Readonly<Record<string, PropertyShape>>,
  context: RequestContext,
): Record<string, unknown>[] | GraphResponse {
  const keys: { property: string; direction: number; shape: PropertyShape }[] = [];
  for (const clause of orderby.split(',')) {
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
  const visible = (value: unknown, property: PropertyShape) =>
    property.enum && typeof value === 'string'
      ? visibleMember(property.enum, value, context.includeUnknownMembers)
      : value;
  items.sort((a, b) => {
    for (const key of keys) {
      const order =
        compareValues(visible(a[key.property], key.shape), visible(b[key.property], key.shape), key.shape) ??
        0;
      if (order !== 0) return order * key.direction;
    }
    return 0;
  });
  return items;
}

interface Projection {
  /** Properties to return; `undefined` for all of them. */
  readonly select?: readonly string[];
  readonly expandAlerts: boolean;
}

function projectionOf(
  query: ReadonlyMap<string, string>,
  operation: OperationShape,
  context: RequestContext,
): Projection | GraphResponse {
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
        `Could not find a property named '${unknown ?? ''}' on type 'microsoft.graph.security.incident' (${name}).`,
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

/** `security/incidents`, `security/incidents(id,status)`, `security/incidents(alerts())` as Graph writes them. */
function contextPath(projection: Projection): string {
  const parts = [...(projection.select ?? []), ...(projection.expandAlerts ? ['alerts()'] : [])];
  return `security/incidents${parts.length ? `(${parts.join(',')})` : ''}`;
}

function project(
  incident: Readonly<Record<string, unknown>>,
  projection: Projection,
  alerts: () => unknown[],
  context: RequestContext,
  metadata: GraphMetadata,
): Record<string, unknown> {
  const shown = present(incident, 'incident', context, metadata) as Record<string, unknown>;
  let body: Record<string, unknown> = shown;
  if (projection.select) {
    body = { id: shown['id'] };
    for (const name of projection.select) if (name in shown) body[name] = shown[name];
  }
  if (projection.expandAlerts)
    body['alerts'] = alerts().map((alert) => present(alert, 'alert', context, metadata));
  return body;
}

/**
 * What a client sees of a stored value: every enum member after `unknownFutureValue` reads as
 * `unknownFutureValue` unless the request sent `Prefer: include-unknown-enum-members`. Walks nested objects and
 * evidence kinds through the shapes generated from the version's description (default v1.0).
 */
export function present(
  value: unknown,
  schema: string,
  context: { readonly includeUnknownMembers: boolean },
  metadata: GraphMetadata = graphVersions['v1.0'],
): unknown {
  if (Array.isArray(value)) return value.map((item) => present(item, schema, context, metadata));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const polymorphic = Object.hasOwn(metadata.polymorphicShapes, schema)
    ? metadata.polymorphicShapes[schema]
    : undefined;
  const concrete = polymorphic
    ? (polymorphic.mapping[String(record[polymorphic.propertyName])] ?? schema)
    : schema;
  const shape = Object.hasOwn(metadata.schemaShapes, concrete) ? metadata.schemaShapes[concrete] : undefined;
  const result: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(record)) {
    const property = shape && Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (property?.enum) {
      const descriptor = property.enum;
      const visible = (member: unknown) =>
        typeof member === 'string'
          ? visibleMember(descriptor, member, context.includeUnknownMembers)
          : member;
      result[name] = Array.isArray(item) ? item.map(visible) : visible(item);
    } else if (property?.object) result[name] = present(item, property.object, context, metadata);
    else result[name] = item;
  }
  return result;
}

/** mulberry32: a tiny seeded generator, so that rate-based faults repeat from run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decodeBase64Url(text: string): string {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

import { authorize, callerName, type ReadToken, readToken, verifiedToken, type VerifyToken } from './auth.js';
import { createFaultState, type FaultRule, type FaultState, forcedFault } from './faults.js';
import { operations } from './operations.js';
import { parseQuery, unsupportedOption } from './query.js';
import { type GraphRequest, type GraphResponse, RequestContext } from './request-context.js';
import { routeRequest, type RoutedRequest } from './routing.js';
import type { IncidentStore } from './store.js';

export { faultHeader, type FaultRule } from './faults.js';
export { graphJsonContentType, type GraphRequest, type GraphResponse } from './request-context.js';
export { present } from './shaping.js';

/** Options of {@link createGraphHandler}. */
export interface GraphHandlerOptions {
  /** Forced 429/503 responses. A request can also force one with the `x-mock-fault` header. */
  readonly faults?: readonly FaultRule[];
  /** Check `Authorization` as Graph does (default `true`). */
  readonly auth?: boolean;
  /**
   * Strict auth: checks each token's signature, lifetime and audience with this function before its permissions.
   * The server passes its token issuer's check under `auth: 'strict'`. Default: claims are read unchecked.
   */
  readonly verifyToken?: VerifyToken;
  /** Seeds the generator that decides rate-based faults. Default: the store's seed. */
  readonly seed?: number;
}

type Handler = (request: GraphRequest) => Promise<GraphResponse>;

/**
 * The handler with the request's URL already parsed (the HTTP server parses it once for its own routing). `url`
 * must be `new URL(request.url)`. It answers at once when nothing needs waiting for (most requests: no promise for
 * the HTTP server to wait on), else with a promise.
 */
export type ParsedRequestHandler = (
  request: GraphRequest,
  url?: URL,
) => GraphResponse | Promise<GraphResponse>;

/**
 * Creates the one implementation of Graph's semantics that both the HTTP server and the MSW handlers call.
 * It never throws: every failure becomes a Graph error response, and a rejected request leaves the store unchanged.
 *
 * A request passes, in order: routing (`routing.ts`), forced faults (`faults.ts`), auth (`auth.ts`), query
 * options (`query.ts`), then its operation (`operations.ts`), which checks bodies (`body-checks.ts`) and shapes
 * the response (`shaping.ts`).
 */
export function createGraphHandler(store: IncidentStore, options: GraphHandlerOptions = {}): Handler {
  const handle = createParsedRequestHandler(store, options);
  return (request) => Promise.resolve(handle(request));
}

/** {@link createGraphHandler}, taking the request's URL already parsed when the caller has it. */
export function createParsedRequestHandler(
  store: IncidentStore,
  options: GraphHandlerOptions = {},
): ParsedRequestHandler {
  const settings: Settings = {
    store,
    faults: createFaultState(options.faults ?? [], options.seed ?? store.seed),
    auth: options.auth ?? true,
    verifyToken: options.verifyToken,
  };
  // A bug must not take the server down: answer like Graph does when it fails.
  const failed = (context: RequestContext, error: unknown) =>
    context.error(500, 'generalException', error instanceof Error ? error.message : 'Internal error.');
  return (request, url) => {
    const context = new RequestContext(request);
    try {
      // Most requests are answered without waiting on anything: no promise per step for them.
      const response = handle(settings, request, url, context);
      return response instanceof Promise
        ? response.catch((error: unknown) => failed(context, error))
        : response;
    } catch (error) {
      return failed(context, error);
    }
  };
}

/** Handles one request against `store` with default options. See {@link createGraphHandler}. */
export function handleGraphRequest(store: IncidentStore, request: GraphRequest): Promise<GraphResponse> {
  return createGraphHandler(store)(request);
}

interface Settings {
  readonly store: IncidentStore;
  readonly faults: FaultState;
  readonly auth: boolean;
  readonly verifyToken: VerifyToken | undefined;
}

function handle(
  settings: Settings,
  request: GraphRequest,
  parsedUrl: URL | undefined,
  context: RequestContext,
): GraphResponse | Promise<GraphResponse> {
  const routed = routeRequest(request, context, parsedUrl);
  if ('status' in routed) return routed;
  const fault = forcedFault(request, routed.route, settings.faults);
  if (fault) return fault(context);
  if (!settings.auth) return operate(settings, request, routed, 'API-App:graph-incidents-mock', context);
  const token = readToken(request);
  if (!settings.verifyToken) return authorized(settings, request, routed, token, token, context);
  // Strict auth checks the token's signature first, which is asynchronous.
  return verifiedToken(request, settings.verifyToken).then((verified) =>
    authorized(settings, request, routed, token, verified, context),
  );
}

function authorized(
  settings: Settings,
  request: GraphRequest,
  routed: RoutedRequest,
  token: ReadToken,
  verified: ReadToken,
  context: RequestContext,
): GraphResponse | Promise<GraphResponse> {
  const denied = authorize(routed.route.operation, context, verified);
  if (typeof denied !== 'string') return denied;
  return operate(settings, request, routed, callerName(token), context);
}

function operate(
  { store }: Settings,
  request: GraphRequest,
  { url, api, route }: RoutedRequest,
  caller: string,
  context: RequestContext,
): GraphResponse | Promise<GraphResponse> {
  const query = parseQuery(url.search, api.version);
  const unsupported = unsupportedOption(query, route, context);
  if (unsupported) return unsupported;

  const operation = Object.hasOwn(operations, route.operationId) ? operations[route.operationId] : undefined;
  if (!operation)
    return context.error(501, 'notSupported', `The mock does not implement ${String(route.operationId)}.`);
  return operation({ store, request, url, api, route, query, caller, context });
}

import { authorize, callerName, verifiedToken, type VerifyToken } from './auth.js';
import { createFaultState, type FaultRule, type FaultState, forcedFault } from './faults.js';
import { operations } from './operations.js';
import { parseQuery, unsupportedOption } from './query.js';
import { type GraphRequest, type GraphResponse, RequestContext } from './request-context.js';
import { routeRequest } from './routing.js';
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
 * Creates the one implementation of Graph's semantics that both the HTTP server and the MSW handlers call.
 * It never throws: every failure becomes a Graph error response, and a rejected request leaves the store unchanged.
 *
 * A request passes, in order: routing (`routing.ts`), forced faults (`faults.ts`), auth (`auth.ts`), query
 * options (`query.ts`), then its operation (`operations.ts`), which checks bodies (`body-checks.ts`) and shapes
 * the response (`shaping.ts`).
 */
export function createGraphHandler(store: IncidentStore, options: GraphHandlerOptions = {}): Handler {
  const faults = createFaultState(options.faults ?? [], options.seed ?? store.seed);
  const auth = options.auth ?? true;
  return async (request) => {
    const context = new RequestContext(request);
    try {
      return await handle(store, request, context, auth, faults, options.verifyToken);
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

async function handle(
  store: IncidentStore,
  request: GraphRequest,
  context: RequestContext,
  auth: boolean,
  faults: FaultState,
  verifyToken: VerifyToken | undefined,
): Promise<GraphResponse> {
  const routed = routeRequest(request, context);
  if ('status' in routed) return routed;
  const { url, api, route } = routed;

  const fault = forcedFault(request, route, faults);
  if (fault) return fault(context);

  if (auth) {
    const verified = verifyToken ? await verifiedToken(request, verifyToken) : undefined;
    const denied = authorize(request, route.operation, context, verified);
    if (typeof denied !== 'string') return denied;
  }
  const caller = auth ? callerName(request) : 'API-App:graph-incidents-mock';

  const query = parseQuery(url.search, api.version);
  const unsupported = unsupportedOption(query, route, context);
  if (unsupported) return unsupported;

  const operation = Object.hasOwn(operations, route.operationId) ? operations[route.operationId] : undefined;
  if (!operation)
    return context.error(501, 'notSupported', `The mock does not implement ${String(route.operationId)}.`);
  return operation({ store, request, url, api, route, query, caller, context });
}

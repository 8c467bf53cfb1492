// @graph-incidents/client/beta: the same client for Graph beta, typed with @graph-incidents/types/beta.
import type { paths } from '@graph-incidents/types/beta';
import type { Client } from 'openapi-fetch';
import { createIncidentsCore, type IncidentsClientOptions, type IncidentsCore } from './core.js';
import { bindOperations, type IncidentsOperations } from './generated/beta/operations.gen.js';

/** Graph's beta service root, the default `baseUrl` of this entry. */
export const betaBaseUrl = 'https://graph.microsoft.com/beta';

/** A client for the Graph beta incident API: every operation as a method, plus the raw openapi-fetch client. */
export interface IncidentsClient extends IncidentsOperations {
  readonly raw: Client<paths>;
  readonly core: IncidentsCore<paths>;
}

/**
 * Creates a client for `/beta/security/incidents`, where incidents also carry `recommendedActions` and
 * `recommendedHuntingQueries`.
 * @example
 * const graph = createIncidentsClient({ getAccessToken: () => token });
 * const { recommendedHuntingQueries } = await graph.getIncident('29');
 */
export function createIncidentsClient(options: IncidentsClientOptions = {}): IncidentsClient {
  const core = createIncidentsCore<paths>({ baseUrl: betaBaseUrl, ...options });
  return { ...bindOperations(core), raw: core.raw, core };
}

export {
  GraphClientError,
  GraphError,
  GraphNetworkError,
  GraphOriginError,
  GraphTimeoutError,
} from './errors.js';
export type { IncidentsClientOptions, RequestOptions } from './core.js';
export type { Page, PageIterable } from './paging.js';
export * from './generated/beta/odata.gen.js';
export * from './generated/beta/operations.gen.js';

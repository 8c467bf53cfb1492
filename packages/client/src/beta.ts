// @graph-incidents/client/beta: the same client for Graph beta, typed with @graph-incidents/types/beta.
import type { paths } from '@graph-incidents/types/beta';
import type { Client } from 'openapi-fetch';
import { createIncidentsCore, type IncidentsClientOptions, type IncidentsCore } from './core.js';
import { bindOperations, type IncidentsOperations } from './generated/beta/operations.gen.js';
import { createRawClient } from './raw.js';

/** Graph's beta service root, the default `baseUrl` of this entry. */
export const betaBaseUrl = 'https://graph.microsoft.com/beta';

/** A client for the Graph beta incident API: every operation as a method, plus the raw openapi-fetch client. */
export interface IncidentsClient extends IncidentsOperations {
  /** The openapi-fetch client (beta's paths) with the same auth, retries and headers. Made when first read. */
  readonly raw: Client<paths>;
  readonly core: IncidentsCore;
}

/**
 * Creates a client for `/beta/security/incidents`, where incidents also carry `recommendedActions` and
 * `recommendedHuntingQueries`.
 * @example
 * const graph = createIncidentsClient({ getAccessToken: () => token });
 * const { recommendedHuntingQueries } = await graph.getIncident('29');
 */
export function createIncidentsClient(options: IncidentsClientOptions = {}): IncidentsClient {
  const core = createIncidentsCore({ baseUrl: betaBaseUrl, ...options });
  let raw: Client<paths> | undefined;
  return {
    ...bindOperations(core),
    core,
    get raw() {
      return (raw ??= createRawClient<paths>(core));
    },
  };
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

import type { paths } from '@graph-incidents/types';
import type { Client } from 'openapi-fetch';
import { createIncidentsCore, type IncidentsClientOptions, type IncidentsCore } from './core.js';
import { bindOperations, type IncidentsOperations } from './generated/operations.gen.js';
import { createRawClient } from './raw.js';

/** A client for the Graph incident API: every operation as a method, plus the raw openapi-fetch client. */
export interface IncidentsClient extends IncidentsOperations {
  /**
   * The openapi-fetch client with the same auth, retries and headers, in openapi-fetch's `{ data, error }` style.
   * Made when first read.
   */
  readonly raw: Client<paths>;
  /** The runtime the methods share, for the standalone operation functions. */
  readonly core: IncidentsCore;
}

/**
 * Creates a client for `/security/incidents`.
 * @example
 * const graph = createIncidentsClient({ getAccessToken: () => credential.getToken(scope).then((t) => t.token) });
 * await graph.updateIncident('29', { status: 'resolved', classification: 'truePositive' });
 */
export function createIncidentsClient(options: IncidentsClientOptions = {}): IncidentsClient {
  const core = createIncidentsCore(options);
  let raw: Client<paths> | undefined;
  return {
    ...bindOperations(core),
    core,
    get raw() {
      return (raw ??= createRawClient(core));
    },
  };
}

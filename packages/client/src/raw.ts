import type { paths } from '@graph-incidents/types';
import createClient, { type Client } from 'openapi-fetch';
import type { IncidentsCore } from './core.js';

/**
 * The openapi-fetch client on `core`'s transport (same token, headers, retries, timeout and redirect checks), in
 * openapi-fetch's `{ data, error, response }` style, for paths this package does not wrap. Made on demand: the
 * operations do not need it, so a program that never asks for it does not bundle `createClient` (#16).
 * @example const { data } = await createRawClient(core).GET('/security/incidents/{incidentId}', { params: { path: { incidentId: '29' } } });
 */
export function createRawClient<P extends {} = paths>(core: IncidentsCore): Client<P> {
  return createClient<P>({
    baseUrl: core.baseUrl,
    fetch: (request) => core.fetch(request),
    // `$select=a,b`, as the operations send it: the spec declares `style: form, explode: false`.
    querySerializer: { array: { style: 'form', explode: false } },
  });
}

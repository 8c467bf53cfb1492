// Bundle-size baseline: the same update with plain openapi-fetch and the `paths` type of @graph-incidents/types.
import type { paths } from '@graph-incidents/types';
import createClient from 'openapi-fetch';

const graph = createClient<paths>({
  baseUrl: 'https://graph.microsoft.com/v1.0',
  headers: { authorization: `Bearer ${localStorage.getItem('graph-token') ?? ''}` },
});
const { data, error, response } = await graph.PATCH('/security/incidents/{incidentId}', {
  params: { path: { incidentId: '29' } },
  body: { status: 'resolved', classification: 'truePositive' },
});
if (error !== undefined) throw new Error(`PATCH failed with ${response.status}: ${JSON.stringify(error)}`);
console.log(data?.status, data?.lastUpdateDateTime);

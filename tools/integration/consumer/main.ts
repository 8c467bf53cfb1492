// A consumer program, compiled and run from the packed tarballs in a project outside the workspace.
import { writeFile } from 'node:fs/promises';
import { createIncidentsClient, GraphError, incidentFilter as f } from '@graph-incidents/client';
import { startMockGraph } from '@graph-incidents/mocks/server';
import type { Incident, IncidentUpdate } from '@graph-incidents/types';
import { buildIncident as buildBetaIncident } from '@graph-incidents/mocks/beta';
import { createIncidentsClient as createBetaClient } from '@graph-incidents/client/beta';
import type { Incident as BetaIncident } from '@graph-incidents/types/beta';

interface HarEntry {
  request: {
    method: string;
    url: string;
    headers: { name: string; value: string }[];
    postData?: { mimeType: string; text: string };
  };
  response: {
    status: number;
    headers: { name: string; value: string }[];
    content: { mimeType: string; text: string };
  };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
// A JWT-shaped app token: the mock decodes it without checking the signature and checks its roles.
const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ roles: ['SecurityIncident.ReadWrite.All'] })}.sig`;

const mock = await startMockGraph({ seed: 7, incidents: 12 });
const entries: HarEntry[] = [];
const headerList = (headers: Headers) =>
  [...headers].filter(([name]) => name !== 'authorization').map(([name, value]) => ({ name, value }));

const graph = createIncidentsClient({
  baseUrl: `${mock.url}/v1.0`,
  getAccessToken: async () => token,
  // Records the traffic as HAR, without the Authorization header, for the contract check below.
  fetch: async (request: Request) => {
    const body = request.method === 'GET' ? undefined : await request.clone().text();
    const response = await fetch(request);
    const text = await response.clone().text();
    entries.push({
      request: {
        method: request.method,
        url: request.url,
        headers: headerList(request.headers),
        ...(body ? { postData: { mimeType: 'application/json', text: body } } : {}),
      },
      response: {
        status: response.status,
        headers: headerList(response.headers),
        content: { mimeType: response.headers.get('content-type') ?? '', text },
      },
    });
    return response;
  },
});

try {
  const pages: number[] = [];
  for await (const page of graph.iterateIncidents({ top: 5, select: ['status', 'severity'] }).pages())
    pages.push(page.value.length);
  console.log(`pages ${pages.join(',')}`);

  const first = await graph.listIncidents({ top: 1, filter: f.ne('status', 'redirected') });
  const target: Incident = first.value[0]!;
  const patch: IncidentUpdate = {
    status: 'inProgress',
    assignedTo: 'analyst@contoso.com',
    customTags: ['consumer'],
  };
  const updated = await graph.updateIncident(target.id, patch);
  console.log(`updated ${updated.status} ${updated.assignedTo} ${updated.customTags?.join(',')}`);

  const comments = await graph.createIncidentComment(target.id, { comment: 'Checked by the consumer test' });
  console.log(`comments ${comments.some((c) => c.comment === 'Checked by the consumer test')}`);

  try {
    await graph.getIncident('999999999');
    console.log('no error');
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    console.log(
      `GraphError ${error.status} ${error.code} ${error.requestId ? 'with' : 'without'} request-id`,
    );
  }

  // Graph beta: the same incidents, with the beta-only properties.
  const betaGraph = createBetaClient({ baseUrl: `${mock.url}/beta`, getAccessToken: async () => token });
  const betaIncident: BetaIncident = await betaGraph.getIncident(target.id);
  const built: BetaIncident = buildBetaIncident({}, { seed: 3 });
  console.log(
    `beta ${Array.isArray(betaIncident.recommendedHuntingQueries)} ${'recommendedActions' in built}`,
  );
} finally {
  await mock.close();
}

await writeFile(
  'traffic.har',
  JSON.stringify(
    { log: { version: '1.2', creator: { name: 'consumer', version: '1.0.0' }, entries } },
    null,
    2,
  ),
);
console.log(`recorded ${entries.length}`);

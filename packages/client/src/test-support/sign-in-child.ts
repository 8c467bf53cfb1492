/**
 * Runs in a child process started with NODE_EXTRA_CA_CERTS = the HTTPS mock's CA (see sign-in.test.ts), so that the
 * real libraries trust the mock as a user's program would, with TLS verification on. Prints one JSON object.
 */
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { createIncidentsClient, GraphError, graphScope } from '../index.js';

const {
  MOCK_URL: url,
  MOCK_TENANT: tenant,
  WRITER,
  READER,
  INCIDENT: id,
} = process.env as Record<string, string>;
const [writerId, writerSecret] = JSON.parse(WRITER!) as [string, string];
const [readerId, readerSecret] = JSON.parse(READER!) as [string, string];
const identity = { authorityHost: url!, disableInstanceDiscovery: true };
const writer = new ClientSecretCredential(tenant!, writerId, writerSecret, identity);
const reader = new ClientSecretCredential(tenant!, readerId, readerSecret, identity);
const results: Record<string, unknown> = {};
const attempt = async (name: string, run: () => Promise<unknown>) => {
  try {
    results[name] = { ok: await run() };
  } catch (error) {
    const e = error as Record<string, unknown>;
    results[name] = {
      error: {
        name: (error as Error).name,
        isGraphError: error instanceof GraphError,
        status: e['status'] ?? e['statusCode'],
        code: e['code'],
        message: (error as Error).message,
      },
    };
  }
};

// Our client, signed in with @azure/identity.
await attempt('clientPatch', async () => {
  const client = createIncidentsClient({ baseUrl: `${url}/v1.0`, credential: writer });
  const updated = await client.updateIncident(id!, { status: 'resolved', classification: 'truePositive' });
  return {
    status: updated.status,
    classification: updated.classification,
    lastModifiedBy: updated.lastModifiedBy,
  };
});
await attempt('clientReaderPatch', () =>
  createIncidentsClient({ baseUrl: `${url}/v1.0`, credential: reader, retry: false }).updateIncident(id!, {
    status: 'active',
  }),
);

// Microsoft's graph-client, configured as its README says except for the base URL, the custom host and the CA.
const host = new URL(url!).hostname;
const withMiddleware = Client.initWithMiddleware({
  authProvider: new TokenCredentialAuthenticationProvider(writer, { scopes: [graphScope] }),
  baseUrl: `${url}/`,
  customHosts: new Set([host]),
});
await attempt('graphClientPaging', async () => {
  const first = await withMiddleware.api('/security/incidents').top(2).count(true).get();
  const second = await withMiddleware.api(first['@odata.nextLink']).get();
  return {
    first: first.value.map((i: { id: string }) => i.id),
    count: first['@odata.count'],
    second: second.value.map((i: { id: string }) => i.id),
    nextLink: first['@odata.nextLink'],
  };
});
await attempt('graphClientGet', async () => (await withMiddleware.api(`/security/incidents/${id}`).get()).id);
await attempt('graphClientPatch', async () => {
  const patched = await withMiddleware
    .api(`/security/incidents/${id}`)
    .patch({ assignedTo: 'analyst@contoso.com' });
  return patched.assignedTo;
});
await attempt('graphClientComment', async () => {
  const comments = await withMiddleware.api(`/security/incidents/${id}/comments`).post({
    '@odata.type': 'microsoft.graph.security.alertComment',
    comment: 'Signed in <b>&amp; "quoted"</b> ü',
  });
  return comments.value.at(-1);
});
await attempt('graphClient404', () => withMiddleware.api('/security/incidents/999999999').get());
// Client.init with a callback authProvider (the README's other way).
const init = Client.init({
  authProvider: (done) => {
    reader.getToken(graphScope).then(
      (token) => done(null, token.token),
      (error: Error) => done(error, null),
    );
  },
  baseUrl: `${url}/`,
  customHosts: new Set([host]),
});
await attempt('graphClientInitGet', async () => (await init.api(`/security/incidents/${id}`).get()).id);
await attempt('graphClientInitPatch', () =>
  init.api(`/security/incidents/${id}`).patch({ status: 'active' }),
);
await attempt('wrongSecret', () =>
  new ClientSecretCredential(tenant!, writerId, 'not-the-secret', identity).getToken(graphScope),
);

process.stdout.write(JSON.stringify(results));

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { emitClient } from './emit-client.ts';
import { loadModel } from './generate.ts';
import { importGenerated } from './generated-workspace.test-helper.ts';
import { SpecError } from './spec-error.ts';
import { repoRoot, specPath } from './test-workspace.ts';

// The generated client is compiled and run, against the mock server generated from the same spec (real HTTP on
// loopback) or a small loopback server that records what it receives; no test reads the emitted text.

const specText = await readFile(join(repoRoot, specPath), 'utf8');

type Incident = { id: string; displayName: string; status: string };
type Page = { value: Incident[]; nextLink?: string };
type Client = Record<string, (...args: unknown[]) => Promise<unknown>> & {
  iterateIncidents(options: object): AsyncIterable<Incident> & { pages(): AsyncIterable<Page> };
};
type FilterBuilder = { eq(property: string, value: string): unknown };
interface MockGraph {
  readonly url: string;
  close(): Promise<void>;
}

/** The client and mock server generated from `text`, and a way to start both. */
async function generated(text: string) {
  const { client, server } = await importGenerated(text, {
    client: 'client/src/index.ts',
    server: 'mocks/src/server.ts',
  });
  const createIncidentsClient = client['createIncidentsClient'] as (options: object) => Client;
  const startMockGraph = server['startMockGraph'] as (options: object) => Promise<MockGraph>;
  return {
    incidentFilter: client['incidentFilter'] as FilterBuilder,
    async start(incidents: number) {
      const mock = await startMockGraph({ seed: 7, incidents });
      const api = createIncidentsClient({
        baseUrl: `${mock.url}/v1.0`,
        getAccessToken: () => 'token',
        retry: false,
      });
      return { mock, api };
    },
  };
}

describe('the generated client, run against the mock generated from the same spec', () => {
  let current: Awaited<ReturnType<typeof generated>>;
  const started: MockGraph[] = [];
  beforeAll(async () => {
    current = await generated(specText);
  });
  afterAll(async () => {
    await Promise.all(started.map((mock) => mock.close()));
  });
  async function start(incidents: number) {
    const { mock, api } = await current.start(incidents);
    started.push(mock);
    return api;
  }

  test('every operation of the spec: list, count, get, update, comment, and the alerts of an incident', async () => {
    const api = await start(5);
    const page = (await api['listIncidents']!({ top: 2 })) as Page;
    expect(page.value).toHaveLength(2);
    expect(page.nextLink).toMatch(/\$skip=2/);
    expect(await api['countIncidents']!()).toBe(5);
    const [first] = page.value;
    expect(((await api['getIncident']!(first!.id)) as Incident).id).toBe(first!.id);
    const updated = (await api['updateIncident']!(first!.id, { status: 'resolved' })) as Incident;
    expect(updated).toMatchObject({ id: first!.id, status: 'resolved' });
    expect(((await api['getIncident']!(first!.id)) as Incident).status).toBe('resolved');
    const comments = (await api['createIncidentComment']!(first!.id, { comment: "it's <b>fine</b> */" })) as {
      comment: string;
    }[];
    expect(comments.at(-1)?.comment).toBe("it's <b>fine</b> */");
    const alerts = (await api['listIncidentAlerts']!(first!.id, { top: 50 })) as Page;
    expect(await api['countIncidentAlerts']!(first!.id)).toBe(alerts.value.length);
    for (const alert of alerts.value)
      expect(((await api['getIncidentAlert']!(first!.id, alert.id)) as Incident).id).toBe(alert.id);
  });

  test.each([
    [0, []],
    [1, [1]],
    [4, [2, 2]],
    [5, [2, 2, 1]],
  ])('iterate follows the next links of %i incidents in pages of two: %j', async (count, sizes) => {
    const api = await start(count);
    const pages: number[] = [];
    for await (const page of api.iterateIncidents({ top: 2 }).pages()) pages.push(page.value.length);
    expect(pages).toEqual(count === 0 ? [0] : sizes);
    const ids: string[] = [];
    for await (const incident of api.iterateIncidents({ top: 2 })) ids.push(incident.id);
    expect(new Set(ids).size).toBe(count);
  });

  test('the typed $filter builder of the spec is one the mock accepts and means the same thing', async () => {
    const api = await start(5);
    const page = (await api['listIncidents']!({
      filter: current.incidentFilter.eq('status', 'active'),
    })) as Page;
    const all = (await api['listIncidents']!({ top: 50 })) as Page;
    expect(page.value.map((i) => i.id)).toEqual(
      all.value.filter((i) => i.status === 'active').map((i) => i.id),
    );
  });
});

/** Calls `run` with a generated client pointed at a loopback server that answers 204 and records each request line. */
async function recordRequests(
  client: Record<string, unknown>,
  run: (api: Client) => Promise<unknown>,
): Promise<string[]> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const api = (client['createIncidentsClient'] as (options: object) => Client)({
      baseUrl: `http://127.0.0.1:${port}/v1.0`,
      getAccessToken: () => 'token',
      retry: false,
    });
    await run(api).catch(() => undefined);
    return seen;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the generated client follows the spec', () => {
  test('a property added to x-graph-filterable: the builder takes it, the request carries it, the generated mock parses it', async () => {
    const document = parse(specText) as Record<string, any>;
    document.components.parameters.incidentFilter['x-graph-filterable'].push('displayName');
    const text = stringify(document);
    const { client } = await importGenerated(text, { client: 'client/src/index.ts' });
    const filter = (client['incidentFilter'] as FilterBuilder).eq('displayName', "O'Brien & co");
    const seen = await recordRequests(client, (api) => api['listIncidents']!({ filter, top: 1 }));
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0]!.replace(/^GET /, ''), 'http://127.0.0.1');
    expect(url.pathname).toBe('/v1.0/security/incidents');
    expect([...url.searchParams]).toEqual([
      ['$filter', "displayName eq 'O''Brien & co'"],
      ['$top', '1'],
    ]);
    // The mock generated from the same spec filters on it (the incidents whose displayName matches, and only
    // those); the one of the committed spec refuses it (400).
    const changed = await generated(text);
    const { mock, api } = await changed.start(5);
    try {
      const all = (await api['listIncidents']!({ top: 50 })) as Page;
      const name = (all.value[3] as Incident & { displayName: string }).displayName;
      const wanted = all.value.filter((i) => (i as { displayName?: string }).displayName === name);
      const page = (await api['listIncidents']!({
        filter: changed.incidentFilter.eq('displayName', name),
      })) as Page;
      expect(page.value.map((i) => i.id)).toEqual(wanted.map((i) => i.id));
      expect(wanted.length).toBeGreaterThan(0);
      await expect(api['listIncidents']!({ filter })).resolves.toMatchObject({ value: [] });
    } finally {
      await mock.close();
    }
    const committed = await generated(specText);
    expect(() => committed.incidentFilter.eq('displayName', 'x')).toThrow(/does not apply to "displayName"/);
    const before = await committed.start(3);
    try {
      await expect(before.api['listIncidents']!({ filter: "displayName eq 'x'" })).rejects.toMatchObject({
        status: 400,
      });
    } finally {
      await before.mock.close();
    }
  });

  test('a new operation becomes a function that sends its method and path, percent-encoding the id', async () => {
    const document = parse(specText) as Record<string, any>;
    document.paths['/security/incidents/{incidentId}'].delete = {
      operationId: 'deleteIncident',
      summary: 'Delete an incident',
      responses: { '204': { description: 'Deleted.' } },
    };
    const { client } = await importGenerated(stringify(document), { client: 'client/src/index.ts' });
    let result: unknown = 'not called';
    const seen = await recordRequests(client, async (api) => {
      result = await api['deleteIncident']!('a/b c');
    });
    expect(result).toBeUndefined();
    expect(seen).toEqual(['DELETE /v1.0/security/incidents/a%2Fb%20c']);
  });

  test('stops with a clear error when $filter names a property the entity lacks', async () => {
    const spec = parse(specText) as Record<string, any>;
    spec.components.parameters.incidentFilter['x-graph-filterable'].push('title');
    const error: unknown = await emitClient(await loadModel({ file: specPath, text: stringify(spec) })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems).toEqual([
      {
        code: 'unsupported',
        file: specPath,
        pointer: `#/components/parameters/incidentFilter/x-graph-filterable/${spec.components.parameters.incidentFilter['x-graph-filterable'].length - 1}`,
        message: 'x-graph-filterable names "title", which microsoft.graph.security.incident does not have',
      },
    ]);
  });
});

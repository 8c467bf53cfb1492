/**
 * Replay: every recorded exchange goes through the generated client, with a `fetch` that serves the recording. A
 * success must come back as the typed result; an error status must reject with a `GraphError` carrying its code.
 */
import { readFileSync } from 'node:fs';
import { createIncidentsClient, GraphError } from '@graph-incidents/client';
import { describe, expect, test } from 'vitest';
import { defaultContract } from './default-contract.js';
import { matchOperation } from './operations.js';
import { parseRecording, type RecordedExchange } from './recording.js';

const file = new URL('../recordings/v1.0-incidents.har', import.meta.url);
const har = JSON.parse(readFileSync(file, 'utf8')) as unknown;
const { exchanges } = parseRecording(har);
const requestBodies = (
  har as { log: { entries: { request: { postData?: { text?: string } } }[] } }
).log.entries.map((entry) =>
  entry.request.postData?.text === undefined
    ? undefined
    : (JSON.parse(entry.request.postData.text) as unknown),
);

/** A client whose every request is answered with the recorded response, after checking method and path. */
function replaying(exchange: RecordedExchange) {
  const sent: Request[] = [];
  const client = createIncidentsClient({
    baseUrl: 'https://graph.microsoft.com/v1.0',
    retry: false,
    getAccessToken: () => 'replay',
    ...(exchange.request.headers['prefer'] ? { preferUnknownEnumMembers: true } : {}),
    fetch: async (request) => {
      sent.push(request);
      const { response } = exchange;
      const text = response.body.kind === 'text' ? response.body.text : JSON.stringify(response.body);
      return new Response(response.body.kind === 'none' ? null : text, {
        status: response.status,
        headers: {
          ...response.headers,
          ...(response.contentType ? { 'content-type': response.contentType } : {}),
        },
      });
    },
  });
  return { client, sent };
}

const list = (value: string | null): string[] | undefined => (value === null ? undefined : value.split(','));

/** Calls the client method of the exchange's operation with the arguments its URL and body carry. */
async function call(
  exchange: RecordedExchange,
  client: ReturnType<typeof createIncidentsClient>,
): Promise<unknown> {
  const match = matchOperation(defaultContract, exchange.request.method, exchange.request.url);
  if (match.kind !== 'operation') throw new Error(`not an operation: ${exchange.request.url}`);
  const query = new URL(exchange.request.url).searchParams;
  const id = match.pathParams['incidentId'] ?? '';
  const select = list(query.get('$select')) as never;
  const expand = list(query.get('$expand')) as never;
  switch (match.operation.operationId) {
    case 'listIncidents':
      return client.listIncidents({
        ...(query.has('$top') ? { top: Number(query.get('$top')) } : {}),
        ...(query.has('$filter') ? { filter: query.get('$filter')! } : {}),
        ...(select ? { select } : {}),
        ...(expand ? { expand } : {}),
      });
    case 'getIncident':
      return client.getIncident(id, { ...(select ? { select } : {}), ...(expand ? { expand } : {}) });
    case 'updateIncident':
      return client.updateIncident(id, requestBodies[exchange.index] as never);
    case 'createIncidentComment':
      return client.createIncidentComment(id, requestBodies[exchange.index] as never);
    case 'countIncidents':
      return client.countIncidents(query.get('$filter') ?? undefined);
    default:
      throw new Error(`no replay for ${match.operation.operationId}`);
  }
}

const recorded = (exchange: RecordedExchange): Record<string, unknown> =>
  exchange.response.body.kind === 'text'
    ? (JSON.parse(exchange.response.body.text) as Record<string, unknown>)
    : {};

describe('recordings/v1.0-incidents.har replayed through @graph-incidents/client', () => {
  test.each(
    exchanges.map(
      (exchange) =>
        [`#${exchange.index} ${exchange.request.method} ${exchange.request.url}`, exchange] as const,
    ),
  )('%s', async (_name, exchange) => {
    const { client, sent } = replaying(exchange);
    const outcome = call(exchange, client);
    const status = exchange.response.status;
    if (status >= 400) {
      const error = await outcome.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(GraphError);
      expect(error).toMatchObject({ status, code: (recorded(exchange)['error'] as { code: string }).code });
    } else {
      const result = await outcome;
      const body = recorded(exchange);
      if (exchange.response.contentType?.startsWith('text/plain'))
        expect(result).toBe(Number((exchange.response.body as { text: string }).text));
      else if (Array.isArray(body['value']) && exchange.request.method === 'POST')
        expect(result).toEqual(body['value']);
      else if (Array.isArray(body['value']))
        expect(result).toEqual({
          value: body['value'],
          ...(body['@odata.nextLink'] === undefined ? {} : { nextLink: body['@odata.nextLink'] }),
        });
      else
        expect(result).toMatchObject(
          Object.fromEntries(Object.entries(body).filter(([key]) => !key.startsWith('@'))),
        );
    }
    // The client asked for what the recording answers.
    expect(sent).toHaveLength(1);
    const asked = new URL(sent[0]!.url);
    const recordedUrl = new URL(exchange.request.url);
    expect(sent[0]!.method).toBe(exchange.request.method);
    expect(decodeURIComponent(asked.pathname)).toBe(decodeURIComponent(recordedUrl.pathname));
    for (const [name, value] of recordedUrl.searchParams)
      expect(asked.searchParams.get(name), name).toBe(value);
  });
});

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../transport.js';

/** One request as the loopback server received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent on the wire. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The body's bytes, as received. */
  readonly bytes: Buffer;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>/v1.0`, to use as `baseUrl`. */
  readonly baseUrl: string;
  readonly origin: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on loopback, port 0. `handle` answers each request; requests are recorded in order. */
export async function startServer(
  handle: (request: ReceivedRequest, response: ServerResponse, index: number) => void,
): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: bytes.toString('utf8'),
        bytes,
      };
      requests.push(request);
      handle(request, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/v1.0`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Content-Type Graph really sends: JSON with OData parameters. */
export const graphJsonType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': graphJsonType, ...headers });
  response.end(JSON.stringify(body));
}

/** A clock whose waits return at once and are recorded, so retry tests never sleep. Time stands still. */
export function instantClock(now = Date.parse('2026-03-01T12:00:00Z')): Clock & { readonly waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (ms, signal) => {
      waits.push(ms);
      return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    },
  };
}

/** An incident as Graph sends it. */
export function incident(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    displayName: `Incident ${id}`,
    status: 'active',
    severity: 'medium',
    classification: null,
    determination: null,
    assignedTo: null,
    createdDateTime: '2026-02-25T16:29:33.1Z',
    lastUpdateDateTime: '2021-08-13T08:43:35.5533333Z',
    customTags: [],
    systemTags: [],
    ...extra,
  };
}

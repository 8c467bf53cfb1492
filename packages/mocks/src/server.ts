import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createGraphHandler, type FaultRule, type GraphRequest } from './graph-handler.js';
import { IncidentStore, type IncidentStoreOptions } from './store.js';

/** Options of {@link startMockGraph}. */
export interface MockGraphOptions extends IncidentStoreOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** Delay before every response, in milliseconds. Default 0. */
  readonly latencyMs?: number;
  /** Forced 429/503 responses for testing retries. */
  readonly faults?: readonly FaultRule[];
  /** Check `Authorization` as Graph does. Default `true`. */
  readonly auth?: boolean;
  /** Serve this store instead of generating one from `seed` and `incidents`. */
  readonly store?: IncidentStore;
}

/** A running mock Graph server. */
export interface MockGraph {
  /** The origin, e.g. `http://127.0.0.1:4010`; Graph's service roots are `${url}/v1.0` and `${url}/beta`. */
  readonly url: string;
  readonly store: IncidentStore;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Bodies larger than this are refused with 413 rather than buffered. */
const maxBodyBytes = 1024 * 1024;

/**
 * Starts a stateful mock of the Graph security incident API on real HTTP.
 * @example
 * const graph = await startMockGraph({ seed: 7 });
 * const page = await fetch(`${graph.url}/v1.0/security/incidents?$top=5`, { headers: { authorization: 'Bearer test' } });
 * await graph.close();
 */
export async function startMockGraph(options: MockGraphOptions = {}): Promise<MockGraph> {
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new TypeError(`latencyMs must be a non-negative number, got ${String(latencyMs)}`);
  const store =
    options.store ??
    new IncidentStore({
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.incidents !== undefined ? { incidents: options.incidents } : {}),
    });
  const handle = createGraphHandler(store, {
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    seed: store.seed,
  });

  const server = createServer((incoming, outgoing) => {
    void respond(incoming, outgoing).catch(() => {
      // The connection failed mid-response; nothing is left to tell the client.
      outgoing.destroy();
    });
  });

  async function respond(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    if (latencyMs > 0) await delay(latencyMs);
    if (body === undefined) {
      outgoing.writeHead(413, { 'content-type': 'text/plain' }).end('Request body too large.');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const request: GraphRequest = {
      method: incoming.method ?? 'GET',
      url: `http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`,
      headers,
      body,
    };
    const response = await handle(request);
    // One write with a Content-Length: a chunked response costs a writev per request (a third of the CPU time).
    const payload = Buffer.from(response.body, 'utf8');
    outgoing
      .writeHead(response.status, { ...response.headers, 'content-length': String(payload.length) })
      .end(payload);
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}`,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The body as text, or `undefined` when it exceeds {@link maxBodyBytes}. */
async function readBody(incoming: IncomingMessage): Promise<string | undefined> {
  // Most requests (every GET) have no body: skip the async iteration, which costs a tenth of a request.
  if (
    incoming.headers['content-length'] === undefined &&
    incoming.headers['transfer-encoding'] === undefined
  ) {
    incoming.resume();
    return '';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  createParsedRequestHandler,
  type FaultRule,
  type GraphRequest,
  type GraphResponse,
} from './graph-handler.js';
import { jsonPieces, type JsonPieces } from './request-context.js';
import { bodyWritten, responseBody } from './response-body.js';
import { requestUrl } from './routing.js';
import { IncidentStore, type IncidentStoreOptions } from './store.js';
import { createLoopbackCertificate, type TlsCredentials } from './tls.js';
import { createTokenIssuer, type MockApp } from './token.js';

export { parseApp, parseAppsJson, type MockApp } from './token.js';
export { createLoopbackCertificate, type TlsCredentials } from './tls.js';

/** Options of {@link startMockGraph}. */
export interface MockGraphOptions extends IncidentStoreOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`. Anything beyond loopback prints a warning on stderr. */
  readonly host?: string;
  /**
   * The origin clients reach the mock at (`https://mock.example:8443`), for `@odata.context` and
   * `@odata.nextLink` behind a proxy or port mapping. Default: the address the server listens on. The request's
   * `Host` header is never used.
   */
  readonly publicUrl?: string;
  /** Delay before every response, in milliseconds. Default 0. */
  readonly latencyMs?: number;
  /** Forced 429/503 responses for testing retries. */
  readonly faults?: readonly FaultRule[];
  /**
   * `true` (the default, lenient): a JWT's claims are read without checking its signature, and an opaque token has
   * every permission. `'strict'`: only tokens from this mock's token endpoint pass, as Graph checks them (signature,
   * lifetime, audience, then permissions). `false`: no checks.
   */
  readonly auth?: boolean | 'strict';
  /**
   * Serve HTTPS: `true` makes a certificate for localhost, 127.0.0.1 and ::1 at start-up, signed by a throw-away CA
   * ({@link MockGraph.ca}); or pass your own certificate and key (PEM). Default: plain HTTP.
   */
  readonly https?: boolean | { readonly cert: string; readonly key: string };
  /** The app registrations the token endpoint (`/{tenant}/oauth2/v2.0/token`) accepts. Default none. */
  readonly apps?: readonly MockApp[];
  /** The tenant id tokens carry when the tenant in the URL is not a GUID. */
  readonly tenantId?: string;
  /** Serve this store instead of generating one from `seed` and `incidents`. */
  readonly store?: IncidentStore;
  /** Receives the warning about a bind beyond loopback. Default: written to stderr. */
  readonly warn?: (message: string) => void;
}

/** A running mock Graph server. */
export interface MockGraph {
  /** The origin, e.g. `http://127.0.0.1:4010`; Graph's service roots are `${url}/v1.0` and `${url}/beta`. */
  readonly url: string;
  /** The origin absolute URLs in responses point to: `publicUrl`, or else {@link url}. */
  readonly publicUrl: string;
  readonly store: IncidentStore;
  /** The PEM of the throw-away CA that signed the certificate, under `https: true`; give it to clients to trust. */
  readonly ca?: string;
  /**
   * The authority host for `@azure/identity` (`authorityHost`): discovery at `{url}/{tenant}/v2.0/.well-known/openid-configuration`,
   * tokens at `{url}/{tenant}/oauth2/v2.0/token`. The same as {@link url}.
   */
  readonly authorityHost: string;
  /** The tenant id of tokens requested for a tenant named by domain (a GUID tenant is used as given). */
  readonly tenantId: string;
  /** The app registrations the token endpoint accepts, by client id; add or remove apps while running. */
  readonly apps: Map<string, MockApp>;
  /**
   * Signs an access token with the mock's key, as its token endpoint would: `aud` https://graph.microsoft.com, an
   * hour's `exp`, and `claims` over those (`{ roles: [...] }`, an `exp` in the past, another `aud`, …).
   */
  signToken(claims?: Record<string, unknown>): Promise<string>;
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
  const configuredOrigin = options.publicUrl === undefined ? undefined : publicOrigin(options.publicUrl);
  /** Where absolute URLs point: set once listening, before any request can arrive. */
  let origin = configuredOrigin ?? 'http://127.0.0.1';
  const store =
    options.store ??
    new IncidentStore({
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.incidents !== undefined ? { incidents: options.incidents } : {}),
    });
  const issuer = await createTokenIssuer(options.apps ?? [], options.tenantId);
  const handle = createParsedRequestHandler(store, {
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.auth !== undefined ? { auth: options.auth !== false } : {}),
    ...(options.auth === 'strict' ? { verifyToken: issuer.verify } : {}),
    seed: store.seed,
  });

  if (store.size > warmUpAbove) await warmUp(store);

  const tls: TlsCredentials | undefined =
    options.https === true ? await createLoopbackCertificate() : options.https || undefined;
  const listener = listenerFor(
    (request, url) =>
      // The token endpoint's paths first, then Graph's routing, on the URL parsed once.
      (url && issuer.handle(request.method, url, request.body ?? '', origin)) ?? handle(request, url),
    () => origin,
    latencyMs,
  );
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createServer(listener);

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
  const url = `${tls ? 'https' : 'http'}://${hostPart}:${address.port}`;
  origin = configuredOrigin ?? url;
  if (!isLoopback(address.address)) {
    const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
    warn(exposureWarning(url, options.auth !== false));
  }
  return {
    url,
    publicUrl: origin,
    store,
    ...(options.https === true ? { ca: tls!.ca! } : {}),
    authorityHost: url,
    tenantId: issuer.tenantId,
    apps: issuer.apps,
    signToken: (claims = {}) => issuer.sign(claims),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * node:http's request listener around `answer`: reads the body (413 beyond {@link maxBodyBytes}), waits `latencyMs`,
 * builds the request's URL from `origin()` (never from the Host header: a client could point every link elsewhere),
 * and writes the answer in one write with a Content-Length (a chunked response costs a writev per request, a third
 * of the CPU time). A request answered without waiting on anything (most) is answered in the callback that
 * delivered its body's end, without a promise (bench/README.md, issue 16, session 5).
 */
function listenerFor(
  answer: (request: GraphRequest, url: URL | undefined) => GraphResponse | Promise<GraphResponse>,
  origin: () => string,
  latencyMs: number,
): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  function respond(incoming: IncomingMessage, outgoing: ServerResponse, body: string | undefined): void {
    if (body === undefined) {
      outgoing.writeHead(413, { 'content-type': 'text/plain' }).end('Request body too large.');
      return;
    }
    const target = `${origin()}${requestPath(incoming.url ?? '/')}`;
    const request: GraphRequest = {
      method: incoming.method ?? 'GET',
      url: target,
      headers: requestHeaders(incoming),
      body,
    };
    const response = answer(request, requestUrl(target));
    if (response instanceof Promise)
      response.then(
        (settled) => send(outgoing, settled),
        () => outgoing.destroy(),
      );
    else send(outgoing, response);
  }
  return (incoming, outgoing) => {
    readBody(
      incoming,
      (body) => {
        try {
          if (latencyMs > 0)
            void delay(latencyMs)
              .then(() => respond(incoming, outgoing, body))
              .catch(failed(outgoing));
          else respond(incoming, outgoing, body);
        } catch {
          // The connection failed mid-response; nothing is left to tell the client.
          outgoing.destroy();
        }
      },
      failed(outgoing),
    );
  };
}

/** Drops the connection: a request whose body failed to arrive, or a response that failed mid-write. */
function failed(outgoing: ServerResponse): () => void {
  return () => outgoing.destroy();
}

/**
 * Writes a response with its Content-Length. A text body goes to `end` as it is: node:http then writes the head
 * and the body as one string in one `write`, instead of encoding the body into a buffer first and writing two
 * buffers with `writev`.
 */
function send(outgoing: ServerResponse, response: GraphResponse): void {
  try {
    const pieces = jsonPieces(response);
    if (pieces !== undefined && pieces.items.length <= 2) {
      sendPieces(outgoing, response, pieces);
      return;
    }
    const { bytes, length, slab } = responseBody(response);
    // 'close' follows the last write's completion, or the connection's end: the slab's slice is free then.
    if (slab) outgoing.once('close', () => bodyWritten(slab));
    outgoing.writeHead(response.status, responseHeaders(response.headers, length)).end(bytes);
  } catch {
    outgoing.destroy();
  }
}

/**
 * A get's or a short list page's body written piece by piece, the cached bytes of its incidents as they are: node:http
 * gathers the pieces into one `writev`, cheaper for one or two incidents than copying them into a slab.
 */
function sendPieces(
  outgoing: ServerResponse,
  response: GraphResponse,
  { head, items, tail }: JsonPieces,
): void {
  let length = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(items.length - 1, 0);
  for (const item of items) length += typeof item === 'string' ? Buffer.byteLength(item) : item.length;
  outgoing.writeHead(response.status, responseHeaders(response.headers, length));
  outgoing.write(head);
  for (let index = 0; index < items.length; index++) {
    if (index > 0) outgoing.write(',');
    outgoing.write(items[index]!);
  }
  outgoing.end(tail);
}

/** A store this large (beyond the store's cache of whole incidents) gets its request path warmed at start. */
const warmUpAbove = 4096;

/**
 * Answers one list page at a deep `$skip` over loopback HTTP, through a throwaway server and a handler of their own
 * (no faults, no counters or state shared with the mock's server), and drops the answer: a GET changes nothing, and
 * seeded incidents are the same whichever way they are read. A fresh large server's first request otherwise ran
 * node:http's and our whole request path in interpreted, not yet compiled code (bench/README.md, issue 12 item 12).
 */
async function warmUp(store: IncidentStore): Promise<void> {
  const handle = createParsedRequestHandler(store);
  const server = createServer(listenerFor(handle, () => 'http://127.0.0.1', 0));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const path = `/v1.0/security/incidents?$top=2&$skip=${Math.floor(store.size / 2)}`;
  await new Promise<void>((resolve) => {
    get({ host: '127.0.0.1', port, path, headers: { authorization: 'Bearer warm-up' } }, (answer) =>
      answer.resume().once('end', resolve).once('error', resolve),
    ).once('error', () => resolve());
  });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * Hands `done` the body as text, or `undefined` when it exceeds {@link maxBodyBytes}. A request without a body
 * (every GET) gets `''` at once. A body is read with `data` events (an async iterator over the stream costs several
 * promises per chunk); a small one (a PATCH's) comes in one chunk, kept without an array and decoded without a
 * concatenation.
 */
function readBody(
  incoming: IncomingMessage,
  done: (body: string | undefined) => void,
  failed: (error: unknown) => void,
): void {
  if (
    incoming.headers['content-length'] === undefined &&
    incoming.headers['transfer-encoding'] === undefined
  ) {
    incoming.resume();
    done('');
    return;
  }
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  let tooLarge = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBodyBytes) {
      if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    } else {
      // Stop keeping the body; the rest is read and dropped (node:http's own handling of an unread body), so
      // that the 413 reaches the client.
      incoming.off('data', onData);
      incoming.resume();
      tooLarge = true;
      first = chunks = undefined;
      done(undefined);
    }
  };
  incoming.on('data', onData);
  incoming.once('end', () => {
    if (tooLarge) return;
    done(chunks ? Buffer.concat(chunks).toString('utf8') : (first?.toString('utf8') ?? ''));
  });
  incoming.once('error', failed);
}

/**
 * The request's headers as the handler reads them, one string each. node:http already joins repeated headers with
 * `, `, except `set-cookie`, which it gives as an array: only then is a copy needed.
 */
function requestHeaders(incoming: IncomingMessage): Readonly<Record<string, string>> {
  const headers = incoming.headers;
  if (headers['set-cookie'] === undefined) return headers as Readonly<Record<string, string>>;
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) joined[name] = Array.isArray(value) ? value.join(', ') : value;
  return joined;
}

/** The response's headers and its Content-Length, as the flat list `writeHead` takes without copying. */
function responseHeaders(headers: Readonly<Record<string, string>>, length: number): string[] {
  const list: string[] = [];
  for (const name in headers) list.push(name, headers[name]!);
  list.push('content-length', String(length));
  return list;
}

/** The origin of a `publicUrl` option; throws a `TypeError` for anything but an http(s) origin. */
export function publicOrigin(text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new TypeError(`the public URL must be an absolute http(s) URL, got "${text}"`);
  }
  if (
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    (parsed.pathname !== '/' && parsed.pathname !== '') ||
    parsed.search !== '' ||
    parsed.hash !== ''
  )
    throw new TypeError(
      `the public URL must be an http(s) origin such as https://mock.example:8443 (no path, query or credentials), got "${text}"`,
    );
  return parsed.origin;
}

/**
 * The path and query of a request target. An absolute-form target (`GET http://other.example/v1.0/…`, as sent to
 * proxies) keeps its path and query only; its authority is ignored like the Host header.
 */
function requestPath(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const parsed = new URL(target);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return `/${target}`;
  }
}

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, and IPv4-mapped 127.x. */
export function isLoopback(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  if (isIP(address) !== 6) return false;
  // The URL parser writes every IPv6 address in its one canonical, compressed form.
  const canonical = new URL(`http://[${address}]/`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/** The warning printed when the mock listens beyond loopback; stronger when auth is off. */
export function exposureWarning(url: string, auth: boolean): string {
  const reach = `WARNING: the mock Graph server listens on ${url}, beyond loopback: other machines can reach it.`;
  return auth
    ? `${reach} It accepts any opaque bearer token with every permission, so anyone who reaches it can read and change its incidents. Listen on 127.0.0.1 unless you mean this.`
    : `${reach} Auth is OFF (--no-auth): anyone who reaches it can read and change its incidents without any token. Listen on 127.0.0.1 unless you mean this.`;
}

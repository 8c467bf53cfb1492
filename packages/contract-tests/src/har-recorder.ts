/** Records what goes through a `fetch` as HAR 1.2 entries, bodies included, for `graph-incidents-contract record`. */
import type { Har, HarEntry, HarHeader } from './har.js';
import { claimsComment, permissionClaimsOf } from './token-claims.js';

export interface HarRecorder {
  /** Sends through the wrapped `fetch` and records the exchange. */
  readonly fetch: typeof globalThis.fetch;
  /** The entries so far, in the order the requests were sent. */
  readonly entries: readonly HarEntry[];
  har(creator: { name: string; version: string }, comment?: string): Har;
}

/** Wraps `inner`; every exchange it carries becomes a HAR entry. Bodies are read from clones, never consumed. */
export function createHarRecorder(
  inner: (request: Request) => Promise<Response> = (request) => globalThis.fetch(request),
): HarRecorder {
  const entries: HarEntry[] = [];
  const record: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const requestText = request.body === null ? undefined : await request.clone().text();
    const started = new Date();
    const response = await inner(request);
    const responseText = await response.clone().text();
    const time = Date.now() - started.getTime();
    const url = new URL(request.url);
    const claims = permissionClaimsOf(request.headers.get('authorization'));
    entries.push({
      startedDateTime: started.toISOString(),
      time,
      request: {
        method: request.method,
        url: request.url,
        ...(claims === undefined ? {} : { comment: claimsComment(claims) }),
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: headerList(request.headers),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        ...(requestText === undefined
          ? {}
          : { postData: { mimeType: request.headers.get('content-type') ?? '', text: requestText } }),
        headersSize: -1,
        bodySize: requestText === undefined ? 0 : new TextEncoder().encode(requestText).length,
      },
      response: {
        status: response.status,
        statusText: response.statusText,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: headerList(response.headers),
        content: {
          size: new TextEncoder().encode(responseText).length,
          mimeType: response.headers.get('content-type') ?? '',
          ...(responseText === '' ? {} : { text: responseText }),
        },
        redirectURL: response.headers.get('location') ?? '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: time, receive: 0 },
    });
    return response;
  };
  return {
    fetch: record,
    entries,
    har: (creator, comment) => ({
      log: {
        version: '1.2',
        creator,
        ...(comment === undefined ? {} : { comment }),
        entries: structuredClone(entries),
      },
    }),
  };
}

function headerList(headers: Headers): HarHeader[] {
  const list: HarHeader[] = [];
  headers.forEach((value, name) => list.push({ name, value }));
  // `forEach` joins repeated Set-Cookie headers; keep each one, so that redaction sees them all.
  const cookies = headers.getSetCookie();
  if (cookies.length > 1)
    return [
      ...list.filter((h) => h.name !== 'set-cookie'),
      ...cookies.map((value) => ({ name: 'set-cookie', value })),
    ];
  return list;
}

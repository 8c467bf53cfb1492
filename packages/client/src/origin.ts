import { GraphOriginError, type RequestSummary } from './errors.js';

/** `new URL`, or `undefined` for text that is not a URL (`URL.parse` is too new for some runtimes). */
export function parseUrl(text: string, base: string | undefined): URL | undefined {
  try {
    return new URL(text, base || undefined);
  } catch {
    return undefined;
  }
}

/**
 * Why the client will not send a request (with the token) to `target`, or `undefined` when it may: only the
 * service's own origin is trusted, and never a URL with user information in it.
 */
export function originRefusal(target: URL | undefined, origin: string): string | undefined {
  if (!target) return 'is not a URL';
  if (target.origin !== origin) return `is not on ${origin}`;
  if (target.username || target.password) return 'carries user information';
  return undefined;
}

/** What one attempt sends besides its URL: the body is a string or bytes, never a stream, so that it can be re-sent. */
export interface AttemptInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | ArrayBuffer | null;
  readonly signal: AbortSignal | null;
}

/**
 * Sends the attempt with `redirect: 'manual'` and follows redirects itself, on the request's origin only: `fetch`
 * would follow one to any origin and hand back that server's answer as Graph's. A redirect elsewhere is refused
 * before anything is sent there, with a {@link GraphOriginError}. Only redirects that keep the method and body are
 * followed (307 and 308, or any for GET and HEAD); Graph sends none, so a 301, 302 or 303 after a write is returned as
 * the answer rather than guessed at. As in fetch, the 21st redirect in a row is refused.
 */
export async function fetchOnOrigin(
  send: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  init: AttemptInit,
  summary: RequestSummary,
): Promise<Response> {
  const { method } = init;
  const requestInit: RequestInit = { ...init, redirect: 'manual' };
  // Parsed only when a redirect or a moved answer needs it (the usual answer needs none, #16).
  let origin: string | undefined;
  const originOf = (): string => (origin ??= new URL(url).origin);
  for (let redirects = 0; ; redirects++) {
    const response = await send(url, requestInit);
    const { status, type } = response;
    // A custom fetch may follow redirects itself: what it answers must still come from Graph's origin.
    // `response.url === url` (the usual answer) needs no parse: it is the URL just checked.
    if (response.url && response.url !== url && new URL(response.url).origin !== originOf())
      throw new GraphOriginError(
        `${summary.method} ${summary.url} was answered from ${response.url}, which is not on ${originOf()}; not using it`,
        summary,
        response.url,
      );
    const location = response.headers.get('location') ?? '';
    // A browser hides a manual redirect's target (an opaque redirect): it cannot be checked, so it is refused.
    if (
      type !== 'opaqueredirect' &&
      !(
        location &&
        /^30[12378]$/.test(`${status}`) &&
        (status > 303 || method === 'GET' || method === 'HEAD')
      )
    )
      return response;
    await response.body?.cancel();
    const target = parseUrl(location, url);
    const refusal = location
      ? (originRefusal(target, originOf()) ?? (redirects < 20 ? '' : 'is one redirect too many'))
      : 'is hidden by this runtime';
    if (refusal)
      throw new GraphOriginError(
        `${summary.method} ${summary.url} was redirected to ${location}, which ${refusal}; not following it`,
        summary,
        location,
      );
    url = target!.href;
  }
}

import { type GraphVersion, graphVersions, isGraphVersion } from './graph-versions.js';
import type { GraphRequest, GraphResponse, RequestContext } from './request-context.js';
import { remember } from './remembered.js';
import type { GraphMetadata, OperationShape } from './shapes.js';

/** The Graph version a request addresses: its metadata, and the service root its responses point to. */
export interface Api {
  readonly version: GraphVersion;
  readonly metadata: GraphMetadata;
  /** `${origin}/${version}`, for `@odata.context` and `@odata.nextLink`. */
  readonly serviceRoot: string;
}

/** The operation a request addresses, with the values of its path parameters. */
export interface Route {
  readonly operationId: string;
  readonly operation: OperationShape;
  readonly parameters: Readonly<Record<string, string>>;
}

/** A request resolved to its version and operation. */
export interface RoutedRequest {
  readonly url: URL;
  readonly api: Api;
  readonly route: Route;
}

/**
 * Resolves the request's URL to a Graph version and one of its operations, or answers as Graph does: 400 for an
 * unknown version or path, 405 (with `Allow`) for a path that exists with other methods.
 */
export function routeRequest(
  request: GraphRequest,
  context: RequestContext,
  parsedUrl?: URL,
): RoutedRequest | GraphResponse {
  // The Host header never builds a URL (the transport gives an absolute one), but a malformed one is refused, as a
  // front end refuses it, rather than passed on. A client sends the same Host on every request: checked once.
  const host = request.headers['host'];
  if (host !== undefined && host !== lastValidHost) {
    if (!isHostAndPort(host))
      return context.error(400, 'BadRequest', 'The Host header is not a valid host[:port].');
    lastValidHost = host;
  }
  // A client repeats its requests (polls, PATCHes of one incident): the route of a method and URL is remembered.
  const recent = recentRoutes.get(request.url);
  if (recent !== undefined && recent.method === request.method) return recent.routed;
  const url = parsedUrl ?? requestUrl(request.url);
  if (url === undefined)
    return context.error(400, 'BadRequest', `The request URL '${request.url}' is not valid.`);
  const segments = pathSegments(url.pathname);
  const version = segments.shift();
  if (version === undefined || !isGraphVersion(version))
    return context.error(400, 'BadRequest', `Invalid version: ${version ?? '(none)'}. Use v1.0 or beta.`);
  // One store, seen through the version's own description: its properties, query options and request bodies.
  const api = apiOf(version, url.origin);

  const method = request.method.toUpperCase();
  const candidates = matchPath(segments, api.metadata.operations);
  if (candidates.length === 0)
    return context.error(400, 'BadRequest', `Resource not found for the segment '${segments.at(-1) ?? ''}'.`);
  const route = candidates.find((candidate) => candidate.operation.method === method);
  if (!route) {
    const allow = [...new Set(candidates.map((c) => c.operation.method))].join(', ');
    return context.error(
      405,
      'notSupported',
      `The HTTP method '${method}' is not allowed on this resource. Allowed: ${allow}.`,
      { allow },
    );
  }
  const routed = { url, api, route };
  remember(recentRoutes, request.url, { method: request.method, routed });
  return routed;
}

/** The last route found per URL, with the method it was found for (routing is a pure function of the two). */
const recentRoutes = new Map<string, { readonly method: string; readonly routed: RoutedRequest }>();

/** URLs parsed lately, by their text. Never change one: the same object serves every request for that text. */
const recentUrls = new Map<string, URL>();

/**
 * `new URL(text)`, or `undefined` when it does not parse; the same object for the same text while remembered (a
 * request's URL is parsed once, and a repeated URL not at all).
 */
export function requestUrl(text: string): URL | undefined {
  let url = recentUrls.get(text);
  if (url === undefined) {
    try {
      // Not `URL.parse`: MSW runs where it may be missing (older browsers, jsdom).
      url = new URL(text);
    } catch {
      return undefined;
    }
    remember(recentUrls, text, url);
  }
  return url;
}

/** The last Host header that passed {@link isHostAndPort} (a pure check, so remembering one answer is exact). */
let lastValidHost: string | undefined;

/** The path's non-empty segments, percent-decoded (a segment that does not decode stays as it is). */
function pathSegments(pathname: string): string[] {
  const segments: string[] = [];
  let start = 0;
  while (start <= pathname.length) {
    let end = pathname.indexOf('/', start);
    if (end === -1) end = pathname.length;
    if (end > start) segments.push(safeDecode(pathname.slice(start, end)));
    start = end + 1;
  }
  return segments;
}

function safeDecode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The `Api` of each version at the origin last seen (a server has one origin, MSW one per base URL). */
const apis = new Map<GraphVersion, Api>();

function apiOf(version: GraphVersion, origin: string): Api {
  let api = apis.get(version);
  if (
    api === undefined ||
    api.serviceRoot.length !== origin.length + version.length + 1 ||
    !api.serviceRoot.startsWith(origin)
  ) {
    api = { version, metadata: graphVersions[version], serviceRoot: `${origin}/${version}` };
    apis.set(version, api);
  }
  return api;
}

/** An operation's path template in segments: each a literal, or the name of a parameter. */
type Template = readonly { readonly literal?: string; readonly parameter?: string }[];
/** Per version's operations, their templates: split once rather than on every request. */
const templates = new WeakMap<GraphMetadata['operations'], readonly [string, OperationShape, Template][]>();

function templatesOf(operations: GraphMetadata['operations']): readonly [string, OperationShape, Template][] {
  let split = templates.get(operations);
  if (!split) {
    split = Object.entries(operations).map(([operationId, operation]) => {
      const parts = operation.path.split('/').filter(Boolean);
      const template = parts.map((part) => {
        const parameter = /^\{(.+)\}$/.exec(part);
        return parameter ? { parameter: parameter[1]! } : { literal: part };
      });
      return [operationId, operation, template];
    });
    templates.set(operations, split);
  }
  return split;
}

/** Every operation whose path template matches the segments. */
function matchPath(segments: readonly string[], operations: GraphMetadata['operations']): Route[] {
  const routes: Route[] = [];
  for (const [operationId, operation, template] of templatesOf(operations)) {
    if (template.length !== segments.length || !matchesTemplate(template, segments)) continue;
    const parameters: Record<string, string> = {};
    for (let index = 0; index < template.length; index++) {
      const name = template[index]!.parameter;
      if (name !== undefined) parameters[name] = segments[index]!;
    }
    routes.push({ operationId, operation, parameters });
  }
  return routes;
}

function matchesTemplate(template: Template, segments: readonly string[]): boolean {
  for (let index = 0; index < template.length; index++) {
    const part = template[index]!;
    const segment = segments[index]!;
    if (part.parameter === undefined) {
      if (part.literal !== segment) return false;
    }
    // A literal segment such as `$count` is not an id.
    else if (segment.startsWith('$')) return false;
  }
  return true;
}

/** `host[:port]` as RFC 9110 allows in a Host header: a name, an IPv4 address or a bracketed IPv6 address. */
export function isHostAndPort(value: string): boolean {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?))(?::(\d{1,5}))?$/.exec(
    value,
  );
  if (!match) return false;
  if (match[1] !== undefined && !URL.canParse(`http://[${match[1]}]/`)) return false;
  return match[3] === undefined || Number(match[3]) <= 65_535;
}

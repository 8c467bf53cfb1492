import { unknownEnumMembersPreference } from '@graph-incidents/types';

/** A request, independent of the transport (node:http or MSW). */
export interface GraphRequest {
  readonly method: string;
  /** The absolute URL, e.g. `http://127.0.0.1:4010/v1.0/security/incidents?$top=5`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text; `undefined` or empty when there is none. */
  readonly body?: string | undefined;
}

/** A response, independent of the transport. */
export interface GraphResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const decoder = new TextDecoder();

/** The body of a JSON response as its pieces: `head`, the items separated by commas, then `tail`. */
export interface JsonPieces {
  readonly head: string;
  /** JSON texts, or JSON as UTF-8 bytes (never to be changed). */
  readonly items: readonly (string | Uint8Array)[];
  readonly tail: string;
}

/**
 * A response whose body is kept in pieces and decoded only when read. `body` is an own, enumerable property (an
 * accessor), as on a plain response object, so spreading or serializing the response still gives the body; the
 * pieces are private. (A `WeakMap` from response to pieces cost several microseconds per request: its entries, one
 * per response, are ephemerons the garbage collector has to process.)
 */
class PiecedResponse implements GraphResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  declare readonly body: string;
  readonly #pieces: JsonPieces;
  #text: string | undefined;

  constructor(status: number, headers: Record<string, string>, pieces: JsonPieces) {
    this.status = status;
    this.headers = headers;
    this.#pieces = pieces;
    Object.defineProperty(this, 'body', { get: PiecedResponse.#readBody, enumerable: true });
  }

  static #readBody = function (this: PiecedResponse): string {
    if (this.#text === undefined) {
      const { head, items, tail } = this.#pieces;
      const decoded = items.map((item) => (typeof item === 'string' ? item : decoder.decode(item)));
      this.#text = `${head}${decoded.join(',')}${tail}`;
    }
    return this.#text;
  };

  static piecesOf(response: GraphResponse): JsonPieces | undefined {
    return #pieces in response ? (response as PiecedResponse).#pieces : undefined;
  }
}

/** The pieces of a response made by {@link RequestContext.jsonItems}, for a server to write without decoding. */
export function jsonPieces(response: GraphResponse): JsonPieces | undefined {
  return PiecedResponse.piecesOf(response);
}

/** Graph's response Content-Type, OData parameters included. */
export const graphJsonContentType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Two hex digits per byte value. */
const hexBytes = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** The first 32 characters of a random (v4) GUID, and how many request ids have been made from it. */
let idStem = '';
let idsFromStem = 0x10000;

/**
 * A request id: a random GUID (`crypto.randomUUID`) whose last four hex digits count the requests made from it,
 * drawn again every 65,536 requests. Unique like one GUID per request, for a fraction of its cost (a request's
 * `randomUUID` was ~1 µs of a PATCH's: bench/README.md, issue 16, session 5).
 */
function nextRequestId(): string {
  if (idsFromStem === 0x10000) {
    idStem = globalThis.crypto.randomUUID().slice(0, 32);
    idsFromStem = 0;
  }
  const count = idsFromStem++;
  return `${idStem}${hexBytes[count >> 8]!}${hexBytes[count & 0xff]!}`;
}

/** Per-request values every response carries. */
export class RequestContext {
  readonly requestId = nextRequestId();
  /** Graph's diagnostics header, the same on every response. */
  static readonly diagnostic = JSON.stringify({
    ServerInfo: {
      DataCenter: 'Mock',
      Slice: 'E',
      Ring: '0',
      ScaleUnit: '000',
      RoleInstance: 'graph-incidents-mock',
    },
  });
  readonly clientRequestId: string;
  readonly includeUnknownMembers: boolean;

  constructor(request: GraphRequest) {
    this.clientRequestId = request.headers['client-request-id'] ?? this.requestId;
    const prefer = request.headers['prefer'];
    this.includeUnknownMembers =
      prefer !== undefined &&
      prefer
        .split(',')
        .some((preference) => preference.trim().toLowerCase() === unknownEnumMembersPreference);
  }

  headers(contentType = graphJsonContentType): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': contentType,
      'request-id': this.requestId,
      'client-request-id': this.clientRequestId,
      'odata-version': '4.0',
      'x-ms-ags-diagnostic': RequestContext.diagnostic,
    };
    if (this.includeUnknownMembers) headers['preference-applied'] = unknownEnumMembersPreference;
    return headers;
  }

  json(status: number, body: unknown, extra: Record<string, string> = {}): GraphResponse {
    return { status, headers: { ...this.headers(), ...extra }, body: JSON.stringify(body) };
  }

  /** A JSON response whose body is already serialized. */
  jsonText(status: number, text: string): GraphResponse {
    return { status, headers: this.headers(), body: text };
  }

  /**
   * A JSON response whose body is `head`, the items separated by commas, then `tail`, each item already JSON in
   * UTF-8 (`incident-json.ts`). The HTTP server copies the pieces into one buffer ({@link jsonPieces}); `body`
   * decodes them only when read (MSW, or a caller of the handler).
   */
  jsonItems(
    status: number,
    head: string,
    items: readonly (string | Uint8Array)[],
    tail: string,
  ): GraphResponse {
    return new PiecedResponse(status, this.headers(), { head, items, tail });
  }

  /** Graph's error envelope. `innerError.date` has no time zone, as in real responses. */
  error(
    status: number,
    code: string,
    message: string,
    extra: Record<string, string> = {},
    target?: string,
  ): GraphResponse {
    return this.json(
      status,
      {
        error: {
          code,
          message,
          ...(target ? { target } : {}),
          innerError: this.innerError(),
        },
      },
      extra,
    );
  }

  /**
   * Graph's 400 for a query option over one of the service's limits, as captured from the live service (facts.md §8,
   * `$top=100`): an empty `code`, a message that starts "The query specified in the URI is not valid.", and
   * `details: []`.
   */
  invalidQuery(detail: string): GraphResponse {
    return this.json(400, {
      error: {
        code: '',
        message: `The query specified in the URI is not valid. ${detail}`,
        details: [],
        innerError: this.innerError(),
      },
    });
  }

  /** `innerError.date` has no time zone, as in real responses. */
  private innerError() {
    return {
      date: new Date().toISOString().slice(0, 19),
      'request-id': this.requestId,
      'client-request-id': this.clientRequestId,
    };
  }
}

/** Graph's answer for an incident id it does not know. */
export function notFound(context: RequestContext, id: string): GraphResponse {
  return context.error(404, 'NotFound', `Incident ${id} was not found.`);
}

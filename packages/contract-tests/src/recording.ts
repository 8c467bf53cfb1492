/**
 * Recordings: HAR 1.2 (what browsers, Playwright, mitmproxy and MSW's `fromTraffic` use), or a simple JSON form
 * of one exchange. Both become {@link RecordedExchange}s; anything unusable becomes an {@link InputProblem}.
 */
import { append } from '@hyperjump/json-pointer';
import type { Har } from './har.js';
import { isJsonObject } from './json.js';

/** Why an input could not be verified at all. The CLI exits 2 when there is one. */
export type InputProblemCode =
  | 'unreadable'
  | 'invalid-json'
  | 'invalid-har'
  | 'unparseable-body'
  /** Verifying the exchange failed: its body is nested deeper than the stack allows. */
  | 'unverifiable';

export interface InputProblem {
  readonly code: InputProblemCode;
  readonly message: string;
  readonly file?: string;
  /** The index of the exchange in the recording, when the problem is in one exchange. */
  readonly entry?: number;
  /** RFC 6901 pointer into the recording file (for `invalid-har`). */
  readonly pointer?: string;
  /** 1-based position in the text that failed to parse. */
  readonly line?: number;
  readonly column?: number;
}

/** Header names are lower-cased; repeated headers are joined with `, `. */
export type HeaderMap = Readonly<Record<string, string>>;

/** A response body as recorded: absent, raw text (parsed later, by the declared media type), or parsed JSON. */
export type RecordedBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'json'; readonly value: unknown };

export interface RecordedExchange {
  /** Position in the recording, from 0. */
  readonly index: number;
  /** When the request was sent, in milliseconds since the epoch (HAR `startedDateTime`); absent when unknown. */
  readonly startedMs?: number;
  /** How long the exchange took, in milliseconds (HAR `time`); absent when unknown. */
  readonly timeMs?: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: HeaderMap;
    /** The request body as text (HAR `postData.text`; JSON written out in the simple form). */
    readonly body?: string;
    /** HAR `request.comment`, e.g. the token claims `record` keeps. */
    readonly comment?: string;
  };
  readonly response: {
    readonly status: number;
    readonly headers: HeaderMap;
    /** The `Content-Type` header, or HAR's `content.mimeType`. */
    readonly contentType?: string;
    readonly body: RecordedBody;
  };
}

/**
 * The simple form of one exchange. `body` is either parsed JSON or, as a string, the raw text of the body.
 *
 * @example
 * { "request": { "method": "GET", "url": "https://graph.microsoft.com/v1.0/security/incidents/29" },
 *   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": { "id": "29" } } }
 */
export interface SimpleExchange {
  /** When the request was sent (ISO 8601), as HAR's `startedDateTime`. */
  readonly startedDateTime?: string;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
  readonly response: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
}

/** Anything `verifyRecording` accepts. */
export type Recording = Har | SimpleExchange | readonly SimpleExchange[];

export interface ParsedRecording {
  readonly exchanges: readonly RecordedExchange[];
  readonly problems: readonly InputProblem[];
}

/** Reads a HAR, one simple exchange or an array of them. A malformed recording gives problems, not exceptions. */
export function parseRecording(data: unknown, file?: string): ParsedRecording {
  const at = file === undefined ? {} : { file };
  if (isJsonObject(data) && 'log' in data) return parseHar(data, at);
  if (isJsonObject(data) && 'request' in data && 'response' in data) return parseSimple([data], at);
  if (Array.isArray(data)) return parseSimple(data, at);
  return {
    exchanges: [],
    problems: [
      {
        code: 'invalid-har',
        ...at,
        pointer: '',
        message:
          'not a recording: expected a HAR (`{ "log": { "entries": [...] } }`), an exchange (`{ "request", "response" }`) or an array of exchanges',
      },
    ],
  };
}

function parseHar(data: Record<string, unknown>, at: { file?: string }): ParsedRecording {
  const problems: InputProblem[] = [];
  const exchanges: RecordedExchange[] = [];
  const invalid = (pointer: string, message: string, entry?: number): void => {
    problems.push({
      code: 'invalid-har',
      ...at,
      ...(entry === undefined ? {} : { entry }),
      pointer,
      message,
    });
  };
  const log = data['log'];
  if (!isJsonObject(log) || !Array.isArray(log['entries'])) {
    invalid('/log/entries', 'a HAR needs `log.entries`, an array');
    return { exchanges, problems };
  }
  for (const [index, entry] of log['entries'].entries()) {
    const base = `/log/entries/${index}`;
    const request = isJsonObject(entry) ? entry['request'] : undefined;
    const response = isJsonObject(entry) ? entry['response'] : undefined;
    if (
      !isJsonObject(request) ||
      typeof request['method'] !== 'string' ||
      typeof request['url'] !== 'string'
    ) {
      invalid(`${base}/request`, 'each entry needs `request.method` and `request.url`, strings', index);
      continue;
    }
    if (!isJsonObject(response) || typeof response['status'] !== 'number') {
      invalid(`${base}/response/status`, 'each entry needs `response.status`, a number', index);
      continue;
    }
    const content = isJsonObject(response['content']) ? response['content'] : {};
    const text = typeof content['text'] === 'string' ? content['text'] : undefined;
    const badHeader =
      (part: 'request' | 'response'): OnBadHeader =>
      (suffix) =>
        invalid(`${base}/${part}/headers${suffix}`, 'a header value must be a string', index);
    const responseHeaders = harHeaders(response['headers'], badHeader('response'));
    const mimeType =
      typeof content['mimeType'] === 'string' && content['mimeType'] ? content['mimeType'] : undefined;
    const contentType = responseHeaders['content-type'] ?? mimeType;
    let body: RecordedBody = { kind: 'none' };
    if (text !== undefined && text !== '') {
      if (content['encoding'] === 'base64') {
        try {
          body = { kind: 'text', text: decodeBase64(text) };
        } catch {
          invalid(`${base}/response/content/text`, 'content.text is not valid base64', index);
          continue;
        }
      } else body = { kind: 'text', text };
    }
    const postData = isJsonObject(request['postData']) ? request['postData'] : {};
    exchanges.push({
      index,
      ...timing(
        (entry as Record<string, unknown>)['startedDateTime'],
        (entry as Record<string, unknown>)['time'],
      ),
      request: {
        method: request['method'].toUpperCase(),
        url: request['url'],
        headers: harHeaders(request['headers'], badHeader('request')),
        ...(typeof postData['text'] === 'string' ? { body: postData['text'] } : {}),
        ...(typeof request['comment'] === 'string' ? { comment: request['comment'] } : {}),
      },
      response: {
        status: response['status'],
        headers: responseHeaders,
        ...(contentType === undefined ? {} : { contentType }),
        body,
      },
    });
  }
  return { exchanges, problems };
}

function parseSimple(items: readonly unknown[], at: { file?: string }): ParsedRecording {
  const problems: InputProblem[] = [];
  const exchanges: RecordedExchange[] = [];
  for (const [index, item] of items.entries()) {
    const request = isJsonObject(item) ? item['request'] : undefined;
    const response = isJsonObject(item) ? item['response'] : undefined;
    if (
      !isJsonObject(request) ||
      typeof request['method'] !== 'string' ||
      typeof request['url'] !== 'string'
    ) {
      problems.push({
        code: 'invalid-har',
        ...at,
        entry: index,
        pointer: `/${index}/request`,
        message: 'each exchange needs `request.method` and `request.url`, strings',
      });
      continue;
    }
    if (!isJsonObject(response) || typeof response['status'] !== 'number') {
      problems.push({
        code: 'invalid-har',
        ...at,
        entry: index,
        pointer: `/${index}/response/status`,
        message: 'each exchange needs `response.status`, a number',
      });
      continue;
    }
    const badHeader =
      (part: 'request' | 'response'): OnBadHeader =>
      (suffix) =>
        problems.push({
          code: 'invalid-har',
          ...at,
          entry: index,
          pointer: `/${index}/${part}/headers${suffix}`,
          message: 'a header value must be a string',
        });
    const headers = plainHeaders(response['headers'], badHeader('response'));
    const raw = response['body'];
    const requestBody = request['body'];
    exchanges.push({
      index,
      ...timing((item as Record<string, unknown>)['startedDateTime'], undefined),
      request: {
        method: request['method'].toUpperCase(),
        url: request['url'],
        headers: plainHeaders(request['headers'], badHeader('request')),
        ...(requestBody === undefined
          ? {}
          : { body: typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody) }),
      },
      response: {
        status: response['status'],
        headers,
        ...(headers['content-type'] === undefined ? {} : { contentType: headers['content-type'] }),
        body:
          raw === undefined
            ? { kind: 'none' }
            : typeof raw === 'string'
              ? { kind: 'text', text: raw }
              : { kind: 'json', value: raw },
      },
    });
  }
  return { exchanges, problems };
}

/** `startedMs` and `timeMs` from HAR's `startedDateTime` and `time`, each left out when unusable. */
function timing(started: unknown, time: unknown): { startedMs?: number; timeMs?: number } {
  const startedMs = typeof started === 'string' ? Date.parse(started) : Number.NaN;
  return {
    ...(Number.isFinite(startedMs) ? { startedMs } : {}),
    ...(typeof time === 'number' && Number.isFinite(time) && time >= 0 ? { timeMs: time } : {}),
  };
}

/** Called with the JSON pointer suffix (`/3/value`) of a header whose value is not text. */
type OnBadHeader = (suffix: string) => void;

function harHeaders(value: unknown, onBad: OnBadHeader): HeaderMap {
  const headers: Record<string, string> = {};
  if (!Array.isArray(value)) return headers;
  for (const [index, header] of value.entries()) {
    if (!isJsonObject(header) || typeof header['name'] !== 'string') continue;
    const name = header['name'].toLowerCase();
    const text = headerText(header['value']);
    if (text === undefined) onBad(`/${index}/value`);
    else headers[name] = headers[name] === undefined ? text : `${headers[name]}, ${text}`;
  }
  return headers;
}

function plainHeaders(value: unknown, onBad: OnBadHeader): HeaderMap {
  const headers: Record<string, string> = {};
  if (!isJsonObject(value)) return headers;
  for (const [name, raw] of Object.entries(value)) {
    const text = headerText(raw);
    if (text === undefined) onBad(append(name, ''));
    else headers[name.toLowerCase()] = text;
  }
  return headers;
}

/**
 * A header value as text: strings as they are, numbers and booleans written out, null as empty. An object or an
 * array is no header value (and `String()` of one nested thousands deep overflows the stack): `undefined`.
 */
function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function decodeBase64(text: string): string {
  const binary = atob(text);
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

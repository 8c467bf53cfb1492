/**
 * Makes a recorded HAR safe to commit: credentials are removed wherever they occur (headers, cookies, URLs, query
 * strings, request and response bodies), and, on request, tenant ids and user names are replaced by pseudonyms.
 */
import type { Har, HarCookie, HarEntry, HarHeader, HarQueryString } from './har.js';

/** What replaces a secret inside a string (a URL, a body). Plain letters, so that URLs stay valid. */
export const redactedText = 'REDACTED';
/** What replaces a whole header or cookie value. */
export const redactedValue = '[redacted]';

/** Headers whose whole value is a credential. */
const secretHeader =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|ocp-apim-subscription-key)$|token|secret/i;
/** Query parameters whose value is a credential (OAuth codes and tokens, SAS signatures, keys). */
const secretParameter =
  /^(access_token|id_token|refresh_token|token|code|client_secret|client_assertion|sig|signature|password|api[-_]?key|key)$/i;
/** A JWT (`eyJ…` header, payload and an optional signature), wherever one appears. */
const jwt = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

export interface RedactOptions {
  /** Exact secrets to remove from every string (the bearer tokens used), in any encoding a URL or JSON gives them. */
  readonly secrets?: readonly string[];
  /** Replace GUIDs (tenant, object and request ids) and UPN-shaped addresses by consistent pseudonyms. */
  readonly pseudonymise?: boolean;
}

/** Returns a redacted copy; the input is not changed. */
export function redactHar(har: Har, options: RedactOptions = {}): Har {
  const scrub = scrubber(options.secrets ?? []);
  const copy = structuredClone(har);
  for (const entry of copy.log.entries) redactEntry(entry, scrub);
  return options.pseudonymise ? mapStrings(copy, pseudonymiser()) : copy;
}

function redactEntry(entry: HarEntry, scrub: (text: string) => string): void {
  const { request, response } = entry;
  const headers = (list: HarHeader[]): HarHeader[] =>
    list.map(({ name, value }) => ({ name, value: secretHeader.test(name) ? redactedValue : scrub(value) }));
  const cookies = (list: HarCookie[]): HarCookie[] =>
    list.map(({ name }) => ({ name, value: redactedValue }));
  const parameters = <T extends HarQueryString | { name: string; value?: string | undefined }>(
    list: T[],
  ): T[] =>
    list.map((parameter) =>
      parameter.value === undefined
        ? parameter
        : {
            ...parameter,
            value: secretParameter.test(parameter.name) ? redactedText : scrub(parameter.value),
          },
    );
  request.url = scrub(redactUrl(request.url));
  request.headers = headers(request.headers);
  request.cookies = cookies(request.cookies);
  request.queryString = parameters(request.queryString);
  // HAR 1.2 keeps a posted body as text or, for a form, as params (a token request's client_secret).
  const postData = request.postData;
  if (postData?.text !== undefined) postData.text = scrub(postData.text);
  if (postData?.params !== undefined) postData.params = parameters(postData.params);
  if (request.comment !== undefined) request.comment = scrub(request.comment);
  response.headers = headers(response.headers);
  response.cookies = cookies(response.cookies);
  response.redirectURL = scrub(redactUrl(response.redirectURL));
  if (response.content.text !== undefined) response.content.text = scrub(response.content.text);
  if (entry.comment !== undefined) entry.comment = scrub(entry.comment);
}

/** Replaces the value of every credential-like query parameter, keeping the rest of the URL as it was written. */
function redactUrl(url: string): string {
  return url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, separator: string, name: string) =>
    secretParameter.test(safeDecode(name)) ? `${separator}${name}=${redactedText}` : whole,
  );
}

/** A function that removes every given secret, in the forms it takes in URLs, forms and JSON, and every JWT. */
function scrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue; // Too short to be a credential; replacing it would shred the recording.
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so that an encoded form is not half-replaced by a shorter one.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const form of ordered) result = result.split(form).join(redactedText);
    return result.replace(jwt, redactedText);
  };
}

const guid = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/**
 * A UPN or mail address, with `@` as is or percent-encoded (in URLs). Not the hex digits of a `%20` before it, and
 * not an OData annotation (`alerts@odata.context`).
 */
const upn =
  /(?<!%[0-9A-Fa-f]?)[A-Za-z0-9][A-Za-z0-9._+-]*(?:@|%40)(?!odata\.)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** The same GUID or UPN always gets the same pseudonym within one recording. */
function pseudonymiser(): (text: string) => string {
  const guids = new Map<string, string>();
  const users = new Map<string, string>();
  return (text) =>
    text
      .replace(guid, (found) => {
        const key = found.toLowerCase();
        let pseudonym = guids.get(key);
        if (pseudonym === undefined) {
          pseudonym = `00000000-0000-4000-8000-${(guids.size + 1).toString(16).padStart(12, '0')}`;
          guids.set(key, pseudonym);
        }
        return pseudonym;
      })
      .replace(upn, (found) => {
        const encoded = !found.includes('@');
        const key = safeDecode(found).toLowerCase();
        let pseudonym = users.get(key);
        if (pseudonym === undefined) {
          pseudonym = `user${users.size + 1}@contoso.example`;
          users.set(key, pseudonym);
        }
        return encoded ? pseudonym.replace('@', '%40') : pseudonym;
      });
}

/** A copy of `value` with every string (keys left alone) passed through `map`. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return map(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return walk(value) as T;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

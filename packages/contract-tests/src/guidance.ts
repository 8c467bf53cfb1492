/**
 * Guidance a Graph reviewer would give on recorded traffic: findings of severity `info`, each with the request that
 * drew it and a one-line fix. They never fail a run unless asked (`--strict-guidance` makes them errors).
 */
import type { Contract } from './contract-model.js';
import { defaultContract } from './default-contract.js';
import { matchOperation } from './operations.js';
import type { RecordedExchange } from './recording.js';
import type { Finding } from './verify.js';
import { isJsonObject } from './json.js';

export interface GuidanceRule {
  readonly when: string;
  /** The one-line fix every finding of the rule carries. */
  readonly fix: string;
  /** Where the advice comes from. */
  readonly source: string;
}

/** Every guidance rule, in one reviewable table. */
export const guidanceRules = {
  'list-without-top': {
    when: 'A list request (not one following `@odata.nextLink`) has no `$top`.',
    fix: 'Send $top (at most 50 for incidents) so each page has a size you chose.',
    source: 'facts §2.1 (page size at most 50, integrators send $top=50); docs concepts/paging',
  },
  'list-without-select': {
    when: 'A list request (not one following `@odata.nextLink`) has no `$select`.',
    fix: 'Send $select with only the properties you read.',
    source: 'docs: Graph best practices, "use $select to limit the properties returned"',
  },
  'patch-repeats-values': {
    when: 'A PATCH body sets properties to the values the previous recorded response for that incident already had.',
    fix: 'Send only the properties that change; a PATCH is partial (facts §2 Update).',
    source: 'facts §2 (Update: partial body; properties left out keep their value)',
  },
  'beta-in-production': {
    when: 'A request goes to `/beta` in a recording marked as production (`--environment production`).',
    fix: 'Call /v1.0: beta APIs may change without notice and are not supported in production.',
    source:
      'docs: Graph beta endpoint reference, "use of these APIs in production applications is not supported"',
  },
  'missing-client-request-id': {
    when: 'A request has no `client-request-id` header.',
    fix: 'Send a client-request-id GUID with every request (the same on its retries), so support can trace it.',
    source: 'facts §2.3 (client-request-id, echoed by the service); §8 (without one Graph copies request-id)',
  },
  'retry-ignored-retry-after': {
    when: 'After a 429, the same request was sent again before its `Retry-After` had passed (10 ms of clock tolerance).',
    fix: "Wait the 429's Retry-After (seconds or an HTTP date) before retrying.",
    source: 'facts §3 Throttling (docs concepts/throttling)',
  },
  'self-built-skip': {
    when: 'A request carries `$skip` or `$skiptoken` but is no `@odata.nextLink` recorded before it.',
    fix: 'Follow @odata.nextLink verbatim until it is absent instead of building $skip yourself.',
    source: 'facts §2.1 (docs concepts/paging: follow @odata.nextLink verbatim)',
  },
} as const satisfies Record<string, GuidanceRule>;

export type GuidanceRuleId = keyof typeof guidanceRules;

export interface GuidanceOptions {
  readonly contract?: Contract;
  /** `production` turns on `beta-in-production`. */
  readonly environment?: string;
}

/** Milliseconds a retry may come early and still count as waiting (clock and timer granularity). */
export const retryAfterToleranceMs = 10;

/** The guidance findings of one recording's exchanges. */
export function guidanceFor(
  exchanges: readonly RecordedExchange[],
  options: GuidanceOptions & { readonly file?: string } = {},
): Finding[] {
  const contract = options.contract ?? defaultContract;
  const findings: Finding[] = [];
  const nextLinks = new Set<string>();
  const known = new Map<string, Record<string, unknown>>();
  const throttles: { key: string; endMs: number; untilMs: number; entry: number; retryAfter: string }[] = [];
  for (const exchange of exchanges) {
    const { request, response } = exchange;
    const match = matchOperation(contract, request.method, request.url);
    if (match.kind !== 'operation') continue;
    const operation = match.operation;
    const add = (rule: GuidanceRuleId, expected: string, found: string): void => {
      findings.push({
        ...(options.file === undefined ? {} : { file: options.file }),
        entry: exchange.index,
        operationId: operation.operationId,
        method: request.method,
        url: request.url,
        status: response.status,
        rule,
        severity: 'info',
        pointer: '',
        expected,
        found,
        fix: guidanceRules[rule].fix,
      });
    };
    const query = queryOf(request.url);
    const followsNextLink = nextLinks.has(normalize(request.url));
    const isList = request.method === 'GET' && returnsCollection(contract, operation);
    if (isList && !followsNextLink) {
      if (!query.has('$top')) add('list-without-top', '$top on a list request', 'no $top');
      if (!query.has('$select')) add('list-without-select', '$select on a list request', 'no $select');
    }
    if ((query.has('$skip') || query.has('$skiptoken')) && !followsNextLink)
      add(
        'self-built-skip',
        'a URL an @odata.nextLink gave',
        `$skip=${query.get('$skip') ?? query.get('$skiptoken')} built by the caller`,
      );
    if (options.environment === 'production' && match.version === 'beta')
      add('beta-in-production', '/v1.0 in production', '/beta');
    if (!request.headers['client-request-id']?.trim())
      add('missing-client-request-id', 'a client-request-id header', 'none');
    const key = `${request.method} ${request.url}`;
    if (exchange.startedMs !== undefined)
      for (const throttle of throttles)
        if (
          throttle.key === key &&
          exchange.startedMs >= throttle.endMs &&
          exchange.startedMs < throttle.untilMs - retryAfterToleranceMs
        )
          add(
            'retry-ignored-retry-after',
            `a retry at least Retry-After: ${throttle.retryAfter} after the 429 of entry ${throttle.entry}`,
            `sent ${exchange.startedMs - throttle.endMs} ms after it`,
          );
    const incidentId = Object.values(match.pathParams).at(-1);
    if (request.method === 'PATCH' && incidentId !== undefined) {
      const previous = known.get(incidentId);
      const body = parseJson(request.body);
      if (previous && isJsonObject(body)) {
        const repeated = Object.keys(body).filter(
          (name) => !name.startsWith('@') && name in previous && sameJson(body[name], previous[name]),
        );
        if (repeated.length > 0)
          add(
            'patch-repeats-values',
            'only properties whose value changes',
            `${repeated.join(', ')} already had ${repeated.length === 1 ? 'that value' : 'those values'}`,
          );
      }
    }
    // What this response teaches about the ones after it.
    if (response.status === 429 && exchange.startedMs !== undefined) {
      const retryAfter = response.headers['retry-after'];
      const endMs = exchange.startedMs + (exchange.timeMs ?? 0);
      const untilMs = retryAfterUntil(retryAfter, endMs);
      if (untilMs !== undefined)
        throttles.push({ key, endMs, untilMs, entry: exchange.index, retryAfter: retryAfter! });
    }
    if (response.status >= 200 && response.status < 300) {
      const parsed =
        response.body.kind === 'json'
          ? response.body.value
          : parseJson(response.body.kind === 'text' ? response.body.text : undefined);
      if (isJsonObject(parsed)) {
        const next = parsed['@odata.nextLink'];
        if (typeof next === 'string') nextLinks.add(normalize(next));
        if (Array.isArray(parsed['value']))
          for (const item of parsed['value'])
            if (isJsonObject(item) && typeof item['id'] === 'string') known.set(item['id'], item);
        if (typeof parsed['id'] === 'string') known.set(parsed['id'], parsed);
      }
    }
  }
  return findings;
}

/** Delta-seconds or an HTTP date, as the instant the wait ends; `undefined` when absent or unreadable. */
function retryAfterUntil(value: string | undefined, fromMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return fromMs + Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? date : undefined;
}

function returnsCollection(contract: Contract, operation: Contract['operations'][number]): boolean {
  const ok = operation.responses.find((r) => r.status === '200');
  const schema = ok?.schema === undefined ? undefined : contract.schemas[ok.schema];
  const properties = schema?.['properties'];
  const value = isJsonObject(properties) ? properties['value'] : undefined;
  return isJsonObject(value) && value['type'] === 'array';
}

function queryOf(url: string): URLSearchParams {
  try {
    return new URL(url, 'https://graph.microsoft.com').searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** Path and query options, decoded and sorted, so that a nextLink and the request that followed it compare equal. */
function normalize(url: string): string {
  try {
    const parsed = new URL(url, 'https://graph.microsoft.com');
    const options = [...parsed.searchParams].map(([k, v]) => `${k}=${v}`).sort();
    return `${decodeURIComponent(parsed.pathname)}?${options.join('&')}`;
  } catch {
    return url;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

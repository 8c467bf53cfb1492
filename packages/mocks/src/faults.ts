import type { RequestContext, GraphRequest, GraphResponse } from './request-context.js';
import type { Route } from './routing.js';
import { seededRandom } from './seeded-random.js';

/** A forced failure, for testing retry logic. */
export interface FaultRule {
  /** 429 (throttled) or 503 (unavailable). */
  readonly status: 429 | 503;
  /** The `Retry-After` header in seconds. Default 1; `null` leaves the header out. */
  readonly retryAfter?: number | null;
  /** Only requests to this operation (`listIncidents`, `updateIncident`, …). Default: every operation. */
  readonly operationId?: string;
  /** Fails only the first `times` matching requests, then lets them through. Default: every matching request. */
  readonly times?: number;
  /** Fails this share (0–1) of matching requests, drawn from a seeded generator. Default 1. */
  readonly rate?: number;
}

/** The request header that forces a fault: `x-mock-fault: 429` or `x-mock-fault: 503; retry-after=5`. */
export const faultHeader = 'x-mock-fault';

/** The configured fault rules with their counters and the seeded generator that decides rate-based faults. */
export interface FaultState {
  readonly faults: readonly FaultRule[];
  readonly faultCounts: Map<FaultRule, number>;
  readonly random: () => number;
}

/** Checks the rules and prepares their counters; throws a `TypeError` for a rule that can never be valid. */
export function createFaultState(faults: readonly FaultRule[], seed: number): FaultState {
  for (const rule of faults) {
    if (rule.status !== 429 && rule.status !== 503)
      throw new TypeError(`fault status must be 429 or 503, got ${String(rule.status)}`);
    if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1))
      throw new TypeError(`fault rate must be within 0..1, got ${String(rule.rate)}`);
  }
  return { faults, faultCounts: new Map(), random: seededRandom(seed) };
}

/** The fault a request must get (from its `x-mock-fault` header or a matching rule), or `undefined`. */
export function forcedFault(
  request: GraphRequest,
  route: Route,
  state: FaultState,
): ((context: RequestContext) => GraphResponse) | undefined {
  const header = request.headers[faultHeader];
  if (header) {
    const [status, ...parameters] = header.split(';').map((part) => part.trim());
    if (status === '429' || status === '503') {
      const retryAfter = parameters.map((p) => /^retry-after=(\d+)$/i.exec(p)?.[1]).find(Boolean);
      return faultResponse(
        Number(status) as 429 | 503,
        retryAfter === undefined ? undefined : Number(retryAfter),
      );
    }
  }
  for (const rule of state.faults) {
    if (rule.operationId !== undefined && rule.operationId !== route.operationId) continue;
    const count = state.faultCounts.get(rule) ?? 0;
    if (rule.times !== undefined && count >= rule.times) continue;
    if (rule.rate !== undefined && state.random() >= rule.rate) continue;
    state.faultCounts.set(rule, count + 1);
    return faultResponse(rule.status, rule.retryAfter);
  }
  return undefined;
}

/** Graph's 429 or 503, with `Retry-After` (1 s unless given; `null` leaves it out). */
function faultResponse(
  status: 429 | 503,
  retryAfter: number | null | undefined,
): (context: RequestContext) => GraphResponse {
  return (context) => {
    const seconds = retryAfter === undefined ? 1 : retryAfter;
    const extra: Record<string, string> = seconds === null ? {} : { 'retry-after': String(seconds) };
    return status === 429
      ? context.error(
          429,
          'TooManyRequests',
          'Too many requests. Retry after the time in Retry-After.',
          extra,
        )
      : context.error(
          503,
          'serviceNotAvailable',
          'The service is temporarily unavailable. Retry after the time in Retry-After.',
          extra,
        );
  };
}

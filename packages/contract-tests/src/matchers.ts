import {
  checkResponse,
  type CheckOptions,
  type ResponseFinding,
  toResponseLike,
  toResponseLikeSync,
} from './check-response.js';
import type { OperationId } from './generated/contract.gen.js';
import { trafficMatchers } from './matchers-traffic.js';

/** What jest and vitest pass to a matcher as `this`. */
export interface MatcherContext {
  readonly isNot?: boolean;
}

export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function result(
  operationId: string,
  findings: readonly ResponseFinding[],
  context: MatcherContext,
): MatcherResult {
  const errors = findings.filter((f) => f.severity === 'error');
  return {
    pass: errors.length === 0,
    message: () =>
      context.isNot
        ? `expected the response not to satisfy the contract of ${operationId}, but it does`
        : `expected the response to satisfy the contract of ${operationId}:\n${errors
            .map(
              (f) =>
                `  ${f.rule}${f.pointer ? ` at #${f.pointer}` : ''}: expected ${f.expected}, found ${f.found}`,
            )
            .join('\n')}`,
  };
}

/**
 * Matchers for `expect.extend` in vitest or jest. A fetch `Response` makes the matcher async (`await expect(…)`);
 * an openapi-fetch result or `{ status, headers?, body? }` is checked synchronously. Warnings do not fail it.
 *
 * @example
 * expect.extend(contractMatchers);
 * expect({ status: 200, body: incident }).toSatisfyContract('getIncident');
 */
export const contractMatchers = {
  toSatisfyContract(
    this: MatcherContext,
    received: unknown,
    operationId: OperationId | (string & {}),
    options: CheckOptions = {},
  ): MatcherResult | Promise<MatcherResult> {
    if (typeof Response !== 'undefined' && received instanceof Response)
      return toResponseLike(received).then((response) =>
        result(operationId, checkResponse(operationId, response, options), this),
      );
    return result(operationId, checkResponse(operationId, toResponseLikeSync(received), options), this);
  },
  ...trafficMatchers,
};

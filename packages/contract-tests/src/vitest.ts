/**
 * Setup entry for vitest: `setupFiles: ['@graph-incidents/contract-tests/vitest']` adds `toSatisfyContract`.
 * For jest, call `expect.extend(contractMatchers)` in a setup file instead.
 */
import { expect } from 'vitest';
import type { CheckOptions } from './check-response.js';
import type { OperationId } from './generated/contract.gen.js';
import { contractMatchers } from './matchers.js';

expect.extend(contractMatchers);

declare module 'vitest' {
  // The type parameter must repeat vitest's own declaration (`T = any`) for the interfaces to merge.
  interface Matchers<T = any> {
    /** Passes when the recording draws no guidance finding (the message lists each with its fix). */
    toFollowGraphGuidance(options?: import('./guidance.js').GuidanceOptions): void;
    /** Passes when the grant covers every recorded request with nothing beyond the least-privileged set. */
    toNeedExactlyPermissions(
      granted: readonly string[],
      options?: Omit<import('./permissions.js').LeastPrivilegeOptions, 'granted'>,
    ): void;
    /** Passes when the response has no contract error for the operation (warnings are allowed). */
    toSatisfyContract(
      operationId: OperationId | (string & {}),
      options?: CheckOptions,
    ): T extends Response ? Promise<void> : void;
  }
}

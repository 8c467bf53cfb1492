/** Matchers on whole recordings: guidance and least privilege, with a summary in the failure message. */
import type { GuidanceOptions } from './guidance.js';
import { guidance } from './guidance-recordings.js';
import { leastPrivilege, type LeastPrivilegeOptions } from './permissions.js';
import type { MatcherContext, MatcherResult } from './matchers.js';

export const trafficMatchers = {
  /** Passes when the recording draws no guidance finding; the message lists each with its fix. */
  toFollowGraphGuidance(
    this: MatcherContext,
    received: unknown,
    options: GuidanceOptions = {},
  ): MatcherResult {
    const findings = guidance(received, options);
    return {
      pass: findings.length === 0,
      message: () =>
        this.isNot
          ? 'expected the recording to draw guidance, but it draws none'
          : `expected no guidance, found ${findings.length}:\n${findings
              .map((f) => `  ${f.rule} #${f.entry} ${f.method} ${f.url}: ${f.found}; fix: ${f.fix ?? ''}`)
              .join('\n')}`,
    };
  },
  /** Passes when `granted` covers every recorded request and holds nothing beyond the least-privileged set. */
  toNeedExactlyPermissions(
    this: MatcherContext,
    received: unknown,
    granted: readonly string[],
    options: Omit<LeastPrivilegeOptions, 'granted'> = {},
  ): MatcherResult {
    const result = leastPrivilege(received, { ...options, granted });
    const grant = result.grants[0];
    const excessive = grant?.excessive ?? [];
    const insufficient = grant?.insufficient ?? [];
    const summary = [
      `least-privileged ${result.type} permissions: ${result.required.map((r) => `${r.permission} (${r.requests.length} requests)`).join(', ') || 'none'}`,
      ...excessive.map((e) => `  excessive ${e.permission}: ${e.reason}`),
      ...insufficient.map((i) => `  insufficient ${i.method} ${i.url}: needs ${i.needs.join(' and ')}`),
    ].join('\n');
    return {
      pass: excessive.length === 0 && insufficient.length === 0,
      message: () =>
        this.isNot
          ? `expected ${granted.join(', ')} not to be exactly what the recording needs, but it is\n${summary}`
          : `expected ${granted.join(', ')} to be exactly what the recording needs\n${summary}`,
    };
  },
};

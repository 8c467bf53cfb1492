import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

/** Test settings every package shares: run against sources, not dist, through the source export condition. */
export const sharedTestConfig = {
  resolve: { conditions: ['@graph-incidents/source'] },
  ssr: { resolve: { conditions: ['@graph-incidents/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    // beforeAll hooks that generate or compile once for a whole file take longer than one test on a busy machine.
    hookTimeout: 120_000,
    globalSetup: [fileURLToPath(new URL('./vitest.reference-check.ts', import.meta.url))],
  },
} satisfies ViteUserConfig;

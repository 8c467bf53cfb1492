import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Checks of the whole workspace as other repositories see it: packed tarballs, the release flow and nx.
// They run after `nx run-many -t build` (scripts/test.mjs), outside nx, because they start nx and npm themselves.
export default defineConfig({
  test: {
    include: ['tools/integration/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: [fileURLToPath(new URL('../../vitest.reference-check.ts', import.meta.url))],
  },
});

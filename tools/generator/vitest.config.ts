import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// These tests run the whole pipeline, and the import tests read Microsoft's 919 KB module: allow a busy CI machine.
export default defineProject({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, testTimeout: 120_000, hookTimeout: 120_000 },
});

import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';
import { compileFormatWorker } from './bin/run-ts.mjs';

// The formatting threads run a bundle of their module (format-pool.ts), not the sources vitest transforms: build
// it first, as bin/run-ts.mjs does before each command (unchanged sources are not built again).
await compileFormatWorker();

// These tests run the whole pipeline, and the import tests read Microsoft's 919 KB module: allow a busy CI machine.
export default defineProject({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, testTimeout: 120_000, hookTimeout: 120_000 },
});

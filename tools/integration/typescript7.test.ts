import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { publishedPackages, repoRoot, run } from './workspace.js';

const typescript7 = join(repoRoot, 'tools/runtimes/node_modules/typescript-7/bin/tsc');

// The toolchain compiles with TypeScript 5.9 (ts-morph and openapi-typescript need its JS API); consumers may
// already use TypeScript 7, the native compiler. Every package, its type tests (*.test-d.ts) included, must
// compile with both.
test.each(publishedPackages)('%s and its type tests compile with TypeScript 7', (name) => {
  const tsconfig = join(repoRoot, 'packages', name, 'tsconfig.json');
  expect(existsSync(tsconfig)).toBe(true);
  expect(run(process.execPath, [typescript7, '--version'])).toMatch(/^Version 7\./);
  run(process.execPath, [typescript7, '-p', tsconfig, '--noEmit'], { cwd: repoRoot });
});

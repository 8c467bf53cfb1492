#!/usr/bin/env node
// `npm test`: everything CI checks, in order, stopping at the first failure.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const steps = [
  ['generated code is fresh', 'node', ['tools/generator/bin/generate.mjs', '--check']],
  ['formatting', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
  ['GitHub workflows lint clean (actionlint)', 'node', ['scripts/lint-workflows.mjs']],
  [
    'build, typecheck and test every project',
    'npx',
    ['nx', 'run-many', '-t', 'build', 'typecheck', 'test', 'check:package', '--output-style=static'],
  ],
  // After the builds: packed tarballs in a consumer project, the release flow and nx itself.
  [
    'integration: consumers, release flow, nx',
    'npx',
    ['vitest', 'run', '--config', 'tools/integration/vitest.config.ts'],
  ],
];

for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✔ all checks passed');

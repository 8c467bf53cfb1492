#!/usr/bin/env node
// The `bin` of @graph-incidents/mocks. npm links a workspace package's bin during `npm ci` only if its target
// exists then, and dist/ is built later: so the bin is this committed launcher, which imports the built CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(
    `graph-incidents-mock: @graph-incidents/mocks is not built (${fileURLToPath(entry)} is missing).\n` +
      'Run `npm run build` at the root of the graph-incidents repository, then run this command again.',
  );
  process.exit(2);
}
const { main } = await import(entry.href);
await main();

#!/usr/bin/env node
// Prints one hash of the reference material in ../shared, for nx's cache inputs: tests read those files, so a change
// there (or their absence) must re-run the tests instead of replaying a cached result.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../shared/', import.meta.url));
const hash = createHash('sha256');
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile())
      hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  }
};
try {
  walk(root);
  console.log(hash.digest('hex'));
} catch {
  console.log('missing');
}

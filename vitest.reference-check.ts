import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reference material tests read: `../shared` beside the repository root. */
export const referenceRoot = fileURLToPath(new URL('../shared/', import.meta.url));

/**
 * Vitest global setup: under `CI=true` the reference material must be there. Suites that read it skip on a developer's
 * machine without it (they say so), but in CI a missing `../shared` fails every run instead of passing quietly.
 */
export default function checkReferenceMaterial(): void {
  const marker = `${referenceRoot}graph-reference/facts.md`;
  if (process.env['CI'] && !existsSync(marker)) {
    throw new Error(
      `CI=true but the reference material is missing: ${marker} does not exist. ` +
        'Check out ../shared beside the repository root; in CI a missing ../shared is a failure, not a skip.',
    );
  }
}

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as importMain } from './import.ts';
import { inShared, repoRoot } from './test-workspace.ts';

/** Microsoft's descriptions in ../shared that the generator's tests import: the Security module and the v1.0 CSDL. */
export const microsoftReferences = {
  "the import of Microsoft's Security module": 'powershell-2023-01/Security.v1.0.yml',
  'the import of the v1.0 CSDL': 'msgraph-metadata-f54f11b6/v1.0-Prod.csdl',
} as const;

/**
 * What `spec:import` writes from `file` (a path under ../shared/graph-reference/spec, read in place) for the incident
 * paths, or `undefined` when ../shared is missing ({@link inShared}).
 */
export async function importedReference(file: string): Promise<string | undefined> {
  const from = join(repoRoot, '../shared/graph-reference/spec', file);
  if (!inShared([from], 'the tests import it')) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'reference-import-'));
  const out = join(dir, 'openapi.yaml');
  try {
    const status = await importMain(
      ['--from', from, '--paths', '/security/incidents**', '--out', out],
      repoRoot,
    );
    if (status !== 0) throw new Error(`spec:import of ${from} exited with ${status}`);
    return await readFile(out, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

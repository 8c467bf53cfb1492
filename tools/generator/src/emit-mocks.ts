import { posix } from 'node:path';
import { generatedHeader, type GeneratedFiles, type ImportPaths, printStatements } from './emit-support.ts';
import { factories } from './emit-mocks-factories.ts';
import { metadata } from './emit-mocks-metadata.ts';
import type { ApiModel } from './model.ts';

/** Where the generated sources of this emitter go, relative to the workspace root. */
export const mocksOutDir = 'packages/mocks/src/generated';

/**
 * Emits `@graph-incidents/mocks`:
 * - `factories.gen.ts`: a seeded `buildX(overrides?, options?)` per object schema and `buildAlertEvidence(kind)`,
 *   every value drawn from the property's type in the model;
 * - `graph-metadata.gen.ts`: the shapes, enum orders and operations that the mock server's semantics read.
 *
 * `typesModule` is the types entry of the model's API version (`@graph-incidents/types/beta` for `outDir`
 * `…/generated/beta`); imports of the hand-written runtime are computed from `outDir`.
 */
export async function emitMocks(
  model: ApiModel,
  outDir = mocksOutDir,
  typesModule = '@graph-incidents/types',
): Promise<GeneratedFiles> {
  const paths: ImportPaths = { types: typesModule, runtime: posix.relative(outDir, 'packages/mocks/src') };
  const files: GeneratedFiles = new Map();
  files.set(
    `${outDir}/factories.gen.ts`,
    `${generatedHeader(model)}\n${printStatements(factories(model, paths))}`,
  );
  files.set(
    `${outDir}/graph-metadata.gen.ts`,
    `${generatedHeader(model)}\n${printStatements(metadata(model, paths))}`,
  );
  return files;
}

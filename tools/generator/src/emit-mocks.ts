import { type EmittedFiles, generatedHeader, printStatements } from './emit-support.ts';
import { factories } from './emit-mocks-factories.ts';
import { metadata } from './emit-mocks-metadata.ts';
import type { ApiModel } from './model.ts';
import { type OutputFolder, outputFolder } from './outputs.ts';

/**
 * Emits `@graph-incidents/mocks`:
 * - `factories.gen.ts`: a seeded `buildX(overrides?, options?)` per object schema and `buildAlertEvidence(kind)`;
 * - `factory-values.gen.ts`: the drawing functions behind them (`xValues(ctx, depth)`), every value drawn from the
 *   property's type in the model; the store uses them too, and the package does not export them;
 * - `graph-metadata.gen.ts`: the shapes, enum orders and operations that the mock server's semantics read.
 *
 * `folder` (from `outputs.ts`) says where the files go, the types entry of the model's API version
 * (`@graph-incidents/types/beta` for `…/generated/beta`) and the path to the hand-written runtime.
 */
export async function emitMocks(
  model: ApiModel,
  folder: OutputFolder = outputFolder('mocks'),
): Promise<EmittedFiles> {
  const files: EmittedFiles = new Map();
  const { builders, drawing } = factories(model, folder);
  files.set(
    `${folder.dir}/factories.gen.ts`,
    `${generatedHeader(model)}
${printStatements(builders)}`,
  );
  files.set(
    `${folder.dir}/factory-values.gen.ts`,
    `${generatedHeader(model)}
${printStatements(drawing)}`,
  );
  const { statements, data } = metadata(model, folder);
  files.set(`${folder.dir}/graph-metadata.gen.ts`, [
    `${generatedHeader(model)}\n${printStatements(statements)}`,
    ...data,
  ]);
  return files;
}

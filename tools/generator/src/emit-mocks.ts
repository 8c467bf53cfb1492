import type { StatementStructures } from 'ts-morph';
import { type EmittedFiles, type EmittedPart, generatedHeader, printStatements } from './emit-support.ts';
import type { DrawingFunction } from './format-drawing.ts';
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
  files.set(`${folder.dir}/factories.gen.ts`, [`${generatedHeader(model)}\n`, ...drawingParts(builders)]);
  files.set(`${folder.dir}/factory-values.gen.ts`, [`${generatedHeader(model)}\n`, ...drawingParts(drawing)]);
  const { statements, data } = metadata(model, folder);
  files.set(`${folder.dir}/graph-metadata.gen.ts`, [
    `${generatedHeader(model)}\n${printStatements(statements)}`,
    ...data,
  ]);
  return files;
}

/**
 * The factories' statements as parts: each drawing function and builder as it is (format-drawing.ts prints it), the
 * statements between them printed by ts-morph. ts-morph puts an empty line before and after a function, so a run after a
 * drawing function starts with one.
 */
function drawingParts(drawing: readonly (StatementStructures | DrawingFunction)[]): EmittedPart[] {
  const parts: EmittedPart[] = [];
  let run: StatementStructures[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const afterFunction = parts.length > 0 && typeof parts.at(-1) !== 'string';
    parts.push(`${afterFunction ? '\n' : ''}${printStatements(run)}`);
    run = [];
  };
  for (const statement of drawing) {
    if (statement.kind === 'drawing-function' || statement.kind === 'builder-function') {
      flush();
      parts.push(statement);
    } else run.push(statement);
  }
  flush();
  return parts;
}

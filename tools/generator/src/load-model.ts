import { canonicalize, parseSpec, type SpecSource } from './load.ts';
import type { ApiModel } from './model.ts';
import { buildModel, checkReferences } from './model-build.ts';
import { validateSpec } from './validate.ts';

/**
 * Loads, validates and models one spec. Throws a located `SpecError` when the spec is malformed. Kept apart from
 * generate.ts so that commands that only check a description (`spec:import`, `spec:diff`) do not load the emitters
 * and their libraries (ts-morph, openapi-typescript).
 */
export async function loadModel(source: SpecSource): Promise<ApiModel> {
  const parsed = parseSpec(source);
  const document = canonicalize(parsed);
  checkReferences(source.file, document);
  await validateSpec(source, document, parsed);
  return buildModel(source.file, document);
}

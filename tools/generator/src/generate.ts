import type { GeneratedFiles } from './emit-support.ts';
import { emitClient } from './emit-client.ts';
import { emitContract } from './emit-contract.ts';
import { emitMocks } from './emit-mocks.ts';
import { emitTypes } from './emit-types.ts';
import { formatFiles } from './format.ts';
import { canonicalize, parseSpec, type SpecSource } from './load.ts';
import { type ApiModel, buildModel } from './model.ts';
import { validateSpec } from './validate.ts';

/** One emitter per output; a new output means a new emitter here and nothing else touched. */
const emitters = [emitTypes, emitClient, emitMocks, emitContract] as const;

/** Loads, validates and models one spec. Throws a located `SpecError` when the spec is malformed. */
export async function loadModel(source: SpecSource): Promise<ApiModel> {
  const document = canonicalize(parseSpec(source));
  await validateSpec(source);
  return buildModel(source.file, document);
}

/**
 * The whole pipeline as one function of its input: spec text in, `path → text` out. Nothing is written here;
 * `write.ts` does that at the edge, so a failure anywhere leaves every file on disk as it was.
 */
export async function generate(source: SpecSource, workspaceRoot: string): Promise<GeneratedFiles> {
  const model = await loadModel(source);
  const files: GeneratedFiles = new Map();
  for (const emit of emitters) for (const [path, text] of await emit(model)) files.set(path, text);
  return formatFiles(files, workspaceRoot);
}

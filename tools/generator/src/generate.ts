import type { EmittedFiles, GeneratedFiles } from './emit-support.ts';
import { emitClient } from './emit-client.ts';
import { emitContract } from './emit-contract.ts';
import { emitMocks } from './emit-mocks.ts';
import { emitOpenApiFile, emitSchemasFile } from './emit-types.ts';
import { Formatter } from './format.ts';
import type { SpecSource } from './load.ts';
import { loadModel, type LoadOptions } from './load-model.ts';
import type { ApiModel } from './model.ts';
import { type OutputFolder, outputFolder, type OutputPackage } from './outputs.ts';
import { versionOf } from './versions.ts';

/**
 * The emitters of each output package (`outputs.ts` says where each writes); a new output means a new emitter here
 * and a row there, nothing else touched. Each emitter's files go to the formatter as soon as it is done, so the types
 * hand over `schemas.gen.ts` before openapi-typescript makes `openapi.gen.ts`: the formatting threads, which are the
 * CSDL path's critical path, start on it a few hundred milliseconds sooner (bench/README.md, session 6).
 */
const emitters: Record<
  OutputPackage,
  readonly ((model: ApiModel, folder: OutputFolder) => Promise<EmittedFiles>)[]
> = {
  types: [emitSchemasFile, emitOpenApiFile],
  client: [emitClient],
  mocks: [emitMocks],
  contract: [emitContract],
};

export { loadModel };

/**
 * From this much spec text on, the formatting threads start with the pipeline instead of once the emitters have
 * handed over enough text: the output is several times the spec (specs/v1.0's 148 KB and the v1.0 CSDL import's
 * 120 KB give 480 KB; the Security module's 43 KB slice 151 KB, which stays under the threads' threshold and is
 * formatted on this thread as before).
 */
const threadsFromSpecSize = 64_000;

/**
 * The whole pipeline as one function of its input: spec text in, `path → text` out. Nothing is written here;
 * `write.ts` does that at the edge, so a failure anywhere leaves every file on disk as it was. Each emitter's
 * output is handed to the formatter when it is done, so prettier's threads work while the next emitter runs.
 */
export async function generate(
  sources: SpecSource | readonly SpecSource[],
  workspaceRoot: string,
  options: LoadOptions = {},
): Promise<GeneratedFiles> {
  const formatter = await Formatter.start(workspaceRoot);
  const list = Array.isArray(sources) ? sources : [sources];
  if (list.reduce((size, source) => size + source.text.length, 0) >= threadsFromSpecSize)
    formatter.startThreads();
  try {
    await emitEach(sources, (files) => formatter.add(files), options);
  } catch (error) {
    formatter.abandon();
    throw error;
  }
  return formatter.finish();
}

/** Every emitter's output for these sources, before formatting (`emittedText` gives a file's text). */
export async function emitAll(
  sources: SpecSource | readonly SpecSource[],
  options: LoadOptions = {},
): Promise<EmittedFiles> {
  const files: EmittedFiles = new Map();
  await emitEach(
    sources,
    async (emitted) => {
      for (const [path, text] of emitted) files.set(path, text);
    },
    options,
  );
  return files;
}

/**
 * Runs the emitters one after another; `onOutput` sees each emitter's output as soon as it is done, and the next
 * emitter waits for it. Nothing is kept here, so an output handed over can be collected once its consumer is done.
 */
async function emitEach(
  sources: SpecSource | readonly SpecSource[],
  onOutput: (files: EmittedFiles) => Promise<void>,
  options: LoadOptions = {},
): Promise<void> {
  for (const source of Array.isArray(sources) ? sources : [sources]) {
    const model = await loadModel(source, options);
    const version = versionOf(source.file);
    for (const output of version.outputs)
      for (const emit of emitters[output])
        await onOutput(await emit(model, outputFolder(output, version.subdir)));
  }
}

import type { GeneratedFiles } from './emit-support.ts';
import { clientOutDir, emitClient } from './emit-client.ts';
import { emitContract } from './emit-contract.ts';
import { emitMocks, mocksOutDir } from './emit-mocks.ts';
import { emitTypes, typesOutDir } from './emit-types.ts';
import { formatFiles } from './format.ts';
import type { SpecSource } from './load.ts';
import { loadModel } from './load-model.ts';
import type { ApiModel } from './model.ts';
import { type SpecVersion, type SubpathOutput, versionOf } from './versions.ts';

/** One emitter per output; a new output means a new emitter here and nothing else touched. */
const emitters = [emitTypes, emitClient, emitMocks, emitContract] as const;

/** The emitters a non-default version can use, each writing into `<package>/src/generated/<subdir>`. */
const subpathEmitters: Record<
  SubpathOutput,
  (model: ApiModel, version: SpecVersion) => Promise<GeneratedFiles>
> = {
  types: (model, version) => emitTypes(model, `${typesOutDir}/${version.subdir}`),
  client: (model, version) =>
    emitClient(model, `${clientOutDir}/${version.subdir}`, `@graph-incidents/types/${version.subdir}`),
  mocks: (model, version) =>
    emitMocks(model, `${mocksOutDir}/${version.subdir}`, `@graph-incidents/types/${version.subdir}`),
};

export { loadModel };

/**
 * The whole pipeline as one function of its input: spec text in, `path → text` out. Nothing is written here;
 * `write.ts` does that at the edge, so a failure anywhere leaves every file on disk as it was.
 */
export async function generate(
  sources: SpecSource | readonly SpecSource[],
  workspaceRoot: string,
): Promise<GeneratedFiles> {
  return formatFiles(await emitAll(sources), workspaceRoot);
}

/** Every emitter's output for these sources, before formatting. */
export async function emitAll(sources: SpecSource | readonly SpecSource[]): Promise<GeneratedFiles> {
  const files: GeneratedFiles = new Map();
  for (const source of Array.isArray(sources) ? sources : [sources]) {
    const model = await loadModel(source);
    const version = versionOf(source.file);
    const outputs = await Promise.all(
      version.emit === 'all'
        ? emitters.map((emit) => emit(model))
        : version.emit.map((output) => subpathEmitters[output](model, version)),
    );
    for (const output of outputs) for (const [path, text] of output) files.set(path, text);
  }
  return files;
}

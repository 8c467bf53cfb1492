import type { GeneratedFiles } from './emit-support.ts';
import type { ApiModel } from './model.ts';

/** Where the generated sources of this emitter go, relative to the workspace root. */
export const clientOutDir = 'packages/client/src/generated';

/** Emits the generated sources of this package from the model. */
export async function emitClient(model: ApiModel, outDir = clientOutDir): Promise<GeneratedFiles> {
  void model;
  void outDir;
  return new Map();
}

import type { GeneratedFiles } from './emit-support.ts';
import type { ApiModel } from './model.ts';

/** Where the generated sources of this emitter go, relative to the workspace root. */
export const contractOutDir = 'packages/contract-tests/src/generated';

/** Emits the generated sources of this package from the model. */
export async function emitContract(model: ApiModel, outDir = contractOutDir): Promise<GeneratedFiles> {
  void model;
  void outDir;
  return new Map();
}

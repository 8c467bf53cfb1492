import { join } from 'node:path';
import { canonicalize, parseSpec, type SpecSource } from './load.ts';
import type { ApiModel } from './model.ts';
import { buildModel, checkReferences } from './model-build.ts';
import { parseSpecCached } from './parse-cache.ts';
import { validateSpec } from './validate.ts';

export interface LoadOptions {
  /**
   * A folder where successful parses are kept by the text's hash (`parse-cache.ts`), and, in its `validated`
   * folder, the descriptions that passed validation (validate.ts); none by default.
   */
  readonly parseCache?: string;
}

/**
 * Loads, validates and models one spec. Throws a located `SpecError` when the spec is malformed. Kept apart from
 * generate.ts so that commands that only check a description (`spec:import`, `spec:diff`) do not load the emitters
 * and their libraries (ts-morph, openapi-typescript).
 */
export async function loadModel(source: SpecSource, options: LoadOptions = {}): Promise<ApiModel> {
  const parsed = options.parseCache ? await parseSpecCached(source, options.parseCache) : parseSpec(source);
  const document = canonicalize(parsed);
  checkReferences(source.file, document);
  await validateSpec(
    source,
    document,
    parsed,
    options.parseCache ? { cache: join(options.parseCache, 'validated') } : {},
  );
  return buildModel(source.file, document);
}

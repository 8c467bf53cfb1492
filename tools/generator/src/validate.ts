import type { Config, NormalizedProblem } from '@redocly/openapi-core';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JsonObject, JsonValue, SpecSource } from './load.ts';
import { pointerSegmentsOf } from './json-pointer.ts';
import { parserVersions, touchCacheEntry, writeCacheEntry } from './parse-cache.ts';
import { SpecError, type SpecErrorCode, type SpecProblem } from './spec-error.ts';

/**
 * The rules a spec must pass before generation. Redocly's `struct` rule validates against the OpenAPI 3.x
 * meta-schema (it catches unknown `type` values); the others catch what a JSON Schema cannot.
 */
export const rules = {
  struct: 'error',
  'no-unresolved-refs': 'error',
  'operation-operationId-unique': 'error',
  'operation-operationId': 'error',
  'path-parameters-defined': 'error',
  'no-enum-type-mismatch': 'error',
  'no-identical-paths': 'error',
  'spec-components-invalid-map-name': 'error',
} as const;

type Redocly = typeof import('@redocly/openapi-core');

/**
 * Redocly and its configuration, loaded on the first validation: commands that load this module without validating
 * with Redocly (`spec:import` of a CSDL file, see import.ts) do not pay its start-up.
 */
let redoclyPromise: Promise<{ redocly: Redocly; config: Config }> | undefined;
const loadRedocly = async (): Promise<{ redocly: Redocly; config: Config }> => {
  const redocly = await import('@redocly/openapi-core');
  return { redocly, config: await redocly.createConfig({ rules }) };
};

/**
 * Validates a spec with Redocly's OpenAPI validator and throws a located {@link SpecError} on any problem.
 * `document` (the parsed spec) lets a message name what it is about, such as the `$ref` that does not resolve.
 * `parsed`, the spec as `parseSpec` read it (in its own key order), is validated as it is instead of Redocly parsing
 * the text again with its own YAML parser: Redocly then checks exactly the data the generator models. The text still
 * gives each problem its line.
 */
export async function validateSpec(
  source: SpecSource,
  document?: JsonObject,
  parsed?: JsonObject,
  options: ValidateOptions = {},
): Promise<void> {
  const verdict = options.cache === undefined ? undefined : verdictEntry(source, parsed, options.cache);
  if (verdict && (await passedBefore(verdict))) return;
  redoclyPromise ??= loadRedocly();
  const { redocly, config } = await redoclyPromise;
  const linted =
    parsed === undefined
      ? redocly.lintFromString({ source: source.text, absoluteRef: source.file, config })
      : redocly.lintDocument({
          document: { source: new redocly.Source(source.file, source.text), parsed },
          config,
          externalRefResolver: new redocly.BaseResolver(config.resolve),
        });
  const problems = await linted.catch((error: unknown) => {
    // Redocly throws on what it cannot resolve; that is still a problem of this spec, not a crash.
    throw new SpecError([
      { code: 'invalid-openapi', file: source.file, pointer: '#', message: `Redocly: ${String(error)}` },
    ]);
  });
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0)
    throw new SpecError(errors.map((problem) => toSpecProblem(redocly, source.file, problem, document)));
  if (verdict) await keepPass(verdict);
}

export interface ValidateOptions {
  /**
   * A folder where each description that passed is recorded by a hash of its text, its file name, the validator's
   * version and rules and the parsers' versions: the same text validated by the same versions passes again without
   * Redocly being loaded (its start-up and run were 0.5–0.8 s of a `generate --check`, bench/README.md, session 7).
   * A description that fails is never recorded, so its problems are found and located every time. The folder keeps
   * the records used most recently (`maxCacheEntries`, parse-cache.ts), so daily imports do not grow it for ever.
   */
  readonly cache?: string;
}

/**
 * What the verdict depends on besides the text. Validation reads nothing else: `checkReferences` (model-build.ts)
 * refuses any `$ref` that is not local before a description gets here. Bump `verdicts` when what a pass means
 * changes other than through the rules (another check after Redocly's, another way of calling it).
 */
let validatorIdentity: string | undefined;
const identityOf = (): string => {
  validatorIdentity ??= JSON.stringify({
    verdicts: 1,
    redocly: redoclyVersion(),
    rules,
    parsers: parserVersions,
  });
  return validatorIdentity;
};

/** Redocly's version from its package.json (beside its entry's `lib/`: the package does not export the file). */
function redoclyVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@redocly/openapi-core');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    name?: unknown;
    version?: unknown;
  };
  if (manifest.name !== '@redocly/openapi-core' || typeof manifest.version !== 'string')
    throw new Error(`cannot tell the version of @redocly/openapi-core from ${entry}`);
  return manifest.version;
}

interface VerdictEntry {
  readonly file: string;
  readonly folder: string;
  /** The entry's whole expected text: anything else there (cut, damaged, another key) is not a pass. */
  readonly record: string;
}

/**
 * The entry recording that this text passed. Only the validation of the data `parseSpec` gives is recorded (the
 * verdict on Redocly's own reading of the text is another verdict, and is not kept).
 */
function verdictEntry(
  source: SpecSource,
  parsed: JsonObject | undefined,
  folder: string,
): VerdictEntry | undefined {
  if (parsed === undefined) return undefined;
  const key = createHash('sha256')
    .update(`${identityOf()}\n${JSON.stringify(source.file)}\n${source.text}`)
    .digest('hex');
  return { file: join(folder, `${key}.json`), folder, record: `${JSON.stringify({ passed: key })}\n` };
}

/** Whether the entry records a pass; one that does is marked used, so pruning keeps the records in use. */
async function passedBefore(entry: VerdictEntry): Promise<boolean> {
  const passed = await readFile(entry.file, 'utf8').then(
    (text) => text === entry.record,
    () => false,
  );
  if (passed) await touchCacheEntry(entry.file);
  return passed;
}

/** Records the pass; the folder keeps the most recently used records (`maxCacheEntries`, parse-cache.ts). */
async function keepPass(entry: VerdictEntry): Promise<void> {
  await writeCacheEntry(entry.file, entry.folder, entry.record);
}

/** The value at a JSON pointer (`#/a/b~1c`), or undefined. */
function valueAt(document: JsonValue | undefined, pointer: string): JsonValue | undefined {
  const segments = pointerSegmentsOf(pointer);
  if (segments === undefined) return undefined;
  let value = document;
  for (const key of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, JsonValue>)[key];
  }
  return value;
}

function toSpecProblem(
  redocly: Redocly,
  file: string,
  problem: NormalizedProblem,
  document?: JsonObject,
): SpecProblem {
  const location = problem.location[0];
  const position = location ? redocly.getLineColLocation(location).start : undefined;
  let pointer = location?.pointer ?? '#';
  // Redocly points at the operationId's value; point at the `operationId` key itself.
  if (problem.ruleId === 'operation-operationId-unique')
    pointer = pointer.replace(/\/[^/]*$/, '/operationId');
  let message = problem.message;
  if (problem.ruleId === 'no-unresolved-refs') {
    // Redocly points at the schema holding the `$ref` (or at the `$ref` itself); name the target it missed.
    const at = valueAt(document, pointer);
    const ref =
      typeof at === 'string'
        ? at
        : at && typeof at === 'object' && !Array.isArray(at)
          ? at['$ref']
          : undefined;
    if (typeof ref === 'string') message = `${message} ${JSON.stringify(ref)}`;
  }
  return {
    code: codeFor(problem),
    file,
    pointer,
    message,
    ...(position ? { line: position.line, column: position.col } : {}),
  };
}

function codeFor(problem: NormalizedProblem): SpecErrorCode {
  switch (problem.ruleId) {
    case 'no-unresolved-refs':
      return 'dangling-ref';
    case 'operation-operationId-unique':
      return 'duplicate-operation-id';
    case 'struct':
      return /`type`/.test(problem.message) ? 'unknown-type' : 'invalid-openapi';
    default:
      return 'invalid-openapi';
  }
}

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { appendErrorsInPlace } from './ajv-linear-errors.js';
import type { Contract, JsonSchema } from './contract-model.js';
import { defaultContract } from './default-contract.js';

/**
 * Something that needs the request to judge: an evolvable-enum member that Graph hides unless the request opted
 * in with `Prefer: include-unknown-enum-members`. Custom keywords record these, and `rules.ts` classifies them.
 */
export interface EnumObservation {
  readonly kind: 'after-sentinel-member';
  /** RFC 6901 pointer into the validated value. */
  readonly pointer: string;
  readonly value: string;
  readonly sentinel: string;
}

/** What one schema validation found, before classification. */
export interface SchemaCheck {
  readonly valid: boolean;
  readonly errors: readonly ErrorObject[];
  readonly observations: readonly EnumObservation[];
}

/** Validates values against the schemas of one contract. Compiles each schema on first use. */
export interface ContractValidator {
  readonly contract: Contract;
  /** The compiled ajv function of a schema key, e.g. `microsoft.graph.security.incident`. */
  validatorFor(schemaKey: string): ValidateFunction;
  /** Validates `value` against a schema key, with every error (`allErrors`). */
  check(schemaKey: string, value: unknown): SchemaCheck;
}

// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose `default` is the plugin.
const addFormats = formatsModule.default;

interface KeywordContext {
  observations?: EnumObservation[];
}

/**
 * Builds a validator for a contract: ajv (JSON Schema 2020-12) with ajv-formats, `discriminator` for the
 * polymorphic evidence types, and the `x-graph-enum` keyword that notices members after `unknownFutureValue`.
 *
 * @example
 * const validator = createContractValidator();
 * validator.check('microsoft.graph.security.incident', await response.json()).valid;
 */
export function createContractValidator(contract: Contract = defaultContract): ContractValidator {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    discriminator: true,
    passContext: true,
    // Strict: a keyword ajv does not know (OpenAPI 3.0's `nullable`, say) must fail loudly, not be ignored.
    strict: true,
    // Keeps allErrors linear in the number of errors (see ajv-linear-errors.ts).
    code: { process: appendErrorsInPlace },
    schemas: Object.values(contract.schemas) as JsonSchema[] as object[],
  });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: 'x-graph-enum',
    schemaType: 'object',
    // Never fails: whether a hidden member is allowed depends on the request, which only the verifier knows.
    validate(
      this: KeywordContext | undefined,
      rule: { sentinel: string; afterSentinel: readonly string[] },
      data: unknown,
      _parent?: unknown,
      where?: { instancePath: string },
    ): boolean {
      if (typeof data === 'string' && rule.afterSentinel.includes(data) && Array.isArray(this?.observations))
        this.observations.push({
          kind: 'after-sentinel-member',
          pointer: where?.instancePath ?? '',
          value: data,
          sentinel: rule.sentinel,
        });
      return true;
    },
  });
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (schemaKey: string): ValidateFunction => {
    let validate = compiled.get(schemaKey);
    if (!validate) {
      if (!contract.schemas[schemaKey])
        throw new Error(`No schema ${JSON.stringify(schemaKey)} in ${contract.source.file}`);
      validate = ajv.getSchema(contract.schemaIdPrefix + schemaKey)!;
      compiled.set(schemaKey, validate);
    }
    return validate;
  };
  return {
    contract,
    validatorFor,
    check(schemaKey, value) {
      const validate = validatorFor(schemaKey);
      const context: KeywordContext = { observations: [] };
      const valid = validate.call(context, value) as boolean;
      return { valid, errors: validate.errors ?? [], observations: context.observations ?? [] };
    },
  };
}

let shared: ContractValidator | undefined;

/** The validator of the contract generated from this package's spec, created on first use. */
export function contractValidator(): ContractValidator {
  shared ??= createContractValidator();
  return shared;
}

const perContract = new WeakMap<Contract, ContractValidator>();

/** The validator of a contract, created once per contract object; the generated contract's when none is given. */
export function validatorForContract(contract?: Contract): ContractValidator {
  if (!contract || contract === defaultContract) return contractValidator();
  let validator = perContract.get(contract);
  if (!validator) {
    validator = createContractValidator(contract);
    perContract.set(contract, validator);
  }
  return validator;
}

/** Options of {@link validateSchema}. */
export interface ValidateSchemaOptions {
  /** Report drift too: properties the contract does not declare. Default false. */
  readonly strict?: boolean;
}

/** ajv's keywords for a property that a closed schema does not declare: drift, not a broken contract. */
const driftKeywords = new Set(['additionalProperties', 'unevaluatedProperties']);

/**
 * Validates a value against one of the generated schemas, for run-time checks in an application.
 * Returns ajv's errors; use `checkResponse` (from the package root) for classified findings. A property the
 * contract does not know is drift (Graph adds properties without a new version) and is left out unless
 * `strict` is set.
 *
 * @example
 * const errors = validateSchema('microsoft.graph.security.incident', incident);
 * if (errors.length) console.warn('Graph sent an incident outside the contract', errors);
 */
export function validateSchema(
  schemaKey: string,
  value: unknown,
  options: ValidateSchemaOptions = {},
): readonly ErrorObject[] {
  const { errors } = contractValidator().check(schemaKey, value);
  if (options.strict) return errors;
  // `anyOf: [X, {type: null}]` adds "must be null" and "must match anyOf" to X's errors: without X's drift errors
  // they say nothing, unless another error at or below the same place remains.
  const isNoise = (error: ErrorObject): boolean =>
    ['anyOf', 'oneOf', 'if'].includes(error.keyword) ||
    (error.keyword === 'type' &&
      (error.params as { type?: unknown }).type === 'null' &&
      /\/anyOf\/\d+\/type$/.test(error.schemaPath));
  const kept = errors.filter((error) => !driftKeywords.has(error.keyword));
  const real = kept.filter((error) => !isNoise(error));
  return kept.filter(
    (error) =>
      !isNoise(error) ||
      real.some(
        (other) =>
          other.instancePath === error.instancePath ||
          other.instancePath.startsWith(`${error.instancePath}/`),
      ),
  );
}

export type { ErrorObject, ValidateFunction };

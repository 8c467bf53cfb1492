/**
 * `@graph-incidents/contract-tests/validators`: run-time validation for applications, without the CLI, the
 * file system or the HAR reader. Opt-in: nothing else in the project imports it.
 */
export {
  checkResponse,
  type CheckOptions,
  type FetchResultLike,
  type ResponseFinding,
  type ResponseLike,
} from './check-response.js';
export { contractRules, severityOf, type RuleId, type Severity } from './rules.js';
export type { Drift } from './drift.js';
export {
  contractValidator,
  createContractValidator,
  validateSchema,
  type ValidateSchemaOptions,
  type ContractValidator,
  type ErrorObject,
  type SchemaCheck,
} from './validators.js';
export type { OperationId } from './generated/contract.gen.js';

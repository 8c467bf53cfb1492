export type {
  Contract,
  ContractOperation,
  ContractResponse,
  ContractSecurityScheme,
  ContractSource,
  JsonSchema,
  JsonValue,
  SecurityRequirement,
} from './contract-model.js';
export { defaultContract } from './default-contract.js';
export { operations, schemas, type OperationId } from './generated/contract.gen.js';
export { contractRules, severityOf, type RuleDefinition, type RuleId, type Severity } from './rules.js';
export { suggestedSpecAdditions, type Drift, type SuggestedSchema } from './drift.js';
export { matchOperation, matchResponse, mediaType, type OperationMatch } from './operations.js';
export {
  parseRecording,
  type InputProblem,
  type InputProblemCode,
  type RecordedExchange,
  type Recording,
  type SimpleExchange,
} from './recording.js';
export {
  verifyRecording,
  type ExchangeSummary,
  type Finding,
  type SkippedExchange,
  type VerifyOptions,
  type VerifyResult,
} from './verify.js';
export { verifyFiles, findRecordings } from './files.js';
export { contractFromOpenApi, ContractLoadError } from './contract-from-openapi.js';
export { loadContract } from './load-contract.js';
export {
  checkResponse,
  type CheckOptions,
  type FetchResultLike,
  type ResponseFinding,
  type ResponseLike,
} from './check-response.js';
export { contractMatchers, type MatcherContext, type MatcherResult } from './matchers.js';
export {
  createContractValidator,
  validateSchema,
  type ContractValidator,
  type SchemaCheck,
} from './validators.js';
export { main as runCli } from './cli.js';
export {
  runScenario,
  unsignedToken,
  type ScenarioOptions,
  type ScenarioResult,
  type StepOutcome,
} from './scenario.js';
export { recordScenario, type RecordOptions, type RecordResult } from './record.js';
export { createHarRecorder, type HarRecorder } from './har-recorder.js';
export type { Har, HarEntry, HarHeader } from './har.js';
export { redactHar, type RedactOptions } from './redact.js';
export {
  leastPrivilege,
  leastPrivilegeOf,
  openIdScopes,
  type ExcessivePermission,
  type GrantComparison,
  type InsufficientRequest,
  type LeastPrivilegeOptions,
  type LeastPrivilegeResult,
  type PermissionNeed,
  type PermissionType,
  type RequestRef,
  type RequiredPermission,
} from './permissions.js';
export {
  readRecordings,
  type LoadedRecording,
  type NamedRecording,
  type RecordingInput,
} from './recording-input.js';
export { claimsFromComment, permissionClaimsOf, type PermissionClaims } from './token-claims.js';
export { guidance } from './guidance-recordings.js';
export {
  guidanceRules,
  retryAfterToleranceMs,
  type GuidanceOptions,
  type GuidanceRule,
  type GuidanceRuleId,
} from './guidance.js';

import type { Contract, ContractOperation } from './contract-model.js';
import { type GuidanceRuleId, guidanceFor } from './guidance.js';
import { checkODataContext } from './odata-context.js';
import { isJsonMediaType, matchOperation, matchResponse, mediaType } from './operations.js';
import {
  type InputProblem,
  parseRecording,
  type RecordedBody,
  type RecordedExchange,
  type Recording,
} from './recording.js';
import {
  type BodyFinding,
  classifySchemaCheck,
  dedupeFindings,
  findQuirks,
  type RequestContext,
  type RuleId,
  type Severity,
  severityOf,
} from './rules.js';
import { type ContractValidator, contractValidator, validatorForContract } from './validators.js';

/** One classified finding, with the exchange it was recorded in. */
export interface Finding extends Omit<BodyFinding, 'rule'>, ExchangeSummary {
  /** A contract rule (`contractRules`) or a guidance rule (`guidanceRules`). */
  readonly rule: RuleId | GuidanceRuleId;
  readonly severity: Severity;
  /** Guidance findings: the one-line fix. */
  readonly fix?: string;
}

/** An exchange that is not an operation of this API (another Graph resource, a font, a login page…). */
export interface SkippedExchange {
  readonly file?: string;
  readonly entry: number;
  readonly method: string;
  readonly url: string;
  readonly reason: string;
}

/** One recorded exchange as read, whatever became of it: the unit a report lists (e.g. a JUnit test case). */
export interface ExchangeSummary {
  readonly file?: string;
  /** The index of the exchange in its recording, from 0. */
  readonly entry: number;
  /** The operation it matched; absent when it matched none. */
  readonly operationId?: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

export interface VerifyResult {
  /** Every exchange read, in recording order (verified, skipped or unusable). */
  readonly exchanges: readonly ExchangeSummary[];
  readonly findings: readonly Finding[];
  /** Inputs that could not be verified at all. */
  readonly problems: readonly InputProblem[];
  /** Exchanges checked against an operation. */
  readonly verified: number;
  readonly skipped: readonly SkippedExchange[];
}

export interface VerifyOptions {
  /** The contract to verify against. Default: the one generated from this package's spec. */
  readonly contract?: Contract;
  /** The file the recording came from, for messages. */
  readonly file?: string;
  /** Drift (a property the contract does not know, a newer enum member) is an error, not a warning. Default false. */
  readonly strict?: boolean;
  /**
   * Add guidance findings (severity `info`, see `guidanceRules`). `environment: 'production'` also flags `/beta`;
   * `strict` makes them errors. Default: none (the CLI turns them on).
   */
  readonly guidance?: boolean | { readonly environment?: string; readonly strict?: boolean };
}

/**
 * Checks every exchange of a recording against the contract: the operation (method and path template), the
 * status, the `Content-Type` and the body's schema. Never throws on bad input; it reports problems.
 *
 * @example
 * const result = verifyRecording(JSON.parse(await readFile('recordings/incidents.har', 'utf8')));
 * expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
 */
export function verifyRecording(recording: Recording | unknown, options: VerifyOptions = {}): VerifyResult {
  const { exchanges, problems } = parseRecording(recording, options.file);
  const validator = validatorForContract(options.contract);
  const findings: Finding[] = [];
  const skipped: SkippedExchange[] = [];
  const summaries: ExchangeSummary[] = [];
  const allProblems = [...problems];
  let verified = 0;
  for (const exchange of exchanges) {
    const outcome = verifyExchangeSafely(exchange, validator, options.file, options.strict ?? false);
    const { method, url } = exchange.request;
    summaries.push({
      ...(options.file === undefined ? {} : { file: options.file }),
      entry: exchange.index,
      ...(outcome.operationId === undefined ? {} : { operationId: outcome.operationId }),
      method,
      url,
      status: exchange.response.status,
    });
    if (outcome.kind === 'skipped') skipped.push(outcome.skipped);
    else if (outcome.kind === 'problem') allProblems.push(outcome.problem);
    else {
      verified += 1;
      // A loop, not push(...): an argument list of more than ~125,000 overflows the stack.
      for (const finding of capFindings(outcome.findings)) findings.push(finding);
    }
  }
  if (options.guidance) {
    const { environment, strict } = options.guidance === true ? {} : options.guidance;
    const advice = guidanceFor(exchanges, {
      ...(options.contract ? { contract: options.contract } : {}),
      ...(environment === undefined ? {} : { environment }),
      ...(options.file === undefined ? {} : { file: options.file }),
    });
    for (const finding of advice) findings.push(strict ? { ...finding, severity: 'error' } : finding);
  }
  return { exchanges: summaries, findings, problems: allProblems, verified, skipped };
}

/** Findings kept per exchange; one `more-findings` finding counts the rest. */
export const maxFindingsPerExchange = 100;

/**
 * The first {@link maxFindingsPerExchange} findings of one exchange, errors before warnings so that the exit code
 * is the same as with all of them, then one `more-findings` finding that counts the rest.
 */
function capFindings(findings: readonly Finding[]): readonly Finding[] {
  if (findings.length <= maxFindingsPerExchange) return findings;
  const errors = findings.filter((f) => f.severity === 'error');
  const ordered = [...errors, ...findings.filter((f) => f.severity !== 'error')];
  const restErrors = Math.max(0, errors.length - maxFindingsPerExchange);
  const rest = findings.length - maxFindingsPerExchange;
  const { file, entry, operationId, method, url, status } = findings[0]!;
  return [
    ...ordered.slice(0, maxFindingsPerExchange),
    {
      ...(file === undefined ? {} : { file }),
      entry,
      ...(operationId === undefined ? {} : { operationId }),
      method,
      url,
      status,
      rule: 'more-findings',
      severity: severityOf('more-findings'),
      pointer: '',
      expected: `at most ${maxFindingsPerExchange} findings listed per exchange`,
      found: `${rest} more (${restErrors} errors, ${rest - restErrors} warnings)`,
    },
  ];
}

/**
 * {@link verifyExchange}, with anything it throws (a body nested deeper than the stack allows) turned into a
 * problem that names the exchange, so that one hostile exchange cannot end the run without a report.
 */
function verifyExchangeSafely(
  exchange: RecordedExchange,
  validator: ContractValidator,
  file: string | undefined,
  strict: boolean,
): ExchangeOutcome {
  try {
    return verifyExchange(exchange, validator, file, strict);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      kind: 'problem',
      problem: {
        code: 'unverifiable',
        ...(file === undefined ? {} : { file }),
        entry: exchange.index,
        message: `this exchange could not be verified (${reason}); is its body nested thousands of levels deep?`,
      },
    };
  }
}

type ExchangeOutcome = (
  | { kind: 'verified'; findings: Finding[] }
  | { kind: 'skipped'; skipped: SkippedExchange }
  | { kind: 'problem'; problem: InputProblem }
) & { operationId?: string };

function verifyExchange(
  exchange: RecordedExchange,
  validator: ContractValidator,
  file: string | undefined,
  strict: boolean,
): ExchangeOutcome {
  const { request, response } = exchange;
  const where = {
    ...(file === undefined ? {} : { file }),
    entry: exchange.index,
    method: request.method,
    url: request.url,
    status: response.status,
  };
  const match = matchOperation(validator.contract, request.method, request.url);
  if (match.kind === 'not-in-contract')
    return { kind: 'skipped', skipped: { ...where, reason: match.reason } };
  const finding = (body: BodyFinding, operation?: ContractOperation): Finding => ({
    ...where,
    ...(operation ? { operationId: operation.operationId } : {}),
    severity: severityOf(body.rule, { strict }),
    ...body,
  });
  const unparseable = (problem: { message: string; line?: number; column?: number }): ExchangeOutcome => ({
    kind: 'problem',
    problem: {
      code: 'unparseable-body',
      ...(file === undefined ? {} : { file }),
      entry: exchange.index,
      ...problem,
    },
  });
  if (match.kind === 'method-not-declared' && response.status === 405) {
    // The service refused the undeclared method, as it should: check the body as the path's error response.
    const sibling = validator.contract.operations.find((op) => op.path === match.path)!;
    const parsed = checkResponseParts(
      sibling,
      { status: response.status, contentType: response.contentType, body: response.body },
      { includeUnknownEnumMembers: false },
      validator,
    );
    if ('problem' in parsed) return unparseable(parsed.problem);
    return { kind: 'verified', findings: parsed.findings.map((body) => finding(body)) };
  }
  if (match.kind === 'method-not-declared')
    return {
      kind: 'verified',
      findings: [
        finding({
          rule: 'unknown-operation',
          pointer: '',
          expected: `${match.methods.join(' or ')} ${match.path}`,
          found: request.method,
        }),
      ],
    };
  const { operation, pathParams } = match;
  const parsed = checkResponseParts(
    operation,
    { status: response.status, contentType: response.contentType, body: response.body },
    {
      includeUnknownEnumMembers: prefersUnknownMembers(request.headers['prefer']),
      ...selectOf(request.url),
    },
    validator,
  );
  if ('problem' in parsed) return { ...unparseable(parsed.problem), operationId: operation.operationId };
  const bodyFindings = [...parsed.findings];
  if (response.status >= 200 && response.status < 300) {
    const context = checkODataContext(operation, pathParams, parsed.body);
    if (context) bodyFindings.push(context);
  }
  return {
    kind: 'verified',
    findings: bodyFindings.map((body) => finding(body, operation)),
    operationId: operation.operationId,
  };
}

/** The recorded parts of one response. */
export interface ResponseParts {
  readonly status: number;
  readonly contentType?: string | undefined;
  readonly body: RecordedBody;
}

/**
 * Checks one response of a known operation: status, media type, then the body's schema and the quirk rules.
 * Returns the parsed body too, or the position where the body failed to parse.
 */
export function checkResponseParts(
  operation: ContractOperation,
  response: ResponseParts,
  request: RequestContext,
  validator: ContractValidator = contractValidator(),
):
  | { findings: BodyFinding[]; body: unknown }
  | { problem: { message: string; line?: number; column?: number } } {
  const findings: BodyFinding[] = [];
  const declared = matchResponse(operation, response.status);
  if (!declared) {
    findings.push({
      rule: 'undeclared-status',
      pointer: '',
      expected: operation.responses.map((r) => r.status).join(', '),
      found: String(response.status),
    });
    return { findings, body: undefined };
  }
  if (
    declared.contentType &&
    response.contentType &&
    mediaType(response.contentType) !== mediaType(declared.contentType)
  )
    findings.push({
      rule: 'wrong-content-type',
      pointer: '',
      expected: declared.contentType,
      found: response.contentType,
    });
  if (!declared.schema) return { findings, body: undefined };

  let body: unknown;
  const recorded = response.body;
  if (recorded.kind === 'none' || (recorded.kind === 'text' && recorded.text.trim() === '')) {
    findings.push({
      rule: 'missing-body',
      pointer: '',
      expected: `a ${declared.schema} body`,
      found: 'no body',
    });
    return { findings, body: undefined };
  }
  if (recorded.kind === 'json') body = recorded.value;
  else if (!declared.contentType || isJsonMediaType(declared.contentType)) {
    try {
      body = JSON.parse(recorded.text);
    } catch (error) {
      const { message, ...position } = jsonProblem(recorded.text, error);
      return { problem: { message: `the body is ${message}`, ...position } };
    }
  } else {
    // text/plain, e.g. `$count`: a number when it looks like one, so that an integer schema can judge it.
    const text = recorded.text.trim();
    body = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  const check = validator.check(declared.schema, body);
  // Loops, not push(...): a body can have more errors than an argument list can hold.
  for (const finding of classifySchemaCheck(check.errors, check.observations, request))
    findings.push(finding);
  for (const finding of findQuirks(body)) findings.push(finding);
  return { findings: dedupeFindings(findings), body };
}

/**
 * The `$select` of a request URL, as a set of property names. On `/beta` it may be spelled `select` (docs:
 * learn.microsoft.com/graph/query-parameters, "On the beta endpoint, the $ prefix is optional").
 */
export function selectOf(url: string): { select?: ReadonlySet<string> } {
  let value: string | null;
  try {
    const parsed = new URL(url, 'https://graph.microsoft.com');
    value =
      parsed.searchParams.get('$select') ??
      (/^\/beta\//.test(parsed.pathname) ? parsed.searchParams.get('select') : null);
  } catch {
    return {};
  }
  return value === null ? {} : { select: new Set(value.split(',').map((name) => name.trim())) };
}

/** True when a `Prefer` header opts in to enum members after `unknownFutureValue`. */
export function prefersUnknownMembers(prefer: string | undefined): boolean {
  return (prefer ?? '')
    .split(',')
    .some((preference) => preference.trim().toLowerCase() === 'include-unknown-enum-members');
}

/**
 * Why a text is not JSON, with a line and column. Node 20's `JSON.parse` names no position for an unexpected
 * token, so the commonest cause in Graph's documentation, a trailing comma, is looked for first.
 */
export function jsonProblem(
  text: string,
  error: unknown,
): { message: string; line?: number; column?: number } {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  const comma = trailingComma(text);
  const position = /position (\d+)/.exec(reason)?.[1];
  const offset = comma ?? (position === undefined ? undefined : Number(position));
  if (offset === undefined) return { message: `not valid JSON: ${reason}` };
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return {
    message:
      comma === undefined
        ? `not valid JSON at line ${line}, column ${column}: ${reason.replace(/ in JSON at position.*$/, '')}`
        : `not valid JSON: trailing comma at line ${line}, column ${column}`,
    line,
    column,
  };
}

const whitespace = /\s*/y;

/** The offset of the first comma that is followed, after whitespace, by `]` or `}`, outside strings. */
function trailingComma(text: string): number | undefined {
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === ',') {
      // Skips the whitespace in place: slicing the rest of the text at every comma made this quadratic.
      whitespace.lastIndex = i + 1;
      whitespace.exec(text);
      const next = text[whitespace.lastIndex];
      if (next === ']' || next === '}') return i;
    }
  }
  return undefined;
}

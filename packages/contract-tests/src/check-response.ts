import type { Contract } from './contract-model.js';
import type { OperationId } from './generated/contract.gen.js';
import type { RecordedBody } from './recording.js';
import { type BodyFinding, type Severity, severityOf } from './rules.js';
import { validatorForContract } from './validators.js';
import { checkResponseParts, prefersUnknownMembers } from './verify.js';

/** A response as a test or an application holds it. */
export interface ResponseLike {
  readonly status: number;
  /** Only `content-type` is read. A `Headers` object works too. */
  readonly headers?: Readonly<Record<string, string>> | { get(name: string): string | null };
  /** Parsed JSON, or the raw text of the body as a string. */
  readonly body?: unknown;
}

/** What openapi-fetch returns: `{ data, error, response }`. */
export interface FetchResultLike {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

export interface CheckOptions {
  /** The request sent `Prefer: include-unknown-enum-members`. Default: false. */
  readonly includeUnknownEnumMembers?: boolean;
  /** The request's `$select`: properties it left out are not missing. Default: none (every property is due). */
  readonly select?: readonly string[];
  /** The contract to check against. Default: the one generated from this package's spec. */
  readonly contract?: Contract;
  /**
   * Drift is an error: a property the contract does not declare (Graph adds properties without a new version) or
   * a newer enum member. Default false: drift is a warning, and the matcher passes.
   */
  readonly strict?: boolean;
}

/** A classified finding about one response. */
export interface ResponseFinding extends BodyFinding {
  readonly severity: Severity;
}

/**
 * Checks one response of an operation against the contract, for run-time validation or a test. Body
 * parse failures are reported as a `wrong-type` finding at the root.
 *
 * @example
 * const { data, response } = await client.GET('/security/incidents/{incidentId}', …);
 * const errors = checkResponse('getIncident', { status: response.status, body: data })
 *   .filter((finding) => finding.severity === 'error');
 */
export function checkResponse(
  operationId: OperationId | (string & {}),
  response: ResponseLike,
  options: CheckOptions = {},
): ResponseFinding[] {
  const validator = validatorForContract(options.contract);
  const operation = validator.contract.operations.find((op) => op.operationId === operationId);
  if (!operation)
    throw new Error(
      `Unknown operationId ${JSON.stringify(operationId)}; the contract has ${validator.contract.operations
        .map((op) => op.operationId)
        .join(', ')}`,
    );
  if (typeof response?.status !== 'number')
    throw new TypeError('checkResponse needs a response with a numeric `status`');
  const contentType = headerOf(response.headers, 'content-type');
  const body: RecordedBody =
    response.body === undefined
      ? { kind: 'none' }
      : typeof response.body === 'string'
        ? { kind: 'text', text: response.body }
        : { kind: 'json', value: response.body };
  const result = checkResponseParts(
    operation,
    { status: response.status, contentType, body },
    {
      includeUnknownEnumMembers: options.includeUnknownEnumMembers ?? false,
      ...(options.select ? { select: new Set(options.select) } : {}),
    },
    validator,
  );
  const findings: BodyFinding[] =
    'problem' in result
      ? [{ rule: 'wrong-type', pointer: '', expected: 'a JSON body', found: result.problem.message }]
      : result.findings;
  return findings.map((finding) => ({
    ...finding,
    severity: severityOf(finding.rule, { strict: options.strict ?? false }),
  }));
}

/**
 * Reads what the matcher was given: a fetch `Response` (its body is read from a clone), an openapi-fetch
 * result, or a plain `{ status, headers?, body? }`.
 */
export async function toResponseLike(received: unknown): Promise<ResponseLike> {
  if (typeof Response !== 'undefined' && received instanceof Response) {
    const text = await received.clone().text();
    return { status: received.status, headers: received.headers, ...(text === '' ? {} : { body: text }) };
  }
  return toResponseLikeSync(received);
}

/** Like {@link toResponseLike}, for everything but a fetch `Response`. */
export function toResponseLikeSync(received: unknown): ResponseLike {
  if (received !== null && typeof received === 'object') {
    const fetchResult = received as Partial<FetchResultLike>;
    if (typeof Response !== 'undefined' && fetchResult.response instanceof Response) {
      const body = fetchResult.data ?? fetchResult.error;
      return {
        status: fetchResult.response.status,
        headers: fetchResult.response.headers,
        ...(body === undefined ? {} : { body }),
      };
    }
    if (typeof (received as ResponseLike).status === 'number') return received as ResponseLike;
  }
  throw new TypeError(
    'expected a fetch Response, an openapi-fetch result ({ data, error, response }) or { status, headers?, body? }',
  );
}

/** The request's `Prefer` header → the option that judges hidden enum members. */
export function includeUnknownEnumMembersFrom(prefer: string | undefined): boolean {
  return prefersUnknownMembers(prefer);
}

function headerOf(headers: ResponseLike['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string>))
    if (key.toLowerCase() === name) return value;
  return undefined;
}

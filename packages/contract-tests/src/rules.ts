import { append } from '@hyperjump/json-pointer';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { type Drift, driftOf } from './drift.js';
import { schemaIdPrefix } from './generated/contract.gen.js';
import type { EnumObservation } from './validators.js';

/**
 * `error`: the contract is broken. `warning`: a documented Graph quirk that clients must tolerate. `info`: guidance
 * on how the client calls Graph (see `guidance.ts`), which never fails a run unless asked.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface RuleDefinition {
  readonly severity: Severity;
  /** An additive change of Graph's (drift): the severity above by default, an error in strict mode. */
  readonly drift?: true;
  /** When the rule applies, in one sentence. */
  readonly when: string;
}

/**
 * Every classification rule, in one reviewable table. Change a severity here and nowhere else.
 *
 * Not a finding, by decision: a missing *nullable* property. The types declare such properties optional, and a
 * response to `$select` legitimately leaves them out, so a missing `null` cannot break a client.
 */
export const contractRules = {
  'unknown-operation': {
    severity: 'error',
    when: 'The path matches a path of the contract, but no operation there has the recorded method, and the service did not refuse it with 405.',
  },
  'undeclared-status': {
    severity: 'error',
    when: 'The status is none of the declared responses (exact code, `4XX`-style range, or `default`).',
  },
  'wrong-content-type': {
    severity: 'error',
    when: 'The media type differs from the declared one. Parameters (`odata.metadata=minimal`, `charset`…) are ignored.',
  },
  'missing-body': {
    severity: 'error',
    when: 'The declared response has a body schema, and the recorded response has no body.',
  },
  'wrong-type': {
    severity: 'error',
    when: 'A value has the wrong JSON type, `null` where null is not allowed included.',
  },
  'missing-property': {
    severity: 'error',
    when: 'A required (non-null) property is missing, and no `$select` in the request left it out.',
  },
  'unknown-property': {
    severity: 'warning',
    drift: true,
    when: 'Drift: a closed type has a property that the contract does not declare (Graph adds properties without a new version, as `priorityScore` in 2026). The finding names its JSON type and the spec addition, in YAML. An error in strict mode.',
  },
  'invalid-enum-value': {
    severity: 'error',
    when: 'An enum value is not a member (case-sensitive: `Active` is not `active`), and the request did not opt in to newer members.',
  },
  'wrong-odata-type': {
    severity: 'error',
    when: '`@odata.type` names another type than the contract, e.g. `#microsoft.graph.incident`, or an unknown evidence kind.',
  },
  'wrong-odata-context': {
    severity: 'error',
    when: '`@odata.context` does not name the resource the request addressed, e.g. `alerts_v2(…)/comments` for an incident.',
  },
  'invalid-value': {
    severity: 'error',
    when: 'A value breaks another schema rule: a format (`date-time`, `uuid`…), a bound, a pattern or a constant.',
  },
  'hidden-enum-member': {
    severity: 'warning',
    when: 'A member declared after `unknownFutureValue` arrives without `Prefer: include-unknown-enum-members`. Graph should send the sentinel, but its own examples show such members (evidence `remediationStatus: active`), and the read types accept them.',
  },
  'newer-enum-member': {
    severity: 'warning',
    drift: true,
    when: 'A value that is no member of this contract arrives after the request sent `Prefer: include-unknown-enum-members`: a member Graph added later. Regenerate from a newer spec.',
  },
  'more-findings': {
    severity: 'warning',
    when: 'One exchange has more than 100 findings: the first 100 are listed (errors first, so the exit code stays the same) and this one counts the rest.',
  },
  'innerError-date-without-timezone': {
    severity: 'warning',
    when: '`innerError.date` is a date-time without a time zone (`2024-02-18T16:46:20`), as real Graph errors send it.',
  },
} as const satisfies Record<string, RuleDefinition>;

export type RuleId = keyof typeof contractRules;

/** The severity of a rule's findings: drift rules are errors in strict mode (`--strict`, `{ strict: true }`). */
export function severityOf(rule: RuleId, options: { readonly strict?: boolean } = {}): Severity {
  const definition: RuleDefinition = contractRules[rule];
  return options.strict && definition.drift ? 'error' : definition.severity;
}

/** One classified problem in a body, before the verifier adds where it was recorded. */
export interface BodyFinding {
  readonly rule: RuleId;
  /** RFC 6901 pointer into the response body (`''` is the whole body). */
  readonly pointer: string;
  readonly expected: string;
  readonly found: string;
  /** For drift (`unknown-property`): the property's JSON type and the spec addition that would declare it. */
  readonly drift?: Drift;
}

/** What the request said that changes how a response is judged. */
export interface RequestContext {
  /** The request sent `Prefer: include-unknown-enum-members`. */
  readonly includeUnknownEnumMembers: boolean;
  /** The properties the request's `$select` asked for; absent without `$select`. */
  readonly select?: ReadonlySet<string>;
}

/** Turns ajv's errors and the enum observations of one body into classified findings. */
export function classifySchemaCheck(
  errors: readonly ErrorObject[],
  observations: readonly EnumObservation[],
  context: RequestContext,
): BodyFinding[] {
  const findings: BodyFinding[] = [];
  for (const error of relevantErrors(errors)) {
    const finding = classifyError(error, context);
    if (!(finding.rule === 'missing-property' && leftOutBySelect(finding.pointer, context.select)))
      findings.push(finding);
  }
  for (const observation of observations)
    if (!context.includeUnknownEnumMembers)
      findings.push({
        rule: 'hidden-enum-member',
        pointer: observation.pointer,
        expected: `${quote(observation.sentinel)} without Prefer: include-unknown-enum-members`,
        found: quote(observation.value),
      });
  return dedupeFindings(findings);
}

/** `$select` leaves out the entity's other properties: `/status` or `/value/3/status`, not nested ones. */
function leftOutBySelect(pointer: string, select: ReadonlySet<string> | undefined): boolean {
  const name = /^(?:\/value\/\d+)?\/([^/]+)$/.exec(pointer)?.[1];
  return select !== undefined && name !== undefined && !select.has(name);
}

/**
 * Drops the noise of `allErrors`: for `anyOf: [X, {type: null}]` ajv reports the failed X, "must be null" and
 * "must match a schema in anyOf"; only X's errors say what is wrong. A type error also hides the enum, const and
 * format errors of the same value.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const isCombinatorNoise = (error: ErrorObject): boolean =>
    ['anyOf', 'oneOf', 'if'].includes(error.keyword) ||
    (error.keyword === 'type' &&
      (error.params as { type?: unknown }).type === 'null' &&
      /\/anyOf\/\d+\/type$/.test(error.schemaPath));
  // Every instance path at or above a substantive error, so that each combinator error is judged in one look-up
  // (comparing every pair made a body with many errors quadratic).
  const explained = new Set<string>();
  for (const error of errors) {
    if (isCombinatorNoise(error)) continue;
    for (let path = error.instancePath; !explained.has(path); path = path.slice(0, path.lastIndexOf('/'))) {
      explained.add(path);
      if (path === '') break;
    }
  }
  const kept = errors.filter((error) => !isCombinatorNoise(error) || !explained.has(error.instancePath));
  const typeErrors = new Set(kept.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return kept.filter((error) => error.keyword === 'type' || !typeErrors.has(error.instancePath));
}

function classifyError(error: ErrorObject, context: RequestContext): BodyFinding {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const found = (): string => describe(error.data);
  switch (error.keyword) {
    case 'required':
      return {
        rule: 'missing-property',
        pointer: append(String(params['missingProperty']), at),
        expected: 'present',
        found: 'absent',
      };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params['additionalProperty'] ?? params['unevaluatedProperty']);
      const value = (error.data as Record<string, unknown> | null)?.[name];
      const parent = error.parentSchema as { $id?: unknown; allOf?: unknown } | undefined;
      const id = typeof parent?.$id === 'string' ? parent.$id : '';
      const schema = id.startsWith(schemaIdPrefix) ? id.slice(schemaIdPrefix.length) : error.schemaPath;
      const drift = driftOf(schema, Array.isArray(parent?.allOf), name, value);
      return {
        rule: 'unknown-property',
        pointer: append(name, at),
        expected: `no such property in ${schema}`,
        found: `${name} (${drift.jsonType})`,
        drift,
      };
    }
    case 'type':
      return {
        rule: 'wrong-type',
        pointer: at,
        expected: String(params['type']),
        found: jsonType(error.data),
      };
    case 'discriminator':
      return params['error'] === 'mapping'
        ? {
            rule: 'wrong-odata-type',
            pointer: append(String(params['tag']), at),
            expected: 'a kind the contract declares',
            found: describe(params['tagValue']),
          }
        : {
            rule: 'wrong-type',
            pointer: append(String(params['tag']), at),
            expected: 'string',
            found: found(),
          };
    case 'const':
      return isODataType(at)
        ? {
            rule: 'wrong-odata-type',
            pointer: at,
            expected: describe(params['allowedValue']),
            found: found(),
          }
        : { rule: 'invalid-value', pointer: at, expected: describe(params['allowedValue']), found: found() };
    case 'enum':
      return classifyEnum(error, context);
    case 'format':
      if (isInnerErrorDate(at) && typeof error.data === 'string' && localDateTime.test(error.data))
        return innerErrorDateFinding(at, error.data);
      return {
        rule: 'invalid-value',
        pointer: at,
        expected: `format ${String(params['format'])}`,
        found: found(),
      };
    default:
      return {
        rule: 'invalid-value',
        pointer: at,
        expected: `${error.keyword}: ${error.message ?? ''}`,
        found: found(),
      };
  }
}

function classifyEnum(error: ErrorObject, context: RequestContext): BodyFinding {
  const at = error.instancePath;
  const allowed = ((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
  const found = describe(error.data);
  if (isODataType(at)) return { rule: 'wrong-odata-type', pointer: at, expected: list(allowed), found };
  const evolvable =
    (error.parentSchema as Record<string, unknown> | undefined)?.['x-graph-enum'] !== undefined;
  const value = typeof error.data === 'string' ? error.data : undefined;
  const sameLetters = value && allowed.find((member) => member.toLowerCase() === value.toLowerCase());
  if (sameLetters)
    return {
      rule: 'invalid-enum-value',
      pointer: at,
      expected: `${quote(sameLetters)} (members are case-sensitive camelCase)`,
      found,
    };
  if (evolvable && value !== undefined && context.includeUnknownEnumMembers)
    return { rule: 'newer-enum-member', pointer: at, expected: list(allowed), found };
  return { rule: 'invalid-enum-value', pointer: at, expected: list(allowed), found };
}

/** A date and time without `Z` or an offset. */
const localDateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/;

function isInnerErrorDate(pointer: string): boolean {
  return /^\/error\/innerError(\/innerError)*\/date$/.test(pointer);
}

function innerErrorDateFinding(pointer: string, value: string): BodyFinding {
  return {
    rule: 'innerError-date-without-timezone',
    pointer,
    expected: 'a date-time with Z or an offset',
    found: quote(value),
  };
}

/**
 * Quirks that the schema allows but clients must still know about. The spec types `innerError.date` as a plain
 * string (real errors leave out the time zone), so it is recognised here by its place and shape.
 */
export function findQuirks(body: unknown): BodyFinding[] {
  const findings: BodyFinding[] = [];
  let inner: unknown = (body as { error?: { innerError?: unknown } } | null)?.error?.innerError;
  let pointer = '/error/innerError';
  while (inner !== null && typeof inner === 'object') {
    const date = (inner as Record<string, unknown>)['date'];
    if (typeof date === 'string' && localDateTime.test(date))
      findings.push(innerErrorDateFinding(`${pointer}/date`, date));
    inner = (inner as Record<string, unknown>)['innerError'];
    pointer += '/innerError';
  }
  return findings;
}

/** The findings without repeats of the same rule at the same pointer, in their first order. */
export function dedupeFindings(findings: readonly BodyFinding[]): BodyFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.rule} ${finding.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isODataType(pointer: string): boolean {
  return pointer.endsWith('/@odata.type');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** The longest text {@link describe} returns. */
const describedLength = 80;

/**
 * A value as it appears in a message: its JSON, cut short. Only the start is ever written, so the work is bounded
 * whatever the value's size or depth (a property nested 5,000 levels deep overflowed `JSON.stringify`'s stack).
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const parts: string[] = [];
  let length = 0;
  const write = (text: string): void => {
    parts.push(text);
    length += text.length;
  };
  // Each level writes at least one character before it descends, so the recursion is at most describedLength deep.
  const walk = (node: unknown): void => {
    if (length > describedLength) return;
    if (node === null || typeof node !== 'object') {
      // A long string is cut before it is quoted; what is cut falls beyond the shown text anyway.
      const shown = typeof node === 'string' ? node.slice(0, describedLength + 1) : node;
      write(JSON.stringify(shown) ?? 'null');
      return;
    }
    const array = Array.isArray(node);
    write(array ? '[' : '{');
    let first = true;
    for (const key in node) {
      if (length > describedLength) return;
      if (!Object.hasOwn(node, key)) continue;
      const item = (node as Record<string, unknown>)[key];
      if (!array && (item === undefined || typeof item === 'function')) continue;
      write(`${first ? '' : ','}${array ? '' : `${JSON.stringify(key)}:`}`);
      first = false;
      walk(item === undefined || typeof item === 'function' ? null : item);
    }
    write(array ? ']' : '}');
  };
  walk(value);
  const text = parts.join('');
  return text.length > describedLength ? `${text.slice(0, describedLength - 3)}...` : text;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function list(values: readonly string[]): string {
  const shown = values.slice(0, 6).map(quote).join(', ');
  return `one of ${shown}${values.length > 6 ? `, … (${values.length} members)` : ''}`;
}

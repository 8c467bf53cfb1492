import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The live-service bodies quoted in ../shared/graph-reference/facts.md §8 ("Field reports"), read in place so that the
 * tests compare the mock with them field by field instead of with a copy.
 */
export const factsFile = fileURLToPath(
  new URL('../../../../shared/graph-reference/facts.md', import.meta.url),
);
export const haveFacts = existsSync(factsFile);

export interface CapturedError {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: unknown[];
    readonly innerError: Readonly<Record<string, string>>;
  };
}

/** The body quoted in §8 whose text starts with `{"error":{"code":"<code>","message":"<messageStart>`. */
export function fieldReportBody(code: string, messageStart: string): CapturedError {
  const text = readFileSync(factsFile, 'utf8');
  const section = text.slice(text.indexOf('## 8.'));
  const prefix = `{"error":{"code":${JSON.stringify(code)},"message":${JSON.stringify(messageStart).slice(0, -1)}`;
  const start = section.indexOf(`\`${prefix}`);
  if (start < 0) throw new Error(`facts.md §8 quotes no body starting ${prefix}`);
  const end = section.indexOf('`', start + 1);
  return JSON.parse(section.slice(start + 1, end)) as CapturedError;
}

/** §8, wazuh/wazuh #27579 and #28070: `GET /v1.0/security/incidents?$top=100` → 400. */
export const topOver50 = () => fieldReportBody('', 'The query specified in the URI is not valid.');

/** §8, microsoft-graph-docs-contrib #6337 and msgraph-sdk-php #632: a body Graph cannot read as JSON → 400. */
export const unreadableJson = () => fieldReportBody('BadRequest', 'Unable to read JSON request payload.');

/**
 * Compares a mock error body with a captured one field by field: the same keys at each level, the same `code`,
 * `message` and `details`, and `innerError` with `date` (no time zone, as captured), `request-id` and
 * `client-request-id`. `message` is compared only when `sameMessage` (the `$top` one names the value sent).
 */
export function expectSameEnvelope(
  actual: CapturedError,
  captured: CapturedError,
  expect: (value: unknown, message?: string) => { toEqual(other: unknown): void; toMatch(re: RegExp): void },
  sameMessage = true,
): void {
  expect(Object.keys(actual).sort(), 'top level').toEqual(Object.keys(captured).sort());
  expect(Object.keys(actual.error).sort(), 'error').toEqual(Object.keys(captured.error).sort());
  expect(actual.error.code, 'error.code').toEqual(captured.error.code);
  if (sameMessage) expect(actual.error.message, 'error.message').toEqual(captured.error.message);
  expect(actual.error.details, 'error.details').toEqual(captured.error.details);
  expect(Object.keys(actual.error.innerError).sort(), 'innerError').toEqual(
    Object.keys(captured.error.innerError).sort(),
  );
  expect(actual.error.innerError['date'], 'innerError.date').toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
}

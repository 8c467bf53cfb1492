import type { ContractOperation } from './contract-model.js';
import type { BodyFinding } from './rules.js';

/**
 * Checks that `@odata.context` names the resource the request addressed. Graph builds it from the request path:
 * `$metadata#security/incidents` for the list (with a projection such as `(alerts())` after `$expand` or
 * `$select`), `$metadata#security/incidents/$entity` for one incident, and
 * `$metadata#security/incidents('545')/comments` under one incident. A context copied from another API, such as
 * `security/alerts_v2('…')/comments`, is wrong. An absent context is fine.
 */
export function checkODataContext(
  operation: ContractOperation,
  pathParams: Readonly<Record<string, string>>,
  body: unknown,
): BodyFinding | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const context = (body as Record<string, unknown>)['@odata.context'];
  if (typeof context !== 'string') return undefined;
  const { pattern, expected } = expectedContext(operation, pathParams);
  const fragment = /\$metadata#(.*)$/.exec(context)?.[1];
  if (fragment !== undefined && pattern.test(fragment)) return undefined;
  return {
    rule: 'wrong-odata-context',
    pointer: '/@odata.context',
    expected: `…/$metadata#${expected}`,
    found: JSON.stringify(context),
  };
}

/** The context fragment an operation's response must carry, as a pattern and as text for messages. */
export function expectedContext(
  operation: ContractOperation,
  pathParams: Readonly<Record<string, string>>,
): { pattern: RegExp; expected: string } {
  const segments = operation.path.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  const entity = /^\{.+\}$/.test(last);
  const parts: { text: string; source: string }[] = [];
  for (const [index, segment] of segments.entries()) {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (param === undefined) {
      parts.push({ text: segment, source: escape(segment) });
    } else if (!(entity && index === segments.length - 1)) {
      // A key inside the path: `incidents('545')`, quoted or not.
      const value = pathParams[param] ?? '';
      const previous = parts.pop() ?? { text: '', source: '' };
      parts.push({
        text: `${previous.text}('${value}')`,
        source: `${previous.source}\\('?${escape(value)}'?\\)`,
      });
    }
  }
  const projection = '(\\(.*\\))?';
  const path = parts.map((p) => p.source).join('/');
  const text = parts.map((p) => p.text).join('/');
  return entity
    ? { pattern: new RegExp(`^${path}${projection}/\\$entity$`), expected: `${text}/$entity` }
    : { pattern: new RegExp(`^${path}${projection}$`), expected: text };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

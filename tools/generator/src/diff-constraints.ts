import type { JsonObject, JsonValue } from './load.ts';
import { change, type ChangeSite, type SpecChange } from './diff-rules.ts';
import { joinPointer } from './json-pointer.ts';

/** Upper bounds: a smaller value, or a new bound, is tighter. */
const upperBounds = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
/** Lower bounds: a larger value, or a new bound, is tighter. */
const lowerBounds = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;

/** Formats that accept every value of a narrower one (OpenAPI's format registry). */
const widerFormat: Readonly<Record<string, string>> = { int32: 'int64', float: 'double' };

const show = (value: JsonValue | undefined) => (value === undefined ? 'none' : JSON.stringify(value));

/**
 * Constraint changes between two schemas of the same shape: numeric and length bounds, `uniqueItems`,
 * `multipleOf`, `pattern`, `format`, and whether an object takes undeclared properties. Each is `tightened`, `loosened` or
 * (when neither includes the other, e.g. another `pattern`) `changed`; the rule table turns that into an impact
 * by direction.
 */
export function diffConstraints(site: ChangeSite, before: JsonObject, after: JsonObject): SpecChange[] {
  const changes: SpecChange[] = [];
  const at = (keyword: string): ChangeSite => ({
    ...site,
    base: site.base === undefined ? undefined : joinPointer(site.base, keyword),
    head: site.head === undefined ? undefined : joinPointer(site.head, keyword),
  });
  const report = (verdict: 'tightened' | 'loosened' | 'changed', keyword: string) =>
    changes.push(
      change(
        `constraint-${verdict}`,
        at(keyword),
        `${keyword}: ${show(before[keyword])} → ${show(after[keyword])}`,
      ),
    );
  const numberOf = (schema: JsonObject, keyword: string) =>
    typeof schema[keyword] === 'number' ? schema[keyword] : undefined;

  for (const keyword of upperBounds) {
    const from = numberOf(before, keyword);
    const to = numberOf(after, keyword);
    if (from === to) continue;
    report(to !== undefined && (from === undefined || to < from) ? 'tightened' : 'loosened', keyword);
  }
  for (const keyword of lowerBounds) {
    const from = numberOf(before, keyword);
    const to = numberOf(after, keyword);
    if (from === to) continue;
    report(to !== undefined && (from === undefined || to > from) ? 'tightened' : 'loosened', keyword);
  }
  if ((before['uniqueItems'] === true) !== (after['uniqueItems'] === true))
    report(after['uniqueItems'] === true ? 'tightened' : 'loosened', 'uniqueItems');
  const fromStep = numberOf(before, 'multipleOf');
  const toStep = numberOf(after, 'multipleOf');
  if (fromStep !== toStep)
    report(
      fromStep === undefined || (toStep !== undefined && toStep % fromStep === 0)
        ? 'tightened'
        : toStep === undefined || fromStep % toStep === 0
          ? 'loosened'
          : 'changed',
      'multipleOf',
    );
  for (const keyword of ['pattern', 'format'] as const) {
    const from = typeof before[keyword] === 'string' ? before[keyword] : undefined;
    const to = typeof after[keyword] === 'string' ? after[keyword] : undefined;
    if (from === to) continue;
    if (from === undefined) report('tightened', keyword);
    else if (to === undefined || widerFormat[from] === to) report('loosened', keyword);
    else if (widerFormat[to] === from) report('tightened', keyword);
    else report('changed', keyword);
  }
  if (before['type'] === 'object' || after['type'] === 'object') {
    // JSON Schema: an absent additionalProperties allows any property.
    const closed = (schema: JsonObject) => schema['additionalProperties'] === false;
    if (closed(before) !== closed(after))
      changes.push(
        change(
          closed(after) ? 'schema-closed' : 'schema-opened',
          at('additionalProperties'),
          `additionalProperties: ${show(before['additionalProperties'])} → ${show(after['additionalProperties'])}`,
        ),
      );
  }
  return changes;
}

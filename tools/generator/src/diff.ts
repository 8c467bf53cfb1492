import { diffComponents, matchSchemas } from './diff-components.ts';
import { diffOperations } from './diff-operations.ts';
import type { DiffInput } from './diff-reach.ts';
import { change, type SpecChange } from './diff-rules.ts';
import { asObject } from './json.ts';
import { diffDocs } from './diff-schema.ts';
import type { JsonValue } from './load.ts';
import { joinPointer } from './json-pointer.ts';
import type { DiffContext } from './diff-schema.ts';
import type { ApiModel } from './model.ts';
import { SpecError } from './spec-error.ts';

export type { DiffInput } from './diff-reach.ts';

/**
 * Lists every difference between two descriptions, each classified by the rules of `diff-rules.ts` in the direction
 * where it matters (what clients send, what they receive, or both), and located by a JSON pointer in each
 * description. Renames are reported as renames where the evidence is clear (see `matchSchemas`; an enum member
 * replaced at the same position; a property replaced by the one new property of the same type).
 */
export function diffModels(base: ApiModel, head: ApiModel): SpecChange[] {
  return diffDescriptions(base, head);
}

/** {@link diffModels} on two validated documents. Throws a located `SpecError`, never anything else. */
export function diffDescriptions(base: DiffInput, head: DiffInput): SpecChange[] {
  try {
    const ctx: DiffContext = { base, head, renames: matchSchemas(base, head), propertyRenames: new Map() };
    const changes = [...diffComponents(ctx), ...diffOperations(ctx), ...diffInfo(base, head)];
    return mergeShared([...changes, ...unclassified(base, head, changes)]).sort(
      (a, b) => compare(a.location, b.location) || compare(a.kind, b.kind) || compare(a.message, b.message),
    );
  } catch (error) {
    if (error instanceof SpecError) throw error;
    // A crash in the comparison (too deep a structure, an unforeseen shape) is still a bad input, not a verdict.
    throw new SpecError([
      {
        code: 'unsupported',
        file: `${base.file} → ${head.file}`,
        pointer: '#',
        message: `cannot compare the descriptions: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
}

/**
 * A change to something operations share (the `Prefer` parameter of five operations, the global `security`) is
 * reported once, at every location: same rule, same pointers, same words.
 */
function mergeShared(changes: readonly SpecChange[]): SpecChange[] {
  const byKey = new Map<string, SpecChange>();
  for (const c of changes) {
    const key = [c.kind, c.base ?? '', c.head ?? '', c.message].join('\n');
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, c);
    else if (!seen.location.split(', ').includes(c.location))
      byKey.set(key, {
        ...seen,
        location: [...seen.location.split(', '), c.location].sort(compare).join(', '),
      });
  }
  return [...byKey.values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The description's own title and description (`info`): documentation. */
function diffInfo(base: DiffInput, head: DiffInput): SpecChange[] {
  const site = { location: 'info', subject: 'the description', base: '#/info', head: '#/info' };
  return diffDocs(site, asObject(base.document['info']), asObject(head.document['info']));
}

const documentation = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs']);

/**
 * When the documents differ in something other than documentation and no rule reported a structural change, the
 * first such difference is reported as `unclassified-change`, so that a gate never passes a change it did not see.
 */
function unclassified(base: DiffInput, head: DiffInput, changes: readonly SpecChange[]): SpecChange[] {
  if (changes.some((c) => c.impact !== 'patch')) return [];
  // What the documentation changes already cover (a description, `deprecated`) is not looked at again.
  const covered = new Set(
    changes.flatMap((c) => [c.base, c.head]).filter((p): p is string => p !== undefined),
  );
  const pointer = firstDifference(base.document, head.document, '#', covered, 0);
  if (pointer === undefined) return [];
  return [
    change(
      'unclassified-change',
      { location: pointer, subject: `\`${pointer}\``, base: pointer, head: pointer },
      'not classified by any rule',
    ),
  ];
}

function firstDifference(
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  pointer: string,
  covered: ReadonlySet<string>,
  depth: number,
): string | undefined {
  if (covered.has(pointer)) return undefined;
  if (depth > 200) return pointer;
  const objectA = a !== null && typeof a === 'object';
  const objectB = b !== null && typeof b === 'object';
  if (!objectA || !objectB || Array.isArray(a) !== Array.isArray(b)) return a === b ? undefined : pointer;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      const found = firstDifference(a[i], b[i], joinPointer(pointer, i), covered, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const x = a as Record<string, JsonValue>;
  const y = b as Record<string, JsonValue>;
  for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    // Documentation keywords, but not a property that happens to be named `description`.
    if (documentation.has(key) && !pointer.endsWith('/properties')) continue;
    const found = firstDifference(x[key], y[key], joinPointer(pointer, key), covered, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

import { diffComponents, matchSchemas } from './diff-components.ts';
import { diffOperations } from './diff-operations.ts';
import type { DiffInput } from './diff-reach.ts';
import type { SpecChange } from './diff-rules.ts';
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
    return mergeShared([...diffComponents(ctx), ...diffOperations(ctx)]).sort(
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

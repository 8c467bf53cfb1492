import type { JsonObject, JsonValue } from './load.ts';
import { isJsonObject, setOwn } from './json.ts';

/**
 * OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0): a reviewable list of changes to a description.
 *
 * Semantics, where the specification leaves room:
 * - `remove: true` deletes every node the target matches;
 * - `update` on an object is merged into it: objects merge key by key, recursively; any other value (arrays
 *   included) replaces the old one, with a warning when the replacement drops array items that were there;
 * - `update` on an array appends the update value to it;
 * - a target that matches nothing is an error, because in a reviewed overlay it is almost always a typo or an
 *   upstream rename. An action that is meant for only some inputs says so with `x-graph-optional: true`.
 */
export interface Overlay {
  readonly overlay: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly actions: readonly OverlayAction[];
}

export interface OverlayAction {
  readonly target: string;
  readonly description?: string;
  readonly update?: JsonValue;
  readonly remove?: boolean;
  readonly 'x-graph-optional'?: boolean;
}

/** A malformed overlay, an unsupported JSONPath or a target that matches nothing. */
export class OverlayError extends Error {
  readonly code: 'invalid-overlay' | 'unsupported-jsonpath' | 'no-match' | 'invalid-update';
  constructor(code: OverlayError['code'], message: string) {
    super(message);
    this.name = 'OverlayError';
    this.code = code;
  }
}

export interface OverlayResult {
  readonly document: JsonObject;
  /** Changes a reviewer should know about, e.g. enum members an update replaced away. */
  readonly warnings: readonly string[];
}

/** One step of a parsed JSONPath: a member name, an array index, or `*` (every member or element). */
export type PathSegment =
  { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

/**
 * Parses the JSONPath subset overlays need: `$`, `.name`, `['name']`/`["name"]`, `[0]`, `.*` and `[*]`.
 * Anything else (`..`, filters, slices, unions) is rejected with the position of the problem.
 */
export function parseJsonPath(expression: string): PathSegment[] {
  const fail = (at: number, why: string): never => {
    throw new OverlayError(
      'unsupported-jsonpath',
      `JSONPath ${JSON.stringify(expression)} at ${at}: ${why}. Supported: $, .name, ['name'], [0], .* and [*]`,
    );
  };
  if (!expression.startsWith('$')) fail(0, 'must start with $');
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < expression.length) {
    const char = expression[i];
    if (char === '.') {
      if (expression[i + 1] === '.') fail(i, 'recursive descent (..) is not supported');
      if (expression[i + 1] === '*') {
        segments.push({ kind: 'wildcard' });
        i += 2;
        continue;
      }
      const match = /^[A-Za-z_$][\w$-]*/.exec(expression.slice(i + 1));
      if (!match) fail(i + 1, 'expected a member name after "."');
      segments.push({ kind: 'name', name: match![0] });
      i += 1 + match![0].length;
    } else if (char === '[') {
      const rest = expression.slice(i);
      const quoted = /^\[\s*(['"])((?:\\.|(?!\1)[^\\])*)\1\s*\]/.exec(rest);
      const index = /^\[\s*(\d+)\s*\]/.exec(rest);
      const star = /^\[\s*\*\s*\]/.exec(rest);
      if (quoted) {
        segments.push({ kind: 'name', name: quoted[2]!.replace(/\\(.)/g, '$1') });
        i += quoted[0].length;
      } else if (index) {
        segments.push({ kind: 'index', index: Number(index[1]) });
        i += index[0].length;
      } else if (star) {
        segments.push({ kind: 'wildcard' });
        i += star[0].length;
      } else if (rest.startsWith('[?')) fail(i, 'filter expressions are not supported');
      else fail(i, "expected ['name'], [index] or [*]");
    } else fail(i, `unexpected ${JSON.stringify(char)}`);
  }
  return segments;
}

/** A matched node: its parent container and the key or index it sits at (the root has no parent). */
interface Match {
  readonly parent: JsonObject | JsonValue[] | undefined;
  readonly key: string | number;
  readonly value: JsonValue;
}

/** The nodes of `document` that `expression` selects. */
export function queryJsonPath(document: JsonValue, expression: string): Match[] {
  let matches: Match[] = [{ parent: undefined, key: '$', value: document }];
  for (const segment of parseJsonPath(expression)) {
    const next: Match[] = [];
    for (const { value } of matches) {
      if (Array.isArray(value)) {
        if (segment.kind === 'index' && segment.index < value.length)
          next.push({ parent: value, key: segment.index, value: value[segment.index]! });
        if (segment.kind === 'wildcard')
          value.forEach((item, index) => next.push({ parent: value, key: index, value: item }));
      } else if (value !== null && typeof value === 'object') {
        if (segment.kind === 'name' && Object.hasOwn(value, segment.name))
          next.push({ parent: value, key: segment.name, value: value[segment.name]! });
        if (segment.kind === 'wildcard')
          for (const [key, child] of Object.entries(value)) next.push({ parent: value, key, value: child });
      }
    }
    matches = next;
  }
  return matches;
}

/** Checks the overlay's shape (`overlay: 1.0.x`, `info`, `actions`) and returns it typed. */
export function readOverlay(data: unknown): Overlay {
  const object = data as Partial<Overlay> | null;
  if (!object || typeof object !== 'object')
    throw new OverlayError('invalid-overlay', 'the overlay is not a mapping');
  if (typeof object.overlay !== 'string' || !/^1\.0\.\d+$/.test(object.overlay))
    throw new OverlayError(
      'invalid-overlay',
      `overlay: expected 1.0.x, got ${JSON.stringify(object.overlay)}`,
    );
  if (!object.info || typeof object.info.title !== 'string' || typeof object.info.version !== 'string')
    throw new OverlayError('invalid-overlay', 'info.title and info.version are required');
  if (!Array.isArray(object.actions) || object.actions.length === 0)
    throw new OverlayError('invalid-overlay', 'actions must be a non-empty list');
  object.actions.forEach((action, index) => {
    if (typeof action?.target !== 'string')
      throw new OverlayError('invalid-overlay', `actions[${index}].target must be a JSONPath string`);
    if (action.update === undefined && action.remove !== true)
      throw new OverlayError(
        'invalid-overlay',
        `actions[${index}] (${action.target}) has neither update nor remove`,
      );
  });
  return object as Overlay;
}

/** Applies every action in order to a copy of `document`. Throws an {@link OverlayError} naming the action. */
export function applyOverlay(document: JsonObject, overlay: Overlay): OverlayResult {
  const result = structuredClone(document);
  const warnings: string[] = [];
  overlay.actions.forEach((action, index) => {
    const label = `actions[${index}] ${action.target}`;
    const matches = queryJsonPath(result, action.target);
    if (matches.length === 0) {
      if (action['x-graph-optional'] === true) return;
      throw new OverlayError(
        'no-match',
        `${label}: the target matches nothing. Fix the path, or mark the action x-graph-optional: true if it is meant for only some inputs`,
      );
    }
    if (action.remove === true) {
      // Splice arrays from the back so earlier indexes stay valid.
      for (const match of [...matches].reverse()) {
        if (match.parent === undefined)
          throw new OverlayError('invalid-update', `${label}: cannot remove the root`);
        if (Array.isArray(match.parent)) match.parent.splice(match.key as number, 1);
        else delete match.parent[match.key as string];
      }
      return;
    }
    for (const match of matches) {
      const update = structuredClone(action.update!);
      if (Array.isArray(match.value)) match.value.push(update);
      else if (isJsonObject(match.value) && isJsonObject(update))
        mergeInto(match.value, update, label, warnings);
      else
        throw new OverlayError(
          'invalid-update',
          `${label}: can only update an object with an object, or append to an array`,
        );
    }
  });
  return { document: result, warnings };
}

/**
 * Merges `update` into `target`, own properties only: a key such as `__proto__` or `constructor` in an overlay (its
 * author's or anyone's) is a key of the description like any other. Reading `target[key]` would have found the
 * prototype for `__proto__` and merged the update into `Object.prototype`, every object of the process.
 */
function mergeInto(target: JsonObject, update: JsonObject, where: string, warnings: string[]): void {
  for (const [key, value] of Object.entries(update)) {
    const old = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isJsonObject(old) && isJsonObject(value)) mergeInto(old, value, `${where}.${key}`, warnings);
    else {
      if (Array.isArray(old) && Array.isArray(value)) {
        const kept = new Set(value.map((item) => JSON.stringify(item)));
        const dropped = old.filter((item) => !kept.has(JSON.stringify(item)));
        if (dropped.length > 0)
          warnings.push(
            `${where}.${key}: the update drops ${dropped.map((d) => JSON.stringify(d)).join(', ')}`,
          );
      }
      setOwn(target, key, value);
    }
  }
}

/**
 * JSON Pointers (RFC 6901) in the `#/…` fragment form that OpenAPI `$ref`s and located SpecErrors use. Escaping
 * (`~` → `~0`, `/` → `~1`) and parsing are @hyperjump/json-pointer's; this module adds the `#` and the
 * percent-decoding a `$ref` (a URI reference) may carry.
 */
import { append, pointerSegments } from '@hyperjump/json-pointer';

/**
 * A pointer below `base`, each segment escaped; an empty base is the document (`#`).
 *
 * @example joinPointer('#/components/schemas', 'a/b~c', 0) // '#/components/schemas/a~1b~0c/0'
 */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let pointer = base || '#';
  for (const segment of segments) pointer = append(String(segment), pointer);
  return pointer;
}

/**
 * The unescaped segments of a pointer as the generator and Redocly write them (`#/a/b~1c` → `['a', 'b/c']`);
 * undefined when it does not start with `#`, or has a `~` not followed by `0` or `1`.
 */
export function pointerSegmentsOf(pointer: string): string[] | undefined {
  if (!pointer.startsWith('#')) return undefined;
  try {
    return [...pointerSegments(pointer.slice(1))];
  } catch {
    return undefined;
  }
}

/**
 * The component a local `$ref` names: `#/components/schemas/a~1b%20c` → `{ section: 'schemas', name: 'a/b c' }`. A
 * `$ref` is a URI, so it is percent-decoded before the pointer is read (RFC 6901 §6). Undefined for anything else:
 * another document, a deeper or shallower pointer, a bad `%` or `~` escape.
 */
export function componentOf(ref: string): { section: string; name: string } | undefined {
  if (!ref.startsWith('#')) return undefined;
  let pointer: string;
  try {
    pointer = `#${decodeURIComponent(ref.slice(1))}`;
  } catch {
    return undefined;
  }
  const segments = pointerSegmentsOf(pointer);
  if (segments?.length !== 3 || segments[0] !== 'components') return undefined;
  return { section: segments[1]!, name: segments[2]! };
}

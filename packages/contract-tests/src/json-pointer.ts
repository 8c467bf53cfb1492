/** Reading `$ref`s (RFC 6901 JSON Pointers in a URI fragment); escaping and parsing are @hyperjump/json-pointer's. */
import { pointerSegments } from '@hyperjump/json-pointer';

/**
 * The component a local `$ref` names: `#/components/schemas/a~1b%25` → `{ section: 'schemas', name: 'a/b%' }`. A
 * `$ref` is a URI, so it is percent-decoded before its `~` escapes are read (RFC 6901 §6). Undefined for anything
 * else: another document, a pointer of another depth, a bad `%` or `~` escape.
 */
export function componentOf(ref: string): { section: string; name: string } | undefined {
  if (!ref.startsWith('#')) return undefined;
  try {
    const segments = [...pointerSegments(decodeURIComponent(ref.slice(1)))];
    if (segments.length !== 3 || segments[0] !== 'components') return undefined;
    return { section: segments[1]!, name: segments[2]! };
  } catch {
    return undefined;
  }
}

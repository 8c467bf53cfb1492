/** Narrowing parsed spec values (YAML or JSON) to the shapes the generator reads; a wrong shape reads as empty. */
import type { JsonObject, JsonValue } from './load.ts';

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value if it is an object (not an array), else `{}`. */
export function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** The value if it is an array, else `[]`. */
export function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

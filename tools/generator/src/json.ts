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

/**
 * Sets `key` on `object` as an own, enumerable property. An assignment (`object[key] = value`) of `__proto__` sets
 * the prototype instead, so a name that comes from outside (a property or member name in a description) would be
 * lost without a trace.
 */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

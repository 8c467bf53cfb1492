/**
 * The bound of the mock's small caches of recent answers (parsed URLs and queries, routes, response heads, next
 * links, a PATCH's last answer per incident). Each holds a pure function of its key, or checks what it holds before
 * using it, so keeping an entry or dropping it never changes an answer. A client repeats a handful of requests, so
 * past {@link rememberedEntries} keys a cache simply starts again.
 */
export const rememberedEntries = 256;

/** Sets `key` to `value` in `cache`; a new key past {@link rememberedEntries} empties the cache first. */
export function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= rememberedEntries && !cache.has(key)) cache.clear();
  cache.set(key, value);
}

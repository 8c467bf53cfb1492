import { visibleMember } from '@graph-incidents/types';
import { graphVersions, type GraphVersion } from './graph-versions.js';
import { compareValues, enumOrder } from './odata-filter.js';
import type { FilterOption, OrderbyOption, OrderKey } from './query.js';
import { summaryProperties } from './seeded-incidents.js';
import type { IncidentStore } from './store.js';

/** The incidents a list selects, in the order it returns them: `at(rank)` is a store slot. */
export interface Selection {
  readonly length: number;
  at(rank: number): number;
}

/** What a selection depends on besides the store's state. */
export interface SelectionRequest {
  readonly version: GraphVersion;
  readonly includeUnknownMembers: boolean;
  readonly filter: FilterOption | undefined;
  readonly orderby: OrderbyOption | undefined;
}

/** Selections kept per store, for paging through one query without filtering and sorting again. */
const cacheSize = 16;
const caches = new WeakMap<IncidentStore, { revision: number; entries: Map<string, Int32Array> }>();
/** Scanning yields to other requests (a get by id) after this many milliseconds of work. */
const sliceMs = 4;
const summarized: ReadonlySet<string> = new Set(summaryProperties);

/**
 * The incidents `$filter` keeps, ordered by `$orderby` (stable, so ties keep the newest-first order). Without
 * either it is the store's own order and costs nothing; otherwise the result is cached until the store changes,
 * so following `@odata.nextLink` pages without scanning again. Long scans yield to other requests every few
 * milliseconds, so a get by id is not held behind list requests.
 */
export async function selectIncidents(store: IncidentStore, request: SelectionRequest): Promise<Selection> {
  const { filter, orderby } = request;
  if (!filter && !orderby) return store.slots();
  const key = `${request.version}\n${request.includeUnknownMembers}\n${filter?.text ?? ''}\n${orderby?.text ?? ''}`;
  let cache = caches.get(store);
  if (!cache || cache.revision !== store.revision) {
    cache = { revision: store.revision, entries: new Map() };
    caches.set(store, cache);
  }
  const cached = cache.entries.get(key);
  if (cached) {
    cache.entries.delete(key);
    cache.entries.set(key, cached);
    return { length: cached.length, at: (rank) => cached[rank]! };
  }
  const revision = store.revision;
  const slice = new TimeSlice();
  let selected = filter ? await scan(store, filter, slice) : allSlots(store);
  if (orderby) selected = await sort(store, selected, orderby.keys, request, slice);
  // A scan that yielded may have seen a change half-way: use it for this request, but don't keep it.
  if (store.revision === revision && caches.get(store) === cache) {
    if (cache.entries.size >= cacheSize) cache.entries.delete(cache.entries.keys().next().value!);
    cache.entries.set(key, selected);
  }
  const result = selected;
  return { length: result.length, at: (rank) => result[rank]! };
}

function allSlots(store: IncidentStore): Int32Array {
  const slots = store.slots();
  const all = new Int32Array(slots.length);
  for (let rank = 0; rank < slots.length; rank++) all[rank] = slots.at(rank);
  return all;
}

async function scan(store: IncidentStore, filter: FilterOption, slice: TimeSlice): Promise<Int32Array> {
  const slots = store.slots();
  const kept = new Int32Array(slots.length);
  let count = 0;
  // `$filter` reads only filterable properties; the store has those of every incident without building it.
  const scratch: Record<string, unknown> = {};
  for (let rank = 0; rank < slots.length; rank++) {
    if ((rank & 1023) === 0) await slice.breathe();
    const slot = slots.at(rank);
    if (filter.predicate(store.summary(slot, scratch))) kept[count++] = slot;
  }
  return kept.subarray(0, count);
}

async function sort(
  store: IncidentStore,
  selected: Int32Array,
  keys: readonly OrderKey[],
  request: SelectionRequest,
  slice: TimeSlice,
): Promise<Int32Array> {
  // Each clause's values, read once and turned into what compares fast: enum orders, date-time milliseconds.
  const columns: unknown[][] = keys.map(() => new Array<unknown>(selected.length));
  const scratch: Record<string, unknown> = {};
  const summaryOnly = keys.every((key) => summarized.has(key.property));
  for (let rank = 0; rank < selected.length; rank++) {
    if ((rank & 255) === 0) await slice.breathe();
    const slot = selected[rank]!;
    const item = summaryOnly ? store.summary(slot, scratch) : store.readonlySlot(slot, request.version);
    for (const [column, key] of keys.entries())
      columns[column]![rank] = sortValue(item[key.property], key, request);
  }
  // A column of numbers (and nulls, which come first) sorts from a typed array without compareValues.
  const numbers = columns.map((values) =>
    values.every((v) => v === null || typeof v === 'number')
      ? Float64Array.from(values, (v) => (v === null ? -Infinity : (v as number)))
      : undefined,
  );
  const plain = {};
  const compare = (a: number, b: number): number => {
    for (const [column, key] of keys.entries()) {
      const typed = numbers[column];
      let order: number;
      if (typed) {
        const x = typed[a]!;
        const y = typed[b]!;
        order = x < y ? -1 : x > y ? 1 : 0;
      } else order = compareValues(columns[column]![a], columns[column]![b], plain, {}) ?? 0;
      if (order !== 0) return order * key.direction;
    }
    return 0;
  };
  const ranks = await stableSort(Int32Array.from(selected.keys()), compare, slice);
  return Int32Array.from(ranks, (rank) => selected[rank]!);
}

/** Elements sorted in one go; larger inputs are sorted in runs of this size and merged, yielding in between. */
const runLength = 8192;

/**
 * A stable sort of `items` that yields to other requests between runs and during merges, so that sorting a
 * million incidents never holds a get by id for the whole sort. Stable: ties keep their order (newest first).
 */
async function stableSort(
  items: Int32Array,
  compare: (a: number, b: number) => number,
  slice: TimeSlice,
): Promise<Int32Array> {
  let from = new Int32Array(items.length);
  for (let start = 0; start < items.length; start += runLength) {
    await slice.breathe();
    // Array.prototype.sort is stable (ES2019).
    from.set(Array.from(items.subarray(start, start + runLength)).sort(compare), start);
  }
  let to = new Int32Array(items.length);
  for (let width = runLength; width < items.length; width *= 2) {
    for (let left = 0; left < items.length; left += 2 * width) {
      const middle = Math.min(left + width, items.length);
      const end = Math.min(left + 2 * width, items.length);
      let i = left;
      let j = middle;
      for (let k = left; k < end; k++) {
        if ((k & 4095) === 0) await slice.breathe();
        // Take from the left run on ties, which keeps the sort stable.
        to[k] = j >= end || (i < middle && compare(from[i]!, from[j]!) <= 0) ? from[i++]! : from[j++]!;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

/** A value as `$orderby` compares it, with {@link compareValues}'s order: `null` first, enums by their value. */
function sortValue(value: unknown, key: OrderKey, request: SelectionRequest): unknown {
  if (value === null || value === undefined) return null;
  if (key.shape.enum && typeof value === 'string')
    return enumOrder(
      graphVersions[request.version].enumOrders,
      key.shape.enum.name,
      visibleMember(key.shape.enum, value, request.includeUnknownMembers),
    );
  if (key.shape.type === 'dateTime') return typeof value === 'number' ? value : Date.parse(String(value));
  return value;
}

/** Cooperative time slicing: `breathe()` lets other requests run once a slice of work is used up. */
export class TimeSlice {
  private started = performance.now();

  /** True once the slice is used up: then `await breathe()`. Cheaper than awaiting `breathe()` every time. */
  due(): boolean {
    return performance.now() - this.started >= sliceMs;
  }

  async breathe(): Promise<void> {
    if (!this.due()) return;
    await new Promise<void>((resolve) =>
      typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
    );
    this.started = performance.now();
  }
}

import { visibleMember } from '@graph-incidents/types';
import { graphVersions, type GraphVersion } from './graph-versions.js';
import { compareValues, enumOrder } from './odata-filter.js';
import type { FilterOption, OrderbyOption, OrderKey } from './query.js';
import { summaryProperties } from './seeded-incidents.js';
import type { IncidentStore } from './store.js';

/**
 * The incidents a list selects, in the order it returns them: `at(rank)` is a store slot. A filtered selection is
 * found as far as it is read: `reach(n)` scans until `n` incidents are selected or none are left.
 */
export interface Selection {
  /** Selects up to `count` incidents; resolves to how many are selected (all of them once fewer than `count`). */
  reach(count: number): Promise<number>;
  /** The slot at `rank`, for `rank` below what `reach` resolved to. */
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
const caches = new WeakMap<IncidentStore, { revision: number; entries: Map<string, Selection> }>();
/** Scanning yields to other requests (a get by id) after this many milliseconds of work. */
const sliceMs = 4;
const summarized: ReadonlySet<string> = new Set(summaryProperties);

/**
 * The incidents `$filter` keeps, ordered by `$orderby` (stable, so ties keep the newest-first order). Without
 * either it is the store's own order and costs nothing. A filter alone is scanned in the store's order only as far
 * as a request reads it (a first page of a new filter over a million incidents scans until the page and one more
 * are found, not the whole store), and the scan resumes where it stopped for the next page; `$orderby` sorts the
 * whole selection once. Either is cached until the store changes. Long scans yield to other requests every few
 * milliseconds, so a get by id is not held behind list requests.
 */
export async function selectIncidents(store: IncidentStore, request: SelectionRequest): Promise<Selection> {
  const { filter, orderby } = request;
  if (!filter && !orderby) return complete(store.slots());
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
    return cached;
  }
  const revision = store.revision;
  let selection: Selection;
  if (!orderby) selection = new FilterScan(store, filter!, request.version);
  else {
    const slice = new TimeSlice();
    let selected: Int32Array;
    if (filter) {
      const scan = new FilterScan(store, filter, request.version);
      selected = scan.selected(await scan.reach(Infinity));
    } else selected = allSlots(store);
    selection = complete(await sort(store, selected, orderby.keys, request, slice));
  }
  // A sort that yielded may have seen a change half-way: use it for this request, but don't keep it.
  if (store.revision === revision && caches.get(store) === cache) {
    if (cache.entries.size >= cacheSize) cache.entries.delete(cache.entries.keys().next().value!);
    cache.entries.set(key, selection);
  }
  return selection;
}

/** A selection known in full. */
function complete(items: { readonly length: number; at(rank: number): number | undefined }): Selection {
  return { reach: (count) => Promise.resolve(Math.min(count, items.length)), at: (rank) => items.at(rank)! };
}

/**
 * The incidents a filter keeps, in the store's order, found as far as asked. One scan serves every request for the
 * same filter until the store changes; requests that ask for more than is found wait for one another rather than
 * scanning twice.
 */
class FilterScan implements Selection {
  private kept = new Int32Array(256);
  private found = 0;
  /** The next rank of the store's order to test. */
  private next = 0;
  private scanning: Promise<void> | undefined;
  private readonly slots: ReturnType<IncidentStore['slots']>;
  /** The store has the usual filterable properties of every incident without building it. */
  private readonly scratch: Record<string, unknown> = {};
  /**
   * Whether the filter reads only what the store keeps without building incidents. A spec that makes another property
   * filterable (regenerated mocks) gets it from whole incidents: slower, but the filter still means what it says.
   */
  private readonly summaryOnly: boolean;

  constructor(
    private readonly store: IncidentStore,
    private readonly filter: FilterOption,
    private readonly version: GraphVersion,
  ) {
    this.slots = store.slots();
    this.summaryOnly = [...filter.reads].every((property) => summarized.has(property));
  }

  async reach(count: number): Promise<number> {
    while (this.found < count && this.next < this.slots.length) {
      if (this.scanning) await this.scanning;
      else {
        this.scanning = this.scan(count);
        try {
          await this.scanning;
        } finally {
          this.scanning = undefined;
        }
      }
    }
    return Math.min(count, this.found);
  }

  at(rank: number): number {
    return this.kept[rank]!;
  }

  /** The first `count` selected slots. */
  selected(count: number): Int32Array {
    return this.kept.subarray(0, count);
  }

  private async scan(count: number): Promise<void> {
    const slice = new TimeSlice();
    const { slots, store, scratch } = this;
    const predicate = this.filter.predicate;
    while (this.found < count && this.next < slots.length) {
      if ((this.next & 1023) === 0 && slice.due()) await slice.breathe();
      const slot = slots.at(this.next++);
      const item = this.summaryOnly ? store.summary(slot, scratch) : store.readonlySlot(slot, this.version);
      if (!predicate(item)) continue;
      if (this.found === this.kept.length) {
        const grown = new Int32Array(Math.min(this.kept.length * 2, Math.max(slots.length, 1)));
        grown.set(this.kept);
        this.kept = grown;
      }
      this.kept[this.found++] = slot;
    }
  }
}

function allSlots(store: IncidentStore): Int32Array {
  const slots = store.slots();
  const all = new Int32Array(slots.length);
  for (let rank = 0; rank < slots.length; rank++) all[rank] = slots.at(rank);
  return all;
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

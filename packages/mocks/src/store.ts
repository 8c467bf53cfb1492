import type { Alert, AlertComment, Incident } from '@graph-incidents/types';
import type { Incident as BetaIncident } from '@graph-incidents/types/beta';
import { type GraphVersion, hiddenIncidentProperties } from './graph-versions.js';
import { SeededIncidents } from './seeded-incidents.js';
import { nextTimestamp } from './timestamps.js';

/** Options of {@link IncidentStore}. */
export interface IncidentStoreOptions {
  /** Seeds the generated incidents: the same seed gives the same data on every machine. Default 1. */
  readonly seed?: number;
  /** How many incidents to generate. Default 120. */
  readonly incidents?: number;
}

/** An incident as each Graph version shows it: beta adds `recommendedActions` and `recommendedHuntingQueries`. */
export interface IncidentByVersion {
  readonly 'v1.0': Incident;
  readonly beta: BetaIncident;
}

/**
 * An incident as the store keeps it: the properties of every version (a beta incident is the superset), the
 * alerts apart (they are returned only with `$expand`).
 */
interface StoredIncident {
  /**
   * Never changed in place: every change replaces the object, so that what is cached per object
   * (`incident-json.ts`) can never outlive the state it was made from.
   */
  incident: BetaIncident;
  /** Built when first asked for. */
  alerts: Alert[] | undefined;
  /** False for a seeded incident whose beta-only properties are not drawn yet (only beta shows them). */
  beta: boolean;
}

/** Whole incidents kept for reading again; more are rebuilt from their seed. */
const cacheSize = 4096;
/**
 * A store larger than its cache builds this many of its newest incidents when it starts (the first pages a client
 * reads, `$skip=0` onwards, thirty pages of 50), so that its first requests find them built and the code that builds
 * incidents from their seeds already optimized: a fresh server's first deep pages built their 50 incidents in
 * interpreted code at several times the cost of later pages (bench/README.md, issue 12: 500 ahead halved a fresh
 * server's first deep page, 1,500 halved the next first reads again, for about 0.1–0.2 s of start-up). A smaller
 * store is built whole by its first few pages anyway.
 */
const builtAhead = 1500;
/** No update is stamped before this instant, even on a machine whose clock is behind the seeded data. */
const clockFloor = Date.UTC(2026, 6, 1);

/**
 * The state of the mock: incidents with their alerts and comments, generated from a seed. Values are kept as they
 * really are (members after `unknownFutureValue` included); the request handler decides what a client sees.
 * One store serves every Graph version, as Graph does: `list()` and `get()` show an incident as v1.0 does, and
 * `list('beta')` and `get(id, 'beta')` as beta does. Every method returns copies, so callers cannot change the
 * state behind the store's back.
 *
 * Seeded incidents are built only when read: the store keeps their filterable properties in typed arrays and
 * every changed or added incident whole, so a million incidents start in about a second.
 */
export class IncidentStore {
  readonly seed: number;
  private seeded: SeededIncidents;
  /** Slots `0 … seeded.count - 1` are the seeded incidents; later slots hold incidents added with `put`. */
  private readonly addedIds: string[] = [];
  private readonly addedSlots = new Map<string, number>();
  /** Incidents changed or added since generation, kept whole. Seeded slots not here are as generated. */
  private readonly changed = new Map<number, StoredIncident>();
  /** Seeded slots removed by `clear` (all of them) or replaced. */
  private seededLive: boolean;
  private readonly cache = new Map<number, StoredIncident>();
  /** Live slots newest first, when `put` or `clear` has changed the generated order; else `undefined`. */
  private order: Int32Array | undefined;
  private orderStale = false;
  /** Increases on every change, so that cached query results know when they are stale. @internal */
  revision = 0;

  constructor(options: IncidentStoreOptions = {}) {
    this.seed = options.seed ?? 1;
    const count = options.incidents ?? 120;
    if (!Number.isSafeInteger(this.seed))
      throw new TypeError(`seed must be a safe integer, got ${String(this.seed)}`);
    if (!Number.isInteger(count) || count < 0)
      throw new TypeError(`incidents must be a non-negative integer, got ${String(count)}`);
    this.seeded = new SeededIncidents(this.seed, count);
    this.seededLive = true;
    if (count > cacheSize) for (let rank = 0; rank < builtAhead; rank++) this.stored(count - 1 - rank);
  }

  /** Every incident (without alerts), newest first, as `version` shows it (default v1.0). */
  list<V extends GraphVersion = 'v1.0'>(version?: V): IncidentByVersion[V][] {
    const slots = this.slots();
    const result: IncidentByVersion[V][] = [];
    for (let rank = 0; rank < slots.length; rank++)
      result.push(
        view(this.stored(slots.at(rank), version).incident, version ?? 'v1.0') as IncidentByVersion[V],
      );
    return result;
  }

  /**
   * The live slots, newest first (creation time, then id, both descending): `at(rank)` is a slot. Cheap: seeded
   * incidents are numbered in creation order, so until `put` or `clear` the order is the slots backwards.
   * @internal
   */
  slots(): { readonly length: number; at(rank: number): number } {
    if (this.orderStale) this.rebuildOrder();
    const order = this.order;
    if (order) return { length: order.length, at: (rank) => order[rank]! };
    const count = this.seeded.count;
    return { length: count, at: (rank) => count - 1 - rank };
  }

  /**
   * The properties `$filter` reads (`summaryProperties`) of the incident in `slot`, without building it: a reused object
   * for seeded incidents (date-times as epoch milliseconds), the stored incident otherwise.
   * @internal
   */
  summary(slot: number, target: Record<string, unknown>): Readonly<Record<string, unknown>> {
    const stored = this.changed.get(slot);
    if (stored) return stored.incident as unknown as Record<string, unknown>;
    this.seeded.summarize(slot, target);
    return target;
  }

  /** The incident in `slot` as `version` shows it, without copying its values, for the request handler. @internal */
  readonlySlot(slot: number, version: GraphVersion = 'v1.0'): Readonly<Record<string, unknown>> {
    return shallowView(this.stored(slot, version).incident, version);
  }

  /**
   * The stored incident object in `slot`, as `version` needs it (beta-only properties drawn for beta). The store
   * replaces this object on every change to the incident and never changes it in place, so it identifies one
   * state of the incident; never change it. @internal
   */
  storedIncident(slot: number, version: GraphVersion = 'v1.0'): object {
    return this.stored(slot, version).incident;
  }

  /** The slot of an incident id, or `undefined`. @internal */
  slotOf(id: string): number | undefined {
    const added = this.addedSlots.get(id);
    if (added !== undefined) return this.changed.has(added) ? added : undefined;
    const index = this.seededLive ? this.seeded.indexOf(id) : undefined;
    return index;
  }

  /** One incident as `version` shows it, without copying its values, for the request handler. @internal */
  readonlyGet(id: string, version: GraphVersion = 'v1.0'): Readonly<Record<string, unknown>> | undefined {
    const slot = this.slotOf(id);
    return slot === undefined ? undefined : this.readonlySlot(slot, version);
  }

  /** One incident (without alerts) as `version` shows it (default v1.0), or `undefined`. */
  get<V extends GraphVersion = 'v1.0'>(id: string, version?: V): IncidentByVersion[V] | undefined {
    const slot = this.slotOf(id);
    return slot === undefined
      ? undefined
      : (view(this.stored(slot, version).incident, version ?? 'v1.0') as IncidentByVersion[V]);
  }

  /** The alerts of one incident, or `undefined` for an unknown incident. */
  alerts(id: string): Alert[] | undefined {
    const slot = this.slotOf(id);
    if (slot === undefined) return undefined;
    const stored = this.stored(slot);
    stored.alerts ??= this.seeded.alerts(slot);
    return structuredClone(stored.alerts);
  }

  /**
   * Adds or replaces an incident, for tests that need a particular state. A beta incident (from
   * `@graph-incidents/mocks/beta`) is accepted too: its beta-only properties are shown on beta only.
   */
  put(incident: Incident, alerts: readonly Alert[] = []): void {
    const stored = { incident: structuredClone(incident), alerts: structuredClone([...alerts]), beta: true };
    let slot = this.slotOf(incident.id);
    if (slot === undefined) {
      slot = this.addedSlots.get(incident.id);
      if (slot === undefined) {
        slot = this.seeded.count + this.addedIds.length;
        this.addedIds.push(incident.id);
        this.addedSlots.set(incident.id, slot);
      }
    }
    this.changed.set(slot, stored as StoredIncident);
    this.changedOrder();
  }

  /** Removes every incident. */
  clear(): void {
    this.seededLive = false;
    this.changed.clear();
    this.cache.clear();
    this.changedOrder();
  }

  get size(): number {
    return this.slots().length;
  }

  /**
   * Applies already-validated changes in one step, stamps `lastUpdateDateTime` and `lastModifiedBy`, and returns
   * the updated incident as v1.0 shows it. Returns `undefined` for an unknown incident.
   */
  update(id: string, changes: Readonly<Record<string, unknown>>, modifiedBy: string): Incident | undefined {
    return this.applyUpdate(id, changes, modifiedBy)
      ? (view(this.stored(this.slotOf(id)!).incident, 'v1.0') as Incident)
      : undefined;
  }

  /**
   * {@link update} without returning a copy, for the request handler; false for an unknown incident. `owned`: the
   * caller hands over `changes` and keeps no reference to its values (a body just parsed), so they are not copied.
   * @internal
   */
  applyUpdate(
    id: string,
    changes: Readonly<Record<string, unknown>>,
    modifiedBy: string,
    owned = false,
  ): boolean {
    const slot = this.slotOf(id);
    if (slot === undefined) return false;
    const stored = this.own(slot);
    const previous = stored.incident;
    const copied = owned ? changes : structuredClone(changes);
    // One spread, then assignments: `{ ...a, ...b, c }` copies property by property, a lone `{ ...a }` clones
    // the object's layout at once (a PATCH's handler, in process: bench/README.md, issue 16).
    const incident: Record<string, unknown> = { ...previous };
    for (const name of Object.keys(copied)) {
      // Defined, as the spread did, so that a `__proto__` member stays a property and never sets the prototype.
      if (name === '__proto__')
        Object.defineProperty(incident, name, {
          value: copied[name],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else incident[name] = copied[name];
    }
    incident['lastUpdateDateTime'] = nextTimestamp(previous.lastUpdateDateTime, clockFloor);
    incident['lastModifiedBy'] = modifiedBy;
    stored.incident = incident as unknown as BetaIncident;
    this.revision++;
    return true;
  }

  /** Appends a comment and returns every comment of the incident, oldest first. */
  addComment(id: string, comment: string, createdByDisplayName: string): AlertComment[] | undefined {
    const slot = this.slotOf(id);
    if (slot === undefined) return undefined;
    const stored = this.own(slot);
    const previous = stored.incident.comments ?? [];
    const createdDateTime = nextTimestamp(
      previous.at(-1)?.createdDateTime ?? stored.incident.createdDateTime,
      clockFloor,
    );
    const comments = [...previous, { comment, createdByDisplayName, createdDateTime }];
    stored.incident = { ...stored.incident, comments };
    this.revision++;
    return structuredClone(comments);
  }

  /**
   * The whole state as JSON, to check that a request changed nothing. Seeded incidents that never changed are a
   * function of the seed and their index, so the seed and count stand for them.
   */
  snapshot(): string {
    return JSON.stringify({
      seed: this.seed,
      seeded: this.seededLive ? this.seeded.count : 0,
      changed: [...this.changed.entries()]
        .sort(([a], [b]) => a - b)
        .map(([slot, stored]) => [slot, stored.incident, stored.alerts ?? null]),
    });
  }

  /**
   * The stored incident in `slot`: changed, cached, or built from its seed (and cached). With `version` beta, its
   * beta-only properties are drawn if they were not yet.
   */
  private stored(slot: number, version: GraphVersion = 'v1.0'): StoredIncident {
    let stored = this.changed.get(slot);
    if (!stored) {
      stored = this.cache.get(slot);
      // Most recently used last, so that the oldest entry is the first to go.
      if (stored) this.cache.delete(slot);
      else {
        stored = { incident: this.seeded.incident(slot), alerts: undefined, beta: false };
        if (this.cache.size >= cacheSize) this.cache.delete(this.cache.keys().next().value!);
      }
      this.cache.set(slot, stored);
    }
    if (version === 'beta' && !stored.beta) {
      stored.incident = { ...stored.incident, ...this.seeded.betaProperties(slot) };
      stored.beta = true;
    }
    return stored;
  }

  /** The incident in `slot`, moved to the changed incidents so that it is kept from now on. */
  private own(slot: number): StoredIncident {
    const existing = this.changed.get(slot);
    if (existing) return existing;
    const stored = this.stored(slot, 'beta');
    this.cache.delete(slot);
    stored.alerts ??= this.seeded.alerts(slot);
    this.changed.set(slot, stored);
    return stored;
  }

  private changedOrder(): void {
    this.orderStale = true;
    this.revision++;
  }

  /** Sorts the live slots newest first; only after `put` or `clear`, which tests use on small stores. */
  private rebuildOrder(): void {
    this.orderStale = false;
    const live: number[] = [];
    if (this.seededLive) for (let slot = 0; slot < this.seeded.count; slot++) live.push(slot);
    for (const slot of this.addedSlots.values()) if (this.changed.has(slot)) live.push(slot);
    const id = (slot: number): string =>
      slot < this.seeded.count ? this.seeded.id(slot) : this.addedIds[slot - this.seeded.count]!;
    // Graph's newest-first order compares createdDateTime as written, then the id; seeded incidents are created
    // in id order, so two of them compare by number.
    const createdText = (slot: number): string =>
      this.changed.get(slot)?.incident.createdDateTime ?? this.seeded.createdDateTime(slot);
    live.sort((a, b) => {
      if (!this.changed.has(a) && !this.changed.has(b) && a < this.seeded.count && b < this.seeded.count)
        return b - a;
      const [x, y] = [createdText(a), createdText(b)];
      if (x !== y) return x < y ? 1 : -1;
      return Number(id(b)) - Number(id(a));
    });
    this.order = Int32Array.from(live);
  }
}

/** A copy of a stored incident without the properties `version` does not have. */
function view(incident: BetaIncident, version: GraphVersion): Incident | BetaIncident {
  const copy = structuredClone(incident) as unknown as Record<string, unknown>;
  for (const name of hiddenIncidentProperties[version]) delete copy[name];
  return copy as unknown as Incident | BetaIncident;
}

/** A shallow copy without the properties `version` does not have; its values are the stored ones. */
function shallowView(incident: BetaIncident, version: GraphVersion): Record<string, unknown> {
  const hidden: readonly string[] = hiddenIncidentProperties[version];
  if (hidden.length === 0) return { ...incident };
  // Copied without the hidden names rather than copied whole and deleted from: `delete` turns the copy into a
  // slow dictionary object for everything that reads it next (presenting and serializing a PATCH's answer).
  const shallow: Record<string, unknown> = {};
  const record = incident as unknown as Record<string, unknown>;
  for (const name in record) if (!hidden.includes(name)) shallow[name] = record[name];
  return shallow;
}

import type { Alert, AlertComment, Incident } from '@graph-incidents/types';
import type { Incident as BetaIncident } from '@graph-incidents/types/beta';
import { FixtureContext } from './fixture-context.js';
import { incidentValues as betaIncidentValues } from './generated/beta/factories.gen.js';
import { alertValues, incidentValues } from './generated/factories.gen.js';
import { type GraphVersion, hiddenIncidentProperties } from './graph-versions.js';
import { defenderPortalUrl } from './value-rules.js';

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
  incident: BetaIncident;
  alerts: Alert[];
}

/**
 * The state of the mock: incidents with their alerts and comments, generated from a seed. Values are kept as they
 * really are (members after `unknownFutureValue` included); the request handler decides what a client sees.
 * One store serves every Graph version, as Graph does: `list()` and `get()` show an incident as v1.0 does, and
 * `list('beta')` and `get(id, 'beta')` as beta does. Every method returns copies, so callers cannot change the
 * state behind the store's back.
 */
export class IncidentStore {
  readonly seed: number;
  private readonly incidents = new Map<string, StoredIncident>();
  private clock: number;
  private tick = 0;

  constructor(options: IncidentStoreOptions = {}) {
    this.seed = options.seed ?? 1;
    const count = options.incidents ?? 120;
    if (!Number.isInteger(count) || count < 0)
      throw new TypeError(`incidents must be a non-negative integer, got ${String(count)}`);
    // One context for the whole store, never re-seeded, so no two incidents or alerts repeat each other.
    const ctx = new FixtureContext(this.seed);
    const firstId = ctx.faker.number.int({ min: 10, max: 900 });
    const tenantId = ctx.uuid();
    const drawn = Array.from({ length: count }, () => incidentValues(ctx, 0, { tenantId }));
    // Graph numbers incidents in creation order, and lists comments oldest first.
    drawn.sort((a, b) =>
      a.createdDateTime < b.createdDateTime ? -1 : a.createdDateTime > b.createdDateTime ? 1 : 0,
    );
    for (const [index, values] of drawn.entries()) {
      const id = String(firstId + index);
      const comments = [...(values.comments ?? [])].sort((a, b) =>
        a.createdDateTime < b.createdDateTime ? -1 : 1,
      );
      const incident: BetaIncident = {
        ...values,
        id,
        comments,
        incidentWebUrl: defenderPortalUrl('incident', id, tenantId),
      };
      // An incident's alerts fall inside its lifetime (facts §8).
      const alerts = Array.from({ length: ctx.faker.number.int({ min: 1, max: 3 }) }, () =>
        ctx.within(values.createdDateTime, values.lastUpdateDateTime, () =>
          alertValues(ctx, 0, { incidentId: id, tenantId }),
        ),
      );
      this.incidents.set(id, { incident, alerts });
    }
    // The beta-only properties, drawn with the beta factories from a context of their own, so that the v1.0 data
    // of a seed stays what it was before beta existed.
    const betaCtx = new FixtureContext(betaSeed(this.seed));
    for (const stored of this.incidents.values()) {
      const beta = betaIncidentValues(betaCtx, 0) as unknown as Record<string, unknown>;
      for (const name of hiddenIncidentProperties['v1.0'])
        if (name in beta) (stored.incident as unknown as Record<string, unknown>)[name] = beta[name];
    }
    // A redirected incident points at another incident of the same tenant.
    const ids = [...this.incidents.keys()];
    for (const [index, stored] of [...this.incidents.values()].entries())
      if (stored.incident.status === 'redirected' && ids.length > 1)
        stored.incident.redirectIncidentId = ids[(index + 1) % ids.length]!;
    this.clock = Math.max(
      Date.UTC(2026, 6, 1),
      ...[...this.incidents.values()].map((s) => Date.parse(s.incident.lastUpdateDateTime)),
    );
  }

  /** Every incident (without alerts), newest first, as `version` shows it (default v1.0). */
  list<V extends GraphVersion = 'v1.0'>(version?: V): IncidentByVersion[V][] {
    return [...this.incidents.values()]
      .map((stored) => view(stored.incident, version ?? 'v1.0') as IncidentByVersion[V])
      .sort((a, b) => compareNewestFirst(a, b));
  }

  /**
   * The incidents as `version` shows them, newest first, WITHOUT copying their values: for the request handler,
   * which only reads them and builds new response objects. Deep-copying the whole store on every list request made
   * listing 20 times slower than getting one incident.
   * @internal
   */
  readonlyList(version: GraphVersion = 'v1.0'): readonly Readonly<Record<string, unknown>>[] {
    return [...this.incidents.values()]
      .map(({ incident }) => shallowView(incident, version))
      .sort((a, b) => compareNewestFirst(a as unknown as Incident, b as unknown as Incident));
  }

  /** One incident as `version` shows it, without copying its values, for the request handler. @internal */
  readonlyGet(id: string, version: GraphVersion = 'v1.0'): Readonly<Record<string, unknown>> | undefined {
    const stored = this.incidents.get(id);
    return stored && shallowView(stored.incident, version);
  }

  /** One incident (without alerts) as `version` shows it (default v1.0), or `undefined`. */
  get<V extends GraphVersion = 'v1.0'>(id: string, version?: V): IncidentByVersion[V] | undefined {
    const stored = this.incidents.get(id);
    return stored && (view(stored.incident, version ?? 'v1.0') as IncidentByVersion[V]);
  }

  /** The alerts of one incident, or `undefined` for an unknown incident. */
  alerts(id: string): Alert[] | undefined {
    const stored = this.incidents.get(id);
    return stored && structuredClone(stored.alerts);
  }

  /**
   * Adds or replaces an incident, for tests that need a particular state. A beta incident (from
   * `@graph-incidents/mocks/beta`) is accepted too: its beta-only properties are shown on beta only.
   */
  put(incident: Incident, alerts: readonly Alert[] = []): void {
    this.incidents.set(incident.id, {
      incident: structuredClone(incident),
      alerts: structuredClone([...alerts]),
    });
  }

  /** Removes every incident. */
  clear(): void {
    this.incidents.clear();
  }

  get size(): number {
    return this.incidents.size;
  }

  /**
   * Applies already-validated changes in one step, stamps `lastUpdateDateTime` and `lastModifiedBy`, and returns
   * the updated incident as v1.0 shows it. Returns `undefined` for an unknown incident.
   */
  update(id: string, changes: Readonly<Record<string, unknown>>, modifiedBy: string): Incident | undefined {
    return this.applyUpdate(id, changes, modifiedBy)
      ? (view(this.incidents.get(id)!.incident, 'v1.0') as Incident)
      : undefined;
  }

  /** {@link update} without returning a copy, for the request handler; false for an unknown incident. @internal */
  applyUpdate(id: string, changes: Readonly<Record<string, unknown>>, modifiedBy: string): boolean {
    const stored = this.incidents.get(id);
    if (!stored) return false;
    stored.incident = {
      ...stored.incident,
      ...(structuredClone(changes) as Partial<BetaIncident>),
      lastUpdateDateTime: this.now(),
      lastModifiedBy: modifiedBy,
    };
    return true;
  }

  /** Appends a comment and returns every comment of the incident, oldest first. */
  addComment(id: string, comment: string, createdByDisplayName: string): AlertComment[] | undefined {
    const stored = this.incidents.get(id);
    if (!stored) return undefined;
    const comments = [
      ...(stored.incident.comments ?? []),
      { comment, createdByDisplayName, createdDateTime: this.now() },
    ];
    stored.incident = { ...stored.incident, comments };
    return structuredClone(comments);
  }

  /** The whole state as JSON, to check that a request changed nothing. */
  snapshot(): string {
    return JSON.stringify([...this.incidents.entries()]);
  }

  /** A timestamp after every earlier one, with Graph's seven fraction digits. */
  private now(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    this.tick = (this.tick + 1) % 10_000;
    return `${new Date(this.clock).toISOString().slice(0, 23)}${String(this.tick).padStart(4, '0')}Z`;
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
  const shallow: Record<string, unknown> = { ...incident };
  for (const name of hiddenIncidentProperties[version]) delete shallow[name];
  return shallow;
}

/** The seed of the beta-only draws: a different stream from the v1.0 draws of the same store seed. */
function betaSeed(seed: number): number {
  return Math.imul(seed ^ 0x62657461, 0x9e3779b1) >>> 0;
}

function compareNewestFirst(a: Incident | BetaIncident, b: Incident | BetaIncident): number {
  if (a.createdDateTime !== b.createdDateTime) return a.createdDateTime < b.createdDateTime ? 1 : -1;
  return Number(b.id) - Number(a.id);
}

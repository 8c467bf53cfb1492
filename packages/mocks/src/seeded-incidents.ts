import type { Alert } from '@graph-incidents/types';
import type { Incident as BetaIncident } from '@graph-incidents/types/beta';
import { millisecondText } from './date-time-text.js';
import { FixtureContext } from './fixture-context.js';
import { determinationsByClassification } from './fixture-rules.js';
import { incidentValues as betaIncidentValues } from './generated/beta/factory-values.gen.js';
import { alertValues, incidentValues } from './generated/factory-values.gen.js';
import { graphVersions, hiddenIncidentProperties } from './graph-versions.js';
import { mulberryRandomizer, seededRandom } from './seeded-random.js';
import { defenderPortalUrl } from './value-rules.js';

/** The window seeded incidents are created in: the fixtures' own fixed bounds, so no value depends on today. */
const earliest = Date.UTC(2024, 0, 1);
const latest = Date.UTC(2026, 5, 30);
/** Distinct analysts a seeded incident can be assigned to. */
const assigneeCount = 40;
const none = 0xff;

/**
 * The properties every seeded incident has in typed arrays, drawn cheaply per index, so that filtering and paging a
 * large store needs no generated incident: `$filter`'s properties, drawn from each incident's own seed.
 */
export const summaryProperties = [
  'assignedTo',
  'classification',
  'createdDateTime',
  'determination',
  'lastUpdateDateTime',
  'severity',
  'status',
] as const;

const shapes = graphVersions['v1.0'].schemaShapes.incident;
/** Members a seeded incident can have: every member but the sentinel (Graph never stores it). */
const drawable = (property: 'classification' | 'determination' | 'severity' | 'status') => {
  const descriptor = shapes[property]!.enum!;
  return descriptor.members.filter((member) => member !== descriptor.sentinel) as readonly string[];
};
const members = {
  status: drawable('status'),
  severity: drawable('severity'),
  classification: drawable('classification'),
  determination: drawable('determination'),
};
/**
 * Per classification, the determinations that may go with it (`fixture-rules.ts`): the store gives both as
 * overrides, so it must draw a consistent pair itself.
 */
const determinationCodes = members.classification.map((classification) => {
  const allowed: readonly string[] = Object.hasOwn(determinationsByClassification, classification)
    ? determinationsByClassification[classification as keyof typeof determinationsByClassification]
    : ['unknown'];
  return allowed.map((determination) => members.determination.indexOf(determination)).filter((i) => i >= 0);
});
const unknownClassification = members.classification.indexOf('unknown');

/**
 * The incidents a store generates from a seed, each a pure function of (seed, count, index): index `i` has the id
 * `firstId + i` and is created after index `i - 1` (Graph numbers incidents in creation order), and generating
 * one never needs another. The store keeps these summaries for all of them and builds a whole incident only when
 * it is read.
 */
export class SeededIncidents {
  readonly firstId: number;
  readonly tenantId: string;
  private readonly assignees: readonly string[];
  private readonly status: Uint8Array;
  private readonly severity: Uint8Array;
  private readonly classification: Uint8Array;
  private readonly determination: Uint8Array;
  private readonly assignedTo: Uint8Array;
  private readonly created: Float64Array;
  private readonly updated: Float64Array;
  /** The four digits after the milliseconds of `createdDateTime` and `lastUpdateDateTime`. */
  private readonly createdTicks: Uint16Array;
  private readonly updatedTicks: Uint16Array;
  private readonly context: FixtureContext;

  constructor(
    readonly seed: number,
    readonly count: number,
  ) {
    // One context seeded with the store's seed draws what all incidents share.
    const shared = new FixtureContext(seed);
    this.firstId = shared.faker.number.int({ min: 10, max: 900 });
    this.tenantId = shared.uuid();
    this.assignees = Array.from({ length: assigneeCount }, () => shared.text('incident', 'assignedTo'));
    // Each incident re-seeds this one context (`reseed`), with a randomizer that is cheap to re-seed.
    this.context = new FixtureContext(seed, mulberryRandomizer());
    this.status = new Uint8Array(count);
    this.severity = new Uint8Array(count);
    this.classification = new Uint8Array(count);
    this.determination = new Uint8Array(count);
    this.assignedTo = new Uint8Array(count);
    this.created = new Float64Array(count);
    this.updated = new Float64Array(count);
    this.createdTicks = new Uint16Array(count);
    this.updatedTicks = new Uint16Array(count);
    const step = (latest - earliest) / Math.max(count, 1);
    for (let index = 0; index < count; index++) {
      const random = seededRandom(mix(seed, index, 0));
      const nullable = (length: number) => (random() < 0.2 ? none : Math.floor(random() * length));
      this.status[index] = Math.floor(random() * members.status.length);
      this.severity[index] = Math.floor(random() * members.severity.length);
      // An incident is unknown/unknown until someone classifies it, never null (fixture-rules.ts, facts §8).
      const classification =
        random() < 0.2 ? unknownClassification : Math.floor(random() * members.classification.length);
      const determinations = determinationCodes[classification]!;
      this.classification[index] = classification;
      this.determination[index] = determinations[Math.floor(random() * determinations.length)]!;
      this.assignedTo[index] = nullable(assigneeCount);
      // Strictly increasing with the index: each incident is created within its own step of the window.
      const created = Math.floor(earliest + (index + random() * 0.999) * step);
      this.created[index] = created;
      this.updated[index] = created + Math.floor(random() * (latest - created));
      this.createdTicks[index] = Math.floor(random() * 10_000);
      this.updatedTicks[index] = Math.floor(random() * 10_000);
    }
  }

  id(index: number): string {
    return String(this.firstId + index);
  }

  /** The index of a seeded id, or `undefined`. */
  indexOf(id: string): number | undefined {
    if (!/^[1-9]\d{0,15}$/.test(id)) return undefined;
    const index = Number(id) - this.firstId;
    return index >= 0 && index < this.count ? index : undefined;
  }

  /** Writes the {@link summaryProperties} of incident `index` into `target`; date-times as epoch milliseconds. */
  summarize(index: number, target: Record<string, unknown>): void {
    const classification = this.classification[index]!;
    const determination = this.determination[index]!;
    const assignedTo = this.assignedTo[index]!;
    target['status'] = members.status[this.status[index]!];
    target['severity'] = members.severity[this.severity[index]!];
    target['classification'] = classification === none ? null : members.classification[classification];
    target['determination'] = determination === none ? null : members.determination[determination];
    target['assignedTo'] = assignedTo === none ? null : this.assignees[assignedTo];
    target['createdDateTime'] = this.created[index]!;
    target['lastUpdateDateTime'] = this.updated[index]!;
  }

  /** `createdDateTime` of incident `index`, for ordering, without building the incident. */
  createdDateTime(index: number): string {
    return dateTime(this.created[index]!, this.createdTicks[index]!);
  }

  /** The whole incident `index` as v1.0 has it, with its summary's values. */
  incident(index: number): BetaIncident {
    const ctx = this.reseed(mix(this.seed, index, 1));
    const id = this.id(index);
    const overrides: Record<string, unknown> = {
      id,
      tenantId: this.tenantId,
      incidentWebUrl: defenderPortalUrl('incident', id, this.tenantId),
    };
    this.summarize(index, overrides);
    overrides['createdDateTime'] = dateTime(this.created[index]!, this.createdTicks[index]!);
    overrides['lastUpdateDateTime'] = dateTime(this.updated[index]!, this.updatedTicks[index]!);
    // The factories' consistency rules put comments inside the lifetime given here, oldest first. `finish` returns
    // a new object, so it is the incident as it is.
    const incident: BetaIncident = incidentValues(ctx, 0, overrides as Partial<BetaIncident>);
    // A redirected incident points at another incident of the same tenant.
    if (incident.status === 'redirected' && this.count > 1)
      incident.redirectIncidentId = this.id((index + 1) % this.count);
    return incident;
  }

  /** The beta-only properties of incident `index`, drawn with the beta factories from a stream of their own. */
  betaProperties(index: number): Record<string, unknown> {
    const ctx = this.reseed(mix(this.seed, index, 2));
    const beta = betaIncidentValues(ctx, 0) as unknown as Record<string, unknown>;
    const properties: Record<string, unknown> = {};
    for (const name of hiddenIncidentProperties['v1.0']) if (name in beta) properties[name] = beta[name];
    return properties;
  }

  /** The alerts of incident `index`: one to three. */
  alerts(index: number): Alert[] {
    const ctx = this.reseed(mix(this.seed, index, 3));
    const incidentId = this.id(index);
    const created = dateTime(this.created[index]!, this.createdTicks[index]!);
    const updated = dateTime(this.updated[index]!, this.updatedTicks[index]!);
    // An incident's alerts fall inside its lifetime (facts §8).
    return Array.from({ length: ctx.faker.number.int({ min: 1, max: 3 }) }, () =>
      ctx.within(created, updated, () => alertValues(ctx, 0, { incidentId, tenantId: this.tenantId })),
    );
  }

  /** The one context, re-seeded: far cheaper than a new Faker per incident, and a re-seed resets it completely. */
  private reseed(seed: number): FixtureContext {
    this.context.faker.seed(seed);
    return this.context;
  }
}

/** A DateTimeOffset as Graph writes it: milliseconds, four more fraction digits and `Z`. */
function dateTime(milliseconds: number, ticks: number): string {
  return `${millisecondText(milliseconds)}${String(ticks).padStart(4, '0')}Z`;
}

/** A 32-bit seed for one stream (`stream`) of one incident (`index`) of a store (`seed`). */
function mix(seed: number, index: number, stream: number): number {
  let h =
    Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^
    Math.imul(Math.floor(seed / 0x100000000) | 0, 0x27d4eb2f) ^
    Math.imul(index + 1, 0xc2b2ae35) ^
    stream;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

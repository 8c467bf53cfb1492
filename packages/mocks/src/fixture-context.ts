import { base, en, Faker, generateMersenne53Randomizer, type Randomizer } from '@faker-js/faker';
import type { EnumDescriptor } from '@graph-incidents/types';
import { millisecondText } from './date-time-text.js';
import { fakerText, type FakerText, registerRandomizer } from './faker-text.js';
import { applyConsistencyRules, type RuleContext } from './fixture-rules.js';
import { defenderPortalUrl, integerRules, numberRules, textRules, type ValueSite } from './value-rules.js';

/** Options every factory takes. */
export interface BuildOptions {
  /** Seeds a fresh generator for this call: the same seed gives the same object on every run and machine. */
  readonly seed?: number;
}

/** Objects nested deeper than this are left out (`null`, `[]`), so recursive schemas stay finite. */
const maxDepth = 3;
/** Fixed bounds, so that no value depends on today's date. */
const earliest = Date.UTC(2024, 0, 1);
const latest = Date.UTC(2026, 5, 30);

/**
 * The one seeded generator that a build call (or a store) draws every value from. Nested factories receive the
 * same context and never re-seed it, so rows of nested arrays differ from each other.
 */
export class FixtureContext implements RuleContext {
  readonly faker: Faker;
  /** Faker's draws done directly on its randomizer: the same values, far cheaper (`faker-text.ts`). */
  private readonly draw: FakerText;
  /** Members of each enum but the sentinel, worked out once per descriptor. */
  private readonly drawableMembers = new WeakMap<EnumDescriptor, readonly unknown[]>();
  /** While set, every drawn DateTimeOffset falls inside it: the lifetime of the incident that owns the draw. */
  private lifetime: { readonly from: string; readonly to: string } | undefined;
  /** The last bounds `dateTimeBetween` parsed: an owner's comments and evidence are all drawn inside one lifetime. */
  private bounds = { from: '', to: '', start: Number.NaN, end: Number.NaN };

  /** `randomizer`: Faker's own (a Mersenne Twister) unless given. */
  constructor(seed: number, randomizer: Randomizer = generateMersenne53Randomizer()) {
    if (!Number.isSafeInteger(seed)) throw new TypeError(`seed must be a safe integer, got ${String(seed)}`);
    this.faker = new Faker({ locale: [en, base], randomizer });
    registerRandomizer(this.faker, randomizer);
    this.draw = fakerText(this.faker);
    this.faker.seed(seed);
  }

  /** True while objects may still nest below `depth`. */
  deeper(depth: number): boolean {
    return depth < maxDepth;
  }

  /** A member of a literal list. */
  member<const T>(values: readonly T[]): T {
    return this.draw.pick(values);
  }

  /**
   * A member of an enum. The sentinel is never drawn: Graph never stores `unknownFutureValue`, it only writes it
   * in place of members the client did not opt in to. Members after the sentinel are drawn like any other.
   */
  enumMember<const D extends EnumDescriptor>(descriptor: D): Exclude<D['members'][number], D['sentinel']> {
    let members = this.drawableMembers.get(descriptor);
    if (!members) {
      members = descriptor.members.filter((m) => m !== descriptor.sentinel);
      this.drawableMembers.set(descriptor, members);
    }
    return this.draw.pick(members) as Exclude<D['members'][number], D['sentinel']>;
  }

  boolean(): boolean {
    return this.draw.boolean();
  }

  /** True about `percent` times in a hundred. */
  chance(percent: number): boolean {
    return this.draw.int(0, 99) < percent;
  }

  /**
   * Runs `draw` with every DateTimeOffset drawn inside `[from, to]`, e.g. the alerts of an incident inside the
   * incident's lifetime (facts §8: createdDateTime ≤ their times ≤ lastUpdateDateTime).
   */
  within<T>(from: string, to: string, draw: () => T): T {
    const outer = this.lifetime;
    this.lifetime = { from, to };
    try {
      return draw();
    } finally {
      this.lifetime = outer;
    }
  }

  integer(schema: string, property: string, range: { min?: number; max?: number; format?: string }): number {
    const rule = Object.hasOwn(integerRules, property) ? integerRules[property] : undefined; // not `constructor`'s
    if (rule && range.min === undefined && range.max === undefined) return rule(this.faker);
    return this.faker.number.int({
      min: range.min ?? 0,
      max: range.max ?? (range.format === 'int64' ? 10_000_000 : 65_535),
    });
  }

  number(schema: string, property: string, range: { min?: number; max?: number; format?: string }): number {
    const rule = Object.hasOwn(numberRules, property) ? numberRules[property] : undefined; // not `constructor`'s
    if (rule) return rule(this.faker);
    return this.faker.number.float({ min: range.min ?? 0, max: range.max ?? 1000, fractionDigits: 3 });
  }

  /** A DateTimeOffset as Graph writes it: UTC, seven fraction digits and `Z`. */
  dateTime(schema?: string, property?: string): string {
    void schema;
    void property;
    if (this.lifetime) return this.dateTimeBetween(this.lifetime.from, this.lifetime.to);
    // `faker.date.between`: an integer millisecond in the window.
    const milliseconds = millisecondText(this.draw.int(earliest, latest));
    return `${milliseconds}${this.draw.numeric(4)}Z`;
  }

  /**
   * A DateTimeOffset in Graph's form with `from ≤ t ≤ to`. The millisecond is drawn strictly between the two, so
   * the extra fraction digits cannot cross a bound; bounds closer than that give `from` itself.
   */
  dateTimeBetween(from: string, to: string): string {
    const bounds = this.bounds;
    if (bounds.from !== from || bounds.to !== to)
      this.bounds = { from, to, start: Date.parse(from), end: Date.parse(to) };
    const { start, end } = this.bounds;
    if (!(end - start >= 2)) return from;
    const milliseconds = millisecondText(this.draw.int(start + 1, end - 1));
    return `${milliseconds}${this.draw.numeric(4)}Z`;
  }

  uuid(): string {
    return this.draw.uuid();
  }

  url(schema: string, property: string): string {
    void schema;
    void property;
    return this.faker.internet.url();
  }

  /** Text for a property: a rule for its name when there is one, otherwise a few words. */
  text(schema: string, property: string, minLength = 0): string {
    const site: ValueSite = { schema, property };
    const rule = Object.hasOwn(textRules, property) ? textRules[property] : undefined; // not `constructor`'s
    let text = rule ? rule(this.faker, site) : this.draw.words(1, 3);
    while (text.length < minLength) text += ` ${this.draw.word()}`;
    return text;
  }

  /** `null` for about one value in five, as Graph sends unset nullables explicitly. */
  nullable<T>(draw: () => T): T | null {
    return this.draw.int(0, 4) === 0 ? null : draw();
  }

  /** A nested object, or `null` when it is unset or too deep. */
  nested<T>(depth: number, draw: () => T): T | null {
    if (!this.deeper(depth)) return null;
    return this.nullable(draw);
  }

  /** An empty collection or a few distinct items (fewer deep down, so nested evidence stays small). */
  list<T>(depth: number, draw: () => T): T[] {
    if (!this.deeper(depth)) return [];
    const count = this.draw.int(0, depth < 2 ? 3 : 1);
    // One item cannot repeat another: nothing to compare.
    if (count === 1) return [draw()];
    const items: T[] = [];
    const seen = new Set<unknown>();
    for (let attempt = 0; items.length < count && attempt < count * 4; attempt++) {
      const item = draw();
      // Distinct as JSON: a string is its own key (a list holds only strings or only objects).
      const key = typeof item === 'string' ? item : JSON.stringify(item);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
    return items;
  }

  /**
   * Applies the overrides, then derives the properties that Graph computes from others (keyed by property name):
   * portal links from ids, `redirectIncidentId` only for `redirected`, and no update before creation. Then the
   * consistency rules of `fixture-rules.ts` (status ↔ resolvingComment ↔ classification/determination, times
   * inside the owner's lifetime, comments with text and an author).
   */
  finish<T extends object>(schema: string, drawn: T, overrides: Partial<T>): T {
    const value: Record<string, unknown> = { ...drawn, ...overrides };
    const derive = (property: string, compute: () => unknown): void => {
      if (property in value && !(property in overrides)) value[property] = compute();
    };
    const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    derive('redirectIncidentId', () =>
      value['status'] === 'redirected'
        ? (asString(value['redirectIncidentId']) ?? this.text(schema, 'redirectIncidentId'))
        : null,
    );
    derive('incidentWebUrl', () => {
      const id = 'incidentId' in value ? asString(value['incidentId']) : asString(value['id']);
      return id === undefined ? null : defenderPortalUrl('incident', id, asString(value['tenantId']));
    });
    derive('alertWebUrl', () => {
      const id = asString(value['id']);
      return id === undefined ? null : defenderPortalUrl('alert', id, asString(value['tenantId']));
    });
    const created = asString(value['createdDateTime']);
    const updated = asString(value['lastUpdateDateTime']);
    if (
      created &&
      updated &&
      updated < created &&
      !('lastUpdateDateTime' in overrides) &&
      !('createdDateTime' in overrides)
    ) {
      value['createdDateTime'] = updated;
      value['lastUpdateDateTime'] = created;
    }
    applyConsistencyRules(schema, value, overrides, this);
    return value as T;
  }
}

/** The module's own context, seeded once, for builds that pass no seed. */
let moduleContext: FixtureContext | undefined;

/** Reused by seeded builds: re-seeding resets it completely, and is far cheaper than a new Faker. */
let seededContext: FixtureContext | undefined;

/** Runs `build` with a context freshly seeded with `options.seed`, or with the module's context when there is none. */
export function withFixtureContext<T>(options: BuildOptions, build: (ctx: FixtureContext) => T): T {
  if (options.seed !== undefined) {
    if (!Number.isSafeInteger(options.seed))
      throw new TypeError(`seed must be a safe integer, got ${String(options.seed)}`);
    // A build never starts another seeded build inside it (nested objects share `ctx`), so one instance suffices.
    seededContext ??= new FixtureContext(options.seed);
    seededContext.faker.seed(options.seed);
    return build(seededContext);
  }
  moduleContext ??= new FixtureContext(1);
  return build(moduleContext);
}

/** Restarts the module's context, so that unseeded builds repeat from the start (for tests). */
export function resetDefaultSeed(seed = 1): void {
  moduleContext = new FixtureContext(seed);
}

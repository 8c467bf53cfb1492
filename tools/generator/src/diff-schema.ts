import type { JsonObject, JsonValue } from './load.ts';
import { diffConstraints } from './diff-constraints.ts';
import { asArray, asObject } from './json.ts';
import { type DiffInput, narrowDirection, schemaKeyOf, schemaPointer, schemasOf } from './diff-reach.ts';
import { change, type ChangeKind, type ChangeSite, type Direction, type SpecChange } from './diff-rules.ts';
import { afterSentinel, describeSchema, literalsOf, shapeOf, unwrapNull } from './diff-shape.ts';
import { joinPointer } from './json-pointer.ts';
import { SpecError } from './spec-error.ts';

/** What the schema comparisons share: both descriptions and the schema renames (base key → head key). */
export interface DiffContext {
  readonly base: DiffInput;
  readonly head: DiffInput;
  readonly renames: ReadonlyMap<string, string>;
  /** Property renames found so far (base name → head name), to settle ambiguous ones elsewhere. */
  readonly propertyRenames: Map<string, string>;
}

export interface Site extends ChangeSite {
  readonly direction: Direction;
  readonly base: string | undefined;
  readonly head: string | undefined;
}

const within = (pointer: string | undefined, ...segments: (string | number)[]) =>
  pointer === undefined ? undefined : joinPointer(pointer, ...segments);

/**
 * Compares two schemas that sit at the same place (a property, a parameter, a body, array items): null-ness,
 * shape, nested items and inline properties, constraints and allowed literals. `typeChanged` names the rule for a
 * different shape at this place.
 */
export function diffValue(
  ctx: DiffContext,
  site: Site,
  before: JsonObject,
  after: JsonObject,
  typeChanged: ChangeKind,
  depth = 0,
): SpecChange[] {
  if (depth > 100)
    throw new SpecError([
      {
        code: 'unsupported',
        file: ctx.head.file,
        pointer: site.head ?? '#',
        message: 'schemas nested more than 100 levels deep',
      },
    ]);
  const changes: SpecChange[] = [];
  const b = unwrapNull(before);
  const a = unwrapNull(after);
  if (!b.nullable && a.nullable) changes.push(change('property-became-nullable', site, 'now nullable'));
  if (b.nullable && !a.nullable)
    changes.push(change('property-became-non-nullable', site, 'no longer nullable'));
  const inner: Site = { ...site, base: within(site.base, ...b.path), head: within(site.head, ...a.path) };
  const fromShape = shapeOf(b.core, ctx.renames);
  const toShape = shapeOf(a.core);
  if (fromShape !== toShape) {
    changes.push(
      change(typeChanged, inner, `${describeSchema(b.core, ctx.renames)} → ${describeSchema(a.core)}`),
    );
    return changes;
  }
  if (toShape === 'array') {
    const items: Site = {
      ...inner,
      location: `${site.location}[]`,
      subject: `the items of ${site.subject}`,
      base: within(inner.base, 'items'),
      head: within(inner.head, 'items'),
    };
    changes.push(
      ...diffValue(ctx, items, asObject(b.core['items']), asObject(a.core['items']), typeChanged, depth + 1),
    );
  }
  if (toShape === 'object' && (b.core['properties'] !== undefined || a.core['properties'] !== undefined))
    changes.push(...diffObject(ctx, inner, b.core, a.core, undefined, depth + 1));
  changes.push(...diffConstraints(inner, b.core, a.core));
  const fromLiterals = literalsOf(b.core);
  const toLiterals = literalsOf(a.core);
  if (b.core['const'] !== undefined && a.core['const'] !== undefined) {
    if (JSON.stringify(b.core['const']) !== JSON.stringify(a.core['const']))
      changes.push(
        change(
          'constraint-changed',
          { ...inner, base: within(inner.base, 'const'), head: within(inner.head, 'const') },
          `const: ${JSON.stringify(b.core['const'])} → ${JSON.stringify(a.core['const'])}`,
        ),
      );
  } else if (fromLiterals && toLiterals) {
    const list = (core: JsonObject) => (Array.isArray(core['enum']) ? 'enum' : 'const');
    const members = {
      ...inner,
      base: within(inner.base, list(b.core)),
      head: within(inner.head, list(a.core)),
    };
    changes.push(
      ...diffMembers(
        members,
        fromLiterals,
        toLiterals,
        undefined,
        undefined,
        site.subject,
        (m) => `${site.location}.${m}`,
      ),
    );
  } else if (fromLiterals || toLiterals) {
    const keyword = b.core['const'] !== undefined || a.core['const'] !== undefined ? 'const' : 'enum';
    const show = (values: JsonValue[] | undefined) =>
      values ? values.map((v) => JSON.stringify(v)).join(', ') : 'any';
    changes.push(
      change(
        toLiterals ? 'constraint-tightened' : 'constraint-loosened',
        { ...inner, base: within(inner.base, keyword), head: within(inner.head, keyword) },
        `${keyword}: ${show(fromLiterals)} → ${show(toLiterals)}`,
      ),
    );
  }
  return changes;
}

/**
 * Enum member changes, for named enums (with Graph's `x-graph-enum` sentinel) and inline `enum` lists alike.
 * A member replaced by a new one at the same position is a rename.
 */
export function diffMembers(
  site: Site,
  before: readonly JsonValue[],
  after: readonly JsonValue[],
  beforeSentinel: string | undefined,
  afterSentinelName: string | undefined,
  owner = site.subject,
  locationOf = (member: string) => `${site.location}.${member}`,
): SpecChange[] {
  const changes: SpecChange[] = [];
  const name = (value: JsonValue) => (typeof value === 'string' ? value : JSON.stringify(value));
  const beforeNames = before.map(name);
  const afterNames = after.map(name);
  const removed = beforeNames.filter((m) => !afterNames.includes(m));
  const added = afterNames.filter((m) => !beforeNames.includes(m));
  const member = (value: string, index: number | undefined, side: 'base' | 'head'): Site => ({
    ...site,
    location: locationOf(value),
    subject: `\`${value}\` in ${owner}`,
    base: side === 'base' && index !== undefined ? within(site.base, index) : undefined,
    head: side === 'head' && index !== undefined ? within(site.head, index) : undefined,
  });
  const hiddenAfter = afterSentinel(afterNames, afterSentinelName);
  const hiddenBefore = afterSentinel(beforeNames, beforeSentinel);
  for (const value of removed) {
    const index = beforeNames.indexOf(value);
    const replacement = afterNames[index];
    if (replacement !== undefined && added.includes(replacement) && !hiddenAfter.includes(replacement)) {
      added.splice(added.indexOf(replacement), 1);
      changes.push(
        change(
          'enum-member-renamed',
          { ...member(replacement, index, 'head'), base: within(site.base, index) },
          `${value} → ${replacement}`,
        ),
      );
    } else changes.push(change('enum-member-removed', member(value, index, 'base'), `${value} removed`));
  }
  for (const value of added) {
    const hidden = hiddenAfter.includes(value);
    changes.push(
      change(
        hidden ? 'enum-member-added-after-sentinel' : 'enum-member-added',
        member(value, afterNames.indexOf(value), 'head'),
        `${value} added${hidden ? ` after ${afterSentinelName}` : ''}`,
      ),
    );
  }
  for (const value of afterNames)
    if (hiddenBefore.includes(value) && !hiddenAfter.includes(value))
      changes.push(
        change(
          'enum-member-moved-before-sentinel',
          {
            ...member(value, afterNames.indexOf(value), 'head'),
            base: within(site.base, beforeNames.indexOf(value)),
          },
          `${value} no longer after ${beforeSentinel}`,
        ),
      );
  return changes;
}

interface EffectiveProperty {
  readonly name: string;
  readonly schema: JsonObject;
  readonly pointer: string;
  readonly required: boolean;
  /** The component that declares it, or undefined for an inline schema's own property. */
  readonly declaredIn: string | undefined;
}

/** Own and inherited (`allOf`) properties of an object schema, each with where it is declared. */
export function effectiveProperties(
  input: DiffInput,
  schema: JsonObject,
  pointer: string | undefined,
  ownerKey: string | undefined,
  visiting: readonly string[] = [],
): Map<string, EffectiveProperty> {
  const result = new Map<string, EffectiveProperty>();
  const required = new Set<string>();
  const collect = (part: JsonObject, partPointer: string | undefined) => {
    for (const name of asArray(part['required'])) required.add(String(name));
    const own = asObject(part['properties']);
    for (const name of Object.keys(own))
      result.set(name, {
        name,
        schema: asObject(own[name]),
        pointer: within(partPointer, 'properties', name) ?? '#',
        required: false,
        declaredIn: ownerKey,
      });
  };
  for (const [index, raw] of asArray(schema['allOf']).entries()) {
    const part = asObject(raw);
    const key = schemaKeyOf(part['$ref']);
    const partPointer = within(pointer, 'allOf', index);
    if (key === undefined) {
      collect(part, partPointer);
      continue;
    }
    if (visiting.includes(key) || key === ownerKey)
      throw new SpecError([
        {
          code: 'unsupported',
          file: input.file,
          pointer: partPointer ?? '#',
          message: `allOf cycle: ${[...visiting, ownerKey ?? '(inline)', key].join(' → ')}`,
        },
      ]);
    const target = schemasOf(input.document)[key];
    if (target === undefined)
      throw new SpecError([
        {
          code: 'dangling-ref',
          file: input.file,
          pointer: partPointer ?? '#',
          message: `$ref to missing schema ${key}`,
        },
      ]);
    const inherited = effectiveProperties(input, asObject(target), schemaPointer(key), key, [
      ...visiting,
      ...(ownerKey ? [ownerKey] : []),
    ]);
    for (const [name, property] of inherited) {
      result.set(name, property);
      if (property.required) required.add(name);
    }
  }
  collect(schema, pointer);
  for (const [name, property] of result)
    if (required.has(name)) result.set(name, { ...property, required: true });
  return result;
}

/** True when the named schema of `input` has (declares or inherits) the property. */
function declares(input: DiffInput, key: string, name: string): boolean {
  const schema = schemasOf(input.document)[key];
  return (
    schema !== undefined && effectiveProperties(input, asObject(schema), schemaPointer(key), key).has(name)
  );
}

/** Pairs each removed property with the one added property of the same type (or the name a rename elsewhere set). */
export function findPropertyRenames(
  ctx: DiffContext,
  before: ReadonlyMap<string, EffectiveProperty>,
  after: ReadonlyMap<string, EffectiveProperty>,
): Map<string, string> {
  const removed = [...before.keys()].filter((name) => !after.has(name));
  const added = [...after.keys()].filter((name) => !before.has(name));
  const renamedTo = new Map<string, string>();
  for (const name of removed) {
    const signature = describeSchema(before.get(name)!.schema, ctx.renames);
    const sameType = added.filter((n) => describeSchema(after.get(n)!.schema) === signature);
    const pick =
      sameType.find((n) => ctx.propertyRenames.get(name) === n) ??
      (sameType.length === 1 ? sameType[0] : undefined);
    if (pick && ![...renamedTo.values()].includes(pick)) renamedTo.set(name, pick);
  }
  return renamedTo;
}

/** Property changes of two object schemas: renames, removals, additions, required-ness and each property's value. */
export function diffObject(
  ctx: DiffContext,
  site: Site,
  before: JsonObject,
  after: JsonObject,
  keys: { base: string; head: string } | undefined,
  depth = 0,
): SpecChange[] {
  const changes: SpecChange[] = [];
  const from = effectiveProperties(ctx.base, before, site.base, keys?.base);
  const to = effectiveProperties(ctx.head, after, site.head, keys?.head);
  const renamedTo = findPropertyRenames(ctx, from, to);
  const renamedFrom = new Set(renamedTo.values());
  const owner = keys ? `\`${keys.head.split('.').at(-1)}\`` : site.subject;
  const propertySite = (
    name: string,
    b: EffectiveProperty | undefined,
    a: EffectiveProperty | undefined,
  ): Site => ({
    location: `${site.location}.${name}`,
    subject: `\`${name}\` of ${owner}`,
    direction: narrowDirection(site.direction, a?.schema ?? b?.schema ?? {}),
    base: b?.pointer,
    head: a?.pointer,
  });
  // Inherited on both sides: the declaring schema reports it. A property inherited on one side only is this
  // schema's change, unless the schema it is inherited from gained or lost it itself.
  const inheritedBoth = (b: EffectiveProperty | undefined, a: EffectiveProperty | undefined) => {
    if (keys === undefined) return false;
    const fromBase = b !== undefined && b.declaredIn !== keys.base;
    const fromHead = a !== undefined && a.declaredIn !== keys.head;
    if (b && a) return fromBase && fromHead;
    if (b && fromBase) return !declares(ctx.head, ctx.renames.get(b.declaredIn!) ?? b.declaredIn!, b.name);
    if (a && fromHead) {
      const baseKey = [...ctx.renames].find(([, head]) => head === a.declaredIn)?.[0] ?? a.declaredIn!;
      return !declares(ctx.base, baseKey, a.name);
    }
    return false;
  };

  for (const [name, property] of from) {
    if (to.has(name) || inheritedBoth(property, undefined)) continue;
    const target = renamedTo.get(name);
    if (target !== undefined) {
      changes.push(
        change('property-renamed', propertySite(target, property, to.get(target)), `${name} → ${target}`),
      );
      ctx.propertyRenames.set(name, target);
    } else
      changes.push(change('property-removed', propertySite(name, property, undefined), `${name} removed`));
  }
  for (const [name, property] of to) {
    if (from.has(name) || renamedFrom.has(name) || inheritedBoth(undefined, property)) continue;
    changes.push(
      property.required
        ? change('property-added-required', propertySite(name, undefined, property), `required ${name} added`)
        : change('property-added', propertySite(name, undefined, property), `${name} added`),
    );
  }
  for (const [name, b] of from) {
    const headName = to.has(name) ? name : renamedTo.get(name);
    const a = headName === undefined ? undefined : to.get(headName);
    if (!a || headName === undefined || inheritedBoth(b, a)) continue;
    const at = propertySite(headName, b, a);
    if (b.required && !a.required) changes.push(change('property-became-optional', at, 'now optional'));
    if (!b.required && a.required) changes.push(change('property-became-required', at, 'now required'));
    changes.push(...diffValue(ctx, at, b.schema, a.schema, 'property-type-changed', depth + 1));
    changes.push(...diffDocs(at, b.schema, a.schema));
  }
  return changes;
}

/** `description`/`summary`/`title` rewording (patch) and `deprecated` turning on or off. */
export function diffDocs(site: ChangeSite, before: JsonObject, after: JsonObject): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const keyword of ['summary', 'description', 'title'])
    if (
      before[keyword] !== after[keyword] &&
      (typeof before[keyword] === 'string' || typeof after[keyword] === 'string')
    ) {
      changes.push(
        change(
          'description-changed',
          {
            ...site,
            base: before[keyword] === undefined ? undefined : within(site.base, keyword),
            head: after[keyword] === undefined ? undefined : within(site.head, keyword),
          },
          `${keyword} changed`,
        ),
      );
    }
  if ((before['deprecated'] === true) !== (after['deprecated'] === true))
    changes.push(
      change(
        after['deprecated'] === true ? 'deprecated' : 'undeprecated',
        { ...site, base: within(site.base, 'deprecated'), head: within(site.head, 'deprecated') },
        after['deprecated'] === true ? 'now deprecated' : 'no longer deprecated',
      ),
    );
  return changes;
}

import type { JsonObject } from './load.ts';
import { diffConstraints } from './diff-constraints.ts';
import { asObject } from './json.ts';
import { directionOf, type DiffInput, reachability, schemaPointer, schemasOf } from './diff-reach.ts';
import { change, type SpecChange } from './diff-rules.ts';
import {
  type DiffContext,
  diffDocs,
  diffMembers,
  diffObject,
  diffValue,
  effectiveProperties,
  type Site,
} from './diff-schema.ts';
import { enumMembers, graphName, refTarget, schemaKind } from './diff-shape.ts';

/**
 * Pairs the named schemas of two descriptions (base key → head key). Renames are recognised where the evidence is
 * clear, instead of a removal plus an addition:
 * - the Graph name is unchanged but the namespace moved (`microsoft.graph.incident` → `microsoft.graph.security.incident`);
 * - a property of a paired schema referred to one schema and now refers to another of the same kind
 *   (`classification`: `m365AlertClassification` → `alertClassification`).
 */
export function matchSchemas(base: DiffInput, head: DiffInput): Map<string, string> {
  const from = schemasOf(base.document);
  const to = schemasOf(head.document);
  const matched = new Map<string, string>();
  for (const key of Object.keys(from)) if (to[key] !== undefined) matched.set(key, key);
  const taken = () => new Set(matched.values());
  const kindOf = (schemas: JsonObject, key: string) => schemaKind(asObject(schemas[key]));

  for (const key of Object.keys(from)) {
    if (matched.has(key)) continue;
    const used = taken();
    const candidates = Object.keys(to).filter(
      (k) => !used.has(k) && graphName(k) === graphName(key) && kindOf(to, k) === kindOf(from, key),
    );
    if (candidates.length === 1) matched.set(key, candidates[0]!);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [baseKey, headKey] of [...matched]) {
      if (kindOf(from, baseKey) !== 'object' || kindOf(to, headKey) !== 'object') continue;
      const before = effectiveProperties(base, asObject(from[baseKey]), undefined, baseKey);
      const after = effectiveProperties(head, asObject(to[headKey]), undefined, headKey);
      for (const [name, property] of before) {
        const counterpart = after.get(name);
        const source = refTarget(property.schema);
        const target = counterpart && refTarget(counterpart.schema);
        if (!source || !target || matched.has(source) || taken().has(target)) continue;
        if (
          from[source] === undefined ||
          to[target] === undefined ||
          kindOf(from, source) !== kindOf(to, target)
        )
          continue;
        matched.set(source, target);
        changed = true;
      }
    }
  }
  return matched;
}

/** Every named-schema change: renames, removals, additions, then each paired schema's own changes. */
export function diffComponents(ctx: DiffContext): SpecChange[] {
  const changes: SpecChange[] = [];
  const from = schemasOf(ctx.base.document);
  const to = schemasOf(ctx.head.document);
  const reachedBefore = reachability(ctx.base);
  const reachedAfter = reachability(ctx.head);
  const matchedHead = new Set(ctx.renames.values());
  const subject = (key: string) => `\`${graphName(key)}\``;

  for (const [baseKey, headKey] of ctx.renames)
    if (baseKey !== headKey)
      changes.push(
        change(
          'schema-renamed',
          {
            location: headKey,
            subject: subject(headKey),
            base: schemaPointer(baseKey),
            head: schemaPointer(headKey),
          },
          `${baseKey} → ${headKey}`,
        ),
      );
  for (const key of Object.keys(from))
    if (!ctx.renames.has(key))
      changes.push(
        change(
          'schema-removed',
          { location: key, subject: subject(key), base: schemaPointer(key) },
          `${key} removed`,
        ),
      );
  for (const key of Object.keys(to))
    if (!matchedHead.has(key))
      changes.push(
        change(
          'schema-added',
          { location: key, subject: subject(key), head: schemaPointer(key) },
          `${key} added`,
        ),
      );

  // Two passes: property renames found in one schema (tags → customTags in the PATCH body) settle ambiguous ones.
  const pairs = [...ctx.renames].filter(
    ([b, h]) => schemaKind(asObject(from[b])) === 'object' && schemaKind(asObject(to[h])) === 'object',
  );
  for (const [baseKey, headKey] of pairs)
    diffObject(ctx, siteOf(baseKey, headKey), asObject(from[baseKey]), asObject(to[headKey]), {
      base: baseKey,
      head: headKey,
    });

  function siteOf(baseKey: string, headKey: string): Site {
    return {
      location: headKey,
      subject: subject(headKey),
      direction: directionOf(reachedBefore.get(baseKey), reachedAfter.get(headKey)),
      base: schemaPointer(baseKey),
      head: schemaPointer(headKey),
    };
  }

  for (const [baseKey, headKey] of ctx.renames) {
    const before = asObject(from[baseKey]);
    const after = asObject(to[headKey]);
    const site = siteOf(baseKey, headKey);
    changes.push(...diffDocs(site, before, after));
    const kinds = [schemaKind(before), schemaKind(after)] as const;
    if (kinds[0] !== kinds[1]) {
      changes.push(change('schema-kind-changed', site, `${kinds[0]} → ${kinds[1]}`));
      continue;
    }
    if (kinds[0] === 'enum') {
      const b = enumMembers(before);
      const a = enumMembers(after);
      changes.push(
        ...diffMembers(
          { ...site, base: `${site.base}/enum`, head: `${site.head}/enum` },
          b.members,
          a.members,
          b.sentinel,
          a.sentinel,
          subject(headKey),
          (member) => `${headKey}.${member}`,
        ),
      );
    } else if (kinds[0] === 'object') {
      changes.push(...diffObject(ctx, site, before, after, { base: baseKey, head: headKey }));
      changes.push(...diffConstraints(site, before, after));
    } else changes.push(...diffValue(ctx, site, before, after, 'property-type-changed'));
  }
  return changes;
}

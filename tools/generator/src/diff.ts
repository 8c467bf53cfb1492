import { change, type SpecChange } from './diff-rules.ts';
import {
  type ApiModel,
  type EnumModel,
  findSchema,
  type ObjectModel,
  type PropertyModel,
  type TypeRef,
} from './model.ts';

/**
 * Lists every difference between two descriptions, each classified by `diff-rules.ts`. Renames are reported as
 * renames where the evidence is clear, instead of a removal plus an addition:
 * - a schema whose Graph name is unchanged but whose namespace moved (`microsoft.graph.incident` →
 *   `microsoft.graph.security.incident`);
 * - a schema that a property of a matched schema referred to, replaced by another schema of the same kind at the
 *   same property (`classification`: `m365AlertClassification` → `alertClassification`);
 * - an enum member replaced by another at the same position;
 * - a property replaced by exactly one new property of the same type in the same schema, or by the same new name
 *   that a rename elsewhere already established.
 */
export function diffModels(base: ApiModel, head: ApiModel): SpecChange[] {
  const renames = matchSchemas(base, head);
  const changes: SpecChange[] = [];
  const headWriteModels = new Set(
    head.operations.flatMap((op) => (op.requestBody ? [op.requestBody.schemaKey] : [])),
  );

  for (const [baseKey, headKey] of renames)
    if (baseKey !== headKey) changes.push(change('schema-renamed', headKey, `${baseKey} → ${headKey}`));
  const matchedHead = new Set(renames.values());
  for (const named of [...base.enums, ...base.objects, ...base.scalars])
    if (!renames.has(named.key)) changes.push(change('schema-removed', named.key, `${named.key} removed`));
  for (const named of [...head.enums, ...head.objects, ...head.scalars])
    if (!matchedHead.has(named.key)) changes.push(change('schema-added', named.key, `${named.key} added`));

  const propertyRenames = new Map<string, string>();
  for (const [baseKey, headKey] of renames) {
    const before = findSchema(base, baseKey);
    const after = findSchema(head, headKey);
    if (!before || !after) continue;
    if (before.description !== after.description)
      changes.push(change('description-changed', headKey, `description of ${headKey} changed`));
    if (before.kind === 'enum' && after.kind === 'enum') changes.push(...diffEnum(before, after));
    if (before.kind === 'object' && after.kind === 'object')
      for (const [from, to] of findPropertyRenames(before, after, renames, new Map()))
        if (!propertyRenames.has(from)) propertyRenames.set(from, to.name);
  }
  // A second pass lets renames found in one schema (tags → customTags in the PATCH body) settle ambiguous ones.
  for (const [baseKey, headKey] of renames) {
    const before = findSchema(base, baseKey);
    const after = findSchema(head, headKey);
    if (before?.kind === 'object' && after?.kind === 'object')
      changes.push(...diffObject(before, after, renames, propertyRenames, headWriteModels.has(headKey)));
  }
  return [...changes, ...diffOperations(base, head, renames)].sort((a, b) =>
    a.location < b.location
      ? -1
      : a.location > b.location
        ? 1
        : a.kind < b.kind
          ? -1
          : a.kind > b.kind
            ? 1
            : 0,
  );
}

function matchSchemas(base: ApiModel, head: ApiModel): Map<string, string> {
  const all = (model: ApiModel) => [...model.enums, ...model.objects, ...model.scalars];
  const matched = new Map<string, string>();
  const headKeys = new Set(all(head).map((n) => n.key));
  for (const named of all(base)) if (headKeys.has(named.key)) matched.set(named.key, named.key);
  const unmatchedHead = () => all(head).filter((n) => ![...matched.values()].includes(n.key));

  for (const named of all(base)) {
    if (matched.has(named.key)) continue;
    const candidates = unmatchedHead().filter(
      (n) => n.graphName === named.graphName && n.kind === named.kind,
    );
    if (candidates.length === 1) matched.set(named.key, candidates[0]!.key);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [baseKey, headKey] of [...matched]) {
      const before = findSchema(base, baseKey);
      const after = findSchema(head, headKey);
      if (before?.kind !== 'object' || after?.kind !== 'object') continue;
      for (const property of before.properties) {
        const counterpart = after.properties.find((p) => p.name === property.name);
        const from = counterpart && refOf(property.type);
        const to = counterpart && refOf(counterpart.type);
        if (!from || !to || matched.has(from) || !unmatchedHead().some((n) => n.key === to)) continue;
        if (findSchema(base, from)?.kind !== findSchema(head, to)?.kind) continue;
        matched.set(from, to);
        changed = true;
      }
    }
  }
  return matched;
}

function diffEnum(before: EnumModel, after: EnumModel): SpecChange[] {
  const changes: SpecChange[] = [];
  const removed = before.members.filter((m) => !after.members.includes(m));
  const added = new Set(after.members.filter((m) => !before.members.includes(m)));
  for (const member of removed) {
    const index = before.members.indexOf(member);
    const replacement = after.members[index];
    if (replacement !== undefined && added.has(replacement)) {
      added.delete(replacement);
      changes.push(
        change('enum-member-renamed', `${after.key}.${replacement}`, `${member} → ${replacement}`),
      );
    } else changes.push(change('enum-member-removed', `${after.key}.${member}`, `${member} removed`));
  }
  for (const member of added) {
    const afterSentinel = after.afterSentinel.includes(member);
    changes.push(
      change(
        afterSentinel ? 'enum-member-added-after-sentinel' : 'enum-member-added',
        `${after.key}.${member}`,
        `${member} added${afterSentinel ? ` after ${after.sentinel}` : ''}`,
      ),
    );
  }
  return changes;
}

/** Property renames within one schema: a removed property and the one added property of the same type. */
function findPropertyRenames(
  before: ObjectModel,
  after: ObjectModel,
  renames: ReadonlyMap<string, string>,
  known: ReadonlyMap<string, string>,
): Map<string, PropertyModel> {
  const removed = before.properties.filter((p) => !after.properties.some((q) => q.name === p.name));
  const added = after.properties.filter((p) => !before.properties.some((q) => q.name === p.name));
  const renamedTo = new Map<string, PropertyModel>();
  for (const property of removed) {
    const signature = typeSignature(property.type, renames);
    const sameType = added.filter((p) => typeSignature(p.type, renames) === signature);
    const pick =
      sameType.find((p) => known.get(property.name) === p.name) ??
      (sameType.length === 1 ? sameType[0] : undefined);
    if (pick && ![...renamedTo.values()].includes(pick)) renamedTo.set(property.name, pick);
  }
  return renamedTo;
}

function diffObject(
  before: ObjectModel,
  after: ObjectModel,
  renames: ReadonlyMap<string, string>,
  propertyRenames: ReadonlyMap<string, string>,
  writeModel: boolean,
): SpecChange[] {
  const changes: SpecChange[] = [];
  const removed = before.properties.filter((p) => !after.properties.some((q) => q.name === p.name));
  const added = after.properties.filter((p) => !before.properties.some((q) => q.name === p.name));
  const renamedTo = findPropertyRenames(before, after, renames, propertyRenames);

  const where = (name: string) => `${after.key}.${name}`;
  for (const property of removed) {
    const target = renamedTo.get(property.name);
    if (target)
      changes.push(change('property-renamed', where(target.name), `${property.name} → ${target.name}`));
    else changes.push(change('property-removed', where(property.name), `${property.name} removed`));
  }
  for (const property of added) {
    if ([...renamedTo.values()].includes(property)) continue;
    changes.push(
      property.required && writeModel
        ? change('property-added-required', where(property.name), `required ${property.name} added`)
        : change('property-added', where(property.name), `${property.name} added`),
    );
  }
  for (const property of before.properties) {
    const counterpart =
      after.properties.find((p) => p.name === property.name) ?? renamedTo.get(property.name);
    if (!counterpart) continue;
    const at = where(counterpart.name);
    if (typeSignature(property.type, renames) !== typeSignature(counterpart.type, new Map()))
      changes.push(
        change(
          'property-type-changed',
          at,
          `${describeType(property.type)} → ${describeType(counterpart.type)}`,
        ),
      );
    if (!property.nullable && counterpart.nullable)
      changes.push(change('property-became-nullable', at, 'now nullable'));
    if (property.nullable && !counterpart.nullable)
      changes.push(
        change(
          writeModel ? 'request-property-became-non-nullable' : 'property-became-non-nullable',
          at,
          'now non-null',
        ),
      );
    if (property.required && !counterpart.required && !writeModel)
      changes.push(change('property-became-optional', at, 'now optional'));
    if (!property.required && counterpart.required)
      changes.push(
        change(writeModel ? 'property-added-required' : 'property-became-required', at, 'now required'),
      );
    if (property.description !== counterpart.description)
      changes.push(change('description-changed', at, 'description changed'));
  }
  return changes;
}

function diffOperations(base: ApiModel, head: ApiModel, renames: ReadonlyMap<string, string>): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const operation of base.operations) {
    const counterpart = head.operations.find((op) => op.operationId === operation.operationId);
    if (!counterpart) {
      changes.push(
        change(
          'operation-removed',
          operation.operationId,
          `${operation.method.toUpperCase()} ${operation.path} removed`,
        ),
      );
      continue;
    }
    const permissions = (op: typeof operation) =>
      op.permissions
        .map((set) => [...set].sort().join('+'))
        .sort()
        .join(' | ');
    if (permissions(operation) !== permissions(counterpart))
      changes.push(
        change(
          'operation-permissions-changed',
          operation.operationId,
          `${permissions(operation)} → ${permissions(counterpart)}`,
        ),
      );
    for (const parameter of operation.parameters)
      if (!counterpart.parameters.some((p) => p.name === parameter.name))
        changes.push(
          change(
            'parameter-removed',
            `${operation.operationId}.${parameter.name}`,
            `${parameter.name} removed`,
          ),
        );
    for (const parameter of counterpart.parameters)
      if (!operation.parameters.some((p) => p.name === parameter.name))
        changes.push(
          change(
            parameter.required ? 'parameter-added-required' : 'parameter-added',
            `${operation.operationId}.${parameter.name}`,
            `${parameter.name} added`,
          ),
        );
    if (operation.description !== counterpart.description || operation.summary !== counterpart.summary)
      changes.push(change('description-changed', operation.operationId, 'description changed'));
    void renames;
  }
  for (const operation of head.operations)
    if (!base.operations.some((op) => op.operationId === operation.operationId))
      changes.push(
        change(
          'operation-added',
          operation.operationId,
          `${operation.method.toUpperCase()} ${operation.path} added`,
        ),
      );
  return changes;
}

function refOf(type: TypeRef): string | undefined {
  if (type.kind === 'ref') return type.key;
  if (type.kind === 'array') return refOf(type.items);
  return undefined;
}

/** A comparable description of a type, with base schema keys mapped to their head names. */
function typeSignature(type: TypeRef, renames: ReadonlyMap<string, string>): string {
  switch (type.kind) {
    case 'primitive':
      return `${type.type}${type.format ? `:${type.format}` : ''}${type.literals ? `=${type.literals.join('|')}` : ''}`;
    case 'ref':
      return `ref:${renames.get(type.key) ?? type.key}`;
    case 'array':
      return `array<${typeSignature(type.items, renames)}${type.itemsNullable ? '|null' : ''}>`;
    case 'open-object':
      return 'object';
  }
}

function describeType(type: TypeRef): string {
  return typeSignature(type, new Map()).replace(/^ref:/, '');
}

import {
  type AnnotationValue,
  CsdlError,
  type CsdlEnumType,
  type CsdlModel,
  type CsdlProperty,
  type CsdlStructuredType,
  type CsdlType,
  describe,
} from './csdl-read.ts';
import { setOwn } from './json.ts';
import type { JsonObject, JsonValue } from './load.ts';

/**
 * CSDL types → OpenAPI 3.0 schemas, in the form Microsoft's converter (Microsoft.OpenApi.OData, which produces Graph's
 * published OpenAPI) gives them, so that the normaliser and the overlay treat both sources alike:
 * - a `BaseType` becomes `allOf: [{$ref: base}, {title, type: object, properties}]`;
 * - a type with derived types gets `discriminator: {propertyName: '@odata.type', mapping}` over every descendant,
 *   and the generator reads that as a union discriminated on `@odata.type` (`alertEvidence` and its 48 kinds);
 * - every structured type declares `@odata.type`: the type's own `#namespace.name` as `const` on a derived type
 *   with no derived types of its own, a plain string elsewhere;
 * - `Nullable` absent on a single value → `nullable: true` (`anyOf [$ref, {type: object, nullable: true}]` for a
 *   reference); `Nullable="false"` → not nullable, and required (our descriptions mark what Graph always returns);
 * - `Collection(T)` → `type: array`; its items are nullable only with an explicit `Nullable="true"`. CSDL 4.0
 *   errata03 §7.2.1 leaves an absent Nullable on a collection undefined and 4.01 asks services to state it (OASIS
 *   ODATA-929: authors who omit it mean "no nulls"); Microsoft's converter assumes nullable items here instead;
 * - `OpenType="true"` → `additionalProperties: true` with `x-graph-open-type`; other types carry Microsoft's
 *   `additionalProperties: {type: object}` marker, which the normaliser closes;
 * - `Org.OData.Core.V1.Description` → `description`; `Org.OData.Core.V1.Computed` → `readOnly`;
 * - enum members in declaration order, with their values (the declaration index where `Value` is absent, CSDL
 *   §10.2.2) in `x-graph-enum.values`;
 * - navigation properties carry `x-ms-navigationProperty: true`, as Microsoft's do.
 */

const coreDescription = 'Org.OData.Core.V1.Description';
const coreComputed = 'Org.OData.Core.V1.Computed';

/** The Edm primitive types and their OpenAPI schema (Microsoft.OpenApi.OData's mapping; IEEE754Compatible=false). */
const edmSchemas: Readonly<Record<string, JsonObject>> = {
  'Edm.String': { type: 'string' },
  'Edm.Boolean': { type: 'boolean' },
  'Edm.Byte': { type: 'integer', format: 'uint8' },
  'Edm.SByte': { type: 'integer', format: 'int8' },
  'Edm.Int16': { type: 'integer', format: 'int16' },
  'Edm.Int32': { type: 'integer', format: 'int32' },
  'Edm.Int64': { type: 'integer', format: 'int64' },
  'Edm.Single': { type: 'number', format: 'float' },
  'Edm.Double': { type: 'number', format: 'double' },
  'Edm.Decimal': { type: 'number', format: 'decimal' },
  'Edm.Guid': {
    type: 'string',
    format: 'uuid',
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  },
  'Edm.DateTimeOffset': {
    type: 'string',
    format: 'date-time',
    pattern:
      '^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$',
  },
  'Edm.Date': { type: 'string', format: 'date' },
  'Edm.TimeOfDay': { type: 'string', format: 'time' },
  'Edm.Duration': { type: 'string', format: 'duration' },
  'Edm.Binary': { type: 'string', format: 'base64url' },
  'Edm.Stream': { type: 'string', format: 'base64url' },
  'Edm.Untyped': { type: 'object' },
};

/** The schema key of a named type: its namespace-qualified name. */
export function schemaRef(fullName: string): JsonObject {
  return { $ref: `#/components/schemas/${fullName}` };
}

/** `Collection(self.alert)` → `{collection: true, name: 'microsoft.graph.security.alert'}`. */
export function parseTypeName(model: CsdlModel, written: string): { collection: boolean; name: string } {
  const match = /^Collection\((.+)\)$/.exec(written.trim());
  const inner = match ? match[1]!.trim() : written.trim();
  return { collection: match !== null, name: inner.startsWith('Edm.') ? inner : model.qualify(inner) };
}

/** Who uses a type, for messages: `<Property Name="x"> of <EntityType Name="y">`. */
export interface TypeUse {
  readonly line: number;
  readonly element: string;
}

/** Looks a named type up, or throws a located error naming the type. */
export function lookUpType(model: CsdlModel, written: string, use: TypeUse): CsdlType | undefined {
  if (written.trim() === '') throw new CsdlError(model.file, use.line, use.element, 'no Type given');
  const { name } = parseTypeName(model, written);
  if (name.startsWith('Edm.')) {
    if (edmSchemas[name] === undefined && !name.startsWith('Edm.Geo'))
      throw new CsdlError(model.file, use.line, use.element, `unknown primitive type ${name}`);
    return undefined;
  }
  const type = model.types.get(name);
  if (!type)
    throw new CsdlError(
      model.file,
      use.line,
      use.element,
      `unknown type ${written}${name !== written.replace(/^Collection\((.+)\)$/, '$1') ? ` (${name})` : ''}`,
    );
  return type;
}

/** Every structured type that derives from another, by the base's qualified name. */
export function derivedTypeIndex(model: CsdlModel): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const type of model.types.values()) {
    if (type.kind === 'enum' || !type.baseType) continue;
    const base = model.qualify(type.baseType);
    const list = index.get(base);
    if (list) list.push(type.fullName);
    else index.set(base, [type.fullName]);
  }
  return index;
}

/** `type` and everything derived from it, transitively, in declaration order. */
export function descendants(index: ReadonlyMap<string, readonly string[]>, fullName: string): string[] {
  const out: string[] = [];
  const queue = [...(index.get(fullName) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (out.includes(next)) continue;
    out.push(next);
    queue.push(...(index.get(next) ?? []));
  }
  return out;
}

export function propertyUse(type: CsdlStructuredType, property: CsdlProperty): TypeUse {
  return {
    line: property.line,
    element: `<${property.navigation ? 'NavigationProperty' : 'Property'} Name="${property.name}"> of ${typeElement(type)}`,
  };
}

/** `<EntityType Name="ns.name">` (or `ComplexType`, `EnumType`), for messages. */
function typeElement(type: CsdlType): string {
  const tag = type.kind === 'enum' ? 'EnumType' : type.kind === 'entity' ? 'EntityType' : 'ComplexType';
  return describe({ tag, attributes: { Name: type.fullName } });
}

/** `<Member Name="x"> of <EnumType Name="ns.name">`, for messages. */
function memberElement(type: CsdlEnumType, member: CsdlEnumType['members'][number]): string {
  return `${describe({ tag: 'Member', attributes: { Name: member.name } })} of ${typeElement(type)}`;
}

function annotation(model: CsdlModel, target: string, term: string): AnnotationValue | undefined {
  return model.annotations.get(target)?.get(term);
}

/** The schema of one property, in Microsoft's 3.0 form. */
function propertySchema(model: CsdlModel, owner: CsdlStructuredType, property: CsdlProperty): JsonObject {
  const { collection, name } = parseTypeName(model, property.type);
  const named = lookUpType(model, property.type, propertyUse(owner, property));
  const single: JsonObject = named
    ? schemaRef(named.fullName)
    : { ...(edmSchemas[name] ?? { type: 'object' }) };
  let schema: JsonObject;
  if (collection) {
    const itemsNullable = property.nullable === true;
    schema = {
      type: 'array',
      items: itemsNullable
        ? named
          ? { anyOf: [single, { type: 'object', nullable: true }] }
          : { ...single, nullable: true }
        : single,
    };
  } else if (property.nullable === false || property.navigation) schema = single;
  else
    schema = named ? { anyOf: [single, { type: 'object', nullable: true }] } : { ...single, nullable: true };
  const target = `${owner.fullName}/${property.name}`;
  const description = annotation(model, target, coreDescription);
  if (typeof description === 'string') schema['description'] = description;
  if (annotation(model, target, coreComputed) === true) schema['readOnly'] = true;
  if (property.navigation) schema['x-ms-navigationProperty'] = true;
  return schema;
}

/**
 * The component schema of a structured type. `mapping` lists the derived types in the slice (empty when the type is
 * not used polymorphically there).
 */
export function structuredSchema(
  model: CsdlModel,
  type: CsdlStructuredType,
  derived: readonly string[],
): JsonObject {
  checkDeclaredOnce(model, type);
  checkPropertiesOnce(model, type);
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const property of type.properties) {
    // Own properties: a property named `__proto__` would otherwise set the prototype and vanish.
    setOwn(properties, property.name, propertySchema(model, type, property));
    if (property.nullable === false && !property.navigation) required.push(property.name);
  }
  // Key properties are never null (CSDL §8.1).
  for (const key of type.key)
    if (Object.hasOwn(properties, key) && !required.includes(key)) required.push(key);
  // A derived type that nothing derives from in turn names exactly itself (Microsoft's converter gives it the
  // `default` and `x-ms-discriminator-value` `#ns.name`); a base or a type without a base may carry any name.
  properties['@odata.type'] =
    type.baseType && derived.length === 0 && !type.abstract
      ? { type: 'string', const: `#${type.fullName}` }
      : { type: 'string' };
  const own: JsonObject = { title: type.name, type: 'object' };
  const description = annotation(model, type.fullName, coreDescription);
  if (typeof description === 'string') own['description'] = description;
  if (required.length > 0) own['required'] = required;
  own['properties'] = properties;
  if (type.openType) {
    own['additionalProperties'] = true;
    own['x-graph-open-type'] = true;
  } else own['additionalProperties'] = { type: 'object' };

  let schema: JsonObject = own;
  if (type.baseType) {
    const base = lookUpType(model, type.baseType, { line: type.line, element: typeElement(type) });
    if (base) schema = { allOf: [schemaRef(base.fullName), own] };
  }
  if (derived.length > 0) {
    const mapping: JsonObject = {};
    for (const name of derived) mapping[`#${name}`] = `#/components/schemas/${name}`;
    schema['discriminator'] = { propertyName: '@odata.type', mapping };
  }
  return schema;
}

/** Refuses a type that the metadata declares twice, at the second declaration: which one is meant is unknown. */
function checkDeclaredOnce(model: CsdlModel, type: CsdlType): void {
  const again = model.redeclared.get(type.fullName);
  if (again === undefined) return;
  throw new CsdlError(
    model.file,
    again,
    typeElement(type),
    `${type.fullName} is declared again (first at line ${type.line}): a namespace names each type once (CSDL §5.1)`,
  );
}

/**
 * Refuses a property that a type declares twice, or that a base of it already declares: the OpenAPI would keep one
 * of the two without a word (CSDL §6.1: a structured type's property names are unique, inherited ones included).
 */
function checkPropertiesOnce(model: CsdlModel, type: CsdlStructuredType): void {
  const declared = new Map<string, CsdlStructuredType>();
  for (const { type: owner, property } of allProperties(model, type)) {
    const first = declared.get(property.name);
    if (first !== undefined && (owner === type || first === owner))
      throw new CsdlError(
        model.file,
        property.line,
        propertyUse(owner, property).element,
        `property ${property.name} is declared twice${first === owner ? '' : ` (${first.fullName} declares it too)`}: a type and its bases name each property once (CSDL §6.1)`,
      );
    declared.set(property.name, first ?? owner);
  }
}

/**
 * An enum member's `Value` as a number: an integer (CSDL §10.2.2: an Int64 literal, with an optional sign) that a
 * JavaScript number holds exactly, else a located error. `Number` alone would read `''` as 0, `0x10` as 16, `1.5` and
 * `1e3` as numbers, and round 99999999999999999999999 to 1e23: a value changed without a word. Only the enums the
 * slice reaches are read, so a value elsewhere in the metadata never stops an import.
 */
function memberValue(model: CsdlModel, type: CsdlEnumType, member: CsdlEnumType['members'][number]): number {
  const text = member.value!;
  const integer = /^[+-]?[0-9]+$/.test(text);
  if (integer && Number.isSafeInteger(Number(text))) return Number(text);
  throw new CsdlError(
    model.file,
    member.line,
    memberElement(type, member),
    integer
      ? `enum member Value ${JSON.stringify(text)} is beyond ±(2^53 − 1), which the import cannot hold exactly`
      : `enum member Value ${JSON.stringify(text)} is not an integer`,
  );
}

/** The component schema of an enum type. */
export function enumSchema(model: CsdlModel, type: CsdlEnumType): JsonObject {
  checkDeclaredOnce(model, type);
  const seen = new Set<string>();
  for (const member of type.members) {
    if (seen.has(member.name))
      throw new CsdlError(
        model.file,
        member.line,
        memberElement(type, member),
        `enum member ${member.name} is declared twice: an enum names each member once (CSDL §10.2)`,
      );
    seen.add(member.name);
  }
  const values: Record<string, JsonValue> = {};
  type.members.forEach((member, index) => {
    setOwn(values, member.name, member.value === undefined ? index : memberValue(model, type, member));
  });
  const schema: JsonObject = { title: type.name, type: 'string', enum: type.members.map((m) => m.name) };
  const description = annotation(model, type.fullName, coreDescription);
  if (typeof description === 'string') schema['description'] = description;
  schema['x-graph-enum'] = { values };
  return schema;
}

/** The named types a structured type's properties use, and its base. */
export function typeDependencies(
  model: CsdlModel,
  type: CsdlStructuredType,
): { base: CsdlType | undefined; used: CsdlType[] } {
  const used: CsdlType[] = [];
  for (const property of type.properties) {
    const named = lookUpType(model, property.type, propertyUse(type, property));
    if (named) used.push(named);
  }
  const use = { line: type.line, element: typeElement(type) };
  const base = type.baseType ? lookUpType(model, type.baseType, use) : undefined;
  if (base) {
    const { bases, cycle } = baseChain(model, type);
    if (cycle)
      throw new CsdlError(
        model.file,
        use.line,
        use.element,
        `BaseType cycle: ${[type, ...bases, cycle].map((t) => t.fullName).join(' → ')}`,
      );
  }
  return { base, used };
}

/**
 * The bases of `type`, nearest first, as far as they resolve to structured types (an unknown base is reported where
 * it is read), and `cycle`, the base that leads back to a type already on the way, if any: a type cannot derive from
 * itself, directly or not (CSDL §6.1.1, §9.1.1). The conversion refuses a cycle where the type is declared; the
 * OpenAPI would hold an `allOf` cycle, which the import's own check reported only in its output, without the line.
 */
function baseChain(
  model: CsdlModel,
  type: CsdlStructuredType,
): { bases: CsdlStructuredType[]; cycle?: CsdlStructuredType } {
  const bases: CsdlStructuredType[] = [];
  for (let current = type; current.baseType;) {
    const next = model.types.get(parseTypeName(model, current.baseType).name);
    if (next === undefined || next.kind === 'enum') break;
    if (next === type || bases.includes(next)) return { bases, cycle: next };
    bases.push(next);
    current = next;
  }
  return { bases };
}

/** The properties of a type and its bases, base first, each with the type that declares it. */
export function allProperties(
  model: CsdlModel,
  type: CsdlStructuredType,
): { type: CsdlStructuredType; property: CsdlProperty }[] {
  const chain = [...baseChain(model, type).bases].reverse().concat(type);
  return chain.flatMap((owner) => owner.properties.map((property) => ({ type: owner, property })));
}

import {
  astToString,
  type GlobalContext,
  type OpenAPI3,
  type OpenAPITSOptions,
  resolveRef,
  scanDiscriminators,
  transformSchema,
} from 'openapi-typescript';
import ts from 'typescript';
import { type EmittedFiles, type EmittedText, generatedHeader, Scope } from './emit-support.ts';
import { isObjectMember } from './escape.ts';
import { Code, type DataValue } from './format-literal.ts';
import type { PropertySignature, SchemaStatement, TypeNode } from './format-schema.ts';
import type { JsonObject } from './load.ts';
import { joinPointer } from './json-pointer.ts';
import {
  type ApiModel,
  camelCase,
  type EnumModel,
  type ObjectModel,
  type PropertyModel,
  type TypeRef,
} from './model.ts';
import { openApiStructure } from './openapi-structure.ts';
import { type OutputFolder, outputFolder } from './outputs.ts';

/**
 * Emits `@graph-incidents/types`:
 * - `openapi.gen.ts`: `paths`, `components` and `operations` from openapi-typescript, for openapi-fetch;
 * - `schemas.gen.ts`: named types for every schema, and every enum's members, handed over as statements that the
 *   formatting threads print (format-schema.ts).
 */
export async function emitTypes(
  model: ApiModel,
  folder: OutputFolder = outputFolder('types'),
): Promise<EmittedFiles> {
  return new Map([...(await emitOpenApiFile(model, folder)), ...(await emitSchemasFile(model, folder))]);
}

/** `openapi.gen.ts` alone (openapi-typescript: most of this package's emitting time). */
export async function emitOpenApiFile(model: ApiModel, folder: OutputFolder): Promise<EmittedFiles> {
  return new Map([[`${folder.dir}/openapi.gen.ts`, await emitOpenApiTypes(model)]]);
}

/** `schemas.gen.ts` alone (quick), which `generate` hands to the formatter before openapi-typescript runs. */
export async function emitSchemasFile(model: ApiModel, folder: OutputFolder): Promise<EmittedFiles> {
  return new Map([[`${folder.dir}/schemas.gen.ts`, emitNamedTypes(model, folder)]]);
}

/**
 * openapi-typescript's output, with evolvable enums widened so that a future member still compiles: its statements
 * as data, which the formatter prints in prettier's form (format-openapi.ts), or, for a node that printer does not
 * mirror, `astToString`'s text for prettier.
 */
async function emitOpenApiTypes(model: ApiModel): Promise<EmittedText> {
  // openapi-typescript writes into the document it reads (it marks discriminator properties required); a copy
  // keeps the model as loaded for whatever reads it next (spec:diff compares model.document).
  const nodes = openApiNodes(structuredClone(model.document) as unknown as OpenAPI3, openGraphEnums);
  const widened = widenObjectMembers(nodes);
  const header = `${generatedHeader(model)}\n`;
  const statements = openApiStructure(widened);
  if (statements === undefined) return `${header}${astToString(widened)}`;
  return [header, { kind: 'openapi-types', statements, text: () => astToString(widened) }];
}

/** openapi-typescript's transform for an evolvable enum (`x-graph-enum`): its members, open to a future one. */
export const openGraphEnums: NonNullable<OpenAPITSOptions['transform']> = (schema) => {
  const extension = (schema as unknown as JsonObject)['x-graph-enum'];
  const members = (schema as unknown as JsonObject)['enum'];
  if (extension === undefined || !Array.isArray(members)) return undefined;
  return openUnionNode(members.map(String));
};

/**
 * openapi-typescript's statements for `document`: what `openapiTS(document, { transform })` gives, its transform run
 * with `openapiTS`'s defaults, without the two walks `openapiTS` makes first over the whole document with its own
 * Redocly 1.x: a lint with Redocly's `minimal` rules and a bundle. The generator has validated the document by then
 * with Redocly's current version and stricter rules (validate.ts), and every `$ref` in it is local (model-build.ts's
 * `checkReferences`), which leaves the bundle nothing to resolve. On the v1.0 CSDL's import the two walks took ~110 ms
 * of the main thread, and Redocly 1.x, which nothing else runs, ~70 ms to load (bin/run-ts.mjs loads it only when
 * used; bench/README.md, session 8). emit-types.test holds the statements equal to `openapiTS`'s for every
 * description, and the type below fails to compile when openapi-typescript's context gains a setting.
 */
export function openApiNodes(
  document: OpenAPI3,
  transform: NonNullable<OpenAPITSOptions['transform']>,
): ts.Node[] {
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(document, { transform }),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Read by `openapiTS`'s lint and bundle only, which are not run here.
    redoc: undefined as unknown as GlobalContext['redoc'],
    silent: false,
    transform,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(document, $ref, { silent: false }),
  };
  return transformSchema(document, ctx);
}

/** openapi-typescript's property signatures, with {@link propertyTypeText}'s rule for `constructor` and its kind. */
function widenObjectMembers(nodes: ts.Node[]): ts.Node[] {
  const f = ts.factory;
  const transformer: ts.TransformerFactory<ts.Node> = (context) => (root) => {
    const visit = (child: ts.Node): ts.Node => {
      const visited = ts.visitEachChild(child, visit, context);
      if (!ts.isPropertySignature(visited) || !visited.type) return visited;
      const name = ts.isIdentifier(visited.name) || ts.isStringLiteral(visited.name) ? visited.name.text : '';
      if (!isObjectMember(name)) return visited;
      const inherited = f.createIndexedAccessTypeNode(
        f.createTypeReferenceNode('Object'),
        f.createLiteralTypeNode(f.createStringLiteral(name)),
      );
      return f.updatePropertySignature(
        visited,
        visited.modifiers,
        visited.name,
        visited.questionToken,
        f.createUnionTypeNode([visited.type, inherited]),
      );
    };
    return visit(root);
  };
  return ts.transform(nodes, [transformer]).transformed;
}

function openUnionNode(members: readonly string[]): ts.TypeNode {
  const f = ts.factory;
  const stringAndEmpty = f.createParenthesizedType(
    f.createIntersectionTypeNode([
      f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      f.createTypeLiteralNode([]),
    ]),
  );
  return f.createUnionTypeNode([
    ...members.map((member) => f.createLiteralTypeNode(f.createStringLiteral(member))),
    stringAndEmpty,
  ]);
}

function emitNamedTypes(model: ApiModel, folder: OutputFolder): EmittedText {
  const file = new StatementList();
  const writeModelKeys = new Set(
    model.operations.flatMap((op) => (op.requestBody ? [op.requestBody.schemaKey] : [])),
  );
  // Enums a request may carry: in a request body, or compared in a `$filter` (by property name, over every object).
  const filterable = new Set(
    model.operations.flatMap((op) => op.parameters.flatMap((p) => p.filterable ?? [])),
  );
  const writableEnums = new Set<string>();
  const addEnums = (property: { type: TypeRef }) => {
    for (const ref of refsOf(property.type))
      if (model.enums.some((e) => e.key === ref)) writableEnums.add(ref);
  };
  for (const key of writeModelKeys)
    for (const property of model.objects.find((o) => o.key === key)?.properties ?? []) addEnums(property);
  for (const object of model.objects)
    for (const property of object.properties) if (filterable.has(property.name)) addEnums(property);

  declareNames(model, writableEnums);
  for (const enumModel of model.enums) emitEnum(file, enumModel, writableEnums.has(enumModel.key));

  const names = typeNames(model);
  for (const object of model.objects) {
    if (object.discriminator) emitPolymorphicBase(file, model, object, names);
    else emitObject(file, model, object, names, writeModelKeys.has(object.key));
  }
  for (const scalar of model.scalars)
    file.addTypeAlias(scalar.tsName, typeNode(scalar.type, names, false), scalar.description);
  file.addConst(
    'enumDescriptors',
    new Map(model.enums.map((e) => [e.graphName, new Code(`${camelCase(e.tsName)}Enum`)])),
    ' as const',
    'Every enum of the API by its Graph name, with its members and evolvable-enum rules.',
  );
  // The header and the import go to prettier as text; the statements are printed on the formatting threads.
  const head = `${generatedHeader(model)}\nimport type { EnumDescriptor } from '${folder.runtime}/evolvable-enum.js';\n`;
  return [head, ...file.statements];
}

/** Every top-level name of `schemas.gen.ts`, claimed by its schema: two schemas must not derive the same name. */
function declareNames(model: ApiModel, writableEnums: ReadonlySet<string>): void {
  const scope = new Scope(model.file, ['EnumDescriptor', 'enumDescriptors']);
  for (const named of [...model.enums, ...model.objects, ...model.scalars])
    scope.declare(named.tsName, joinPointer('#/components/schemas', named.key), 'The type name');
  const claim = (named: { key: string }, names: string[]) => {
    for (const name of names) scope.declare(name, joinPointer('#/components/schemas', named.key), 'The name');
  };
  for (const e of model.enums)
    claim(e, [
      `${camelCase(e.tsName)}Values`,
      `Known${e.tsName}`,
      `${camelCase(e.tsName)}Enum`,
      ...(writableEnums.has(e.key) ? [`Writable${e.tsName}`] : []),
    ]);
  for (const o of model.objects)
    if (o.discriminator) claim(o, [`${o.tsName}Base`, `${camelCase(o.tsName)}Types`]);
}

interface TypeNames {
  /** Schema key → the TypeScript name to use when a property refers to it (a union for polymorphic bases). */
  readonly read: ReadonlyMap<string, string>;
  readonly enums: ReadonlySet<string>;
}

function typeNames(model: ApiModel): TypeNames {
  const read = new Map<string, string>();
  for (const named of [...model.enums, ...model.objects, ...model.scalars]) read.set(named.key, named.tsName);
  return { read, enums: new Set(model.enums.map((e) => e.key)) };
}

function emitEnum(file: StatementList, enumModel: EnumModel, writable: boolean): void {
  const { tsName } = enumModel;
  const valuesName = `${camelCase(tsName)}Values`;
  const after = enumModel.afterSentinel;
  const rules = !enumModel.sentinel
    ? ''
    : after.length
      ? `Evolvable: ${after.map((m) => `\`${m}\``).join(', ')} come after \`${enumModel.sentinel}\` and are returned only with \`Prefer: include-unknown-enum-members\`.`
      : `Evolvable: members Graph adds after \`${enumModel.sentinel}\` read as \`${enumModel.sentinel}\` unless the request sends \`Prefer: include-unknown-enum-members\`.`;
  file.addConst(
    valuesName,
    enumModel.members,
    ' as const',
    `Every member of \`${enumModel.graphName}\`, in declaration order. ${rules}`,
  );
  const known: TypeNode = { kind: 'reference', name: `Known${tsName}` };
  file.addTypeAlias(
    `Known${tsName}`,
    { kind: 'element-of', values: valuesName },
    `A member of \`${enumModel.graphName}\` known when this package was generated.`,
  );
  file.addTypeAlias(
    tsName,
    enumModel.sentinel ? { kind: 'union', types: [known, { kind: 'any-string' }] } : known,
    `${enumModel.description} ${rules}`.trim() +
      (enumModel.sentinel
        ? '\n\nRead model: any string is accepted, so a member Microsoft adds later does not break your build.'
        : ''),
  );
  if (writable) {
    file.addTypeAlias(
      `Writable${tsName}`,
      enumModel.sentinel
        ? { kind: 'generic', name: 'Exclude', args: [known, { kind: 'string', value: enumModel.sentinel }] }
        : known,
      `A value of \`${enumModel.graphName}\` that a request (a body or a \`$filter\`) may carry: a known member${enumModel.sentinel ? `, never \`${enumModel.sentinel}\`` : ''}.`,
    );
  }
  file.addConst(
    `${camelCase(tsName)}Enum`,
    {
      name: enumModel.graphName,
      members: new Code(valuesName),
      sentinel: enumModel.sentinel ?? new Code('undefined'),
      afterSentinel: after,
    },
    ' as const satisfies EnumDescriptor',
    `Members and evolvable-enum rules of \`${enumModel.graphName}\`.`,
  );
}

function emitPolymorphicBase(
  file: StatementList,
  model: ApiModel,
  base: ObjectModel,
  names: TypeNames,
): void {
  file.addInterface({
    name: `${base.tsName}Base`,
    docs: `${base.description}\n\nThe properties every kind shares. Use {@link ${base.tsName}} to narrow on \`${base.discriminator!.propertyName}\`.`,
    open: false,
    properties: base.properties.map((p) => propertySignature(p, names, false)),
  });
  const kinds = Object.entries(base.discriminator!.mapping).sort(([a], [b]) => (a < b ? -1 : 1));
  const members: TypeNode[] = kinds.map(([, key]) => ({
    kind: 'reference',
    name: model.objects.find((o) => o.key === key)!.tsName,
  }));
  file.addTypeAlias(
    base.tsName,
    members.length === 1 ? members[0]! : { kind: 'union', types: members },
    `${base.description}\n\nA union discriminated on \`${base.discriminator!.propertyName}\`.`,
  );
  file.addConst(
    `${camelCase(base.tsName)}Types`,
    kinds.map(([value]) => value),
    ' as const',
    `Every \`${base.discriminator!.propertyName}\` value of {@link ${base.tsName}}.`,
  );
}

function emitObject(
  file: StatementList,
  model: ApiModel,
  object: ObjectModel,
  names: TypeNames,
  writeModel: boolean,
): void {
  const baseObject = model.objects.find((o) => o.key === object.base);
  const base = baseObject && (baseObject.discriminator ? `${baseObject.tsName}Base` : baseObject.tsName);
  // A derived type re-declares its own properties, the discriminator it narrows, and an inherited property whose
  // type it narrows: the v1.0 CSDL's import gives `incident` its own `@odata.type` const over `entity`'s string,
  // which `extends` alone would have widened back to `string`.
  const inherited = new Map(baseObject?.properties.map((p) => [p.name, p]));
  const ownProperties = object.properties.filter(
    (p) =>
      p.name === object.discriminatorValue?.propertyName ||
      !inherited.has(p.name) ||
      narrows(p, inherited.get(p.name)!),
  );
  const description = writeModel
    ? `${object.description}\n\nWrite model: enums accept only the members Graph accepts in a request.`
    : object.description;
  file.addInterface({
    name: object.tsName,
    docs:
      description + (object.unverified ? '\n\nIts properties are not verified against Graph metadata.' : ''),
    ...(base ? { extends: base } : {}),
    open: object.open,
    properties: ownProperties.map((p) => propertySignature(p, names, writeModel)),
  });
}

/** Whether a derived type's `property` says more than its base's: another type, or no longer nullable or optional. */
function narrows(property: PropertyModel, base: PropertyModel): boolean {
  return (
    JSON.stringify(property.type) !== JSON.stringify(base.type) ||
    (base.nullable && !property.nullable) ||
    (property.required && !base.required)
  );
}

function propertySignature(
  property: PropertyModel,
  names: TypeNames,
  writeModel: boolean,
): PropertySignature {
  const type = typeNode(property.type, names, writeModel);
  const members = [
    ...(type.kind === 'union' ? type.types : [type]),
    ...(property.nullable ? [nullType] : []),
    ...(isObjectMember(property.name)
      ? [{ kind: 'indexed', object: 'Object', index: property.name } as const]
      : []),
  ];
  return {
    name: property.name,
    optional: !property.required,
    type: members.length === 1 ? members[0]! : { kind: 'union', types: members },
    docs: property.description || `The \`${property.name}\` property.`,
  };
}

const nullType: TypeNode = { kind: 'keyword', name: 'null' };

/** The type of a reference to `type` (a union of literals for an inline enum). */
function typeNode(type: TypeRef, names: TypeNames, writeModel: boolean): TypeNode {
  switch (type.kind) {
    case 'primitive': {
      if (!type.literals) return { kind: 'keyword', name: type.type === 'integer' ? 'number' : type.type };
      const literals = type.literals.map((value): TypeNode =>
        typeof value === 'string'
          ? { kind: 'string', value }
          : typeof value === 'number'
            ? { kind: 'number', value }
            : { kind: 'boolean', value },
      );
      return literals.length === 1 ? literals[0]! : { kind: 'union', types: literals };
    }
    case 'ref': {
      const name = names.read.get(type.key)!;
      return { kind: 'reference', name: writeModel && names.enums.has(type.key) ? `Writable${name}` : name };
    }
    case 'array': {
      const items = typeNode(type.items, names, writeModel);
      if (!type.itemsNullable) return { kind: 'array', element: items };
      const members = [...(items.kind === 'union' ? items.types : [items]), nullType];
      return { kind: 'array', element: { kind: 'union', types: members } };
    }
    case 'open-object':
      return {
        kind: 'generic',
        name: 'Record',
        args: [
          { kind: 'keyword', name: 'string' },
          { kind: 'keyword', name: 'unknown' },
        ],
      };
  }
}

function refsOf(type: TypeRef): string[] {
  if (type.kind === 'ref') return [type.key];
  if (type.kind === 'array') return refsOf(type.items);
  return [];
}

/**
 * Collects the statements of `schemas.gen.ts` as data, which the formatting threads print (format-schema.ts), with
 * the empty lines ts-morph printed between them: around each interface.
 */
class StatementList {
  readonly statements: SchemaStatement[] = [];
  #lastInterface = false;

  #blank(isInterface: boolean): boolean {
    const blank = isInterface || this.#lastInterface;
    this.#lastInterface = isInterface;
    return blank;
  }

  addConst(name: string, value: DataValue, suffix: string, doc: string): void {
    this.statements.push({
      kind: 'schema-const',
      blankBefore: this.#blank(false),
      statement: { docs: doc, name, value, suffix },
    });
  }

  addTypeAlias(name: string, type: TypeNode, doc: string): void {
    this.statements.push({ kind: 'schema-type', blankBefore: this.#blank(false), docs: doc, name, type });
  }

  addInterface(
    statement: Omit<Extract<SchemaStatement, { kind: 'schema-interface' }>, 'kind' | 'blankBefore'>,
  ): void {
    this.statements.push({
      kind: 'schema-interface',
      blankBefore: this.#blank(true),
      ...statement,
    });
  }
}

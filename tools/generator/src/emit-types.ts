import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import {
  type OptionalKind,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
  VariableDeclarationKind,
} from 'ts-morph';
import { generatedHeader, type GeneratedFiles, printStatements, Scope } from './emit-support.ts';
import {
  docs,
  isObjectMember,
  primitiveTypeText,
  propertyKey,
  propertySignatureName,
  propertyTypeText,
  stringLiteral,
} from './escape.ts';
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
import { type OutputFolder, outputFolder } from './outputs.ts';

/**
 * Emits `@graph-incidents/types`:
 * - `openapi.gen.ts`: `paths`, `components` and `operations` from openapi-typescript, for openapi-fetch;
 * - `schemas.gen.ts`: named types for every schema, written from the model with ts-morph, and every enum's members.
 */
export async function emitTypes(
  model: ApiModel,
  folder: OutputFolder = outputFolder('types'),
): Promise<GeneratedFiles> {
  return new Map([...(await emitOpenApiFile(model, folder)), ...(await emitSchemasFile(model, folder))]);
}

/** `openapi.gen.ts` alone (openapi-typescript: most of this package's emitting time). */
export async function emitOpenApiFile(model: ApiModel, folder: OutputFolder): Promise<GeneratedFiles> {
  return new Map([[`${folder.dir}/openapi.gen.ts`, await emitOpenApiTypes(model)]]);
}

/** `schemas.gen.ts` alone (ts-morph, quick), which `generate` hands to the formatter before openapi-typescript runs. */
export async function emitSchemasFile(model: ApiModel, folder: OutputFolder): Promise<GeneratedFiles> {
  return new Map([[`${folder.dir}/schemas.gen.ts`, emitNamedTypes(model, folder)]]);
}

/** openapi-typescript's output, with evolvable enums widened so that a future member still compiles. */
async function emitOpenApiTypes(model: ApiModel): Promise<string> {
  // openapi-typescript writes into the document it reads (it marks discriminator properties required); a copy
  // keeps the model as loaded for whatever reads it next (spec:diff compares model.document).
  const nodes = await openapiTS(structuredClone(model.document) as never, {
    transform(schema) {
      const extension = (schema as unknown as JsonObject)['x-graph-enum'];
      const members = (schema as unknown as JsonObject)['enum'];
      if (extension === undefined || !Array.isArray(members)) return undefined;
      return openUnionNode(members.map(String));
    },
  });
  return `${generatedHeader(model)}\n${astToString(widenObjectMembers(nodes))}`;
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

function emitNamedTypes(model: ApiModel, folder: OutputFolder): string {
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

  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: `${folder.runtime}/evolvable-enum.js`,
    namedImports: ['EnumDescriptor'],
  });

  declareNames(model, writableEnums);
  for (const enumModel of model.enums) emitEnum(file, enumModel, writableEnums.has(enumModel.key));

  const names = typeNames(model);
  for (const object of model.objects) {
    if (object.discriminator) emitPolymorphicBase(file, model, object, names);
    else emitObject(file, model, object, names, writeModelKeys.has(object.key));
  }
  for (const scalar of model.scalars) {
    file.addTypeAlias({
      name: scalar.tsName,
      isExported: true,
      type: typeText(scalar.type, names, false),
      docs: docs(scalar.description),
    });
  }
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: docs('Every enum of the API by its Graph name, with its members and evolvable-enum rules.'),
    declarations: [
      {
        name: 'enumDescriptors',
        initializer: `{ ${model.enums.map((e) => `${propertyKey(e.graphName)}: ${camelCase(e.tsName)}Enum`).join(', ')} } as const`,
      },
    ],
  });
  return `${generatedHeader(model)}\n${printStatements(file.statements)}`;
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
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: docs(`Every member of \`${enumModel.graphName}\`, in declaration order. ${rules}`),
    declarations: [
      { name: valuesName, initializer: `[${enumModel.members.map(stringLiteral).join(', ')}] as const` },
    ],
  });
  file.addTypeAlias({
    name: `Known${tsName}`,
    isExported: true,
    docs: docs(`A member of \`${enumModel.graphName}\` known when this package was generated.`),
    type: `(typeof ${valuesName})[number]`,
  });
  file.addTypeAlias({
    name: tsName,
    isExported: true,
    docs: docs(
      `${enumModel.description} ${rules}`.trim() +
        (enumModel.sentinel
          ? '\n\nRead model: any string is accepted, so a member Microsoft adds later does not break your build.'
          : ''),
    ),
    type: enumModel.sentinel ? `Known${tsName} | (string & {})` : `Known${tsName}`,
  });
  if (writable) {
    file.addTypeAlias({
      name: `Writable${tsName}`,
      isExported: true,
      docs: docs(
        `A value of \`${enumModel.graphName}\` that a request (a body or a \`$filter\`) may carry: a known member${enumModel.sentinel ? `, never \`${enumModel.sentinel}\`` : ''}.`,
      ),
      type: enumModel.sentinel
        ? `Exclude<Known${tsName}, ${stringLiteral(enumModel.sentinel)}>`
        : `Known${tsName}`,
    });
  }
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: docs(`Members and evolvable-enum rules of \`${enumModel.graphName}\`.`),
    declarations: [
      {
        name: `${camelCase(tsName)}Enum`,
        initializer: `{ name: ${stringLiteral(enumModel.graphName)}, members: ${valuesName}, sentinel: ${
          enumModel.sentinel ? stringLiteral(enumModel.sentinel) : 'undefined'
        }, afterSentinel: [${after.map(stringLiteral).join(', ')}] } as const satisfies EnumDescriptor`,
      },
    ],
  });
}

function emitPolymorphicBase(
  file: StatementList,
  model: ApiModel,
  base: ObjectModel,
  names: TypeNames,
): void {
  const baseName = `${base.tsName}Base`;
  file.addInterface({
    name: baseName,
    isExported: true,
    docs: docs(
      `${base.description}\n\nThe properties every kind shares. Use {@link ${base.tsName}} to narrow on \`${base.discriminator!.propertyName}\`.`,
    ),
    properties: base.properties.map((p) => propertyStructure(p, names, false)),
  });
  const kinds = Object.entries(base.discriminator!.mapping).sort(([a], [b]) => (a < b ? -1 : 1));
  file.addTypeAlias({
    name: base.tsName,
    isExported: true,
    docs: docs(`${base.description}\n\nA union discriminated on \`${base.discriminator!.propertyName}\`.`),
    type: kinds.map(([, key]) => model.objects.find((o) => o.key === key)!.tsName).join(' | '),
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: docs(`Every \`${base.discriminator!.propertyName}\` value of {@link ${base.tsName}}.`),
    declarations: [
      {
        name: `${camelCase(base.tsName)}Types`,
        initializer: `[${kinds.map(([value]) => stringLiteral(value)).join(', ')}] as const`,
      },
    ],
  });
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
  // A derived type re-declares only its own properties, and the discriminator it narrows.
  const inherited = new Set(baseObject?.properties.map((p) => p.name));
  const ownProperties = object.properties.filter(
    (p) => p.name === object.discriminatorValue?.propertyName || !inherited.has(p.name),
  );
  const description = writeModel
    ? `${object.description}\n\nWrite model: enums accept only the members Graph accepts in a request.`
    : object.description;
  file.addInterface({
    name: object.tsName,
    isExported: true,
    docs: docs(
      description + (object.unverified ? '\n\nIts properties are not verified against Graph metadata.' : ''),
    ),
    ...(base ? { extends: [base] } : {}),
    properties: ownProperties.map((p) => propertyStructure(p, names, writeModel)),
    ...(object.open
      ? { indexSignatures: [{ keyName: 'key', keyType: 'string', returnType: 'unknown' }] }
      : {}),
  });
}

function propertyStructure(
  property: PropertyModel,
  names: TypeNames,
  writeModel: boolean,
): OptionalKind<PropertySignatureStructure> {
  return {
    name: propertySignatureName(property.name),
    hasQuestionToken: !property.required,
    type: propertyTypeText(
      property.name,
      typeText(property.type, names, writeModel) + (property.nullable ? ' | null' : ''),
    ),
    docs: docs(property.description || `The \`${property.name}\` property.`),
  };
}

function typeText(type: TypeRef, names: TypeNames, writeModel: boolean): string {
  switch (type.kind) {
    case 'primitive':
      return primitiveTypeText(type);
    case 'ref': {
      const name = names.read.get(type.key)!;
      return writeModel && names.enums.has(type.key) ? `Writable${name}` : name;
    }
    case 'array': {
      const items = typeText(type.items, names, writeModel) + (type.itemsNullable ? ' | null' : '');
      return /[|&\s]/.test(items) ? `(${items})[]` : `${items}[]`;
    }
    case 'open-object':
      return 'Record<string, unknown>';
  }
}

function refsOf(type: TypeRef): string[] {
  if (type.kind === 'ref') return [type.key];
  if (type.kind === 'array') return refsOf(type.items);
  return [];
}

/** Collects ts-morph structures, printed in one pass (ts-morph is slow when a file is edited node by node). */
class StatementList {
  readonly statements: StatementStructures[] = [];
  addImportDeclaration(
    structure: Omit<Extract<StatementStructures, { kind: StructureKind.ImportDeclaration }>, 'kind'>,
  ): void {
    this.statements.push({ kind: StructureKind.ImportDeclaration, ...structure });
  }
  addVariableStatement(
    structure: Omit<Extract<StatementStructures, { kind: StructureKind.VariableStatement }>, 'kind'>,
  ): void {
    this.statements.push({ kind: StructureKind.VariableStatement, ...structure });
  }
  addTypeAlias(
    structure: Omit<Extract<StatementStructures, { kind: StructureKind.TypeAlias }>, 'kind'>,
  ): void {
    this.statements.push({ kind: StructureKind.TypeAlias, ...structure });
  }
  addInterface(
    structure: Omit<Extract<StatementStructures, { kind: StructureKind.Interface }>, 'kind'>,
  ): void {
    this.statements.push({ kind: StructureKind.Interface, ...structure });
  }
}

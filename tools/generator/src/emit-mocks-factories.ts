import { type FunctionDeclarationStructure, type StatementStructures, StructureKind } from 'ts-morph';
import { exportedConst, importDeclaration, schemaPointer, Scope } from './emit-support.ts';
import {
  docs,
  propertyKey,
  propertySignatureName,
  stringLiteral,
  templateText,
  valueLiteral,
} from './escape.ts';
import type { DrawingFunction, Entry, Expression } from './format-drawing.ts';
import { joinPointer } from './json-pointer.ts';
import { SpecError } from './spec-error.ts';
import {
  type ApiModel,
  camelCase,
  type EnumModel,
  type ObjectModel,
  type PropertyModel,
  type ScalarModel,
  type TypeRef,
} from './model.ts';
import type { OutputFolder } from './outputs.ts';

// The seeded factories: `factories.gen.ts` holds the public `buildX` per object schema, `factory-values.gen.ts` the
// drawing functions behind them (`xValues(ctx, depth)`, every value drawn from the model), which the store also uses
// and the package does not export.

/** The model's named schemas by key. */
export interface Lookup {
  readonly file: string;
  readonly enums: ReadonlyMap<string, EnumModel>;
  readonly objects: ReadonlyMap<string, ObjectModel>;
  readonly scalars: ReadonlyMap<string, ScalarModel>;
}

export function lookup(model: ApiModel): Lookup {
  return {
    file: model.file,
    enums: new Map(model.enums.map((e) => [e.key, e])),
    objects: new Map(model.objects.map((o) => [o.key, o])),
    scalars: new Map(model.scalars.map((s) => [s.key, s])),
  };
}
/** Properties a factory draws: navigation properties and optional OData annotations are left out, as Graph does. */
function drawnProperties(object: ObjectModel): PropertyModel[] {
  return object.properties.filter(
    (p) => !p.navigation && !(p.name.startsWith('@odata.') && !p.required && !isDiscriminator(object, p)),
  );
}

function isDiscriminator(object: ObjectModel, property: PropertyModel): boolean {
  return object.discriminatorValue?.propertyName === property.name;
}

function valuesName(object: ObjectModel): string {
  return object.discriminator ? `any${object.tsName}Values` : `${camelCase(object.tsName)}Values`;
}

/** The statements of `factories.gen.ts` (the builders) and of `factory-values.gen.ts` (what they draw with). */
export function factories(
  model: ApiModel,
  paths: OutputFolder,
): {
  builders: (StatementStructures | DrawingFunction)[];
  drawing: (StatementStructures | DrawingFunction)[];
} {
  const names = lookup(model);
  const typeImports = new Set<string>();
  const valueImports = new Set<string>();
  const builders: (StatementStructures | DrawingFunction)[] = [];
  // The drawing function of each plain object schema is printed without prettier (format-drawing.ts).
  const drawing: (StatementStructures | DrawingFunction)[] = [];
  /** The names of `factory-values.gen.ts` the builders call. */
  const drawnBy = new Set<string>();
  const scope = new Scope(model.file, ['BuildOptions', 'FixtureContext', 'withFixtureContext']);
  // Imported from the types package: the schemas' names, and their enum and kind tables.
  for (const named of [...model.enums, ...model.objects, ...model.scalars])
    scope.declare(named.tsName, schemaPointer(named), 'The type');
  for (const enumModel of model.enums)
    scope.declare(`${camelCase(enumModel.tsName)}Enum`, schemaPointer(enumModel), 'The name');
  for (const object of model.objects) {
    const names = object.discriminator
      ? [`${camelCase(object.tsName)}Types`, `${object.tsName}Type`, `${object.tsName}OfType`]
      : [`${camelCase(object.tsName)}Values`];
    names.push(valuesName(object), `build${object.tsName}`);
    if (object.discriminator) names.push(`${camelCase(object.tsName)}ValuesByType`);
    for (const name of new Set(names)) scope.declare(name, schemaPointer(object), 'The name');
  }

  for (const object of model.objects) {
    if (object.discriminator) {
      const polymorphic = polymorphicFactory(object, names, typeImports, valueImports);
      builders.push(...polymorphic.builders);
      drawing.push(...polymorphic.drawing);
      drawnBy.add(`${camelCase(object.tsName)}ValuesByType`);
      continue;
    }
    typeImports.add(object.tsName);
    const entries: Entry[] = [];
    for (const property of drawnProperties(object)) {
      if (isDiscriminator(object, property)) {
        entries.push({
          key: property.name,
          value: { kind: 'string', value: object.discriminatorValue!.value },
        });
        continue;
      }
      const target = property.type.kind === 'ref' ? names.objects.get(property.type.key) : undefined;
      if (target && !property.nullable && !property.required) {
        // An optional object that may nest itself (`innerError`): drawn only while the depth allows.
        entries.push({
          spreadIf: call('ctx.deeper', code('depth')),
          key: property.name,
          value: call(valuesName(target), code('ctx'), code('depth + 1')),
        });
        continue;
      }
      entries.push({ key: property.name, value: valueExpression(object, property, names, valueImports) });
    }
    const name = camelCase(object.tsName);
    drawnBy.add(`${name}Values`);
    // Printed without prettier too (format-drawing.ts).
    builders.push({
      kind: 'builder-function',
      name: `build${object.tsName}`,
      docs: `Builds one \`${object.graphName}\` with seeded values; \`overrides\` replace drawn properties.\n@example build${object.tsName}({}, { seed: 42 })`,
      type: object.tsName,
      drawnBy: `${name}Values`,
    });
    drawing.push({
      kind: 'drawing-function',
      name: `${name}Values`,
      docs: `Draws one \`${object.graphName}\` from \`ctx\` at nesting \`depth\`. Used by the factories and the store.`,
      type: object.tsName,
      graphName: object.graphName,
      entries,
    });
  }

  const types = importDeclaration(paths.types, [...typeImports].sort(), true);
  const polymorphicTypes = [...valueImports].filter((name) => name.endsWith('Types')).sort();
  return {
    builders: [
      types,
      importDeclaration(paths.types, polymorphicTypes, false),
      importDeclaration(
        `${paths.runtime}/fixture-context.js`,
        ['type BuildOptions', 'type FixtureContext', 'withFixtureContext'],
        false,
      ),
      importDeclaration('./factory-values.gen.js', [...drawnBy].sort(), false),
      ...builders,
    ].filter(nonEmptyImport),
    drawing: [
      types,
      importDeclaration(paths.types, [...valueImports].sort(), false),
      importDeclaration(`${paths.runtime}/fixture-context.js`, ['type FixtureContext'], false),
      ...drawing,
    ].filter(nonEmptyImport),
  };
}

/** A spec without enums or polymorphic schemas imports nothing of them. */
function nonEmptyImport(statement: StatementStructures | DrawingFunction): boolean {
  return statement.kind !== StructureKind.ImportDeclaration || (statement.namedImports?.length ?? 0) > 0;
}

function polymorphicFactory(
  base: ObjectModel,
  names: Lookup,
  typeImports: Set<string>,
  valueImports: Set<string>,
): { builders: StatementStructures[]; drawing: StatementStructures[] } {
  const typesName = `${camelCase(base.tsName)}Types`;
  typeImports.add(base.tsName);
  valueImports.add(typesName);
  const kinds = Object.entries(base.discriminator!.mapping).sort(([a], [b]) => (a < b ? -1 : 1));
  const kindType = `${base.tsName}Type`;
  const ofType = `${base.tsName}OfType`;
  const byType = `${camelCase(base.tsName)}ValuesByType`;
  const property = propertySignatureName(base.discriminator!.propertyName);
  const builders: StatementStructures[] = [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: kindType,
      docs: docs(`A \`${base.discriminator!.propertyName}\` value of \`${base.graphName}\`.`),
      type: `(typeof ${typesName})[number]`,
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: ofType,
      typeParameters: [{ name: 'K', constraint: kindType }],
      docs: docs(`The \`${base.graphName}\` kind whose \`${base.discriminator!.propertyName}\` is \`K\`.`),
      type: `Extract<${base.tsName}, { ${property}: K }>`,
    },
    fn({
      name: `build${base.tsName}`,
      docs: docs(
        `Builds one \`${base.graphName}\` of the given kind with seeded values.\n@example build${base.tsName}(${stringLiteral(kinds[0]?.[0] ?? '')}, {}, { seed: 7 })`,
      ),
      typeParameters: [{ name: 'K', constraint: kindType }],
      parameters: [
        { name: 'kind', type: 'K' },
        { name: 'overrides', type: `Partial<${ofType}<K>>`, initializer: '{}' },
        { name: 'options', type: 'BuildOptions', initializer: '{}' },
      ],
      returnType: `${ofType}<K>`,
      statements: [
        `if (!Object.hasOwn(${byType}, kind)) throw new TypeError(\`unknown ${templateText(base.graphName)} kind \${JSON.stringify(kind)}; expected one of ${typesName}\`);`,
        `const values = ${byType}[kind] as unknown as (ctx: FixtureContext, depth: number, overrides: Partial<${ofType}<K>>) => ${ofType}<K>;`,
        `return withFixtureContext(options, (ctx) => values(ctx, 0, overrides));`,
      ],
    }),
  ];
  const drawing: StatementStructures[] = [
    exportedConst(
      byType,
      `{ ${kinds.map(([value, key]) => `${propertyKey(value)}: ${valuesName(names.objects.get(key)!)}`).join(', ')} } as const`,
      `The drawing function of every \`${base.graphName}\` kind.`,
    ),
    fn({
      name: valuesName(base),
      docs: docs(`Draws one \`${base.graphName}\` of a kind picked from \`ctx\`.`),
      parameters: [
        { name: 'ctx', type: 'FixtureContext' },
        { name: 'depth', type: 'number' },
      ],
      returnType: base.tsName,
      statements: [`return ${byType}[ctx.member(${typesName})](ctx, depth);`],
    }),
  ];
  return { builders, drawing };
}

function valueExpression(
  object: ObjectModel,
  property: PropertyModel,
  names: Lookup,
  valueImports: Set<string>,
): Expression {
  const site = [string(object.graphName), string(property.name)];
  const draw = (type: TypeRef): Expression => {
    switch (type.kind) {
      case 'primitive': {
        if (type.literals?.length === 1) return literal(type.literals[0]!);
        if (type.literals)
          return call('ctx.member', {
            kind: 'as const',
            expression: { kind: 'array', items: type.literals.map(literal) },
          });
        if (type.type === 'boolean') return call('ctx.boolean');
        if (type.type === 'integer' || type.type === 'number') {
          const range: Entry[] = [];
          if (type.minimum !== undefined) range.push({ key: 'min', value: number(type.minimum) });
          if (type.maximum !== undefined) range.push({ key: 'max', value: number(type.maximum) });
          if (type.format) range.push({ key: 'format', value: string(type.format) });
          return call(`ctx.${type.type}`, ...site, { kind: 'object', entries: range });
        }
        if (type.format === 'date-time') return call('ctx.dateTime', ...site);
        if (type.format === 'uuid') return call('ctx.uuid');
        if (type.format === 'uri') return call('ctx.url', ...site);
        return call('ctx.text', ...site, ...(type.minLength ? [number(type.minLength)] : []));
      }
      case 'ref': {
        const enumModel = names.enums.get(type.key);
        if (enumModel) {
          const descriptor = `${camelCase(enumModel.tsName)}Enum`;
          valueImports.add(descriptor);
          return call('ctx.enumMember', code(descriptor));
        }
        const target = names.objects.get(type.key);
        if (target) return call(valuesName(target), code('ctx'), code('depth + 1'));
        // A named scalar (`ODataCountResponse`) is drawn as its type; the model rejects alias cycles.
        const scalar = names.scalars.get(type.key);
        if (scalar) return draw(scalar.type);
        throw new SpecError([
          {
            code: 'dangling-ref',
            file: names.file,
            pointer: joinPointer(schemaPointer(object), 'properties', property.name),
            message: `the property refers to ${type.key}, which is not a schema of the model`,
          },
        ]);
      }
      case 'array':
        return call('ctx.list', code('depth'), { kind: 'arrow', body: draw(type.items) });
      case 'open-object':
        return { kind: 'object', entries: [] };
    }
  };
  const value = draw(property.type);
  if (!property.nullable) return value;
  const target = property.type.kind === 'ref' ? names.objects.get(property.type.key) : undefined;
  // An open complex type (security.dictionary) comes as `{}`, never null, from the live service (facts §2.4, §8).
  if (target?.open && target.properties.length === 0) return value;
  const nestsObject = target !== undefined;
  const arrow: Expression = { kind: 'arrow', body: value };
  return nestsObject ? call('ctx.nested', code('depth'), arrow) : call('ctx.nullable', arrow);
}

const code = (text: string): Expression => ({ kind: 'code', text });
const string = (value: string): Expression => ({ kind: 'string', value });
const number = (value: number): Expression => ({ kind: 'number', value });
const call = (callee: string, ...args: Expression[]): Expression => ({ kind: 'call', callee, args });
const literal = (value: string | number | boolean): Expression =>
  typeof value === 'string' ? string(value) : typeof value === 'number' ? number(value) : code(String(value));

function fn(
  structure: Omit<FunctionDeclarationStructure, 'kind' | 'isExported'>,
): FunctionDeclarationStructure {
  return { kind: StructureKind.Function, isExported: true, ...structure };
}

import type { StatementStructures } from 'ts-morph';
import { lookup, type Lookup } from './emit-mocks-factories.ts';
import { exportedConst, importDeclaration } from './emit-support.ts';
import { Code, type DataStatement, type DataValue } from './format-literal.ts';
import { valueLiteral } from './escape.ts';
import { type ApiModel, camelCase, type OperationModel } from './model.ts';
import type { OutputFolder } from './outputs.ts';

// `graph-metadata.gen.ts`: the shapes, enum orders and operations that the mock server's semantics read.

/**
 * The statements of `graph-metadata.gen.ts`: the imports and the service root as ts-morph structures, and the four
 * tables as data statements, which the formatter prints in prettier's form without parsing them (format-literal.ts).
 * Objects keyed by the spec's names are maps, so that their order is the model's whatever the names.
 */
export function metadata(
  model: ApiModel,
  paths: OutputFolder,
): { statements: StatementStructures[]; data: DataStatement[] } {
  const names = lookup(model);
  const enumImports = new Set<string>();
  const shapes = new Map<string, DataValue>();
  for (const object of model.objects) {
    const properties = new Map<string, DataValue>();
    for (const property of object.properties) {
      const shape: Record<string, DataValue> = {};
      let type = property.type;
      if (type.kind === 'array') {
        shape.array = true;
        type = type.items;
      }
      if (type.kind === 'ref') {
        const enumModel = names.enums.get(type.key);
        if (enumModel) {
          const descriptor = `${camelCase(enumModel.tsName)}Enum`;
          enumImports.add(descriptor);
          shape.enum = new Code(descriptor);
        } else shape.object = names.objects.get(type.key)?.graphName ?? type.key;
      } else if (type.kind === 'primitive') {
        shape.type = type.format === 'date-time' ? 'dateTime' : type.type;
        if (type.literals) shape.literals = type.literals;
      } else shape.type = 'open';
      if (property.nullable) shape.nullable = true;
      if (property.required) shape.required = true;
      if (property.navigation) shape.navigation = true;
      properties.set(property.name, shape);
    }
    shapes.set(object.graphName, properties);
  }

  const polymorphic = new Map<string, DataValue>();
  for (const o of model.objects.filter((o) => o.discriminator)) {
    const mapping = new Map<string, DataValue>(
      Object.entries(o.discriminator!.mapping)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([value, key]) => [value, names.objects.get(key)!.graphName]),
    );
    polymorphic.set(o.graphName, { propertyName: o.discriminator!.propertyName, mapping });
  }

  const enumOrders = new Map<string, DataValue>(
    model.enums.map((e) => [
      e.graphName,
      new Map<string, DataValue>(e.members.map((member, index) => [member, e.values?.[member] ?? index])),
    ]),
  );

  const operations = new Map<string, DataValue>(
    model.operations.map((op) => [op.operationId, operationShape(op, names)]),
  );

  const statements = [
    importDeclaration(paths.types, [...enumImports].sort(), false),
    importDeclaration(
      `${paths.runtime}/shapes.js`,
      ['type OperationShape', 'type PolymorphicShape', 'type PropertyShape'],
      false,
    ),
    exportedConst(
      'serviceRoot',
      valueLiteral(model.baseUrl),
      'The service root the spec declares, e.g. `https://graph.microsoft.com/v1.0`.',
    ),
  ];
  const data: DataStatement[] = [
    {
      name: 'schemaShapes',
      value: shapes,
      suffix: ' as const satisfies Readonly<Record<string, Readonly<Record<string, PropertyShape>>>>',
      docs: 'Every object schema by Graph name: each property with its type, enum, nesting and nullability.',
    },
    {
      name: 'polymorphicShapes',
      value: polymorphic,
      suffix: ' as const satisfies Readonly<Record<string, PolymorphicShape>>',
      docs: 'Polymorphic bases: the discriminator property and the schema each value names.',
    },
    {
      name: 'enumOrders',
      value: enumOrders,
      suffix: ' as const satisfies Readonly<Record<string, Readonly<Record<string, number>>>>',
      docs: "Each enum member's numeric value (`x-graph-enum.values`, else its position), which orders `$orderby`.",
    },
    {
      name: 'operations',
      value: operations,
      suffix: ' as const satisfies Readonly<Record<string, OperationShape>>',
      docs: 'Every operation by operationId: route, permissions, query options, request body and response schemas.',
    },
  ];
  return { statements, data };
}

function operationShape(op: OperationModel, names: Lookup): DataValue {
  const query = new Map<string, DataValue>();
  for (const p of op.parameters.filter((p) => p.in === 'query')) {
    const shape: Record<string, DataValue> = {};
    const literals =
      p.type.kind === 'array' && p.type.items.kind === 'primitive' ? p.type.items.literals : undefined;
    if (literals) shape.values = literals;
    if (p.filterable) shape.filterable = p.filterable;
    shape.type = p.type.kind === 'primitive' ? p.type.type : p.type.kind;
    query.set(p.name, shape);
  }
  const graphName = (key: string): string => names.objects.get(key)?.graphName ?? key.split('.').at(-1)!;
  const success = op.responses.find((r) => /^2/.test(r.status));
  const shape: Record<string, DataValue> = {
    method: op.method.toUpperCase(),
    path: op.path,
    permissions: op.permissions,
    query,
  };
  if (op.requestBody)
    shape.requestBody = {
      schema: graphName(op.requestBody.schemaKey),
      contentType: op.requestBody.contentType,
      required: op.requestBody.required,
    };
  if (success)
    shape.response = {
      status: Number(success.status),
      contentType: success.contentType ?? 'application/json',
      ...(success.schemaKey ? { schema: graphName(success.schemaKey) } : {}),
    };
  if (op.pageable) shape.pageable = op.pageable;
  return shape;
}

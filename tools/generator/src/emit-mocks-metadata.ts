import type { StatementStructures } from 'ts-morph';
import { lookup, type Lookup } from './emit-mocks-factories.ts';
import { exportedConst, importDeclaration } from './emit-support.ts';
import { numberLiteral, propertyKey, stringLiteral, valueLiteral } from './escape.ts';
import { type ApiModel, camelCase, type OperationModel } from './model.ts';
import type { OutputFolder } from './outputs.ts';

// `graph-metadata.gen.ts`: the shapes, enum orders and operations that the mock server's semantics read.

/** The statements of `graph-metadata.gen.ts`. */
export function metadata(model: ApiModel, paths: OutputFolder): StatementStructures[] {
  const names = lookup(model);
  const enumImports = new Set<string>();
  const shapes: string[] = [];
  for (const object of model.objects) {
    const properties = object.properties.map((property) => {
      const parts: string[] = [];
      let type = property.type;
      if (type.kind === 'array') {
        parts.push('array: true');
        type = type.items;
      }
      if (type.kind === 'ref') {
        const enumModel = names.enums.get(type.key);
        if (enumModel) {
          const descriptor = `${camelCase(enumModel.tsName)}Enum`;
          enumImports.add(descriptor);
          parts.push(`enum: ${descriptor}`);
        } else parts.push(`object: ${valueLiteral(names.objects.get(type.key)?.graphName ?? type.key)}`);
      } else if (type.kind === 'primitive') {
        parts.push(`type: ${valueLiteral(type.format === 'date-time' ? 'dateTime' : type.type)}`);
        if (type.literals) parts.push(`literals: ${valueLiteral(type.literals)}`);
      } else parts.push(`type: 'open'`);
      if (property.nullable) parts.push('nullable: true');
      if (property.required) parts.push('required: true');
      if (property.navigation) parts.push('navigation: true');
      return `${propertyKey(property.name)}: { ${parts.join(', ')} }`;
    });
    shapes.push(`${propertyKey(object.graphName)}: { ${properties.join(', ')} }`);
  }

  const polymorphic = model.objects
    .filter((o) => o.discriminator)
    .map((o) => {
      const mapping = Object.entries(o.discriminator!.mapping)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([value, key]) => `${propertyKey(value)}: ${stringLiteral(names.objects.get(key)!.graphName)}`);
      return `${propertyKey(o.graphName)}: { propertyName: ${stringLiteral(o.discriminator!.propertyName)}, mapping: { ${mapping.join(', ')} } }`;
    });

  const enumOrders = model.enums.map(
    (e) =>
      `${propertyKey(e.graphName)}: { ${e.members
        .map((member, index) => `${propertyKey(member)}: ${numberLiteral(e.values?.[member] ?? index)}`)
        .join(', ')} }`,
  );

  const operations = model.operations.map(
    (op) => `${propertyKey(op.operationId)}: ${operationShape(op, names)}`,
  );

  return [
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
    exportedConst(
      'schemaShapes',
      `{ ${shapes.join(', ')} } as const satisfies Readonly<Record<string, Readonly<Record<string, PropertyShape>>>>`,
      'Every object schema by Graph name: each property with its type, enum, nesting and nullability.',
    ),
    exportedConst(
      'polymorphicShapes',
      `{ ${polymorphic.join(', ')} } as const satisfies Readonly<Record<string, PolymorphicShape>>`,
      'Polymorphic bases: the discriminator property and the schema each value names.',
    ),
    exportedConst(
      'enumOrders',
      `{ ${enumOrders.join(', ')} } as const satisfies Readonly<Record<string, Readonly<Record<string, number>>>>`,
      "Each enum member's numeric value (`x-graph-enum.values`, else its position), which orders `$orderby`.",
    ),
    exportedConst(
      'operations',
      `{ ${operations.join(', ')} } as const satisfies Readonly<Record<string, OperationShape>>`,
      'Every operation by operationId: route, permissions, query options, request body and response schemas.',
    ),
  ];
}

function operationShape(op: OperationModel, names: Lookup): string {
  const query = op.parameters
    .filter((p) => p.in === 'query')
    .map((p) => {
      const parts: string[] = [];
      const literals =
        p.type.kind === 'array' && p.type.items.kind === 'primitive' ? p.type.items.literals : undefined;
      if (literals) parts.push(`values: ${valueLiteral(literals)}`);
      if (p.filterable) parts.push(`filterable: ${valueLiteral(p.filterable)}`);
      parts.push(`type: ${valueLiteral(p.type.kind === 'primitive' ? p.type.type : p.type.kind)}`);
      return `${propertyKey(p.name)}: { ${parts.join(', ')} }`;
    });
  const graphName = (key: string): string => names.objects.get(key)?.graphName ?? key.split('.').at(-1)!;
  const success = op.responses.find((r) => /^2/.test(r.status));
  const parts = [
    `method: ${valueLiteral(op.method.toUpperCase())}`,
    `path: ${valueLiteral(op.path)}`,
    `permissions: ${valueLiteral(op.permissions)}`,
    `query: { ${query.join(', ')} }`,
  ];
  if (op.requestBody)
    parts.push(
      `requestBody: { schema: ${valueLiteral(graphName(op.requestBody.schemaKey))}, contentType: ${valueLiteral(op.requestBody.contentType)}, required: ${op.requestBody.required} }`,
    );
  if (success)
    parts.push(
      `response: { status: ${Number(success.status)}, contentType: ${valueLiteral(success.contentType ?? 'application/json')}${success.schemaKey ? `, schema: ${valueLiteral(graphName(success.schemaKey))}` : ''} }`,
    );
  if (op.pageable) parts.push(`pageable: ${valueLiteral(op.pageable)}`);
  return `{ ${parts.join(', ')} }`;
}

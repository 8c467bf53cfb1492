import { StructureKind, type StatementStructures, VariableDeclarationKind } from 'ts-morph';
import { type EntityQueryModel, odataNames } from './emit-client-model.ts';
import {
  exportedConst,
  generatedHeader,
  importDeclaration,
  printStatements,
  schemaPointer,
  Scope,
} from './emit-support.ts';
import { docs, propertyKey, propertySignatureName, stringLiteral } from './escape.ts';
import type { ApiModel } from './model.ts';
import type { OutputFolder } from './outputs.ts';

/**
 * Prints the client's `odata.gen.ts`: per entity, what `$select`, `$expand`, `$orderby` and `$filter` accept, and a
 * typed filter builder.
 */
export function emitODataFile(
  model: ApiModel,
  entities: readonly EntityQueryModel[],
  paths: OutputFolder,
): string {
  const statements: StatementStructures[] = [];
  const typeImports = new Set<string>();
  for (const e of entities) {
    typeImports.add(e.pascal);
    for (const f of e.filterable) if (f.kind === 'enum') typeImports.add(f.value.replace(' | null', ''));
  }
  statements.push(
    importDeclaration(paths.types, [...typeImports].sort(), true),
    importDeclaration(`${paths.runtime}/filter.js`, [
      'createFilterBuilder',
      'type DateTimeField',
      'type EnumField',
      'type Filter',
      'type FilterBuilder',
      'type StringField',
    ]),
    importDeclaration(`${paths.runtime}/odata.js`, ['OrderBy'], true),
  );
  const scope = new Scope(model.file, [
    ...['createFilterBuilder', 'DateTimeField', 'EnumField', 'Filter', 'FilterBuilder', 'StringField'],
    'OrderBy',
  ]);
  for (const name of typeImports) scope.declare(name, 'an imported type', 'The type');
  for (const e of entities)
    for (const name of odataNames(e)) scope.declare(name, schemaPointer(e.entity), 'The name');
  for (const e of entities) {
    const { camel, pascal, entity } = e;
    statements.push(
      exportedConst(
        `${camel}SelectableProperties`,
        `[${e.selectable.map(stringLiteral).join(', ')}] as const`,
        `The properties of \`${entity.graphName}\` that \`$select\` accepts. \`id\` is always returned.`,
      ),
      typeAlias(`${pascal}SelectableProperty`, `(typeof ${camel}SelectableProperties)[number]`),
      exportedConst(
        `${camel}NavigationProperties`,
        `[${e.navigation.map(stringLiteral).join(', ')}] as const`,
        `The navigation properties of \`${entity.graphName}\`: returned only when \`$expand\` names them.`,
      ),
      typeAlias(`${pascal}NavigationProperty`, `(typeof ${camel}NavigationProperties)[number]`),
      typeAlias(
        `${pascal}Expandable`,
        `${pascal}NavigationProperty${e.expandAll ? " | '*'" : ''}`,
        `What \`$expand\` accepts on \`${entity.graphName}\`${e.expandAll ? ", `'*'` for every navigation property" : ''}.`,
      ),
      exportedConst(
        `${camel}SortableProperties`,
        `[${e.sortable.map(stringLiteral).join(', ')}] as const`,
        `The properties of \`${entity.graphName}\` that \`$orderby\` accepts.`,
      ),
      typeAlias(`${pascal}SortableProperty`, `(typeof ${camel}SortableProperties)[number]`),
      typeAlias(
        `${pascal}Orderby`,
        `OrderBy<${pascal}SortableProperty>`,
        `One \`$orderby\` item: a sortable property, optionally followed by \` asc\` or \` desc\`.`,
      ),
      exportedConst(
        `${camel}FilterableProperties`,
        `{ ${e.filterable.map((f) => `${propertyKey(f.property.name)}: ${stringLiteral(f.kind)}`).join(', ')} } as const`,
        `The properties of \`${entity.graphName}\` that \`$filter\` accepts, and how each compares.`,
      ),
      {
        kind: StructureKind.Interface,
        name: `${pascal}FilterFields`,
        isExported: true,
        docs: docs(`What each filterable property of \`${entity.graphName}\` is compared with.`),
        properties: e.filterable.map((f) => ({
          name: propertySignatureName(f.property.name),
          type:
            f.kind === 'dateTime'
              ? 'DateTimeField'
              : `${f.kind === 'enum' ? 'EnumField' : 'StringField'}<${f.value}>`,
          docs: docs(f.property.description),
        })),
      },
      typeAlias(
        `${pascal}Filter`,
        `Filter<${pascal}FilterFields>`,
        `A \`$filter\` built with {@link ${camel}Filter}.`,
      ),
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: docs(
          `Builds typed \`$filter\` expressions on \`${entity.graphName}\`.\n\n@example ${camel}Filter.and(${camel}Filter.eq('status', 'active'), ${camel}Filter.ge('createdDateTime', '2026-01-01T00:00:00Z'))`,
        ),
        declarations: [
          {
            name: `${camel}Filter`,
            type: `FilterBuilder<${pascal}FilterFields>`,
            initializer: `/* @__PURE__ */ createFilterBuilder<${pascal}FilterFields>(${camel}FilterableProperties)`,
          },
        ],
      },
      {
        kind: StructureKind.Interface,
        name: `${pascal}Navigation`,
        isExported: true,
        docs: docs(`The navigation properties of \`${entity.graphName}\` with their types.`),
        properties: [],
        extends: [`Pick<Required<${pascal}>, ${pascal}NavigationProperty>`],
      },
    );
  }
  return `${generatedHeader(model)}\n${printStatements(statements)}`;
}

function typeAlias(name: string, type: string, doc?: string): StatementStructures {
  return { kind: StructureKind.TypeAlias, name, isExported: true, type, docs: docs(doc ?? '') };
}

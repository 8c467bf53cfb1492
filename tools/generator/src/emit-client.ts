import { type StatementStructures, StructureKind, VariableDeclarationKind } from 'ts-morph';
import { describeClientApi } from './emit-client-model.ts';
import { emitODataFile } from './emit-client-odata.ts';
import { describeOperations, type OperationsView, type Signature } from './emit-client-view.ts';
import { generatedHeader, type GeneratedFiles, importDeclaration, printStatements } from './emit-support.ts';
import { propertyKey } from './escape.ts';
import type { ApiModel } from './model.ts';
import { type OutputFolder, outputFolder } from './outputs.ts';

/**
 * Emits `@graph-incidents/client`'s generated sources:
 * - `odata.gen.ts`: per entity, what `$select`, `$expand`, `$orderby` and `$filter` accept, and a typed filter builder;
 * - `operations.gen.ts`: one function per operation (`updateIncident(core, …)`), an `iterate…` function per pageable
 *   operation, the `IncidentsOperations` interface and `bindOperations(core)`, which the hand-written client uses.
 *
 * What each operation looks like is decided in `emit-client-model.ts` and `emit-client-view.ts`; this module prints it.
 * `folder` (from `outputs.ts`) says where the files go and what they import.
 */
export async function emitClient(
  model: ApiModel,
  folder: OutputFolder = outputFolder('client'),
): Promise<GeneratedFiles> {
  const api = describeClientApi(model);
  const files: GeneratedFiles = new Map();
  files.set(`${folder.dir}/odata.gen.ts`, emitODataFile(model, [...api.entities.values()], folder));
  files.set(
    `${folder.dir}/operations.gen.ts`,
    printOperationsFile(model, describeOperations(model, api), folder),
  );
  return files;
}

/** Prints `operations.gen.ts` from the operations' view-model. */
function printOperationsFile(model: ApiModel, view: OperationsView, paths: OutputFolder): string {
  const statements: StatementStructures[] = [];
  for (const operation of view.operations) {
    if (operation.queryNames)
      statements.push({
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [operation.queryNames],
      });
    if (operation.options)
      statements.push({
        kind: StructureKind.Interface,
        name: operation.options.name,
        isExported: true,
        docs: operation.options.docs,
        typeParameters: operation.options.typeParameters,
        extends: ['RequestOptions'],
        properties: operation.options.properties,
      });
    statements.push(functionStatement(operation.name, operation.docs, operation.signature));
    if (operation.iterate)
      statements.push(
        functionStatement(operation.iterate.name, operation.iterate.docs, operation.iterate.signature),
      );
  }
  const members = view.operations.flatMap((operation) => [
    operation,
    ...(operation.iterate ? [operation.iterate] : []),
  ]);
  statements.push(
    {
      kind: StructureKind.Interface,
      name: 'IncidentsOperations',
      isExported: true,
      docs: ['Every operation of the API, bound to one client.'],
      methods: members.map(({ name, docs, signature }) => ({
        name,
        docs,
        typeParameters: signature.typeParameters,
        parameters: signature.parameters.map(({ initializer, ...p }) => ({
          ...p,
          hasQuestionToken: p.hasQuestionToken || initializer !== undefined,
        })),
        returnType: signature.returnType,
      })),
    },
    {
      kind: StructureKind.Function,
      name: 'bindOperations',
      isExported: true,
      docs: [
        'Binds every operation to `core`: `createIncidentsClient` is `bindOperations(createIncidentsCore(options))`.',
      ],
      parameters: [{ name: 'core', type: 'IncidentsCore' }],
      returnType: 'IncidentsOperations',
      statements: `return { ${members
        .map(({ name, signature }) => {
          const names = signature.parameters.map((p) => p.name).join(', ');
          return `${propertyKey(name)}: (${names}) => ${name}(core, ${names})`;
        })
        .join(', ')} };`,
    },
  );

  const { imports } = view;
  const importStatements: StatementStructures[] = [
    importDeclaration(paths.types, [...imports.types].sort(), true),
    importDeclaration(`${paths.runtime}/core.js`, [...imports.core].sort(byImportName)),
  ];
  if (imports.selected)
    importStatements.push(importDeclaration(`${paths.runtime}/odata.js`, ['Selected'], true));
  if (imports.paging)
    importStatements.push(
      importDeclaration(`${paths.runtime}/paging.js`, ['type Page', 'type PageIterable', 'paginate']),
    );
  if (imports.odata.size)
    importStatements.push(importDeclaration('./odata.gen.js', [...imports.odata].sort(), true));
  return `${generatedHeader(model)}\n${printStatements([...importStatements, ...statements])}`;
}

function functionStatement(name: string, docs: string[], signature: Signature): StatementStructures {
  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs,
    typeParameters: signature.typeParameters,
    parameters: [{ name: 'core', type: 'IncidentsCore' }, ...signature.parameters],
    returnType: signature.returnType,
    statements: signature.body,
  };
}

function byImportName(a: string, b: string): number {
  const key = (s: string): string => s.replace(/^type /, '');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

import { posix } from 'node:path';
import {
  type OptionalKind,
  type ParameterDeclarationStructure,
  type StatementStructures,
  StructureKind,
  type TypeParameterDeclarationStructure,
  VariableDeclarationKind,
} from 'ts-morph';
import {
  exportedConst,
  generatedHeader,
  type GeneratedFiles,
  importDeclaration,
  Scope,
  printStatements,
} from './emit-support.ts';
import {
  docs,
  isBindingName,
  primitiveTypeText,
  propertyKey,
  propertySignatureName,
  stringLiteral,
  toIdentifier,
} from './escape.ts';
import { joinPointer, SpecError } from './spec-error.ts';
import {
  type ApiModel,
  camelCase,
  findSchema,
  type ObjectModel,
  type OperationModel,
  type ParameterModel,
  pascalCase,
  type PropertyModel,
  type TypeRef,
} from './model.ts';

/** Where the generated sources of this emitter go, relative to the workspace root. */
export const clientOutDir = 'packages/client/src/generated';

/**
 * Emits `@graph-incidents/client`'s generated sources:
 * - `odata.gen.ts`: per entity, what `$select`, `$expand`, `$orderby` and `$filter` accept, and a typed filter builder;
 * - `operations.gen.ts`: one function per operation (`updateIncident(core, …)`), an `iterate…` function per pageable
 *   operation, the `IncidentsOperations` interface and `bindOperations(core)`, which the hand-written client uses.
 */
/** Where generated code imports from: the types entry of its API version, and the hand-written runtime. */
interface ImportPaths {
  readonly types: string;
  /** The hand-written sources folder, relative to the generated file's folder (`..` or `../..`). */
  readonly runtime: string;
}

export async function emitClient(
  model: ApiModel,
  outDir = clientOutDir,
  typesModule = '@graph-incidents/types',
): Promise<GeneratedFiles> {
  const paths: ImportPaths = { types: typesModule, runtime: posix.relative(outDir, 'packages/client/src') };
  const described = model.operations.map((operation) => describeOperation(model, operation));
  // `…/$count` counts what its collection lists: its `$filter` is over the collection's entity.
  const operations = described.map((info) =>
    info.result.kind === 'count' && !info.entity
      ? {
          ...info,
          entity: described.find((other) => `${other.operation.path}/$count` === info.operation.path)?.entity,
        }
      : info,
  );
  // The query options of one entity, over every operation that reads it.
  const queryByEntity = new Map<string, { entity: ObjectModel; parameters: ParameterModel[] }>();
  for (const { entity, queryParameters } of operations) {
    if (!entity) continue;
    const entry = queryByEntity.get(entity.key) ?? { entity, parameters: [] };
    for (const parameter of queryParameters.filter(isODataQueryOption))
      if (!entry.parameters.some((p) => p.name === parameter.name)) entry.parameters.push(parameter);
    queryByEntity.set(entity.key, entry);
  }
  const entities = new Map<string, EntityQueryModel>();
  for (const [key, { entity, parameters }] of queryByEntity)
    if (parameters.length) entities.set(key, describeEntity(model, entity, parameters));
  const files: GeneratedFiles = new Map();
  files.set(`${outDir}/odata.gen.ts`, emitODataFile(model, [...entities.values()], paths));
  files.set(`${outDir}/operations.gen.ts`, emitOperationsFile(model, operations, entities, paths));
  return files;
}

// ---------------------------------------------------------------------------------------------------------------
// What the emitter needs to know about each operation and entity, derived from the model.

type ResultShape =
  | { kind: 'object'; schema: string }
  | { kind: 'items'; item: string }
  | { kind: 'page'; item: string; itemName: string; nextLinkName: string }
  | { kind: 'count' }
  | { kind: 'none' };

interface OperationInfo {
  readonly operation: OperationModel;
  readonly name: string;
  readonly pathParameters: readonly ParameterModel[];
  readonly queryParameters: readonly ParameterModel[];
  readonly body: string | undefined;
  readonly result: ResultShape;
  /** The entity the result holds, for typed OData. */
  readonly entity: ObjectModel | undefined;
}

interface EntityQueryModel {
  readonly entity: ObjectModel;
  /** `incident` → `incident`, `Incident`. */
  readonly camel: string;
  readonly pascal: string;
  readonly selectable: readonly string[];
  readonly navigation: readonly string[];
  readonly expandAll: boolean;
  readonly sortable: readonly string[];
  readonly filterable: readonly {
    property: PropertyModel;
    kind: 'string' | 'enum' | 'dateTime';
    value: string;
  }[];
}

const odataOptions = ['$select', '$expand', '$orderby', '$filter'];

function isODataQueryOption(parameter: ParameterModel): boolean {
  return odataOptions.includes(parameter.name);
}

function describeOperation(model: ApiModel, operation: OperationModel): OperationInfo {
  const success = operation.responses.find((response) => /^2/.test(response.status));
  const schema = success?.schemaKey ? findSchema(model, success.schemaKey) : undefined;
  let result: ResultShape = { kind: 'none' };
  let entity: ObjectModel | undefined;
  if (schema?.kind === 'scalar' && success?.contentType?.startsWith('text/plain')) result = { kind: 'count' };
  else if (schema?.kind === 'object') {
    const item = collectionItem(model, schema, operation.pageable?.itemName ?? 'value');
    if (operation.pageable && item) result = { kind: 'page', item: item.key, ...operation.pageable };
    else if (item && schema.properties.every((p) => p.name === 'value' || p.name.startsWith('@odata.')))
      result = { kind: 'items', item: item.key };
    else result = { kind: 'object', schema: schema.key };
    entity = item ?? schema;
  }
  return {
    operation,
    name: bindingName(operation.operationId),
    pathParameters: operation.parameters.filter((p) => p.in === 'path'),
    queryParameters: operation.parameters.filter((p) => p.in === 'query'),
    body: operation.requestBody ? tsName(model, operation.requestBody.schemaKey) : undefined,
    result,
    entity,
  };
}

/** The object schema of a collection's items (`value: Incident[]`), if `schema` is a collection. */
function collectionItem(model: ApiModel, schema: ObjectModel, itemName: string): ObjectModel | undefined {
  const items = schema.properties.find((p) => p.name === itemName)?.type;
  if (items?.kind !== 'array' || items.items.kind !== 'ref') return undefined;
  const item = findSchema(model, items.items.key);
  return item?.kind === 'object' ? item : undefined;
}

function describeEntity(
  model: ApiModel,
  entity: ObjectModel,
  parameters: readonly ParameterModel[],
): EntityQueryModel {
  const literalsOf = (name: string): readonly string[] | undefined => {
    const type = parameters.find((p) => p.name === name)?.type;
    const items = type?.kind === 'array' ? type.items : type;
    return items?.kind === 'primitive' ? items.literals?.map(String) : undefined;
  };
  const properties = entity.properties.filter((p) => !p.name.startsWith('@'));
  const selectLiterals = literalsOf('$select');
  const expandLiterals = literalsOf('$expand');
  const navigation = properties.filter((p) => p.navigation).map((p) => p.name);
  const filterable = parameters.find((p) => p.name === '$filter')?.filterable ?? [];
  return {
    entity,
    camel: camelCase(entity.tsName),
    pascal: entity.tsName,
    selectable: properties
      .map((p) => p.name)
      .filter((name) => !selectLiterals || selectLiterals.includes(name)),
    navigation: navigation.filter((name) => !expandLiterals || expandLiterals.includes(name)),
    expandAll: expandLiterals?.includes('*') ?? false,
    sortable: properties
      .filter((p) => !p.navigation && (p.type.kind === 'primitive' || isEnumRef(model, p.type)))
      .map((p) => p.name),
    filterable: filterable.map((name, index) => {
      const parameter = parameters.find((p) => p.name === '$filter')!;
      const fail = (message: string): never => {
        throw new SpecError([
          {
            code: 'unsupported',
            file: model.file,
            pointer: joinPointer(parameter.pointer, 'x-graph-filterable', index),
            message,
          },
        ]);
      };
      const property = properties.find((p) => p.name === name);
      if (!property)
        return fail(`x-graph-filterable names ${JSON.stringify(name)}, which ${entity.key} does not have`);
      const type = property.type;
      const nullable = property.nullable ? ' | null' : '';
      if (type.kind === 'ref' && isEnumRef(model, type)) {
        const enumModel = model.enums.find((e) => e.key === type.key)!;
        const writable = enumModel.sentinel ? `Writable${enumModel.tsName}` : `Known${enumModel.tsName}`;
        return { property, kind: 'enum' as const, value: writable + nullable };
      }
      if (type.kind === 'primitive' && type.type === 'string' && type.format === 'date-time')
        return { property, kind: 'dateTime' as const, value: 'string' };
      if (type.kind === 'primitive' && type.type === 'string')
        return { property, kind: 'string' as const, value: 'string' + nullable };
      return fail(
        `$filter on ${JSON.stringify(name)} (${type.kind === 'primitive' ? type.type : type.kind}) is not supported by the client's filter builder`,
      );
    }),
  };
}

function isEnumRef(model: ApiModel, type: TypeRef): boolean {
  return type.kind === 'ref' && model.enums.some((e) => e.key === type.key);
}

function tsName(model: ApiModel, key: string): string {
  const schema = findSchema(model, key);
  if (!schema) throw new Error(`no schema ${key}`);
  return schema.tsName;
}

// ---------------------------------------------------------------------------------------------------------------
// odata.gen.ts

function emitODataFile(model: ApiModel, entities: readonly EntityQueryModel[], paths: ImportPaths): string {
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

/** Every name `odata.gen.ts` declares for one entity. */
function odataNames({ camel, pascal }: EntityQueryModel): string[] {
  return [
    ...[
      'SelectableProperties',
      'NavigationProperties',
      'SortableProperties',
      'FilterableProperties',
      'Filter',
    ].map((suffix) => camel + suffix),
    ...[
      'SelectableProperty',
      'NavigationProperty',
      'Expandable',
      'SortableProperty',
      'Orderby',
      'FilterFields',
      'Filter',
      'Navigation',
    ].map((suffix) => pascal + suffix),
  ];
}

function schemaPointer(schema: { readonly key: string }): string {
  return joinPointer('#/components/schemas', schema.key);
}

// ---------------------------------------------------------------------------------------------------------------
// operations.gen.ts

/** What the generated operations module imports or defines besides the operations, and their bodies' bindings. */
const runtimeNames = [
  'IncidentsCore',
  'RequestOptions',
  'toCount',
  'toItems',
  'toPage',
  'toQuery',
  'nextLinkInit',
  'Selected',
  'Page',
  'PageIterable',
  'paginate',
  'operations',
  'paths',
  'IncidentsOperations',
  'bindOperations',
];
const bodyNames = ['core', 'body', 'options', 'init', 'data', 'nextLink'];

interface Signature {
  readonly typeParameters: OptionalKind<TypeParameterDeclarationStructure>[];
  readonly parameters: OptionalKind<ParameterDeclarationStructure>[];
  readonly returnType: string;
  readonly body: string;
}

function emitOperationsFile(
  model: ApiModel,
  operations: readonly OperationInfo[],
  entities: ReadonlyMap<string, EntityQueryModel>,
  paths: ImportPaths,
): string {
  const statements: StatementStructures[] = [];
  const typeImports = new Set<string>(['operations', 'paths']);
  const odataImports = new Set<string>();
  const coreImports = new Set<string>(['type IncidentsCore', 'type RequestOptions']);
  let paging = false;
  let selected = false;
  const members: { name: string; docs: string[]; signature: Signature }[] = [];
  const scope = new Scope(model.file, runtimeNames);
  for (const named of [...model.enums, ...model.objects, ...model.scalars])
    scope.declare(named.tsName, schemaPointer(named), 'The type');
  for (const entity of entities.values())
    for (const name of odataNames(entity)) scope.declare(name, schemaPointer(entity.entity), 'The name');

  for (const info of operations) {
    const { operation, name } = info;
    const operationIdPointer = joinPointer(operation.pointer, 'operationId');
    scope.declare(
      name,
      operationIdPointer,
      `The function of operationId ${JSON.stringify(operation.operationId)},`,
    );
    const entity = info.entity ? entities.get(info.entity.key) : undefined;
    if (info.body) typeImports.add(info.body);
    const query = info.queryParameters;
    const hasSelect = entity !== undefined && query.some((p) => p.name === '$select');
    const hasExpand = entity !== undefined && query.some((p) => p.name === '$expand');
    const typeParameters: OptionalKind<TypeParameterDeclarationStructure>[] = [];
    if (hasSelect) odataImports.add(`${entity.pascal}SelectableProperty`);
    if (hasExpand) odataImports.add(`${entity.pascal}Expandable`);
    if (hasSelect)
      typeParameters.push({
        name: 'S',
        isConst: true,
        constraint: `readonly ${entity.pascal}SelectableProperty[]`,
        default: '[]',
      });
    if (hasExpand)
      typeParameters.push({
        name: 'E',
        isConst: true,
        constraint: `readonly ${entity.pascal}Expandable[]`,
        default: '[]',
      });
    const typeArguments = typeParameters.map((t) => t.name).join(', ');

    // The result type.
    const itemType = (key: string): string => {
      const item = tsName(model, key);
      typeImports.add(item);
      if (!entity || key !== entity.entity.key || (!hasSelect && !hasExpand)) return item;
      selected = true;
      odataImports.add(`${entity.pascal}NavigationProperty`);
      return `Selected<${item}, ${hasSelect ? 'S[number]' : 'never'}, ${hasExpand ? 'E[number]' : 'never'}, ${entity.pascal}NavigationProperty>`;
    };
    const result = info.result;
    const resultType =
      result.kind === 'count'
        ? 'number'
        : result.kind === 'none'
          ? 'void'
          : result.kind === 'items'
            ? `${itemType(result.item)}[]`
            : result.kind === 'page'
              ? `Page<${itemType(result.item)}>`
              : itemType(result.schema);
    if (result.kind === 'count') coreImports.add('toCount');
    if (result.kind === 'items') coreImports.add('toItems');
    if (result.kind === 'page') {
      coreImports.add('toPage');
      paging = true;
    }

    // The options object: query parameters plus the signal. One lone query parameter is positional.
    const positionalQuery = query.length === 1 && !hasSelect && !hasExpand ? query[0] : undefined;
    const optionsName = `${pascalCase(name)}Options`;
    const queryNames = `${name}QueryNames`;
    scope.declare(queryNames, operationIdPointer, 'The name');
    // The function's parameters and the options' properties must not clash, nor hide what the body calls.
    const locals = new Scope(model.file, [...bodyNames, ...runtimeNames, name, queryNames]);
    for (const p of info.pathParameters) locals.declare(bindingName(p.name), p.pointer, 'The parameter');
    const optionNames = new Scope(model.file, ['signal']);
    for (const p of query) optionNames.declare(optionName(p), p.pointer, 'The query option');
    if (query.length > 0) {
      statements.push({
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [
          {
            name: queryNames,
            initializer: `{ ${query.map((p) => `${optionName(p)}: ${stringLiteral(p.name)}`).join(', ')} } as const`,
          },
        ],
      });
      coreImports.add('toQuery');
    }
    if (positionalQuery)
      locals.declare(optionName(positionalQuery), positionalQuery.pointer, 'The parameter');
    if (!positionalQuery && query.length > 0) {
      scope.declare(optionsName, operationIdPointer, 'The name');
      statements.push({
        kind: StructureKind.Interface,
        name: optionsName,
        isExported: true,
        docs: docs(`Options of {@link ${name}}: its query parameters, and a signal.`),
        typeParameters: typeParameters.map((t) => ({ name: t.name, constraint: t.constraint! })),
        extends: ['RequestOptions'],
        properties: query.map((p) => ({
          name: optionName(p),
          hasQuestionToken: !p.required,
          type: optionType(p, entity, odataImports),
          docs: docs(p.description),
        })),
      });
    }
    const optionsType =
      positionalQuery || query.length === 0
        ? 'RequestOptions'
        : `${optionsName}${typeArguments ? `<${typeArguments}>` : ''}`;

    const parameters: OptionalKind<ParameterDeclarationStructure>[] = [
      ...info.pathParameters.map((p) => ({ name: bindingName(p.name), type: 'string' })),
      ...(info.body ? [{ name: 'body', type: info.body }] : []),
      ...(positionalQuery
        ? [
            {
              name: optionName(positionalQuery),
              hasQuestionToken: true,
              type: optionType(positionalQuery, entity, odataImports),
            },
          ]
        : []),
      { name: 'options', type: optionsType, initializer: '{}' },
    ];

    // The call through openapi-fetch, type-checked against `paths`.
    const queryArgument = positionalQuery ? `{ ${optionName(positionalQuery)} }` : 'options';
    const params = [
      info.pathParameters.length
        ? `path: { ${info.pathParameters.map((p) => (bindingName(p.name) === p.name && p.name !== '__proto__' ? p.name : `${propertyKey(p.name)}: ${bindingName(p.name)}`)).join(', ')} }`
        : '',
      query.length
        ? `query: toQuery(${queryArgument}, ${queryNames}) as NonNullable<operations[${stringLiteral(name)}]['parameters']['query']>`
        : '',
    ].filter(Boolean);
    const init = [
      '...init',
      params.length ? `params: { ${params.join(', ')} }` : '',
      info.body ? 'body' : '',
      result.kind === 'count' ? "parseAs: 'text'" : '',
    ].filter(Boolean);
    const rawMethod = operation.method.toUpperCase();
    const parse =
      result.kind === 'count'
        ? ', toCount'
        : result.kind === 'items'
          ? ', toItems'
          : result.kind === 'page'
            ? `, ${pageParser(result)}`
            : '';
    const body = `return core.call<${resultType}>((init) => core.raw.${rawMethod}(${stringLiteral(operation.path)}, { ${init.join(', ')} }), options${parse});`;
    const operationDocs = docs(
      [operation.summary, operation.description.trim()].filter(Boolean).join('.\n\n').replace(/\.\./g, '.') +
        (operation.permissions.length
          ? `\n\nPermissions: ${operation.permissions.map((set) => set.join(' + ')).join(' or ')}.`
          : '') +
        `\n\n\`${rawMethod} ${operation.path}\`. Rejects with a \`GraphError\` on a non-2xx response.`,
    );
    const signature: Signature = { typeParameters, parameters, returnType: `Promise<${resultType}>`, body };
    members.push({ name, docs: operationDocs, signature });
    statements.push(functionStatement(name, operationDocs, signature));

    if (result.kind === 'page') {
      coreImports.add('nextLinkInit');
      const iterateName = scope.declare(
        name.startsWith('list') ? `iterate${name.slice(4)}` : `iterate${pascalCase(name)}`,
        operationIdPointer,
        'The name',
      );
      const nextParams = info.pathParameters.length ? `params: { ${params[0]} }, ` : '';
      const iterateSignature: Signature = {
        typeParameters,
        parameters: parameters.map((p) => p),
        returnType: `PageIterable<${itemType(result.item)}>`,
        body: `return paginate((nextLink) => nextLink === undefined ? ${name}(${['core', ...parameters.map((p) => p.name)].join(', ')}) : core.call<Page<${itemType(result.item)}>>((init) => core.raw.${rawMethod}(${stringLiteral(operation.path)}, { ...init, ${nextParams}...nextLinkInit(core, nextLink) }), options, ${pageParser(result)}));`,
      };
      const iterateDocs = docs(
        `Every item of {@link ${name}}, page after page: follows \`${result.nextLinkName}\` verbatim. \`.pages()\` yields whole pages.\n\n@example for await (const item of ${iterateName}(core, { top: 50 })) console.log(item.id);`,
      );
      members.push({ name: iterateName, docs: iterateDocs, signature: iterateSignature });
      statements.push(functionStatement(iterateName, iterateDocs, iterateSignature));
    }
  }

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
      parameters: [{ name: 'core', type: 'IncidentsCore<paths>' }],
      returnType: 'IncidentsOperations',
      statements: `return { ${members
        .map(({ name, signature }) => {
          const names = signature.parameters.map((p) => p.name).join(', ');
          return `${propertyKey(name)}: (${names}) => ${name}(core, ${names})`;
        })
        .join(', ')} };`,
    },
  );

  const imports: StatementStructures[] = [
    importDeclaration(paths.types, [...typeImports].sort(), true),
    importDeclaration(`${paths.runtime}/core.js`, [...coreImports].sort(byImportName)),
  ];
  if (selected) imports.push(importDeclaration(`${paths.runtime}/odata.js`, ['Selected'], true));
  if (paging)
    imports.push(
      importDeclaration(`${paths.runtime}/paging.js`, ['type Page', 'type PageIterable', 'paginate']),
    );
  if (odataImports.size) imports.push(importDeclaration('./odata.gen.js', [...odataImports].sort(), true));
  return `${generatedHeader(model)}\n${printStatements([...imports, ...statements])}`;
}

/** The parser of one page: the response's URL resolves a relative next link. */
function pageParser(result: { itemName: string; nextLinkName: string }): string {
  return `(data, response) => toPage(data, ${stringLiteral(result.itemName)}, ${stringLiteral(result.nextLinkName)}, response.url)`;
}

function functionStatement(name: string, docs: string[], signature: Signature): StatementStructures {
  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs,
    typeParameters: signature.typeParameters,
    parameters: [{ name: 'core', type: 'IncidentsCore<paths>' }, ...signature.parameters],
    returnType: signature.returnType,
    statements: signature.body,
  };
}

/** `$top` → `top`. */
function optionName(parameter: ParameterModel): string {
  return bindingName(parameter.name.replace(/^\$/, ''));
}

function optionType(
  parameter: ParameterModel,
  entity: EntityQueryModel | undefined,
  odataImports: Set<string>,
): string {
  if (entity) {
    switch (parameter.name) {
      case '$select':
        return 'S';
      case '$expand':
        return 'E';
      case '$orderby':
        odataImports.add(`${entity.pascal}Orderby`);
        return `readonly ${entity.pascal}Orderby[]`;
      case '$filter':
        if (parameter.filterable) {
          odataImports.add(`${entity.pascal}Filter`);
          return `${entity.pascal}Filter | string`;
        }
    }
  }
  return primitiveType(parameter.type);
}

function primitiveType(type: TypeRef): string {
  switch (type.kind) {
    case 'primitive':
      return primitiveTypeText(type);
    case 'array':
      return `readonly (${primitiveType(type.items)})[]`;
    default:
      return 'unknown';
  }
}

/** A parameter's name as a binding: `incident-id` → `incidentId`. Clashes are reported by {@link Scope}. */
function bindingName(name: string): string {
  return isBindingName(name) ? name : toIdentifier(name, 'camel');
}

function typeAlias(name: string, type: string, doc?: string): StatementStructures {
  return { kind: StructureKind.TypeAlias, name, isExported: true, type, docs: docs(doc ?? '') };
}

function byImportName(a: string, b: string): number {
  const key = (s: string): string => s.replace(/^type /, '');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

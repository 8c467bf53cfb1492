import { schemaPointer, Scope } from './emit-support.ts';
import { docs, primitiveTypeText, propertyKey, stringLiteral } from './escape.ts';
import {
  bindingName,
  type ClientApi,
  type EntityQueryModel,
  odataNames,
  tsName,
} from './emit-client-model.ts';
import { type ApiModel, type ParameterModel, pascalCase, type TypeRef } from './model.ts';
import { joinPointer } from './json-pointer.ts';

/**
 * The client view-model: what each generated operation looks like (its name, type parameters, parameters, options
 * interface, return type, body and docs, and its `iterate…` companion), as plain data and a pure function of the
 * model. `emit-client.ts` prints it as `operations.gen.ts`.
 */
export interface OperationsView {
  readonly operations: readonly OperationView[];
  /** What `operations.gen.ts` imports, over every operation. */
  readonly imports: OperationImports;
}

export interface OperationView {
  readonly name: string;
  readonly docs: string[];
  readonly signature: Signature;
  /** `const <name> = { top: '$top', … } as const`: each option's wire name, for `toQuery`. */
  readonly queryNames: { readonly name: string; readonly initializer: string } | undefined;
  /** The exported options interface, when the operation takes more than one query option (or OData ones). */
  readonly options: OptionsView | undefined;
  /** `iterate…`, for a pageable operation. */
  readonly iterate:
    { readonly name: string; readonly docs: string[]; readonly signature: Signature } | undefined;
}

export interface Signature {
  readonly typeParameters: TypeParameterView[];
  /** The parameters after `core`. */
  readonly parameters: ParameterView[];
  readonly returnType: string;
  readonly body: string;
}

export interface TypeParameterView {
  readonly name: string;
  readonly isConst?: boolean;
  readonly constraint?: string;
  readonly default?: string;
}

export interface ParameterView {
  readonly name: string;
  readonly type: string;
  readonly hasQuestionToken?: boolean;
  readonly initializer?: string;
}

export interface OptionsView {
  readonly name: string;
  readonly docs: string[];
  readonly typeParameters: { readonly name: string; readonly constraint: string }[];
  readonly properties: { name: string; hasQuestionToken: boolean; type: string; docs: string[] }[];
}

export interface OperationImports {
  /** From the types entry. */
  readonly types: ReadonlySet<string>;
  /** From `./odata.gen.js`. */
  readonly odata: ReadonlySet<string>;
  /** From the runtime's `core.js` (`type X` for type-only names). */
  readonly core: ReadonlySet<string>;
  /** `Selected` from the runtime's `odata.js`. */
  readonly selected: boolean;
  /** `Page`, `PageIterable` and `paginate` from the runtime's `paging.js`. */
  readonly paging: boolean;
}

/** What the generated operations module imports or defines besides the operations, and their bodies' bindings. */
export const runtimeNames = [
  'IncidentsCore',
  'RequestOptions',
  'toCount',
  'toItems',
  'toPage',
  'toQuery',
  'pathUrl',
  'withQuery',
  'nextLinkUrl',
  'Selected',
  'Page',
  'PageIterable',
  'paginate',
  'operations',
  'paths',
  'IncidentsOperations',
  'bindOperations',
];
const bodyNames = ['core', 'body', 'options', 'text', 'response', 'nextLink'];

/** Describes every operation of the client; a name that clashes is a located `SpecError`. */
export function describeOperations(model: ApiModel, api: ClientApi): OperationsView {
  const typeImports = new Set<string>();
  const odataImports = new Set<string>();
  const coreImports = new Set<string>(['type IncidentsCore', 'type RequestOptions', 'pathUrl']);
  let paging = false;
  let selected = false;
  const views: OperationView[] = [];
  const scope = new Scope(model.file, runtimeNames);
  for (const named of [...model.enums, ...model.objects, ...model.scalars])
    scope.declare(named.tsName, schemaPointer(named), 'The type');
  for (const entity of api.entities.values())
    for (const name of odataNames(entity)) scope.declare(name, schemaPointer(entity.entity), 'The name');

  for (const info of api.operations) {
    const { operation, name } = info;
    const operationIdPointer = joinPointer(operation.pointer, 'operationId');
    scope.declare(
      name,
      operationIdPointer,
      `The function of operationId ${JSON.stringify(operation.operationId)},`,
    );
    const entity = info.entity ? api.entities.get(info.entity.key) : undefined;
    if (info.body) typeImports.add(info.body);
    const query = info.queryParameters;
    const hasSelect = entity !== undefined && query.some((p) => p.name === '$select');
    const hasExpand = entity !== undefined && query.some((p) => p.name === '$expand');
    const typeParameters: TypeParameterView[] = [];
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
    const queryNamesName = `${name}QueryNames`;
    scope.declare(queryNamesName, operationIdPointer, 'The name');
    // The function's parameters and the options' properties must not clash, nor hide what the body calls.
    const locals = new Scope(model.file, [...bodyNames, ...runtimeNames, name, queryNamesName]);
    for (const p of info.pathParameters) locals.declare(bindingName(p.name), p.pointer, 'The parameter');
    const optionNames = new Scope(model.file, ['signal']);
    for (const p of query) optionNames.declare(optionName(p), p.pointer, 'The query option');
    let queryNames: OperationView['queryNames'];
    if (query.length > 0) {
      queryNames = {
        name: queryNamesName,
        initializer: `{ ${query.map((p) => `${optionName(p)}: ${stringLiteral(p.name)}`).join(', ')} } as const`,
      };
      coreImports.add('toQuery');
      coreImports.add('withQuery');
    }
    if (positionalQuery)
      locals.declare(optionName(positionalQuery), positionalQuery.pointer, 'The parameter');
    let options: OptionsView | undefined;
    if (!positionalQuery && query.length > 0) {
      scope.declare(optionsName, operationIdPointer, 'The name');
      options = {
        name: optionsName,
        docs: docs(`Options of {@link ${name}}: its query parameters, and a signal.`),
        typeParameters: typeParameters.map((t) => ({ name: t.name, constraint: t.constraint! })),
        properties: query.map((p) => ({
          name: optionName(p),
          hasQuestionToken: !p.required,
          type: optionType(p, entity, odataImports),
          docs: docs(p.description),
        })),
      };
    }
    const optionsType =
      positionalQuery || query.length === 0
        ? 'RequestOptions'
        : `${optionsName}${typeArguments ? `<${typeArguments}>` : ''}`;

    const parameters: ParameterView[] = [
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

    // The request: the URL made by openapi-fetch's path and query serializers, the body by its body serializer.
    const queryArgument = positionalQuery ? `{ ${optionName(positionalQuery)} }` : 'options';
    const pathParams = info.pathParameters.length
      ? `{ ${info.pathParameters.map((p) => (bindingName(p.name) === p.name && p.name !== '__proto__' ? p.name : `${propertyKey(p.name)}: ${bindingName(p.name)}`)).join(', ')} }`
      : '{}';
    const pathUrl = `pathUrl(core, ${stringLiteral(operation.path)}, ${pathParams})`;
    const url = query.length
      ? `withQuery(${pathUrl}, toQuery(${queryArgument}, ${queryNamesName}))`
      : pathUrl;
    const method = operation.method.toUpperCase();
    const read =
      result.kind === 'count'
        ? 'toCount'
        : result.kind === 'items'
          ? 'toItems'
          : result.kind === 'page'
            ? pageParser(result)
            : undefined;
    const requestArguments = [
      stringLiteral(method),
      url,
      'options',
      ...(info.body ? ['body'] : read ? ['undefined'] : []),
      ...(read ? [read] : []),
    ];
    const body = `return core.request<${resultType}>(${requestArguments.join(', ')});`;
    const operationDocs = docs(
      [operation.summary, operation.description.trim()].filter(Boolean).join('.\n\n').replace(/\.\./g, '.') +
        (operation.permissions.length
          ? `\n\nPermissions: ${operation.permissions.map((set) => set.join(' + ')).join(' or ')}.`
          : '') +
        `\n\n\`${method} ${operation.path}\`. Rejects with a \`GraphError\` on a non-2xx response.`,
    );
    const signature: Signature = { typeParameters, parameters, returnType: `Promise<${resultType}>`, body };

    let iterate: OperationView['iterate'];
    if (result.kind === 'page') {
      coreImports.add('nextLinkUrl');
      const iterateName = scope.declare(
        name.startsWith('list') ? `iterate${name.slice(4)}` : `iterate${pascalCase(name)}`,
        operationIdPointer,
        'The name',
      );
      iterate = {
        name: iterateName,
        docs: docs(
          `Every item of {@link ${name}}, page after page: follows \`${result.nextLinkName}\` verbatim. \`.pages()\` yields whole pages.\n\n@example for await (const item of ${iterateName}(core, { top: 50 })) console.log(item.id);`,
        ),
        signature: {
          typeParameters,
          parameters: parameters.map((p) => p),
          returnType: `PageIterable<${itemType(result.item)}>`,
          body: `return paginate((nextLink) => nextLink === undefined ? ${name}(${['core', ...parameters.map((p) => p.name)].join(', ')}) : core.request<Page<${itemType(result.item)}>>('GET', nextLinkUrl(core, nextLink), options, undefined, ${pageParser(result)}));`,
        },
      };
    }
    views.push({ name, docs: operationDocs, signature, queryNames, options, iterate });
  }
  return {
    operations: views,
    imports: { types: typeImports, odata: odataImports, core: coreImports, selected, paging },
  };
}

/** The parser of one page: the response's URL resolves a relative next link. */
function pageParser(result: { itemName: string; nextLinkName: string }): string {
  return `(text, response) => toPage(text, ${stringLiteral(result.itemName)}, ${stringLiteral(result.nextLinkName)}, response.url)`;
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

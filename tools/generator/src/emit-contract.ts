import { type StatementStructures, StructureKind } from 'ts-morph';
import { type EmittedFiles, exportedConst, generatedHeader, printStatements } from './emit-support.ts';
import { type LiteralValue, valueLiteral } from './escape.ts';
import type { DataStatement, DataValue } from './format-literal.ts';
import type { ApiModel } from './model.ts';
import { type OutputFolder, outputFolder } from './outputs.ts';
import {
  contractFromOpenApi,
  schemaIdPrefix,
} from '../../../packages/contract-tests/src/contract-from-openapi.ts';

/**
 * Emits `@graph-incidents/contract-tests`' `contract.gen.ts`: the operations table (method, path template and
 * declared responses) and the JSON Schema (2020-12) of every component, ready for ajv. The transform itself is
 * `contractFromOpenApi` of `@graph-incidents/contract-tests`, which `verify --spec` runs on other descriptions; this
 * emitter only prints its result. Validators are compiled lazily at run time by hand-written code. The three tables
 * are data statements, which the formatter prints in prettier's form without parsing them (format-literal.ts).
 */
export async function emitContract(
  model: ApiModel,
  folder: OutputFolder = outputFolder('contract'),
): Promise<EmittedFiles> {
  const contract = contractFromOpenApi(model.document, model.file);
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: `${folder.runtime}/contract-model.js`,
      namedImports: ['ContractOperation', 'ContractSecurityScheme', 'ContractSource', 'JsonSchema'],
    },
    exportedConst(
      'contractSource',
      `${literal(contract.source)} as const satisfies ContractSource`,
      'The description this contract was generated from.',
    ),
    exportedConst(
      'schemaIdPrefix',
      `${literal(schemaIdPrefix)} as const`,
      'The prefix of every schema `$id`: `#/components/schemas/x` is `urn:graph-incidents:schema:x` here.',
    ),
    {
      kind: StructureKind.TypeAlias,
      name: 'OperationId',
      isExported: true,
      docs: ['The operationId of every operation of the contract.'],
      type: contract.operations.map((op) => literal(op.operationId)).join(' | '),
    },
  ];
  const data: DataStatement[] = [
    {
      name: 'operations',
      value: contract.operations as unknown as DataValue,
      suffix: ' as const satisfies readonly ContractOperation[]',
      docs:
        'Every operation: method, path template (without the version prefix), declared responses by status, and its\n' +
        "security requirements (any one is enough; the operation's own, or else the document's).",
    },
    {
      name: 'securitySchemes',
      value: contract.securitySchemes as unknown as DataValue,
      suffix: ' as const satisfies Readonly<Record<string, ContractSecurityScheme>>',
      docs: 'The security schemes: type, and for OAuth 2 the scope names each flow declares (for delegated or application permissions).',
    },
    {
      name: 'schemas',
      value: contract.schemas as unknown as DataValue,
      suffix: ' as const satisfies Readonly<Record<string, JsonSchema>>',
      docs: [
        'The JSON Schema (2020-12) of every component, keyed by schema key, each with its `$id`.',
        'Closed types reject unknown properties (`additionalProperties: false`; derived types use',
        '`unevaluatedProperties: false`). A polymorphic base is a `discriminator` union of its derived types; its own',
        'shape is `<key>:shape`. Evolvable enums carry `x-graph-enum` (sentinel and the members after it).',
      ].join('\n'),
    },
  ];
  return new Map([
    [`${folder.dir}/contract.gen.ts`, [`${generatedHeader(model)}\n${printStatements(statements)}`, ...data]],
  ]);
}

/** The data as a TypeScript expression (keys safe in object literals); prettier lays it out. */
function literal(value: unknown): string {
  // The contract is JSON data (strings, numbers, booleans, null, arrays, objects), which valueLiteral writes.
  return valueLiteral(value as LiteralValue);
}

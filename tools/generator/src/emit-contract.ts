import { type StatementStructures, StructureKind } from 'ts-morph';
import { exportedConst, generatedHeader, type GeneratedFiles, printStatements } from './emit-support.ts';
import { type LiteralValue, valueLiteral } from './escape.ts';
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
 * emitter only prints its result. Validators are compiled lazily at run time by hand-written code.
 */
export async function emitContract(
  model: ApiModel,
  folder: OutputFolder = outputFolder('contract'),
): Promise<GeneratedFiles> {
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
    exportedConst(
      'operations',
      `${literal(contract.operations)} as const satisfies readonly ContractOperation[]`,
      'Every operation: method, path template (without the version prefix), declared responses by status, and its\n' +
        "security requirements (any one is enough; the operation's own, or else the document's).",
    ),
    exportedConst(
      'securitySchemes',
      `${literal(contract.securitySchemes)} as const satisfies Readonly<Record<string, ContractSecurityScheme>>`,
      'The security schemes: type, and for OAuth 2 the scope names each flow declares (for delegated or application permissions).',
    ),
    exportedConst(
      'schemas',
      `${literal(contract.schemas)} as const satisfies Readonly<Record<string, JsonSchema>>`,
      [
        'The JSON Schema (2020-12) of every component, keyed by schema key, each with its `$id`.',
        'Closed types reject unknown properties (`additionalProperties: false`; derived types use',
        '`unevaluatedProperties: false`). A polymorphic base is a `discriminator` union of its derived types; its own',
        'shape is `<key>:shape`. Evolvable enums carry `x-graph-enum` (sentinel and the members after it).',
      ].join('\n'),
    ),
  ];
  return new Map([
    [`${folder.dir}/contract.gen.ts`, `${generatedHeader(model)}\n${printStatements(statements)}`],
  ]);
}

/** The data as a TypeScript expression (keys safe in object literals); prettier lays it out. */
function literal(value: unknown): string {
  // The contract is JSON data (strings, numbers, booleans, null, arrays, objects), which valueLiteral writes.
  return valueLiteral(value as LiteralValue);
}

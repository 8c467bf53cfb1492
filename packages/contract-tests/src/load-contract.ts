import { readFile } from 'node:fs/promises';
import { ContractLoadError, contractFromOpenApi } from './contract-from-openapi.js';
import type { Contract } from './contract-model.js';
import { createContractValidator } from './validators.js';

/** Reads a YAML or JSON OpenAPI file and builds its contract. */
export async function loadContract(path: string): Promise<Contract> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ContractLoadError(path, `cannot read the spec: ${(error as Error).message}`);
  }
  // yaml is loaded only here, so that the default contract costs nothing to import.
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ContractLoadError(path, `the spec is not valid YAML or JSON: ${(error as Error).message}`);
  }
  const contract = contractFromOpenApi(document, path);
  // Compile every response schema now, so that a schema ajv cannot use is a spec problem and not a crash later.
  let compiling = 'the schemas';
  try {
    const validator = createContractValidator(contract);
    for (const operation of contract.operations)
      for (const response of operation.responses) {
        if (!response.schema) continue;
        compiling = `the schema ${response.schema} of ${operation.operationId} ${response.status}`;
        validator.validatorFor(response.schema);
      }
  } catch (error) {
    throw new ContractLoadError(path, `${compiling} cannot be compiled: ${(error as Error).message}`);
  }
  return contract;
}

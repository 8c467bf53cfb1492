import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { defaultContract } from './default-contract.js';
import { ContractLoadError, contractFromOpenApi, loadContract } from './load-contract.js';

const specFile = fileURLToPath(new URL('../../../specs/v1.0/openapi.yaml', import.meta.url));

describe('contractFromOpenApi (the run-time path behind --spec)', () => {
  test('gives exactly the generated contract for the spec it was generated from', async () => {
    const contract = contractFromOpenApi(
      parse(await readFile(specFile, 'utf8')),
      defaultContract.source.file,
    );
    expect(contract.operations).toEqual(defaultContract.operations);
    expect(Object.keys(contract.schemas)).toEqual(Object.keys(defaultContract.schemas));
    expect(contract.schemas).toEqual(defaultContract.schemas);
    expect(contract.source).toEqual(defaultContract.source);
    expect(contract.securitySchemes).toEqual(defaultContract.securitySchemes);
    expect(contract.operations.find((op) => op.operationId === 'updateIncident')?.security).toEqual([
      { azureADv2: ['SecurityIncident.ReadWrite.All'] },
    ]);
  });

  test('is independent of key order in the spec', async () => {
    const document = parse(await readFile(specFile, 'utf8')) as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(document).reverse());
    expect(contractFromOpenApi(reversed, 'x')).toEqual(contractFromOpenApi(document, 'x'));
  });

  test('rejects what is not an OpenAPI document, and unreadable or malformed files', async () => {
    expect(() => contractFromOpenApi({ openapi: '3.1.0' }, 'a.yaml')).toThrow(ContractLoadError);
    await expect(loadContract('/nonexistent/spec.yaml')).rejects.toThrow(/cannot read the spec/);
    const broken = fileURLToPath(new URL('../package.json', import.meta.url));
    await expect(loadContract(broken)).rejects.toThrow(/not an OpenAPI document/);
  });

  test('a schema ajv cannot compile (an OpenAPI 3.0 keyword form) is a load error, not a crash later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-spec-'));
    const file = join(dir, 'openapi.yaml');
    const text = await readFile(specFile, 'utf8');
    // OpenAPI 3.0's boolean exclusiveMaximum; JSON Schema 2020-12 wants a number.
    await writeFile(file, text.replace('maximum: 100', 'maximum: 100\n          exclusiveMaximum: true'));
    await expect(loadContract(file)).rejects.toThrow(
      /the schemas cannot be compiled: schema is invalid: .*exclusiveMaximum must be number/,
    );
  });
});

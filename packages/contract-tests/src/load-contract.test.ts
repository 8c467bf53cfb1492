import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ContractLoadError } from './contract-from-openapi.js';
import { loadContract } from './load-contract.js';

const specFile = fileURLToPath(new URL('../../../specs/v1.0/openapi.yaml', import.meta.url));

describe('loadContract (the run-time path behind --spec)', () => {
  test('rejects unreadable files and what is not an OpenAPI document, naming the file', async () => {
    await expect(loadContract('/nonexistent/spec.yaml')).rejects.toThrow(ContractLoadError);
    await expect(loadContract('/nonexistent/spec.yaml')).rejects.toThrow(
      /^\/nonexistent\/spec\.yaml: cannot read the spec/,
    );
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

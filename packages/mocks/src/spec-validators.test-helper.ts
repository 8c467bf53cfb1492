import { readFileSync } from 'node:fs';
import { append } from '@hyperjump/json-pointer';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Validators for the spec's component schemas, read from specs/<version>/openapi.yaml (never copied). */
export function specValidators(version: 'v1.0' | 'beta' = 'v1.0'): (schemaKey: string) => ValidateFunction {
  const document = parse(
    readFileSync(new URL(`../../../specs/${version}/openapi.yaml`, import.meta.url), 'utf8'),
  ) as {
    components: { schemas: Record<string, unknown> };
  };
  // OpenAPI 3.1 schemas are JSON Schema 2020-12 plus `discriminator` and `x-` extensions, which strict mode rejects.
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'spec', components: document.components });
  const cache = new Map<string, ValidateFunction>();
  return (schemaKey) => {
    let validate = cache.get(schemaKey);
    if (!validate) {
      // A JSON pointer segment (RFC 6901: ~ and / escaped), percent-encoded because ajv reads it from a URI.
      const segment = encodeURIComponent(append(schemaKey, '').slice(1));
      validate = ajv.getSchema(`spec#/components/schemas/${segment}`);
      if (!validate) throw new Error(`no schema ${schemaKey} in the spec`);
      cache.set(schemaKey, validate);
    }
    return validate;
  };
}

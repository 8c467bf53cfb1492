import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { describe, expect, test } from 'vitest';
import { openApiNodes, openGraphEnums } from './emit-types.ts';
import { hostileSpec, schemaPrefix, toYaml } from './hostile-spec.test-helper.ts';
import { loadModel } from './load-model.ts';
import { importedReference, microsoftReferences } from './reference-imports.test-helper.ts';
import { repoRoot } from './test-workspace.ts';
import { specVersions } from './versions.ts';

/** A description with a discriminator's mapping, `default`s, a deprecated property, formats and an evolvable enum. */
function settingsSpec(): string {
  const spec = hostileSpec();
  const schemas = spec['components'].schemas;
  schemas[`${schemaPrefix}base`] = {
    type: 'object',
    required: ['@odata.type'],
    properties: { '@odata.type': { type: 'string' } },
    discriminator: {
      propertyName: '@odata.type',
      mapping: {
        '#microsoft.graph.security.left': `#/components/schemas/${schemaPrefix}left`,
        '#microsoft.graph.security.right': `#/components/schemas/${schemaPrefix}right`,
      },
    },
  };
  for (const side of ['left', 'right'])
    schemas[`${schemaPrefix}${side}`] = {
      allOf: [
        { $ref: `#/components/schemas/${schemaPrefix}base` },
        {
          type: 'object',
          properties: {
            [side]: { type: 'integer', format: 'int32', default: 1 },
            old: { type: 'string', deprecated: true },
            when: { type: ['string', 'null'], format: 'date-time' },
          },
        },
      ],
    };
  schemas[`${schemaPrefix}incident`].properties['kind'] = {
    $ref: `#/components/schemas/${schemaPrefix}base`,
  };
  return toYaml(spec);
}

// Every description in specs/ with a types output, the hostile spec, one that exercises openapi-typescript's
// settings, and the imports of Microsoft's Security module and of the v1.0 CSDL (as `spec:import` writes them).
const descriptions: { name: string; file: string; text: string }[] = await Promise.all(
  specVersions
    .filter(({ outputs }) => outputs.includes('types'))
    .map(async ({ spec }) => ({
      name: spec,
      file: spec,
      text: await readFile(join(repoRoot, spec), 'utf8'),
    })),
);
descriptions.push(
  { name: 'the hostile spec', file: 'specs/v1.0/openapi.yaml', text: toYaml(hostileSpec()) },
  { name: 'discriminators, defaults, deprecation', file: 'specs/v1.0/openapi.yaml', text: settingsSpec() },
);
for (const [name, file] of Object.entries(microsoftReferences)) {
  const text = await importedReference(file);
  if (text !== undefined) descriptions.push({ name, file: 'specs/imported/openapi.yaml', text });
}

describe("openapi.gen.ts's statements from openapi-typescript's transform alone (openApiNodes)", () => {
  test.each(descriptions.map((description) => [description.name, description] as const))(
    '%s: the same text as openapiTS with its lint and bundle, and the document the transform reads is left as openapiTS leaves it',
    async (_, { file, text }) => {
      const { document } = await loadModel({ file, text });
      const ours = structuredClone(document) as unknown as OpenAPI3;
      const theirs = structuredClone(document) as unknown as OpenAPI3;
      const direct = astToString(openApiNodes(ours, openGraphEnums));
      const full = astToString(await openapiTS(theirs, { transform: openGraphEnums, silent: true }));
      expect(direct).toContain('export interface paths');
      expect(direct).toBe(full);
      // openapi-typescript marks discriminator properties required in the document it reads; both did the same.
      expect(ours).toEqual(theirs);
    },
  );

  test('the settings description holds what its name says: a discriminator, a default, a deprecated property', async () => {
    const text = astToString(
      openApiNodes(
        structuredClone(
          (await loadModel({ file: 'specs/v1.0/openapi.yaml', text: settingsSpec() })).document,
        ) as unknown as OpenAPI3,
        openGraphEnums,
      ),
    );
    expect(text).toMatch(/"@odata\.type": "#microsoft\.graph\.security\.left"/);
    expect(text).toMatch(/@default 1/);
    expect(text).toMatch(/@deprecated/);
  });
});

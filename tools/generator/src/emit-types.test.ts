import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { describe, expect, test } from 'vitest';
import { emittedText } from './emit-support.ts';
import { openApiNodes, openGraphEnums } from './emit-types.ts';
import { emitAll } from './generate.ts';
import { committedSpec, hostileSpec, schemaPrefix, toYaml } from './hostile-spec.test-helper.ts';
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

describe("schemas.gen.ts: a derived type's interface", () => {
  /** The interface `name` of schemas.gen.ts as generated from `spec`. */
  const interfaceOf = async (text: string, name: string): Promise<string> => {
    const files = await emitAll({ file: 'specs/v1.0/openapi.yaml', text });
    const schemas = emittedText(files.get('packages/types/src/generated/schemas.gen.ts')!);
    const start = schemas.indexOf(`export interface ${name} `);
    expect(start, name).toBeGreaterThanOrEqual(0);
    return schemas.slice(start, schemas.indexOf('\n}', start) + 2);
  };

  test('re-declares an inherited property whose type it narrows, and only those of its base', async () => {
    const spec = committedSpec();
    const schemas = spec['components'].schemas;
    schemas[`${schemaPrefix}plainBase`] = {
      type: 'object',
      properties: {
        '@odata.type': { type: 'string' },
        kept: { type: 'string' },
        settled: { type: ['integer', 'null'] },
        promised: { type: 'string' },
      },
    };
    schemas[`${schemaPrefix}narrowed`] = {
      allOf: [
        { $ref: `#/components/schemas/${schemaPrefix}plainBase` },
        {
          type: 'object',
          required: ['promised'],
          properties: {
            '@odata.type': { type: 'string', const: '#microsoft.graph.security.narrowed' },
            kept: { type: 'string', description: 'The same type, another description.' },
            settled: { type: 'integer' },
            promised: { type: 'string' },
            own: { type: 'boolean' },
          },
        },
      ],
    };
    schemas[`${schemaPrefix}incident`].properties['narrowed'] = {
      $ref: `#/components/schemas/${schemaPrefix}narrowed`,
    };
    const narrowed = await interfaceOf(toYaml(spec), 'Narrowed');
    expect(narrowed).toContain('extends PlainBase');
    expect(narrowed).toMatch(/'@odata\.type'\?: '#microsoft\.graph\.security\.narrowed';/);
    expect(narrowed).toMatch(/\bsettled\?: number;/);
    expect(narrowed).toMatch(/\bpromised: string;/);
    expect(narrowed).toMatch(/\bown\?: boolean;/);
    expect(narrowed).not.toMatch(/\bkept\b/);
  });

  test("the v1.0 CSDL's import: incident keeps its @odata.type constant over entity's string", async () => {
    const text = await importedReference(microsoftReferences['the import of the v1.0 CSDL']);
    if (text === undefined) return;
    const incident = await interfaceOf(text, 'Incident');
    expect(incident).toContain('extends Entity');
    expect(incident).toMatch(/'@odata\.type'\?: '#microsoft\.graph\.security\.incident';/);
  });
});

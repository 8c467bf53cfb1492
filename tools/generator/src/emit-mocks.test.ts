import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { emitMocks } from './emit-mocks.ts';
import { loadModel } from './generate.ts';
import { importGenerated } from './generated-workspace.test-helper.ts';
import { outputFolder } from './outputs.ts';
import { repoRoot, specPath } from './test-workspace.ts';

// The generated factories and metadata are compiled and run (with the mocks' hand-written runtime); the tests check
// what they build and declare against the model of the same spec, not the emitted text.

const specText = await readFile(join(repoRoot, specPath), 'utf8');
const model = await loadModel({ file: specPath, text: specText });

type Factory = (overrides?: object, options?: { seed?: number }) => Record<string, unknown>;
type OperationShape = {
  method: string;
  path: string;
  permissions: string[][];
  query: Record<string, object>;
};

async function generatedMocks(text: string) {
  const { mocks, metadata } = await importGenerated(text, {
    mocks: 'mocks/src/index.ts',
    metadata: 'mocks/src/generated/graph-metadata.gen.ts',
  });
  return { mocks, operations: metadata['operations'] as Record<string, OperationShape>, metadata };
}
const committed = await generatedMocks(specText);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

describe('emitMocks (the generated code, run)', () => {
  test('a seeded factory per object schema builds only declared properties, every required one, enums from their members', () => {
    const objects = model.objects.filter((o) => !o.discriminator && !o.base);
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      const build = committed.mocks[`build${object.tsName}`] as Factory | undefined;
      expect(build, object.tsName).toBeTypeOf('function');
      for (const seed of seeds.slice(0, 3)) {
        const built = build!({}, { seed });
        expect(build!({}, { seed }), `${object.tsName} is a function of its seed`).toEqual(built);
        const declared = new Set(object.properties.map((p) => p.name));
        for (const key of Object.keys(built)) expect(declared.has(key), `${object.tsName}.${key}`).toBe(true);
        for (const property of object.properties) {
          // Navigation properties are returned only with $expand, so factories leave them out.
          if (property.navigation)
            expect(built, `${object.tsName}.${property.name}`).not.toHaveProperty(property.name);
          else if (property.required)
            expect(built, `${object.tsName}.${property.name}`).toHaveProperty(property.name);
          const value = built[property.name];
          const enumModel =
            property.type.kind === 'ref'
              ? model.enums.find((e) => e.key === (property.type as { key: string }).key)
              : undefined;
          if (enumModel && value !== null && value !== undefined)
            expect(enumModel.members, `${object.tsName}.${property.name}`).toContain(value);
        }
      }
    }
  });

  test('the entry exports the builders, not their drawing functions (factory-values.gen.ts)', () => {
    const names = Object.keys(committed.mocks);
    expect(names.filter((name) => /^build[A-Z]/.test(name)).length).toBeGreaterThan(10);
    expect(names.filter((name) => /Values(ByType)?$/.test(name))).toEqual([]);
  });

  test('buildAlertEvidence(kind) builds that kind, named by its @odata.type', () => {
    const base = model.objects.find((o) => o.discriminator)!;
    const buildAlertEvidence = committed.mocks['buildAlertEvidence'] as (
      kind: string,
    ) => Record<string, unknown>;
    const kinds = Object.keys(base.discriminator!.mapping);
    expect(kinds).toHaveLength(48);
    for (const kind of kinds) expect(buildAlertEvidence(kind)['@odata.type'], kind).toBe(kind);
  });

  test("the mock server's operations table has each operation's method, route, permissions and query options", () => {
    expect(Object.keys(committed.operations).sort()).toEqual(
      model.operations.map((op) => op.operationId).sort(),
    );
    for (const op of model.operations) {
      const shape = committed.operations[op.operationId]!;
      expect(shape.method, op.operationId).toBe(op.method.toUpperCase());
      expect(shape.path, op.operationId).toBe(op.path);
      expect(shape.permissions, op.operationId).toEqual(op.permissions);
      expect(Object.keys(shape.query).sort(), op.operationId).toEqual(
        op.parameters
          .filter((p) => p.in === 'query')
          .map((p) => p.name)
          .sort(),
      );
    }
    expect(committed.metadata['serviceRoot']).toBe('https://graph.microsoft.com/v1.0');
  });

  test('beta: its files go to generated/beta and import its own types; what beta adds reaches factories and metadata', async () => {
    const betaSpec = 'specs/beta/openapi.yaml';
    const betaText = await readFile(join(repoRoot, betaSpec), 'utf8');
    const files = await emitMocks(
      await loadModel({ file: betaSpec, text: betaText }),
      outputFolder('mocks', 'beta'),
    );
    expect([...files.keys()]).toEqual([
      'packages/mocks/src/generated/beta/factories.gen.ts',
      'packages/mocks/src/generated/beta/factory-values.gen.ts',
      'packages/mocks/src/generated/beta/graph-metadata.gen.ts',
    ]);
    const { beta, betaMetadata } = await importGenerated(specText, {
      beta: 'mocks/src/beta.ts',
      betaMetadata: 'mocks/src/generated/beta/graph-metadata.gen.ts',
    });
    expect(betaMetadata['serviceRoot']).toBe('https://graph.microsoft.com/beta');
    const betaIncident = (beta['buildIncident'] as Factory)({}, { seed: 1 });
    expect(Array.isArray(betaIncident['recommendedHuntingQueries'])).toBe(true);
    expect((committed.mocks['buildIncident'] as Factory)({}, { seed: 1 })).not.toHaveProperty(
      'recommendedHuntingQueries',
    );
  });

  test('follows the spec: a new filterable property and a new bounded incident property reach what runs', async () => {
    const document = parse(specText);
    document.components.parameters.incidentFilter['x-graph-filterable'].push('displayName');
    document.components.schemas['microsoft.graph.security.incident'].properties.riskScore = {
      type: ['integer', 'null'],
      minimum: 0,
      maximum: 9,
      description: 'New.',
    };
    const changed = await generatedMocks(stringify(document));
    const scores = seeds.map(
      (seed) => (changed.mocks['buildIncident'] as Factory)({}, { seed })['riskScore'],
    );
    for (const score of scores)
      if (score !== null)
        expect(
          Number.isInteger(score) && (score as number) >= 0 && (score as number) <= 9,
          String(score),
        ).toBe(true);
    expect(scores.some((score) => score !== null)).toBe(true);
    expect((committed.mocks['buildIncident'] as Factory)({}, { seed: 1 })).not.toHaveProperty('riskScore');
    expect(changed.operations['listIncidents']!.query['$filter']).toMatchObject({
      filterable: expect.arrayContaining(['displayName', 'status']),
    });
    expect(committed.operations['listIncidents']!.query['$filter']).not.toMatchObject({
      filterable: expect.arrayContaining(['displayName']),
    });
  });
});

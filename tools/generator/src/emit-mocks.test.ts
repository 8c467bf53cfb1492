import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { emitMocks } from './emit-mocks.ts';
import { formatFiles } from './format.ts';
import { loadModel } from './generate.ts';
import { outputFolder } from './outputs.ts';
import { repoRoot, specPath } from './test-workspace.ts';

const mocksOutDir = outputFolder('mocks').dir;
const specText = await readFile(join(repoRoot, specPath), 'utf8');
const model = await loadModel({ file: specPath, text: specText });
// Formatted as `npm run generate` writes them, so the assertions read like the committed files.
const files = await formatFiles(await emitMocks(model), repoRoot);
const factories = files.get(`${mocksOutDir}/factories.gen.ts`)!;
const drawing = files.get(`${mocksOutDir}/factory-values.gen.ts`)!;
const metadata = files.get(`${mocksOutDir}/graph-metadata.gen.ts`)!;

describe('emitMocks', () => {
  test('emits a seeded factory for every object schema and buildAlertEvidence, no hand-written data', () => {
    for (const object of model.objects.filter((o) => !o.discriminator))
      expect(factories, object.tsName).toContain(`export function build${object.tsName}(`);
    expect(factories).toContain('export function buildAlertEvidence<K extends AlertEvidenceType>(');
    // Enum properties draw from the enum's descriptor; date-times, nullables and arrays go through the context.
    expect(drawing).toContain('classification: ctx.nullable(() => ctx.enumMember(alertClassificationEnum))');
    expect(drawing).toContain("createdDateTime: ctx.dateTime('incident', 'createdDateTime')");
    expect(drawing).toContain('comments: ctx.list(depth, () => alertCommentValues(ctx, depth + 1))');
    // Navigation properties are returned only with $expand, so factories leave them out.
    expect(drawing).not.toMatch(/^\s+alerts: /m);
    // The builders are the public module; the drawing functions live apart, so that no entry re-exports them.
    expect(factories).not.toMatch(/^export function \w+Values\(/m);
    expect(drawing).not.toMatch(/^export function build/m);
  });

  test('emits routes, permissions and query options from the operations', () => {
    expect(metadata).toContain("path: '/security/incidents/{incidentId}'");
    expect(metadata).toContain("permissions: [['SecurityIncident.ReadWrite.All']]");
    expect(metadata).toMatch(/filterable: \[\s*'assignedTo',\s*'classification',/);
    expect(metadata).toContain(
      "requestBody: { schema: 'incidentUpdate', contentType: 'application/json', required: true }",
    );
  });

  test('imports the types of its version and the hand-written runtime relative to outDir', async () => {
    expect(factories).toContain("} from '@graph-incidents/types';");
    expect(factories).toContain("from '../fixture-context.js';");
    expect(metadata).toContain("from '../shapes.js';");

    const betaSpec = 'specs/beta/openapi.yaml';
    const betaModel = await loadModel({
      file: betaSpec,
      text: await readFile(join(repoRoot, betaSpec), 'utf8'),
    });
    const beta = await formatFiles(await emitMocks(betaModel, outputFolder('mocks', 'beta')), repoRoot);
    expect([...beta.keys()]).toEqual([
      `${mocksOutDir}/beta/factories.gen.ts`,
      `${mocksOutDir}/beta/factory-values.gen.ts`,
      `${mocksOutDir}/beta/graph-metadata.gen.ts`,
    ]);
    const betaFactories = beta.get(`${mocksOutDir}/beta/factories.gen.ts`)!;
    const betaMetadata = beta.get(`${mocksOutDir}/beta/graph-metadata.gen.ts`)!;
    expect(betaFactories).toContain("} from '@graph-incidents/types/beta';");
    expect(betaFactories).not.toContain("from '@graph-incidents/types';");
    expect(betaFactories).toContain("from '../../fixture-context.js';");
    expect(betaMetadata).toContain("from '../../shapes.js';");
    expect(betaMetadata).toContain("export const serviceRoot = 'https://graph.microsoft.com/beta';");
    // What beta adds to the incident reaches the factories and the metadata the handler reads.
    expect(betaFactories).toContain('export function buildRecommendedHuntingQuery(');
    expect(beta.get(`${mocksOutDir}/beta/factory-values.gen.ts`)).toContain(
      'recommendedHuntingQueries: ctx.list(depth, () => recommendedHuntingQueryValues(ctx, depth + 1))',
    );
    expect(betaMetadata).toContain(
      "recommendedHuntingQueries: { array: true, object: 'recommendedHuntingQuery' }",
    );
    expect(metadata).not.toContain('recommendedHuntingQueries');
  });

  test('follows the spec: a new filterable property and a new incident property reach the output', async () => {
    const document = parse(specText);
    document.components.parameters.incidentFilter['x-graph-filterable'].push('displayName');
    document.components.schemas['microsoft.graph.security.incident'].properties.riskScore = {
      type: ['integer', 'null'],
      minimum: 0,
      maximum: 9,
      description: 'New.',
    };
    const changed = await formatFiles(
      await emitMocks(await loadModel({ file: specPath, text: stringify(document) })),
      repoRoot,
    );
    expect(changed.get(`${mocksOutDir}/graph-metadata.gen.ts`)).toMatch(
      /'severity',\s*'status',\s*'displayName',?\s*\]/,
    );
    expect(changed.get(`${mocksOutDir}/factory-values.gen.ts`)).toContain(
      "riskScore: ctx.nullable(() => ctx.integer('incident', 'riskScore', { min: 0, max: 9 }))",
    );
  });
});

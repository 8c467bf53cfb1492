import { alertEvidenceTypes } from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
import * as betaFactories from './generated/beta/factories.gen.js';
import * as betaMetadata from './generated/beta/graph-metadata.gen.js';
import * as factories from './generated/factories.gen.js';
import { polymorphicShapes, schemaShapes } from './generated/graph-metadata.gen.js';
import { specValidators } from './spec-validators.test-helper.js';

const perSchema = 1000;
const validator = specValidators();
const keyOf = (graphName: string) =>
  graphName.includes('ODataErrors') || /^(ODataError|MainError|ErrorDetails|InnerError)$/.test(graphName)
    ? `microsoft.graph.ODataErrors.${graphName}`
    : `microsoft.graph.security.${graphName}`;

/** Every factory of the generated module, by the Graph name of the schema it builds. */
type Build = (overrides?: object, options?: { seed: number }) => unknown;
const buildersOf = (module: object) =>
  (Object.entries(module) as [string, unknown][]).filter(
    (entry): entry is [string, Build] =>
      entry[0].startsWith('build') && entry[0] !== 'buildAlertEvidence' && typeof entry[1] === 'function',
  );
const builders = buildersOf(factories);

describe(`every built object is valid against specs/v1.0/openapi.yaml (${perSchema} per schema, across seeds)`, () => {
  it('has a factory for every object schema that is not a polymorphic base', () => {
    const schemas = Object.keys(schemaShapes).filter((name) => !(name in polymorphicShapes));
    expect(builders.length).toBe(schemas.length);
  });

  for (const [name, build] of builders) {
    it(name, () => {
      const sample = build({}, { seed: 0 }) as Record<string, unknown>;
      const validate = validator(schemaKeyOf(name, sample, schemaShapes));
      for (let seed = 0; seed < perSchema; seed++) {
        const value = build({}, { seed });
        if (!validate(value))
          expect.fail(`${name} seed ${seed}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      }
    });
  }

  // Each kind's own factory is checked 1,000 times above; this checks the dispatch by `@odata.type`.
  it('buildAlertEvidence, every kind', () => {
    const validate = validator('microsoft.graph.security.alertEvidence');
    for (const kind of alertEvidenceTypes) {
      const derived = validator(`microsoft.graph.security.${kind.split('.').at(-1)}`);
      for (let seed = 0; seed < 50; seed++) {
        const value = factories.buildAlertEvidence(kind, {}, { seed });
        if (!validate(value) || !derived(value))
          expect.fail(
            `${kind} seed ${seed}: ${JSON.stringify((validate.errors ?? derived.errors)?.slice(0, 3))}`,
          );
      }
    }
  });
});

// The beta factories differ from v1.0's only in what beta adds to the incident; those are checked 1,000 times each
// (all else 100 times, as the same generated code is checked 1,000 times against v1.0 above).
const betaChanged = new Set(['buildIncident', 'buildRecommendedHuntingQuery']);
const betaPerSchema = 100;

describe('every built beta object is valid against specs/beta/openapi.yaml (1,000 per incident, 100 per other schema)', () => {
  const betaValidator = specValidators('beta');
  const betaBuilders = buildersOf(betaFactories);

  it('has a factory for every beta object schema that is not a polymorphic base', () => {
    const schemas = Object.keys(betaMetadata.schemaShapes).filter(
      (name) => !(name in betaMetadata.polymorphicShapes),
    );
    expect(betaBuilders.length).toBe(schemas.length);
    expect(betaBuilders.map(([name]) => name)).toEqual(expect.arrayContaining([...betaChanged]));
  });

  for (const [name, build] of betaBuilders) {
    const seeds = betaChanged.has(name) ? perSchema : betaPerSchema;
    it(`${name} (${seeds} seeds)`, () => {
      const sample = build({}, { seed: 0 }) as Record<string, unknown>;
      const validate = betaValidator(schemaKeyOf(name, sample, betaMetadata.schemaShapes));
      for (let seed = 0; seed < seeds; seed++) {
        const value = build({}, { seed });
        if (!validate(value))
          expect.fail(`beta ${name} seed ${seed}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      }
    });
  }

  it('buildIncident draws the beta-only properties', () => {
    const incidents = Array.from({ length: 200 }, (_, seed) => betaFactories.buildIncident({}, { seed }));
    expect(
      incidents.every((i) => 'recommendedActions' in i && Array.isArray(i.recommendedHuntingQueries)),
    ).toBe(true);
    expect(incidents.some((i) => (i.recommendedHuntingQueries?.length ?? 0) > 0)).toBe(true);
    expect(incidents.some((i) => typeof i.recommendedActions === 'string')).toBe(true);
  });
});

/** The spec's schema key for a factory, from the version's shapes or, for renamed schemas, {@link guessKey}. */
function schemaKeyOf(name: string, sample: Record<string, unknown>, shapes: object): string {
  const graphName = Object.keys(shapes).find((s) => `build${s}`.toLowerCase() === name.toLowerCase());
  return graphName ? keyOf(graphName) : guessKey(name, sample);
}

/** Factories named after `x-ts-name` (GraphErrorBody…) map back through the ODataErrors schemas. */
function guessKey(name: string, sample: Record<string, unknown>): string {
  const byName: Record<string, string> = {
    buildGraphErrorBody: 'ODataError',
    buildGraphMainError: 'MainError',
    buildGraphErrorDetail: 'ErrorDetails',
    buildGraphInnerError: 'InnerError',
  };
  const graphName = byName[name];
  if (!graphName)
    throw new Error(
      `cannot tell which schema ${name} builds (sample ${JSON.stringify(sample).slice(0, 80)})`,
    );
  return `microsoft.graph.ODataErrors.${graphName}`;
}

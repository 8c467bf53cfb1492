import { alertEvidenceTypes } from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
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
const builders = (Object.entries(factories) as [string, unknown][]).filter(
  (entry): entry is [string, Build] =>
    entry[0].startsWith('build') && entry[0] !== 'buildAlertEvidence' && typeof entry[1] === 'function',
);

describe(`every built object is valid against specs/v1.0/openapi.yaml (${perSchema} per schema, across seeds)`, () => {
  it('has a factory for every object schema that is not a polymorphic base', () => {
    const schemas = Object.keys(schemaShapes).filter((name) => !(name in polymorphicShapes));
    expect(builders.length).toBe(schemas.length);
  });

  for (const [name, build] of builders) {
    it(name, () => {
      const sample = build({}, { seed: 0 }) as Record<string, unknown>;
      const graphName = Object.keys(schemaShapes).find(
        (s) => `build${s}`.toLowerCase() === name.toLowerCase(),
      );
      const key = graphName ? keyOf(graphName) : guessKey(name, sample);
      const validate = validator(key);
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

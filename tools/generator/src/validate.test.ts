import { describe, expect, test } from 'vitest';
import { parseSpec } from './load.ts';
import { SpecError } from './spec-error.ts';
import { validateSpec } from './validate.ts';

// A YAML 1.1 merge key: Redocly's own parser (js-yaml) merges it, `yaml` (YAML 1.2, what parseSpec and so the
// model read) keeps `<<` as a key, so the operation has no `operationId` of its own.
const text = `openapi: 3.1.0
info: { title: merge, version: '1' }
x-common: &common
  operationId: listThings
  responses:
    '200': { description: ok }
paths:
  /things:
    get:
      <<: *common
`;
const source = { file: 'specs/merge/openapi.yaml', text };

describe('validateSpec', () => {
  test('validates the data parseSpec read, located by the text, not Redocly’s own reading of the text', async () => {
    const parsed = parseSpec(source);
    expect(Object.keys((parsed['paths'] as { '/things': { get: object } })['/things'].get)).toEqual(['<<']);
    // Redocly's reading merges the key and finds nothing wrong: what it validated is not what the model reads.
    await expect(validateSpec(source)).resolves.toBeUndefined();
    const error = await validateSpec(source, parsed, parsed).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    const problems = (error as SpecError).problems;
    expect(problems.map((problem) => [problem.pointer, problem.message])).toEqual([
      ['#/paths/~1things/get/<<', 'Property `<<` is not expected here.'],
      ['#/paths/~1things/get/operationId', 'Operation object should contain `operationId` field.'],
    ]);
    expect(problems.find((problem) => problem.pointer === '#/paths/~1things/get/<<')).toMatchObject({
      file: 'specs/merge/openapi.yaml',
      line: 10,
    });
  });
});

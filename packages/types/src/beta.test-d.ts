import { describe, expectTypeOf, test } from 'vitest';
import type { Incident as BetaIncident, RecommendedHuntingQuery } from './beta.js';
import type { Incident } from './index.js';
import type { Incident as SeedIncident, M365AlertClassification } from './generated/beta-2021/schemas.gen.js';

describe('versions', () => {
  test('beta adds recommendedActions and recommendedHuntingQueries to the v1.0 incident', () => {
    expectTypeOf<BetaIncident['recommendedHuntingQueries']>().toEqualTypeOf<
      RecommendedHuntingQuery[] | undefined
    >();
    expectTypeOf<BetaIncident['recommendedActions']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Incident>().not.toHaveProperty('recommendedHuntingQueries');
    expectTypeOf<
      Omit<BetaIncident, 'recommendedActions' | 'recommendedHuntingQueries'>
    >().toEqualTypeOf<Incident>();
  });

  test('the 2021 draft has tags and the old classification members', () => {
    expectTypeOf<SeedIncident>().toHaveProperty('tags');
    expectTypeOf<SeedIncident>().not.toHaveProperty('customTags');
    expectTypeOf<'benignPositive'>().toMatchTypeOf<M365AlertClassification>();
  });
});

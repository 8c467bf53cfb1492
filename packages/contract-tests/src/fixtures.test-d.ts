/**
 * The mock fixtures are assignable to the published types: what `@graph-incidents/mocks` builds is what a consumer
 * of `@graph-incidents/types` (and so of the client) receives. Both are resolved as a consumer resolves them.
 */
import {
  type AlertEvidenceType,
  buildAlert,
  buildAlertComment,
  buildAlertEvidence,
  buildEdgeCases,
  buildIncident,
  IncidentStore,
} from '@graph-incidents/mocks';
import type {
  Alert,
  AlertComment,
  AlertEvidence,
  FileEvidence,
  Incident,
  ProcessEvidence,
} from '@graph-incidents/types';
import { describe, expectTypeOf, test } from 'vitest';

describe('mock fixtures against @graph-incidents/types', () => {
  test('the factories return the read models', () => {
    expectTypeOf(buildIncident()).toExtend<Incident>();
    expectTypeOf(buildIncident({ status: 'awaitingAction' }, { seed: 1 })).toExtend<Incident>();
    expectTypeOf(buildAlert()).toExtend<Alert>();
    expectTypeOf(buildAlertComment()).toExtend<AlertComment>();
  });

  test('buildAlertEvidence(kind) is the evidence of that kind, and evidence of any kind', () => {
    expectTypeOf(buildAlertEvidence('#microsoft.graph.security.fileEvidence')).toExtend<FileEvidence>();
    expectTypeOf(buildAlertEvidence('#microsoft.graph.security.processEvidence')).toExtend<ProcessEvidence>();
    expectTypeOf(
      buildAlertEvidence('#microsoft.graph.security.processEvidence'),
    ).not.toExtend<FileEvidence>();
    expectTypeOf(buildAlertEvidence<AlertEvidenceType>).returns.toExtend<AlertEvidence>();
    expectTypeOf<AlertEvidenceType>().toEqualTypeOf<AlertEvidence['@odata.type']>();
  });

  test('the overrides take only what the types allow', () => {
    // @ts-expect-error: a severity is a string.
    buildIncident({ severity: 3 });
    // @ts-expect-error: Graph's old `tags` is `customTags` now.
    buildIncident({ tags: [] });
    // @ts-expect-error: not an evidence kind.
    buildAlertEvidence('#microsoft.graph.security.nopeEvidence');
  });

  test('the edge-case catalogue and the store hold the read models', () => {
    const catalogue = buildEdgeCases();
    expectTypeOf(catalogue.incidents[0]!.value).toExtend<Incident>();
    expectTypeOf(catalogue.alerts[0]!.value).toExtend<Alert>();
    expectTypeOf(catalogue.comments[0]!.value).toExtend<AlertComment>();
    expectTypeOf<NonNullable<Incident['alerts']>>().toExtend<readonly Alert[]>();
    const store = new IncidentStore();
    expectTypeOf(store.list()).toExtend<readonly Incident[]>();
    expectTypeOf(store.alerts('1')).toExtend<readonly Alert[] | undefined>();
    expectTypeOf(store.put).parameter(0).toEqualTypeOf<Incident>();
  });
});

import { describe, expectTypeOf, test } from 'vitest';
import type {
  Alert,
  AlertComment,
  AlertEvidence,
  components,
  DeviceEvidence,
  GraphErrorBody,
  Incident,
  IncidentStatus,
  IncidentUpdate,
  KnownIncidentStatus,
  ProcessEvidence,
  WritableIncidentStatus,
} from '../src/index.js';

/** The keys of T that an object of type T must have. */
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

describe('Incident (read model)', () => {
  test('exactly the non-null properties are required', () => {
    expectTypeOf<RequiredKeys<Incident>>().toEqualTypeOf<
      'id' | 'createdDateTime' | 'lastUpdateDateTime' | 'severity' | 'status'
    >();
  });

  test('non-null properties do not accept null', () => {
    expectTypeOf<null>().not.toMatchTypeOf<Incident['status']>();
    expectTypeOf<null>().not.toMatchTypeOf<Incident['severity']>();
    expectTypeOf<null>().not.toMatchTypeOf<Incident['createdDateTime']>();
    expectTypeOf<null>().toMatchTypeOf<Incident['assignedTo']>();
  });

  test('priorityScore is a number', () => {
    expectTypeOf<Incident['priorityScore']>().toEqualTypeOf<number | null | undefined>();
  });

  test('status keeps awaitingAction and stays open to future members', () => {
    expectTypeOf<Extract<KnownIncidentStatus, 'awaitingAction'>>().toEqualTypeOf<'awaitingAction'>();
    expectTypeOf<Incident['status']>().toEqualTypeOf<IncidentStatus>();
    expectTypeOf<IncidentStatus>().toEqualTypeOf<KnownIncidentStatus | (string & {})>();
    expectTypeOf<'someFutureMember'>().toMatchTypeOf<Incident['status']>();
  });

  test('is assignable to the openapi-typescript schema that openapi-fetch uses', () => {
    expectTypeOf<Incident>().toMatchTypeOf<components['schemas']['microsoft.graph.security.incident']>();
    expectTypeOf<AlertComment>().toMatchTypeOf<
      components['schemas']['microsoft.graph.security.alertComment']
    >();
    expectTypeOf<GraphErrorBody>().toMatchTypeOf<
      components['schemas']['microsoft.graph.ODataErrors.ODataError']
    >();
  });

  test('expanded alerts carry evidence as a union discriminated on @odata.type', () => {
    expectTypeOf<NonNullable<Incident['alerts']>>().toEqualTypeOf<Alert[]>();
    expectTypeOf<NonNullable<Alert['evidence']>[number]>().toEqualTypeOf<AlertEvidence>();
    const narrow = (evidence: AlertEvidence) =>
      evidence['@odata.type'] === '#microsoft.graph.security.processEvidence' ? evidence : undefined;
    expectTypeOf(narrow).returns.toEqualTypeOf<ProcessEvidence | undefined>();
    expectTypeOf<DeviceEvidence['@odata.type']>().toEqualTypeOf<'#microsoft.graph.security.deviceEvidence'>();
  });
});

describe('IncidentUpdate (write model)', () => {
  test('has only the ten updatable properties, and the optional type annotation', () => {
    expectTypeOf<keyof IncidentUpdate>().toEqualTypeOf<
      | '@odata.type'
      | 'assignedTo'
      | 'classification'
      | 'customTags'
      | 'description'
      | 'determination'
      | 'displayName'
      | 'resolvingComment'
      | 'severity'
      | 'status'
      | 'summary'
    >();
    // facts §8: a type annotation that names the declared type, with or without `#`, is accepted.
    expectTypeOf<IncidentUpdate['@odata.type']>().toEqualTypeOf<
      '#microsoft.graph.security.incident' | 'microsoft.graph.security.incident' | undefined
    >();
    expectTypeOf<IncidentUpdate>().not.toHaveProperty('id');
    expectTypeOf<IncidentUpdate>().not.toHaveProperty('createdDateTime');
    expectTypeOf<IncidentUpdate>().not.toHaveProperty('comments');
  });

  test('rejects read-only properties in an object literal', () => {
    // @ts-expect-error id is read-only
    const withId: IncidentUpdate = { id: '29' };
    // @ts-expect-error createdDateTime is read-only
    const withCreated: IncidentUpdate = { createdDateTime: '2026-01-22T12:09:23.1433333Z' };
    // @ts-expect-error comments are added with POST …/comments
    const withComments: IncidentUpdate = { comments: [] };
    expectTypeOf([withId, withCreated, withComments]).toEqualTypeOf<IncidentUpdate[]>();
  });

  test('accepts only members Graph accepts: closed, without unknownFutureValue', () => {
    expectTypeOf<WritableIncidentStatus>().toEqualTypeOf<
      'active' | 'resolved' | 'inProgress' | 'redirected' | 'awaitingAction'
    >();
    expectTypeOf<IncidentUpdate['status']>().toEqualTypeOf<WritableIncidentStatus | undefined>();
    // @ts-expect-error not a member
    const unknownMember: IncidentUpdate = { status: 'closed' };
    // @ts-expect-error unknownFutureValue is a no-op in a PATCH body
    const sentinel: IncidentUpdate = { classification: 'unknownFutureValue' };
    expectTypeOf([unknownMember, sentinel]).toEqualTypeOf<IncidentUpdate[]>();
  });

  test('is assignable to the wire schema', () => {
    expectTypeOf<IncidentUpdate>().toMatchTypeOf<
      components['schemas']['microsoft.graph.security.incidentUpdate']
    >();
  });
});

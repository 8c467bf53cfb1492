import { describe, expect, test } from 'vitest';
import { defaultContract } from './default-contract.js';
import { checkResponse, createContractValidator, validateSchema } from './runtime.js';

const incident = {
  id: '7',
  createdDateTime: '2026-05-04T09:15:02Z',
  lastUpdateDateTime: '2026-05-04T09:15:02.1234567Z',
  severity: 'low',
  status: 'awaitingAction',
  customTags: ['vip'],
};

describe('run-time validators (@graph-incidents/contract-tests/validators)', () => {
  test('validateSchema gives ajv errors for any component schema', () => {
    expect(validateSchema('microsoft.graph.security.incident', incident)).toEqual([]);
    const errors = validateSchema('microsoft.graph.security.incident', { ...incident, customTags: 'vip' });
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual([['/customTags', 'type']]);
    expect(() => validateSchema('microsoft.graph.security.nothing', {})).toThrow(
      /No schema "microsoft\.graph\.security\.nothing"/,
    );
  });

  test('a compiled validator used directly skips the request-dependent enum rule; check() records it', () => {
    const validator = createContractValidator(defaultContract);
    const validate = validator.validatorFor('microsoft.graph.security.incident');
    expect(validate(incident)).toBe(true);
    expect(validator.check('microsoft.graph.security.incident', incident).observations).toEqual([
      {
        kind: 'after-sentinel-member',
        pointer: '/status',
        value: 'awaitingAction',
        sentinel: 'unknownFutureValue',
      },
    ]);
  });

  test('checkResponse classifies, with the same rules as the verifier', () => {
    expect(checkResponse('getIncident', { status: 200, body: incident }).map((f) => f.rule)).toEqual([
      'hidden-enum-member',
    ]);
    expect(
      checkResponse('getIncident', { status: 200, body: incident }, { includeUnknownEnumMembers: true }),
    ).toEqual([]);
    const selected = { status: 200, body: { id: '7', status: 'active' } };
    expect(checkResponse('getIncident', selected).map((f) => f.pointer)).toEqual([
      '/createdDateTime',
      '/lastUpdateDateTime',
      '/severity',
    ]);
    expect(checkResponse('getIncident', selected, { select: ['id', 'status'] })).toEqual([]);
  });
});

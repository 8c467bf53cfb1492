import { describe, expect, test } from 'vitest';
import {
  alertClassificationEnum,
  enumDescriptors,
  hiddenByDefault,
  incidentStatusEnum,
  incidentStatusValues,
  isKnownMember,
  normalizeMember,
  serviceSourceEnum,
  visibleMember,
} from './index.js';

describe('generated enum members', () => {
  test('incidentStatus lists every member, awaitingAction after the sentinel', () => {
    expect(incidentStatusValues).toEqual([
      'active',
      'resolved',
      'inProgress',
      'redirected',
      'unknownFutureValue',
      'awaitingAction',
    ]);
    expect(incidentStatusEnum.sentinel).toBe('unknownFutureValue');
    expect(incidentStatusEnum.afterSentinel).toEqual(['awaitingAction']);
  });

  test('serviceSource keeps its five members after the sentinel', () => {
    expect(serviceSourceEnum.afterSentinel).toEqual([
      'microsoftDefenderForCloud',
      'microsoftSentinel',
      'microsoftInsiderRiskManagement',
      'microsoftThreatIntelligence',
      'microsoftSecurityForAI',
    ]);
  });

  test('every evolvable enum in the registry has its sentinel among its members', () => {
    for (const descriptor of Object.values(enumDescriptors)) {
      if (descriptor.sentinel === undefined) continue;
      expect(descriptor.members, descriptor.name).toContain(descriptor.sentinel);
      const after = descriptor.members.slice(descriptor.members.indexOf(descriptor.sentinel) + 1);
      expect(descriptor.afterSentinel, descriptor.name).toEqual(after);
    }
  });
});

describe('evolvable-enum rules', () => {
  test('members after the sentinel read as unknownFutureValue unless the client opted in', () => {
    expect(visibleMember(incidentStatusEnum, 'awaitingAction', false)).toBe('unknownFutureValue');
    expect(visibleMember(incidentStatusEnum, 'awaitingAction', true)).toBe('awaitingAction');
    expect(visibleMember(incidentStatusEnum, 'active', false)).toBe('active');
    expect(hiddenByDefault(incidentStatusEnum, 'awaitingAction')).toBe(true);
    expect(hiddenByDefault(incidentStatusEnum, 'unknownFutureValue')).toBe(false);
  });

  test('members match case-insensitively, as Graph accepts them in requests', () => {
    expect(normalizeMember(alertClassificationEnum, 'TruePositive')).toBe('truePositive');
    expect(normalizeMember(alertClassificationEnum, 'benignPositive')).toBeUndefined();
  });

  test('isKnownMember is case-sensitive and rejects non-strings', () => {
    expect(isKnownMember(incidentStatusEnum, 'awaitingAction')).toBe(true);
    expect(isKnownMember(incidentStatusEnum, 'Active')).toBe(false);
    expect(isKnownMember(incidentStatusEnum, 1)).toBe(false);
  });
});

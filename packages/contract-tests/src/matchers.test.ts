import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import './vitest.js';
import { checkResponse } from './check-response.js';
import type { Har } from './har.js';

const har = JSON.parse(
  readFileSync(new URL('../recordings/v1.0-incidents.har', import.meta.url), 'utf8'),
) as Har;
const incident = JSON.parse(
  har.log.entries.find((e) => e.request.method === 'PATCH')!.response.content.text!,
) as Record<string, unknown>;
const json = { 'content-type': 'application/json' };

describe('expect(response).toSatisfyContract(operationId)', () => {
  test('passes for a conforming { status, headers, body }, and fails with the findings otherwise', () => {
    expect({ status: 200, headers: json, body: incident }).toSatisfyContract('updateIncident');
    const bad = { status: 200, headers: json, body: { ...incident, status: 'Resolved', createdBy: 'x' } };
    expect(bad).not.toSatisfyContract('updateIncident');
    expect(() => expect(bad).toSatisfyContract('updateIncident')).toThrow(
      /contract of updateIncident:\n {2}invalid-enum-value at #\/status: expected "resolved"[^\n]*$/,
    );
  });

  test('reads a fetch Response (asynchronously, from a clone) and an openapi-fetch result', async () => {
    const response = new Response(JSON.stringify(incident), { status: 200, headers: json });
    await expect(response).toSatisfyContract('getIncident');
    expect(await response.json()).toEqual(incident); // the body is still there for the test
    await expect(new Response('{"id": 1}', { status: 200, headers: json })).not.toSatisfyContract(
      'getIncident',
    );
    const result = {
      data: incident,
      error: undefined,
      response: new Response(null, { status: 200, headers: json }),
    };
    expect(result).toSatisfyContract('getIncident');
    const failed = {
      data: undefined,
      error: { error: { code: 'NotFound' } },
      response: new Response(null, { status: 404, headers: json }),
    };
    expect(failed).not.toSatisfyContract('getIncident'); // the error envelope lacks `message`
  });

  test('warnings do not fail it; the Prefer option decides about hidden and newer enum members', () => {
    const awaiting = { status: 200, body: { ...incident, status: 'awaitingAction' } };
    expect(awaiting).toSatisfyContract('getIncident');
    expect(checkResponse('getIncident', awaiting).map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'warning hidden-enum-member',
    ]);
    expect(checkResponse('getIncident', awaiting, { includeUnknownEnumMembers: true })).toEqual([]);
    const newer = { status: 200, body: { ...incident, status: 'escalated' } };
    expect(newer).not.toSatisfyContract('getIncident');
    expect(newer).toSatisfyContract('getIncident', { includeUnknownEnumMembers: true });
  });

  test('an unknown operationId or something that is not a response is a clear error', () => {
    expect(() => expect({ status: 200, body: {} }).toSatisfyContract('deleteIncident')).toThrow(
      /Unknown operationId "deleteIncident"; the contract has countIncidentAlerts, countIncidents, createIncidentComment/,
    );
    expect(() => expect('hello').toSatisfyContract('getIncident')).toThrow(/expected a fetch Response/);
  });
});

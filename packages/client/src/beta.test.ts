import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, expectTypeOf, test } from 'vitest';
import type { RecommendedHuntingQuery } from '@graph-incidents/types/beta';
import { betaBaseUrl, createIncidentsClient } from './beta.js';

const incident = {
  id: '29',
  createdDateTime: '2026-01-22T12:09:23.1433333Z',
  lastUpdateDateTime: '2026-02-25T16:29:33.1Z',
  severity: 'high',
  status: 'active',
  recommendedActions: 'Isolate the device.',
  recommendedHuntingQueries: [{ kqlText: 'DeviceProcessEvents | take 10' }],
};
const seen: string[] = [];
const server = createServer((request, response) => {
  seen.push(request.url ?? '');
  response.writeHead(200, { 'content-type': 'application/json;odata.metadata=minimal' });
  response.end(JSON.stringify(incident));
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the beta client talks to the beta service root and returns beta incidents', async () => {
  const graph = createIncidentsClient({ baseUrl: `${url}/beta`, getAccessToken: () => 'token' });
  const result = await graph.getIncident('29');
  expect(seen.at(-1)).toBe('/beta/security/incidents/29');
  expect(result.recommendedHuntingQueries).toEqual([{ kqlText: 'DeviceProcessEvents | take 10' }]);
  expectTypeOf(result.recommendedHuntingQueries).toEqualTypeOf<RecommendedHuntingQuery[] | undefined>();
  expect(betaBaseUrl).toBe('https://graph.microsoft.com/beta');
});

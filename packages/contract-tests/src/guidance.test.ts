/**
 * Guidance on traffic recorded against the mock with the package's recorder: our own client used as its README
 * recommends draws none; a naive fetch loop draws several; each rule on a recording that breaks it.
 */
import { createIncidentsClient } from '@graph-incidents/client';
import { type MockGraph, startMockGraph } from '@graph-incidents/mocks/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { guidanceRules } from './guidance.js';
import { guidance } from './guidance-recordings.js';
import { createHarRecorder } from './har-recorder.js';
import type { Har } from './har.js';
import { verifyRecording } from './verify.js';

let mock: MockGraph;
beforeAll(async () => {
  mock = await startMockGraph({ seed: 3, incidents: 7 });
});
afterAll(() => mock.close());

const token = 'opaque-test-token';
const rulesOf = (har: unknown, options = {}) => guidance(har, options).map((f) => `${f.entry} ${f.rule}`);

async function record(run: (send: typeof fetch) => Promise<void>): Promise<Har> {
  const recorder = createHarRecorder();
  await run(recorder.fetch);
  return recorder.har({ name: 'test', version: '0' });
}

describe('guidance', () => {
  test('our client used as its README recommends ($top and $select on lists, nextLink paging, Retry-After honoured) draws none', async () => {
    const har = await record(async (send) => {
      const graph = createIncidentsClient({
        baseUrl: `${mock.url}/v1.0`,
        getAccessToken: () => token,
        fetch: (request) => send(request),
      });
      const seen: string[] = [];
      for await (const incident of graph.iterateIncidents({ top: 3, select: ['status', 'severity'] }))
        seen.push(incident.id);
      expect(seen).toHaveLength(7);
      await graph.updateIncident(seen[0]!, {
        status: 'resolved',
        classification: 'truePositive',
        determination: 'malware',
      });
      await graph.createIncidentComment(seen[0]!, { comment: 'Contained' });
    });
    expect(har.log.entries.length).toBe(5); // 3 pages, the PATCH, the comment
    expect(guidance(har)).toEqual([]);
  });

  test('a naive fetch loop draws several: no client-request-id, no $top or $select, its own $skip, a PATCH repeating values, an immediate retry', async () => {
    const har = await record(async (send) => {
      const headers = { authorization: `Bearer ${token}` };
      const base = `${mock.url}/v1.0/security/incidents`;
      const first = (await (await send(base, { headers })).json()) as {
        value: { id: string; status: string }[];
      };
      await send(`${base}?$skip=${first.value.length}`, { headers });
      const incident = first.value[0]!;
      await send(`${base}/${incident.id}`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json', 'x-mock-fault': '429; retry-after=30' },
        body: JSON.stringify({ status: incident.status }),
      });
      await send(`${base}/${incident.id}`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ status: incident.status }),
      });
    });
    expect(har.log.entries.map((e) => e.response.status)).toEqual([200, 200, 429, 200]);
    // Entry 3 retries entry 2 (same method and URL) at once, although the 429 said Retry-After: 30.
    expect(rulesOf(har)).toEqual([
      '0 list-without-top',
      '0 list-without-select',
      '0 missing-client-request-id',
      '1 list-without-top',
      '1 list-without-select',
      '1 self-built-skip',
      '1 missing-client-request-id',
      '2 missing-client-request-id',
      '2 patch-repeats-values',
      '3 missing-client-request-id',
      '3 retry-ignored-retry-after',
      '3 patch-repeats-values',
    ]);
    for (const finding of guidance(har)) {
      expect(finding.severity).toBe('info');
      expect(finding.fix).toBe(guidanceRules[finding.rule as keyof typeof guidanceRules].fix);
    }
  });

  test('beta only in production; following @odata.nextLink is not a self-built $skip', () => {
    const graph = 'https://graph.microsoft.com';
    const exchange = (url: string, body?: unknown) => ({
      request: { method: 'GET', url, headers: { 'client-request-id': '1' } },
      response: { status: 200, body: body ?? { value: [] } },
    });
    const recording = [
      exchange(`${graph}/beta/security/incidents?$top=1&$select=id`, {
        value: [],
        '@odata.nextLink': `${graph}/beta/security/incidents?$top=1&$select=id&$skip=1`,
      }),
      exchange(`${graph}/beta/security/incidents?$select=id&$skip=1&$top=1`),
    ];
    expect(rulesOf(recording)).toEqual([]);
    expect(rulesOf(recording, { environment: 'production' })).toEqual([
      '0 beta-in-production',
      '1 beta-in-production',
    ]);
  });

  test('Retry-After boundaries: a retry after the wait (delta-seconds or HTTP date) passes, one 11 ms early does not', () => {
    const url = 'https://graph.microsoft.com/v1.0/security/incidents/7';
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
    const har = (retryAfter: string, retryAtMs: number) => ({
      log: {
        entries: [
          {
            startedDateTime: at(0),
            time: 100,
            request: { method: 'GET', url, headers: [{ name: 'client-request-id', value: 'a' }] },
            response: { status: 429, headers: [{ name: 'retry-after', value: retryAfter }], content: {} },
          },
          {
            startedDateTime: at(retryAtMs),
            time: 5,
            request: { method: 'GET', url, headers: [{ name: 'client-request-id', value: 'a' }] },
            response: { status: 200, headers: [], content: {} },
          },
        ],
      },
    });
    expect(rulesOf(har('2', 2100))).toEqual([]);
    expect(rulesOf(har('2', 2090))).toEqual([]); // within the 10 ms tolerance
    expect(rulesOf(har('2', 2089))).toEqual(['1 retry-ignored-retry-after']);
    expect(rulesOf(har('0', 100))).toEqual([]);
    expect(rulesOf(har(new Date(Date.UTC(2026, 0, 1) + 5000).toUTCString(), 4000))).toEqual([
      '1 retry-ignored-retry-after',
    ]);
    expect(rulesOf(har('not a date', 150))).toEqual([]);
  });

  test('in verify: info findings never fail; strict guidance makes them errors', () => {
    const recording = {
      request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/security/incidents/7' },
      response: { status: 404, body: { error: { code: 'NotFound', message: '' } } },
    };
    expect(verifyRecording(recording).findings).toEqual([]);
    expect(verifyRecording(recording, { guidance: true }).findings.map((f) => [f.rule, f.severity])).toEqual([
      ['missing-client-request-id', 'info'],
    ]);
    expect(
      verifyRecording(recording, { guidance: { strict: true } }).findings.map((f) => [f.rule, f.severity]),
    ).toEqual([['missing-client-request-id', 'error']]);
  });
});

describe('verify --guidance in the CLI and its reports', () => {
  test('text lines carry the fix, github makes notices, junit keeps them out of failures; --strict-guidance exits 1', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('./cli.js');
    const dir = await mkdtemp(join(tmpdir(), 'gi-guidance-'));
    const file = join(dir, 'one.json');
    await writeFile(
      file,
      JSON.stringify({
        request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/security/incidents/7' },
        response: { status: 404, body: { error: { code: 'NotFound', message: '' } } },
      }),
    );
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const code = await main(['verify', file, ...args], { out: (l) => out.push(l), err: () => undefined });
      return { code, out };
    };
    const text = await run('--guidance');
    expect(text.code).toBe(0);
    expect(text.out[0]).toBe(
      `info missing-client-request-id ${file}#0 getIncident (GET https://graph.microsoft.com/v1.0/security/incidents/7 → 404): expected a client-request-id header, found none; fix: ${guidanceRules['missing-client-request-id'].fix}`,
    );
    expect(text.out.at(-1)).toMatch(/, 1 guidance finding \(info\),/);
    expect((await run()).out).toHaveLength(2); // on by default: the finding and the summary
    expect((await run('--no-guidance')).out).toHaveLength(1); // only the summary
    const github = await run('--guidance', '--format', 'github');
    expect(github.out[0]).toMatch(
      /^::notice file=.*title=missing-client-request-id in getIncident \(entry 0\)::/,
    );
    const junit = await run('--guidance', '--format', 'junit');
    expect(junit.out.join('\n')).toContain('failures="0"');
    expect(junit.out.join('\n')).toContain('info missing-client-request-id at #');
    expect((await run('--strict-guidance')).code).toBe(1);
  });
});

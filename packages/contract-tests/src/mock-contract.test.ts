/**
 * The mock against the contract: the scenario runs against the real mock server on loopback, is recorded to HAR,
 * and the verifier must find no error. This catches drift between the mock and the spec.
 */
import { buildEdgeCases, IncidentStore } from '@graph-incidents/mocks';
import { type MockGraph, startMockGraph } from '@graph-incidents/mocks/server';
import { afterEach, describe, expect, test } from 'vitest';
import { createHarRecorder } from './har-recorder.js';
import { recordScenario } from './record.js';
import { runScenario, unsignedToken } from './scenario.js';
import { verifyRecording } from './verify.js';

/** A seeded store with an incident whose status is awaitingAction, from the mocks' edge-case catalogue. */
function storeWithAwaitingAction(): { store: IncidentStore; awaitingId: string } {
  const store = new IncidentStore({ seed: 7, incidents: 12 });
  const edge = buildEdgeCases(7).incidents.find((c) => c.name === 'incident.status = awaitingAction');
  if (!edge) throw new Error('the edge-case catalogue has no awaitingAction incident');
  const awaitingId = '5000';
  store.put({ ...edge.value, id: awaitingId }, store.alerts(store.list()[0]!.id) ?? []);
  return { store, awaitingId };
}

/** The incident the write steps PATCH. */
const stepTarget = (steps: readonly { method: string; url: string }[]) =>
  steps
    .find((s) => s.method === 'PATCH')!
    .url.split('/')
    .at(-1)!;

let mock: MockGraph | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

// Strict: the mock's responses are exactly the spec's, so a property the spec does not declare is an error here.
const errorsOf = (har: unknown) => {
  const result = verifyRecording(har, { file: 'scenario.har', strict: true });
  return {
    problems: result.problems,
    errors: result.findings.filter((f) => f.severity === 'error'),
    warnings: result.findings.filter((f) => f.severity === 'warning'),
    verified: result.verified,
    skipped: result.skipped,
  };
};

describe('the mock server against the contract', () => {
  test('the whole scenario, writes and forced faults included, verifies with no error', async () => {
    const { store, awaitingId } = storeWithAwaitingAction();
    mock = await startMockGraph({ store });
    const { har, steps } = await recordScenario({
      baseUrl: `${mock.url}/v1.0`,
      token: 'scenario-token',
      allowWrites: true,
      faultInjection: true,
      forbiddenToken: unsignedToken({ scp: 'User.Read' }),
    });

    // Every step ran and the mock answered each as Graph does (sourced steps) or as it assumes (unverified ones).
    expect(steps.filter((s) => s.outcome === 'unexpected' || s.outcome === 'skipped')).toEqual([]);
    expect(steps.filter((s) => s.status !== s.expectedStatus)).toEqual([]);
    expect(steps.filter((s) => s.outcome === 'unverified').map((s) => [s.name, s.source])).toEqual([
      ['400: PATCH a read-only property (assumed)', undefined],
      ['400: PATCH an empty object (assumed)', undefined],
      ['405: POST to $count (assumed)', undefined],
    ]);
    expect(steps.filter((s) => s.outcome === 'expected').every((s) => (s.source ?? '').length > 0)).toBe(
      true,
    );
    const entries = har.log.entries;
    expect(entries).toHaveLength(steps.length);

    // What the scenario covers: every operation, several pages, each error class, both Prefer modes.
    const statuses = new Set(entries.map((e) => e.response.status));
    for (const status of [200, 400, 401, 403, 404, 405, 429, 503]) expect(statuses).toContain(status);
    const methods = entries.map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`);
    expect(methods).toContain(
      `PATCH /v1.0/security/incidents/${steps
        .find((s) => s.method === 'PATCH')!
        .url.split('/')
        .at(-1)}`,
    );
    expect(methods.some((m) => /^POST .*\/comments$/.test(m))).toBe(true);
    expect(methods).toContain('GET /v1.0/security/incidents/$count');
    const pages = entries.filter((e) => e.comment?.startsWith('list with $filter and $count, page'));
    expect(pages).toHaveLength(3);
    for (const option of ['$filter', '$select', '$expand', '$orderby', '$count'])
      expect(entries.some((e) => e.request.queryString.some((q) => q.name === option))).toBe(true);
    const errorCodes = entries
      .filter((e) => e.response.status === 400)
      .map((e) => (JSON.parse(e.response.content.text!) as { error: { code: string } }).error.code);
    // invalid $filter, $top=100 (facts.md §8: empty code), text/plain and malformed JSON (§8), an invalid enum
    // value, another @odata.type, then the assumed read-only property and {}.
    expect(errorCodes).toEqual([
      'BadRequest',
      '',
      'BadRequest',
      'BadRequest',
      'InvalidRequestBody',
      'BadRequest',
      'BadRequest',
      'InvalidRequestBody',
    ]);
    for (const path of ['/alerts', '/alerts/$count'])
      expect(methods).toContain(`GET /v1.0/security/incidents/${stepTarget(steps)}${path}`);
    expect(methods).toContain('GET /beta/security/incidents');

    // awaitingAction with Prefer; unknownFutureValue without it, for the same incident.
    const body = (comment: string) =>
      JSON.parse(entries.find((e) => e.comment === comment)!.response.content.text!) as Record<
        string,
        unknown
      >;
    const withPrefer = body('get an awaitingAction incident with Prefer: include-unknown-enum-members');
    const withoutPrefer = body('get an awaitingAction incident without Prefer (reads unknownFutureValue)');
    expect(withPrefer).toMatchObject({ status: 'awaitingAction' });
    expect(withoutPrefer).toMatchObject({ id: withPrefer['id'], status: 'unknownFutureValue' });
    expect(store.get(String(withPrefer['id']))?.status).toBe('awaitingAction');
    expect(store.get(awaitingId)?.status).toBe('awaitingAction');

    // The verdict: no error, no unusable entry, nothing skipped; the only warnings are innerError dates.
    const verdict = errorsOf(har);
    expect(verdict.problems).toEqual([]);
    expect(verdict.errors).toEqual([]);
    expect(verdict.skipped).toEqual([]);
    expect(verdict.verified).toBe(entries.length);
    expect(new Set(verdict.warnings.map((w) => w.rule))).toEqual(
      new Set(['innerError-date-without-timezone']),
    );

    // The writes happened: the comment is there, and the tags were restored.
    const stored = store.get(
      steps
        .find((s) => s.method === 'PATCH')!
        .url.split('/')
        .at(-1)!,
    )!;
    expect(stored.comments?.at(-1)?.comment).toMatch(/graph-incidents-contract/);
    expect(stored.customTags).not.toContain('graph-incidents-contract');
  });

  test('the verifier is not blind: a mock answer that drifts from the spec is an error', async () => {
    const { store } = storeWithAwaitingAction();
    mock = await startMockGraph({ store });
    const recorder = createHarRecorder(async (request) => {
      const response = await fetch(request);
      if (!new URL(request.url).pathname.endsWith('/$count') && request.method === 'GET') {
        const text = await response.text();
        // A drifted mock: PascalCase severities.
        return new Response(text.replaceAll('"severity":"high"', '"severity":"High"'), response);
      }
      return response;
    });
    await runScenario({ baseUrl: `${mock.url}/v1.0`, token: 't', fetch: recorder.fetch });
    const { errors } = errorsOf(recorder.har({ name: 'test', version: '0' }));
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((e) => e.rule))).toEqual(new Set(['invalid-enum-value']));
  });

  test('read-only by default: only GETs are sent, and every writing step says why it was skipped', async () => {
    const { store } = storeWithAwaitingAction();
    const before = store.snapshot();
    mock = await startMockGraph({ store });
    const recorder = createHarRecorder();
    const { steps } = await runScenario({ baseUrl: `${mock.url}/v1.0/`, token: 't', fetch: recorder.fetch });
    expect(new Set(recorder.entries.map((e) => e.request.method))).toEqual(new Set(['GET']));
    expect(store.snapshot()).toBe(before);
    const skipped = steps.filter((s) => s.outcome === 'skipped');
    const writes = (method: string, n: number) =>
      Array.from({ length: n }, () => [method, 'writes need --allow-writes']);
    expect(skipped.map((s) => [s.method, s.reason])).toEqual([
      ...writes('PATCH', 2),
      ...writes('POST', 1),
      ['GET', 'needs a token without SecurityIncident permissions'],
      ['GET', 'only the mock can force it (--mock)'],
      ['GET', 'only the mock can force it (--mock)'],
      ...writes('PATCH', 6),
      ...writes('POST', 1),
    ]);
    expect(steps.filter((s) => s.outcome === 'unexpected')).toEqual([]);
  });

  test('every incident of the edge-case catalogue, served by the mock with and without Prefer, conforms', async () => {
    const store = new IncidentStore({ seed: 3, incidents: 0 });
    const cases = buildEdgeCases(3).incidents;
    for (const [index, { value }] of cases.entries()) {
      const { alerts, ...incident } = value;
      store.put({ ...incident, id: String(100 + index) }, alerts ?? []);
    }
    mock = await startMockGraph({ store });
    const recorder = createHarRecorder();
    for (const [index] of cases.entries())
      for (const prefer of [{}, { prefer: 'include-unknown-enum-members' }])
        await recorder.fetch(`${mock.url}/v1.0/security/incidents/${100 + index}?$expand=alerts`, {
          headers: { authorization: 'Bearer t', ...prefer },
        });
    expect(recorder.entries.every((e) => e.response.status === 200)).toBe(true);
    const verdict = errorsOf(recorder.har({ name: 'test', version: '0' }));
    expect(verdict.problems).toEqual([]);
    expect(verdict.errors).toEqual([]);
    expect(verdict.verified).toBe(cases.length * 2);
  });
});

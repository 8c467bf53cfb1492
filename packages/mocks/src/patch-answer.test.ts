// A PATCH's answer takes the members the PATCH did not touch from the incident's previous answer (patch-answer.ts).
// Every answer must still be the bytes of the whole computation: JSON.stringify of the @odata.context and the
// incident as the request's version and Prefer header show it. Sequences mix versions (beta shows properties v1.0
// leaves out), Prefer (a member after unknownFutureValue reads differently without it), comments and put, so that a
// member taken from an answer made for another way of seeing the incident, for an older value, or by another store
// (each run has a new store with the same incident ids), fails.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGraphHandler, type GraphResponse } from './graph-handler.js';
import { type GraphVersion, graphVersions } from './graph-versions.js';
import { present } from './shaping.js';
import { IncidentStore } from './store.js';

const origin = 'http://127.0.0.1:4010';

/** The answer computed without any reuse: one JSON.stringify of the whole entity. */
function wholeAnswer(store: IncidentStore, id: string, version: GraphVersion, prefer: boolean): string {
  return JSON.stringify({
    '@odata.context': `${origin}/${version}/$metadata#security/incidents/$entity`,
    ...(present(
      store.get(id, version),
      'incident',
      { includeUnknownMembers: prefer },
      graphVersions[version],
    ) as object),
  });
}

const bodies: readonly Record<string, unknown>[] = [
  { status: 'active' },
  { status: 'inProgress', summary: `hostile <"\\> ${'é'.repeat(3)} \u2028 \u0000` },
  { status: 'awaitingAction' }, // after unknownFutureValue: only with Prefer
  { classification: 'truePositive', determination: 'malware' },
  { customTags: ['Demo', 'tag "quoted"'] },
  { customTags: [] },
  { summary: 'same text' },
  { summary: 'same text' },
  { assignedTo: 'analyst@contoso.com', severity: 'high' },
  { resolvingComment: null, displayName: 'renamed' },
  { status: 'unknownFutureValue', description: 'status left as it is' },
];

type Step =
  | { kind: 'patch'; incident: number; version: GraphVersion; prefer: boolean; body: number }
  | { kind: 'comment'; incident: number }
  | { kind: 'put'; incident: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('patch' as const),
      incident: fc.nat(2),
      version: fc.constantFrom<GraphVersion>('v1.0', 'beta'),
      prefer: fc.boolean(),
      body: fc.nat(bodies.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('comment' as const), incident: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('put' as const), incident: fc.nat(2) }) },
);

describe("a PATCH's answer", () => {
  it('is the whole incident as the request sees it, across versions, Prefer, comments and put', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const store = new IncidentStore({ seed: 31, incidents: 4 });
        const handle = createGraphHandler(store, { auth: false });
        const ids = store.list().map((incident) => incident.id);
        for (const [index, s] of steps.entries()) {
          const id = ids[s.incident]!;
          if (s.kind === 'put') {
            store.put({ ...store.get(id)!, summary: `put ${index}` });
            continue;
          }
          const patch = s.kind === 'patch';
          const version = patch ? s.version : 'v1.0';
          const before = store.snapshot();
          const response: GraphResponse = await handle({
            method: patch ? 'PATCH' : 'POST',
            url: `${origin}/${version}/security/incidents/${id}${patch ? '' : '/comments'}`,
            headers: {
              'content-type': 'application/json',
              ...(patch && s.prefer ? { prefer: 'include-unknown-enum-members' } : {}),
            },
            body: JSON.stringify(patch ? bodies[s.body] : { comment: `comment ${index}` }),
          });
          if (!patch) continue;
          if (response.status !== 200) {
            // Only awaitingAction without Prefer is refused here, and it changes nothing.
            expect(bodies[s.body]).toEqual({ status: 'awaitingAction' });
            expect(s.prefer).toBe(false);
            expect(store.snapshot()).toBe(before);
            continue;
          }
          answered++;
          expect(response.body).toBe(wholeAnswer(store, id, version, s.prefer));
        }
      }),
      { numRuns: 60 },
    );
    expect(answered).toBeGreaterThan(100);
  });

  it('shows an unchanged member after unknownFutureValue as the next request may see it', async () => {
    const store = new IncidentStore({ seed: 31, incidents: 2 });
    const handle = createGraphHandler(store, { auth: false });
    const id = store.list()[0]!.id;
    const patch = (body: unknown, headers: Record<string, string> = {}) =>
      handle({
        method: 'PATCH',
        url: `${origin}/v1.0/security/incidents/${id}`,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const set = await patch({ status: 'awaitingAction' }, { prefer: 'include-unknown-enum-members' });
    expect(JSON.parse(set.body).status).toBe('awaitingAction');
    const next = await patch({ summary: 'status untouched' });
    expect(JSON.parse(next.body)).toMatchObject({
      status: 'unknownFutureValue',
      summary: 'status untouched',
    });
    expect(next.body).toBe(wholeAnswer(store, id, 'v1.0', false));
  });
});

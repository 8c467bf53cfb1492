/**
 * `graph-incidents-contract record` against the mock on loopback: the file it writes holds no secret, even where
 * the server echoes one into headers, bodies and URLs, and it verifies with no error.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncidentStore } from '@graph-incidents/mocks';
import { type MockGraph, startMockGraph } from '@graph-incidents/mocks/server';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from './cli.js';
import type { Har } from './har.js';

/** Distinctive, with characters that URLs and JSON encode differently. Not JWT-shaped, so the mock accepts it. */
const token = 'gi-Sup3rSECRET-t0ken+/=~"\\';
const needle = 'Sup3rSECRET';

let mock: MockGraph;
let store: IncidentStore;
beforeEach(async () => {
  store = new IncidentStore({ seed: 11, incidents: 9 });
  mock = await startMockGraph({ store });
});
afterEach(() => mock.close());

async function run(args: string[], options: { fetch?: typeof fetch; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: options.env ?? { GRAPH_TOKEN: token },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { code, out, err };
}

const outFile = async (name = 'graph.har') =>
  join(await mkdtemp(join(tmpdir(), 'graph-incidents-record-')), 'nested', name);

/**
 * A transport that makes the server echo the token everywhere it can: as `client-request-id` (echoed in a response
 * header and in every error's `innerError`), as an `access_token` query parameter on lists (echoed into
 * `@odata.nextLink`, which the scenario then requests), and in a `Set-Cookie`.
 */
const leaky: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.pathname.endsWith('/security/incidents') && !url.searchParams.has('access_token'))
    url.searchParams.set('access_token', token);
  const headers = new Headers(request.headers);
  headers.set('client-request-id', token);
  const response = await fetch(
    new Request(url, {
      method: request.method,
      headers,
      ...(request.body ? { body: await request.text() } : {}),
    }),
  );
  const echoed = new Headers(response.headers);
  echoed.append('set-cookie', `session=${encodeURIComponent(token)}; HttpOnly`);
  return new Response(await response.text(), { status: response.status, headers: echoed });
};

describe('graph-incidents-contract record', () => {
  test('no secret survives into the file, although the server echoes the token into headers, bodies and URLs', async () => {
    const out = await outFile();
    const {
      code,
      out: lines,
      err,
    } = await run(['record', '--base-url', `${mock.url}/v1.0`, '--out', out, '--allow-writes', '--mock'], {
      fetch: leaky,
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(lines.at(-1)).toMatch(
      /^\d+ exchanges recorded to .*graph\.har: \d+ as expected, 0 unexpected, 0 skipped, 3 unverified \(behaviours only the mock assumes\)\. Next: graph-incidents-contract verify /,
    );

    const text = await readFile(out, 'utf8');
    for (const form of [
      token,
      needle,
      encodeURIComponent(token),
      JSON.stringify(token).slice(1, -1),
      'eyJ', // the unsigned 403 token, or any JWT
    ])
      expect(text, form).not.toContain(form);

    // The echoes did happen, and were redacted where they landed.
    const har = JSON.parse(text) as Har;
    const entries = har.log.entries;
    const header = (list: { name: string; value: string }[], name: string) =>
      list.find((h) => h.name.toLowerCase() === name)?.value;
    const authorizations = entries.map((e) => header(e.request.headers, 'authorization'));
    // Every request but the 401 step's carried one, and none is left.
    expect(authorizations.filter((value) => value === undefined)).toHaveLength(1);
    expect(authorizations.filter((value) => value !== undefined && value !== '[redacted]')).toEqual([]);
    expect(entries.every((e) => header(e.response.headers, 'client-request-id') === 'REDACTED')).toBe(true);
    expect(entries.every((e) => header(e.response.headers, 'set-cookie') === '[redacted]')).toBe(true);
    const errorBody = entries.find((e) => e.response.status === 404)!.response.content.text!;
    expect(errorBody).toContain('"client-request-id":"REDACTED"');
    const nextLinks = entries.filter((e) => e.request.url.includes('$skip='));
    expect(nextLinks.length).toBeGreaterThan(0);
    for (const entry of nextLinks) expect(entry.request.url).toContain('access_token=REDACTED');
    const echoedLinks = entries
      .map((e) => (JSON.parse(e.response.content.text ?? '{}') as Record<string, unknown>)['@odata.nextLink'])
      .filter((link) => typeof link === 'string');
    expect(echoedLinks.length).toBeGreaterThan(0);
    for (const link of echoedLinks) expect(link).toContain('access_token=REDACTED');

    // The redacted recording still conforms.
    const verified = await run(['verify', out, '--no-guidance']);
    expect(verified.err).toEqual([]);
    expect(verified.code).toBe(0);
    expect(verified.out.at(-1)).toMatch(
      new RegExp(
        `^0 errors, \\d+ warnings, 0 unusable inputs; ${entries.length} exchanges verified, 0 skipped`,
      ),
    );
  });

  test('--pseudonymise replaces tenant ids and UPNs consistently, and the file still verifies', async () => {
    const tenantId = store.list()[0]!.tenantId!;
    const upns = store
      .list()
      .map((incident) => incident.assignedTo)
      .filter((name): name is string => typeof name === 'string' && name.includes('@'));
    expect(upns.length).toBeGreaterThan(0);
    const out = await outFile();
    const { code } = await run(
      ['record', '--base-url', `${mock.url}/v1.0`, '--out', out, '--pseudonymise', '--token-env', 'MY_TOKEN'],
      { env: { MY_TOKEN: token } },
    );
    expect(code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(tenantId);
    for (const upn of upns) expect(text).not.toContain(upn);
    // Every GUID left is a pseudonym, and one tenant became one pseudonym.
    const guids = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? [];
    expect(guids.length).toBeGreaterThan(0);
    expect(guids.every((g) => g.startsWith('00000000-0000-4000-8000-'))).toBe(true);
    // The incidents and alerts of the store share one tenant (an evidence may name another, which gets its own
    // pseudonym): read them from the recorded bodies, top-level items only.
    const har = JSON.parse(text) as { log: { entries: { response: { content: { text?: string } } }[] } };
    const tenants = new Set<unknown>();
    for (const { response } of har.log.entries) {
      const body = response.content.text;
      if (!body?.startsWith('{')) continue;
      const parsed = JSON.parse(body) as { value?: unknown };
      const items = Array.isArray(parsed.value) ? (parsed.value as unknown[]) : [parsed];
      for (const item of items)
        if (item && typeof item === 'object' && 'tenantId' in item) tenants.add(item.tenantId);
    }
    expect(tenants.size).toBe(1);
    expect([...tenants][0]).toMatch(/^00000000-0000-4000-8000-/);
    expect(text).toMatch(/user\d+@contoso\.example/);
    expect((await run(['verify', out, '--no-guidance'])).code).toBe(0);
  });

  test('read-only by default: no write is sent, and the output says which steps were skipped and why', async () => {
    const before = store.snapshot();
    const out = await outFile();
    const { code, out: lines } = await run(['record', '--base-url', `${mock.url}/v1.0`, '--out', out]);
    expect(code).toBe(0);
    expect(store.snapshot()).toBe(before);
    expect(lines.filter((line) => line.startsWith('skipped '))).toHaveLength(13);
    expect(lines.at(-1)).toContain(
      '13 skipped (writes need --allow-writes; needs a token without SecurityIncident permissions; only the mock can force it (--mock))',
    );
    const har = JSON.parse(await readFile(out, 'utf8')) as Har;
    expect(new Set(har.log.entries.map((e) => e.request.method))).toEqual(new Set(['GET']));
  });

  test('an answer other than Graph’s exits 1 but still writes the file', async () => {
    // A server that finds every incident, even one no tenant has.
    const lenient: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const url = request.url.replace('/2147483647', `/${store.list()[0]!.id}`);
      return fetch(new Request(url, request));
    };
    const out = await outFile();
    const { code, out: lines } = await run(['record', '--base-url', `${mock.url}/v1.0`, '--out', out], {
      fetch: lenient,
    });
    expect(code).toBe(1);
    expect(lines.filter((line) => line.startsWith('unexpected'))).toEqual([
      expect.stringMatching(/^unexpected 200 \(expected 404\) 404: an unknown incident \(GET /),
    ]);
    expect((await readFile(out, 'utf8')).length).toBeGreaterThan(0);
  });

  test('an assumed behaviour that the service answers otherwise is unverified: reported, never a failure', async () => {
    // A service that answers the steps nobody has a source for differently from the mock's assumptions.
    const otherwise: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && request.url.endsWith('/$count'))
        return new Response('', { status: 404 });
      if (request.method === 'PATCH' && (await request.clone().text()) === '{}')
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      return fetch(request);
    };
    const out = await outFile();
    const { code, out: lines } = await run(
      ['record', '--base-url', `${mock.url}/v1.0`, '--out', out, '--allow-writes', '--mock'],
      { fetch: otherwise },
    );
    expect(code).toBe(0);
    expect(lines.filter((line) => line.startsWith('unexpected'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('unverified'))).toEqual([
      expect.stringMatching(
        /^unverified 400 \(the mock assumes 400\) 400: PATCH a read-only property \(assumed\) /,
      ),
      expect.stringMatching(
        /^unverified 200 \(the mock assumes 400\) 400: PATCH an empty object \(assumed\) /,
      ),
      expect.stringMatching(/^unverified 404 \(the mock assumes 405\) 405: POST to \$count \(assumed\) /),
    ]);
    // Sourced steps name their source.
    expect(lines).toContainEqual(expect.stringMatching(/^ok 400 400: \$top above 50 .*\[facts\.md §8\]$/));
  });

  test('bad arguments and a missing token exit 2 without sending anything', async () => {
    let sent = 0;
    const counting: typeof fetch = async () => {
      sent += 1;
      return new Response('{}');
    };
    const base = ['record', '--base-url', `${mock.url}/v1.0`, '--out', await outFile()];
    for (const [args, env] of [
      [base, {}],
      [['record', '--out', 'x.har'], { GRAPH_TOKEN: token }],
      [['record', '--base-url', 'ftp://example.com', '--out', 'x.har'], { GRAPH_TOKEN: token }],
      [[...base, '--nope'], { GRAPH_TOKEN: token }],
      [[...base, '--token-env'], { GRAPH_TOKEN: token }],
    ] as const) {
      const { code, err } = await run([...args], { fetch: counting, env });
      expect(code, args.join(' ')).toBe(2);
      expect(err.join('\n')).not.toContain(needle);
    }
    expect((await run(base, { fetch: counting, env: {} })).err[0]).toMatch(
      /^Set GRAPH_TOKEN to a bearer token/,
    );
    expect(sent).toBe(0);
  });
});

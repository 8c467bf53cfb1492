/**
 * Least privilege on traffic recorded against the mock (which checks `roles`/`scp` as Graph does, facts §2.2) with
 * the package's recorder, through our own client, with unsigned JWTs carrying the permissions under test.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIncidentsClient } from '@graph-incidents/client';
import { type MockGraph, startMockGraph } from '@graph-incidents/mocks/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from './cli.js';
import { createHarRecorder } from './har-recorder.js';
import type { Har } from './har.js';
import { leastPrivilege } from './permissions.js';
import { redactHar } from './redact.js';
import { unsignedToken } from './scenario.js';

const read = 'SecurityIncident.Read.All';
const readWrite = 'SecurityIncident.ReadWrite.All';

let mock: MockGraph;
beforeAll(async () => {
  mock = await startMockGraph({ seed: 5, incidents: 6 });
});
afterAll(() => mock.close());

/** Records what `use` does through our client with a token carrying `claims`, redacted as `record` does. */
async function recordWith(
  claims: Record<string, unknown>,
  use: (graph: ReturnType<typeof createIncidentsClient>) => Promise<unknown>,
): Promise<Har> {
  const token = unsignedToken({ aud: 'https://graph.microsoft.com', ...claims });
  const recorder = createHarRecorder();
  const graph = createIncidentsClient({
    baseUrl: `${mock.url}/v1.0`,
    getAccessToken: () => token,
    fetch: recorder.fetch,
    retry: false,
  });
  await use(graph).catch(() => undefined); // a 403 is part of what is recorded
  return redactHar(recorder.har({ name: 'test', version: '0' }), { secrets: [token] });
}

const reads = (graph: ReturnType<typeof createIncidentsClient>) =>
  graph.listIncidents({ top: 2, select: ['status'] }).then((page) => graph.getIncident(page.value[0]!.id));
const readAndUpdate = async (graph: ReturnType<typeof createIncidentsClient>) => {
  const page = await graph.listIncidents({ top: 1, select: ['status'] });
  await graph.updateIncident(page.value[0]!.id, { assignedTo: 'soc@contoso.example' });
};

describe('record keeps the permission claims, never the token', () => {
  test('roles in the request comment; no JWT anywhere in the file', async () => {
    const har = await recordWith({ roles: [read], upn: 'someone@contoso.example' }, reads);
    const text = JSON.stringify(har);
    expect(har.log.entries.map((e) => e.request.comment)).toEqual([
      `token claims: {"roles":["${read}"]}`,
      `token claims: {"roles":["${read}"]}`,
    ]);
    expect(text).not.toMatch(/eyJ/);
    expect(text).not.toContain('someone@contoso.example');
  });
});

describe('leastPrivilege', () => {
  test('read-only traffic under ReadWrite.All: Read.All is enough, ReadWrite.All is excessive, nothing insufficient', async () => {
    const har = await recordWith({ roles: [readWrite] }, reads);
    const result = leastPrivilege(har);
    expect(result.type).toBe('application');
    expect(result.requests.map((r) => [r.operationId, r.leastPrivileged])).toEqual([
      ['listIncidents', [read]],
      ['getIncident', [read]],
    ]);
    expect(result.required.map((r) => [r.permission, r.requests.map((q) => q.entry)])).toEqual([
      [read, [0, 1]],
    ]);
    expect(result.grants).toHaveLength(1);
    expect(result.grants[0]!.excessive.map((e) => e.permission)).toEqual([readWrite]);
    expect(result.grants[0]!.insufficient).toEqual([]);
  });

  test('a PATCH under Read.All is insufficient (the mock answered 403), and ReadWrite.All alone covers all', async () => {
    const har = await recordWith({ roles: [read] }, readAndUpdate);
    const result = leastPrivilege(har);
    expect(har.log.entries.map((e) => e.response.status)).toEqual([200, 403]);
    expect(result.required.map((r) => [r.permission, r.requests.length])).toEqual([[readWrite, 2]]);
    const [grant] = result.grants;
    expect(grant!.insufficient.map((i) => [i.operationId, i.method, i.needs])).toEqual([
      ['updateIncident', 'PATCH', [readWrite]],
    ]);
  });

  test('exactly the least-privileged grant: neither excessive nor insufficient; both granted: Read.All is excessive', async () => {
    const har = await recordWith({ roles: [readWrite] }, readAndUpdate);
    const exact = leastPrivilege(har).grants[0]!;
    expect([exact.excessive, exact.insufficient]).toEqual([[], []]);
    const both = leastPrivilege(har, { granted: [read, readWrite, 'openid', 'profile'] }).grants[0]!;
    expect(both.source).toBe('option');
    expect(both.excessive.map((e) => e.permission)).toEqual([read]);
    expect(both.insufficient).toEqual([]);
  });

  test('delegated tokens (scp, space-separated) are read as delegated; a permission of another API is excessive when all traffic is this API', async () => {
    const har = await recordWith({ scp: `${read} User.Read` }, reads);
    const result = leastPrivilege(har);
    expect(result.type).toBe('delegated');
    expect(result.grants[0]!.granted).toEqual([read, 'User.Read']);
    expect(result.grants[0]!.excessive).toEqual([
      { permission: 'User.Read', reason: 'no recorded request needs it' },
    ]);
  });

  test('a permission of another API is not judged when the recording has requests outside this contract', () => {
    const recording = [
      { request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }, response: { status: 200 } },
      {
        request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/security/incidents?$top=1' },
        response: { status: 200 },
      },
    ];
    const result = leastPrivilege(recording, { granted: [read, 'User.Read'] });
    expect(result.notJudged.map((n) => n.url)).toEqual(['https://graph.microsoft.com/v1.0/me']);
    expect(result.grants[0]!.notJudged).toEqual(['User.Read']);
    expect(result.grants[0]!.excessive).toEqual([]);
  });

  test('no recorded request: nothing required; without claims or --granted no grant is compared', () => {
    expect(leastPrivilege({ log: { entries: [] } })).toMatchObject({
      required: [],
      grants: [],
      requests: [],
    });
    const result = leastPrivilege({
      request: { method: 'PATCH', url: 'https://graph.microsoft.com/beta/security/incidents/7' },
      response: { status: 200 },
    });
    expect(result.required.map((r) => r.permission)).toEqual([readWrite]);
    expect(result.grants).toEqual([]);
    expect(result.notJudged[0]!.reason).toMatch(/no delegated permissions known/);
  });
});

describe('graph-incidents-contract permissions', () => {
  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['permissions', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }
  async function file(har: Har): Promise<string> {
    const path = join(await mkdtemp(join(tmpdir(), 'gi-permissions-')), 'traffic.har');
    await writeFile(path, JSON.stringify(har));
    return path;
  }

  test('exit 0 with excessive reported; 1 with --fail-on excessive; 1 when insufficient', async () => {
    const path = await file(await recordWith({ roles: [readWrite] }, reads));
    const plain = await run([path]);
    expect(plain.code).toBe(0);
    expect(plain.out.join('\n')).toContain(`excessive ${readWrite}`);
    expect(plain.out.at(-1)).toBe(
      `needs ${read}; 0 insufficient, 1 excessive; 2 requests judged, 0 not judged, 0 unusable inputs`,
    );
    expect((await run([path, '--fail-on', 'excessive'])).code).toBe(1);
    const narrow = await run([path, '--granted', 'SecurityIncident.Read.All']);
    expect(narrow.code).toBe(0);
    const writes = await file(await recordWith({ roles: [read] }, readAndUpdate));
    const insufficient = await run([writes, '--format', 'github']);
    expect(insufficient.code).toBe(1);
    expect(insufficient.out.some((l) => l.startsWith('::error ') && l.includes(`needs ${readWrite}`))).toBe(
      true,
    );
  });

  test('json carries the set with the requests needing each; --type delegated reads scp, not roles', async () => {
    const path = await file(await recordWith({ roles: [readWrite] }, reads));
    const { code, out } = await run([path, '--format', 'json', '--type', 'delegated']);
    const json = JSON.parse(out.join('\n'));
    expect(code).toBe(0);
    expect(json.type).toBe('delegated');
    expect(json.required[0].permission).toBe(read);
    expect(json.grants).toEqual([]);
  });

  test('bad arguments and unreadable input exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['x.har', '--type', 'app'])).code).toBe(2);
    expect((await run(['x.har', '--nope'])).code).toBe(2);
    expect((await run(['x.har', '--fail-on', 'never'])).code).toBe(2);
    const missing = await run(['/nonexistent/traffic.har']);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^unusable unreadable \/nonexistent\/traffic\.har/);
    const dir = await mkdtemp(join(tmpdir(), 'gi-permissions-'));
    await writeFile(join(dir, 'broken.har'), '{"log": ');
    expect((await run([join(dir, 'broken.har')])).code).toBe(2);
    expect(await readFile(join(dir, 'broken.har'), 'utf8')).toBe('{"log": ');
  });
});

describe('matchers on recordings', () => {
  test('toNeedExactlyPermissions and toFollowGraphGuidance pass and fail with a summary', async () => {
    const { contractMatchers } = await import('./matchers.js');
    expect.extend(contractMatchers);
    const har = await recordWith({ roles: [readWrite] }, reads);
    expect(har).toNeedExactlyPermissions([read]);
    expect(() => expect(har).toNeedExactlyPermissions([readWrite])).toThrow(
      /least-privileged application permissions: SecurityIncident\.Read\.All \(2 requests\)\n {2}excessive SecurityIncident\.ReadWrite\.All/,
    );
    expect(har).toFollowGraphGuidance();
    const naive = {
      request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/security/incidents' },
      response: { status: 200 },
    };
    expect(() => expect(naive).toFollowGraphGuidance()).toThrow(
      /expected no guidance, found 3:\n {2}list-without-top #0/,
    );
  });
});

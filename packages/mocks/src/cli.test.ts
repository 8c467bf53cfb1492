import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli.js';

describe('graph-incidents-mock CLI', () => {
  it('parses the documented options', () => {
    expect(
      parseCliArgs([
        '--port',
        '4010',
        '--host',
        '0.0.0.0',
        '--seed',
        '9',
        '--incidents',
        '5',
        '--latency',
        '20',
      ]).options,
    ).toEqual({
      port: 4010,
      host: '0.0.0.0',
      seed: 9,
      incidents: 5,
      latencyMs: 20,
      auth: true,
    });
    expect(parseCliArgs([]).options).toMatchObject({
      port: 4010,
      host: '127.0.0.1',
      seed: 1,
      incidents: 120,
      latencyMs: 0,
    });
  });

  it('rejects bad options with a message a person can act on', () => {
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(
      '--port must be an integer from 0 to 65535, got "abc"',
    );
    expect(() => parseCliArgs(['--incidents', '-3'])).toThrow(/--incidents/);
    expect(() => parseCliArgs(['--colour'])).toThrow(/Unknown option '--colour'/);
    expect(() => parseCliArgs(['--public-url', 'mock.example'])).toThrow(/public URL must be/);
    expect(() => parseCliArgs(['--public-url', 'https://mock.example/v1.0'])).toThrow(/public URL must be/);
  });

  it('parses --https, --ca-out, --app and --auth', () => {
    const parsed = parseCliArgs([
      '--https',
      '--ca-out',
      'ca.pem',
      '--app',
      'app-1:se:cr:et:SecurityIncident.Read.All, SecurityIncident.ReadWrite.All',
      '--app',
      'app-2:x:',
      '--auth',
      'strict',
    ]);
    expect(parsed.caOut).toBe('ca.pem');
    expect(parsed.options).toMatchObject({
      https: true,
      auth: 'strict',
      apps: [
        {
          clientId: 'app-1',
          secret: 'se:cr:et',
          roles: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
        },
        { clientId: 'app-2', secret: 'x', roles: [] },
      ],
    });
    expect(parseCliArgs(['--auth', 'off']).options.auth).toBe(false);
    expect(parseCliArgs(['--auth', 'lenient']).options.auth).toBe(true);
    expect(() => parseCliArgs(['--auth', 'Strict'])).toThrow(
      '--auth must be lenient, strict or off, got "Strict"',
    );
    expect(() => parseCliArgs(['--no-auth', '--auth', 'strict'])).toThrow(/contradicts/);
    expect(() => parseCliArgs(['--app', 'only-id'])).toThrow(
      /--app: an app must be <clientId>:<secret>:<Role,Role>/,
    );
    expect(() => parseCliArgs(['--app', 'id::Role'])).toThrow(/--app/);
    expect(() => parseCliArgs(['--ca-out', 'ca.pem'])).toThrow(/--ca-out needs --https/);
    expect(() => parseCliArgs(['--cert', 'c.pem'])).toThrow(/--cert and --key go together/);
    expect(() => parseCliArgs(['--apps-file', '/nonexistent/apps.json'])).toThrow(/--apps-file: cannot read/);
  });

  it('takes --public-url as the origin of the links', () => {
    expect(parseCliArgs(['--public-url', 'https://mock.example:8443/']).options.publicUrl).toBe(
      'https://mock.example:8443',
    );
    expect(parseCliArgs([]).options).not.toHaveProperty('publicUrl');
  });

  it('warns on stderr when it listens beyond loopback, more strongly with --no-auth', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--host', '0.0.0.0', '--no-auth', '--incidents', '1'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '--conditions=@graph-incidents/source' },
      },
    );
    try {
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await once(child.stdout, 'data');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stderr).toMatch(
        /^WARNING: the mock Graph server listens on http:\/\/0\.0\.0\.0:\d+, beyond loopback/,
      );
      expect(stderr).toContain('Auth is OFF (--no-auth)');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('serves HTTPS with --https, writes its CA with --ca-out, and issues tokens to --app apps under --auth strict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-ca-'));
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        '--port',
        '0',
        '--incidents',
        '2',
        '--https',
        '--ca-out',
        join(dir, 'ca.pem'),
        '--auth',
        'strict',
        '--app',
        'robot:pa:ss:SecurityIncident.Read.All',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '--conditions=@graph-incidents/source' },
      },
    );
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      while (!stdout.includes('Token endpoint'))
        stdout += ((await once(child.stdout, 'data')) as [string])[0];
      const url = /at (https:\/\/127\.0\.0\.1:\d+)\/v1\.0/.exec(stdout)![1]!;
      expect(stdout).toContain('(1 app(s); auth strict); CA written to');
      const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
      const call = (
        path: string,
        init: { method?: string; headers?: Record<string, string>; body?: string } = {},
      ) =>
        new Promise<{ status: number; json: any }>((resolve, reject) => {
          const req = request(`${url}${path}`, { ...init, ca }, (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
          });
          req.on('error', reject).end(init.body);
        });
      const token = await call('/contoso.onmicrosoft.com/oauth2/v2.0/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=robot&client_secret=pa%3Ass&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
      });
      expect(token.status).toBe(200);
      const list = await call('/v1.0/security/incidents', {
        headers: { authorization: `Bearer ${token.json.access_token}` },
      });
      expect(list.status).toBe(200);
      expect(list.json.value).toHaveLength(2);
      const opaque = await call('/v1.0/security/incidents', { headers: { authorization: 'Bearer opaque' } });
      expect(opaque.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts a server that answers a Graph list', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--incidents', '4', '--seed', '3'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '--conditions=@graph-incidents/source' },
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const url = /at (http:\/\/\S+)\/v1\.0/.exec(line.toString())?.[1];
      expect(url).toBeDefined();
      const response = await fetch(`${url}/v1.0/security/incidents/$count`, {
        headers: { authorization: 'Bearer opaque' },
      });
      expect(await response.text()).toBe('4');
      expect(stderr, 'no warning on loopback').toBe('');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

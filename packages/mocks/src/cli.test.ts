import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const url = /at (http:\/\/\S+)\/v1\.0/.exec(line.toString())?.[1];
      expect(url).toBeDefined();
      const response = await fetch(`${url}/v1.0/security/incidents/$count`, {
        headers: { authorization: 'Bearer opaque' },
      });
      expect(await response.text()).toBe('4');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

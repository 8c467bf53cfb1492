#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { publicOrigin, startMockGraph } from './server.js';

const usage = `Usage: graph-incidents-mock [--port 4010] [--host 127.0.0.1] [--seed N] [--incidents 120] [--latency ms] [--public-url URL] [--no-auth]

Serves a stateful mock of the Microsoft Graph security incident API on /v1.0 and /beta.

  --public-url URL  the origin clients reach the mock at (behind a proxy or port mapping), for
                    @odata.context and @odata.nextLink; default: the address it listens on
  --host ADDRESS    listening beyond loopback (0.0.0.0, ::, a LAN address) prints a warning`;

/** Parses the CLI arguments into server options; throws a message a person can act on. */
export function parseCliArgs(args: readonly string[]) {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      incidents: { type: 'string', default: '120' },
      latency: { type: 'string', default: '0' },
      'public-url': { type: 'string' },
      'no-auth': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const integer = (name: string, text: string, max = Number.MAX_SAFE_INTEGER): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > max)
      throw new Error(`--${name} must be an integer from 0 to ${max}, got "${text}"`);
    return value;
  };
  return {
    help: values.help,
    options: {
      port: integer('port', values.port, 65535),
      host: values.host,
      seed: integer('seed', values.seed),
      incidents: integer('incidents', values.incidents, 10_000_000),
      latencyMs: integer('latency', values.latency, 60_000),
      auth: !values['no-auth'],
      ...(values['public-url'] !== undefined ? { publicUrl: publicOrigin(values['public-url']) } : {}),
    },
  };
}

/** The command line: starts the mock server, or prints the usage. The bin launcher (bin/graph-incidents-mock.js) calls it. */
export async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    console.log(usage);
    return;
  }
  const graph = await startMockGraph(parsed.options);
  console.log(
    `Mock Graph: ${graph.store.size} incidents (seed ${graph.store.seed}) at ${graph.url}/v1.0 and ${graph.url}/beta` +
      (graph.publicUrl === graph.url ? '' : `; links point to ${graph.publicUrl}`),
  );
  const stop = () => void graph.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only as the entry point (npm's bin is a symlink, hence realpath), not when a test imports parseCliArgs.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

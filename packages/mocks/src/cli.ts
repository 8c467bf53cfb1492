#!/usr/bin/env node
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type MockApp, parseApp, parseAppsJson, publicOrigin, startMockGraph } from './server.js';

const usage = `Usage: graph-incidents-mock [--port 4010] [--host 127.0.0.1] [--seed N] [--incidents 120] [--latency ms] [--public-url URL]
         [--https [--ca-out FILE] | --cert FILE --key FILE] [--app ID:SECRET:Role,Role]... [--apps-file FILE]
         [--auth lenient|strict|off] [--no-auth]

Serves a stateful mock of the Microsoft Graph security incident API on /v1.0 and /beta, and an Entra-like token
endpoint (client credentials) at /{tenant}/oauth2/v2.0/token.

  --https           serve TLS with a certificate for localhost/127.0.0.1/::1 made at start-up by a throw-away CA
  --ca-out FILE     write that CA's PEM to FILE (for NODE_EXTRA_CA_CERTS)
  --cert/--key FILE serve TLS with your own certificate and key (PEM)
  --app ID:SECRET:ROLES  an app the token endpoint accepts (repeatable), e.g. app-1:s3cret:SecurityIncident.ReadWrite.All
  --apps-file FILE  apps as JSON: [{ "clientId", "secret", "roles": [...], "displayName"? }]
  --auth MODE       lenient (default): unsigned JWT claims and opaque tokens are accepted;
                    strict: only tokens from this mock's token endpoint, checked as Graph does; off: no checks

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
      auth: { type: 'string' },
      https: { type: 'boolean', default: false },
      'ca-out': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      app: { type: 'string', multiple: true },
      'apps-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const integer = (name: string, text: string, max = Number.MAX_SAFE_INTEGER): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > max)
      throw new Error(`--${name} must be an integer from 0 to ${max}, got "${text}"`);
    return value;
  };
  const auth = authMode(values.auth, values['no-auth']);
  if ((values.cert === undefined) !== (values.key === undefined))
    throw new Error('--cert and --key go together: pass both files');
  if (values.cert !== undefined && values.https)
    throw new Error('--https makes its own certificate; leave it out when you pass --cert and --key');
  if (values['ca-out'] !== undefined && !values.https)
    throw new Error('--ca-out needs --https (the mock only makes a CA for its own certificate)');
  const apps: MockApp[] = (values.app ?? []).map((text) => {
    try {
      return parseApp(text);
    } catch (error) {
      throw new Error(`--app: ${(error as Error).message}`);
    }
  });
  if (values['apps-file'] !== undefined) apps.push(...readApps(values['apps-file']));
  const https =
    values.cert !== undefined
      ? { https: { cert: readText('--cert', values.cert), key: readText('--key', values.key!) } }
      : values.https
        ? { https: true as const }
        : {};
  return {
    help: values.help,
    ...(values['ca-out'] !== undefined ? { caOut: values['ca-out'] } : {}),
    options: {
      port: integer('port', values.port, 65535),
      host: values.host,
      seed: integer('seed', values.seed),
      incidents: integer('incidents', values.incidents, 10_000_000),
      latencyMs: integer('latency', values.latency, 60_000),
      auth,
      ...https,
      ...(apps.length > 0 ? { apps } : {}),
      ...(values['public-url'] !== undefined ? { publicUrl: publicOrigin(values['public-url']) } : {}),
    },
  };
}

function authMode(mode: string | undefined, noAuth: boolean): boolean | 'strict' {
  if (noAuth && mode !== undefined && mode !== 'off') throw new Error(`--no-auth contradicts --auth ${mode}`);
  if (mode === undefined) return !noAuth;
  if (mode === 'lenient') return true;
  if (mode === 'strict') return 'strict';
  if (mode === 'off') return false;
  throw new Error(`--auth must be lenient, strict or off, got "${mode}"`);
}

function readText(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${flag}: cannot read ${file}: ${(error as Error).message}`);
  }
}

function readApps(file: string): MockApp[] {
  const text = readText('--apps-file', file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`--apps-file: ${file} is not JSON: ${(error as Error).message}`);
  }
  try {
    return parseAppsJson(json, file);
  } catch (error) {
    throw new Error(`--apps-file: ${(error as Error).message}`);
  }
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
  if (parsed.caOut !== undefined && graph.ca !== undefined) writeFileSync(parsed.caOut, graph.ca);
  console.log(
    `Mock Graph: ${graph.store.size} incidents (seed ${graph.store.seed}) at ${graph.url}/v1.0 and ${graph.url}/beta` +
      (graph.publicUrl === graph.url ? '' : `; links point to ${graph.publicUrl}`),
  );
  console.log(
    `Token endpoint: ${graph.authorityHost}/${graph.tenantId}/oauth2/v2.0/token (${graph.apps.size} app(s); auth ${authName(parsed.options.auth)})` +
      (parsed.caOut !== undefined ? `; CA written to ${parsed.caOut}` : ''),
  );
  const stop = () => void graph.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function authName(auth: boolean | 'strict'): string {
  return auth === 'strict' ? 'strict' : auth ? 'lenient' : 'off';
}

// Run only as the entry point (npm's bin is a symlink, hence realpath), not when a test imports parseCliArgs.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

// Figure 3: requests per second that our mock (startMockGraph, own process) serves under autocannon, against two
// bare node:http servers (own processes) with the same request count and concurrency: one answering each request
// with the same bytes the mock sent for it (recorded once, up front: the fair baseline, #16), and one returning one
// fixed incident (kept for comparison with earlier runs). The list page of 50 is also measured against Prism
// (`lib/prism.mjs`) mocking specs/v1.0/openapi.yaml in the same rounds, in static mode (Prism's default), with the
// same autocannon settings: target >= 2.5x (#16). bench/README.md says why static, and what dynamic mode gives.
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { figure } from '../lib/figure.mjs';
import { installPrism, prismVersion, startPrism } from '../lib/prism.mjs';
import { startServerProcess } from '../lib/server-process.mjs';
import { median } from '../lib/stats.mjs';

const child = (name) => fileURLToPath(new URL(`../children/${name}`, import.meta.url));
const amount = 5000;
const connections = 10;
const repeats = 3;
// Issue 16's targets against the same bytes: 0.5x, and 0.6x for get by id.
const target = { of: 'ratio', op: '>=', limit: 0.5 };
const getTarget = { of: 'ratio', op: '>=', limit: 0.6 };
const prismTarget = { of: 'ratio', op: '>=', limit: 2.5 };
const spec = fileURLToPath(new URL('../../specs/v1.0/openapi.yaml', import.meta.url));

/** CPU time (user + system, µs) a process has used so far, from /proc; `null` where there is no /proc. */
function processCpuMicros(pid) {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the command name in parentheses), in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/**
 * One autocannon run of `amount` requests: requests per second over its wall time, bytes per response, and the load
 * generator's own CPU per request (autocannon runs in this process): when it nears a whole core, the figure
 * measures autocannon rather than the server.
 */
async function load({ pid, ...options }) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const serverBefore = processCpuMicros(pid);
  // autocannon notices the last response only at its next sample tick (every second by default), which would
  // round every run up to whole seconds; 5 ms ticks keep that error under 1 % here.
  const result = await autocannon({ ...options, amount, connections, timeout: 10, sampleInt: 5 });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverAfter = processCpuMicros(pid);
  const answered = result['2xx'];
  if (answered !== amount || result.errors > 0)
    throw new Error(
      `${options.url}: ${answered} of ${amount} got 2xx, ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  const clientMicros = used.user + used.system;
  return {
    perSecond: answered / seconds,
    bytesPerResponse: Math.round(result.throughput.total / answered),
    clientMicrosPerRequest: clientMicros / answered,
    clientCores: clientMicros / 1e6 / seconds,
    serverMicrosPerRequest:
      serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / answered,
  };
}

/** Headers node:http writes itself (and the same-bytes server's with them), not replayed. */
const transportHeaders = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * What the mock answers to one scenario, as the same-bytes server replays it: the status, every header the mock
 * wrote (its request ids as recorded, so of the same length) and the body.
 */
async function record(scenario) {
  const url = new URL(scenario.url);
  const method = scenario.method ?? 'GET';
  const response = await fetch(url, { method, headers: scenario.headers, body: scenario.body });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} while recording`);
  const body = Buffer.from(await response.arrayBuffer()).toString('base64');
  const headers = [...response.headers].filter(([name]) => !transportHeaders.has(name));
  return { method, path: `${url.pathname}${url.search}`, status: response.status, headers, body };
}

export async function measureMockThroughput() {
  installPrism();
  const bare = await startServerProcess(child('fixed-incident-server.mjs'));
  const mock = await startServerProcess(child('mock-graph-server.mjs'));
  const folder = mkdtempSync(join(tmpdir(), 'bench-same-bytes-'));
  let same;
  let prism;
  try {
    prism = await startPrism(spec);
    const auth = { authorization: 'Bearer bench' };
    const incident = `${mock.url}/v1.0/security/incidents/${mock.id}`;
    const scenarios = {
      baseline: { url: `${bare.url}/v1.0/security/incidents/${mock.id}` },
      'list page (default $top, 50 incidents)': { url: `${mock.url}/v1.0/security/incidents`, headers: auth },
      'list page of one ($top=1)': { url: `${mock.url}/v1.0/security/incidents?$top=1`, headers: auth },
      'get by id': { url: incident, headers: auth },
      PATCH: {
        url: incident,
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'active', classification: 'truePositive', determination: 'malware' }),
      },
    };
    const mockNames = Object.keys(scenarios).filter((name) => name !== 'baseline');
    // The PATCH first: the rounds repeat it, so the incident the gets and list pages answer with afterwards is the
    // patched one (its status, classification, determination); recorded after it, the baseline sends those bytes.
    const recordings = [];
    for (const name of ['PATCH', ...mockNames.filter((name) => name !== 'PATCH')])
      recordings.push(await record(scenarios[name]));
    writeFileSync(join(folder, 'answers.json'), JSON.stringify(recordings));
    same = await startServerProcess(child('same-bytes-server.mjs'), { args: [join(folder, 'answers.json')] });
    for (const name of mockNames) {
      const url = new URL(scenarios[name].url);
      scenarios[`same bytes: ${name}`] = {
        ...scenarios[name],
        url: `${same.url}${url.pathname}${url.search}`,
      };
    }
    // Prism serves the spec's paths below its server URL's path (`/security/incidents`, not `/v1.0/…`).
    scenarios['Prism static: list page'] = { url: `${prism.url}/security/incidents`, headers: auth };
    const names = Object.keys(scenarios);
    const pidOf = (name) =>
      name === 'baseline'
        ? bare.pid
        : name.startsWith('same bytes: ')
          ? same.pid
          : name.startsWith('Prism')
            ? null
            : mock.pid;
    // Warm-up: each scenario as many requests as one measured run. Below a few thousand requests both the servers
    // (V8 has not yet optimized their request paths) and autocannon are still far from their steady rate: with 500
    // requests each, the rounds that followed measured warm-up (bench/README.md, session 4).
    for (const name of names) await autocannon({ ...scenarios[name], amount, connections, sampleInt: 5 });
    const runs = Object.fromEntries(names.map((name) => [name, []]));
    // Repeat by round, so the baseline is measured between the mock's runs rather than once at one end.
    for (let repeat = 0; repeat < repeats; repeat += 1)
      for (const name of names) runs[name].push(await load({ ...scenarios[name], pid: pidOf(name) }));
    const baseline = median(runs.baseline.map((r) => r.perSecond));
    const perSecond = (name) => median(runs[name].map((r) => r.perSecond));
    const client = (name) => {
      const micros = median(runs[name].map((r) => r.clientMicrosPerRequest));
      const cores = median(runs[name].map((r) => r.clientCores));
      return `${Math.round(micros)} µs (${cores.toFixed(2)} of a core)`;
    };
    const note = (name, against) =>
      `${amount} requests, ${connections} connections, median of ${repeats}; ${runs[name][0].bytesPerResponse} B per response vs ${runs[against][0].bytesPerResponse} B for the baseline; autocannon's CPU per request ${client(name)} vs ${client(against)} for the baseline`;
    const listPage = 'list page (default $top, 50 incidents)';
    const version = prismVersion();
    const againstPrism = [
      figure({
        name: `mock throughput: ${listPage}`,
        value: perSecond(listPage),
        unit: 'req/s',
        baseline: perSecond('Prism static: list page'),
        baselineName: `Prism ${version} static mode, specs/v1.0`,
        target: prismTarget,
        note: note(listPage, 'Prism static: list page'),
      }),
    ];
    return [
      ...mockNames.flatMap((name) => [
        figure({
          name: `mock throughput: ${name}`,
          value: perSecond(name),
          unit: 'req/s',
          baseline: perSecond(`same bytes: ${name}`),
          baselineName: 'bare node:http, same bytes',
          target: name === 'get by id' ? getTarget : target,
          note: note(name, `same bytes: ${name}`),
        }),
        figure({
          name: `mock throughput: ${name}`,
          value: perSecond(name),
          unit: 'req/s',
          baseline,
          baselineName: 'bare node:http, fixed incident',
          note: note(name, 'baseline'),
        }),
      ]),
      ...againstPrism,
      // The servers' own CPU per request, which does not depend on how fast autocannon is: lower is better.
      ...mockNames.flatMap((name) => {
        const micros = (of) =>
          runs[of].some((r) => r.serverMicrosPerRequest === null)
            ? null
            : median(runs[of].map((r) => r.serverMicrosPerRequest));
        if (micros(name) === null || micros(`same bytes: ${name}`) === null) return [];
        return [
          figure({
            name: `mock server CPU per request: ${name}`,
            value: micros(name),
            unit: 'µs',
            baseline: micros(`same bytes: ${name}`),
            baselineName: 'bare node:http, same bytes',
            note: `user + system time of each server process from /proc over the same ${amount} requests, median of ${repeats}`,
          }),
        ];
      }),
    ];
  } finally {
    await Promise.all([bare.stop(), mock.stop(), same?.stop(), prism?.stop()]);
    rmSync(folder, { recursive: true, force: true });
  }
}

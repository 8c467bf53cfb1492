// Sends PATCH round-trips to the server at argv[2] through raw fetch, plain openapi-fetch, our client (built dist,
// default retry policy) and our client with retry and timeout off, rotating the order repeat by repeat, and prints
// one JSON line: per variant, the median per-request time of each repeat. All go through the global fetch (undici)
// with its default keep-alive agent, so they share one connection pool.
import { createIncidentsClient } from '@graph-incidents/client';
import createClient from 'openapi-fetch';
import { performance } from 'node:perf_hooks';

const [url, requestsArg = '2000', repeatsArg = '5', warmupArg = '500'] = process.argv.slice(2);
const requests = Number(requestsArg);
const repeats = Number(repeatsArg);
const warmup = Number(warmupArg);
const update = { status: 'resolved', classification: 'truePositive', determination: 'malware' };
const deadline = Date.now() + 120_000;

async function rawFetch() {
  const response = await fetch(`${url}/v1.0/security/incidents/29`, {
    method: 'PATCH',
    headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
    body: JSON.stringify(update),
  });
  if (!response.ok) throw new Error(`PATCH failed with ${response.status}`);
  return response.json();
}

const plain = createClient({ baseUrl: `${url}/v1.0`, headers: { authorization: 'Bearer bench' } });
async function openapiFetch() {
  const { data, error, response } = await plain.PATCH('/security/incidents/{incidentId}', {
    params: { path: { incidentId: '29' } },
    body: update,
  });
  if (error !== undefined) throw new Error(`PATCH failed with ${response.status}`);
  return data;
}

const graph = createIncidentsClient({ baseUrl: `${url}/v1.0`, getAccessToken: () => 'bench' });
const bare = createIncidentsClient({
  baseUrl: `${url}/v1.0`,
  getAccessToken: () => 'bench',
  retry: false,
  timeoutMs: 0,
});
const variants = {
  rawFetch,
  openapiFetch,
  client: () => graph.updateIncident('29', update),
  clientWithoutRetryOrTimeout: () => bare.updateIncident('29', update),
};

/** Times `count` sequential requests; returns the median of the per-request times in ms. */
async function timeRequests(send, count) {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    if (Date.now() > deadline) throw new Error('client overhead run exceeded 120 s');
    const started = performance.now();
    await send();
    times[i] = performance.now() - started;
  }
  times.sort();
  return count % 2 ? times[(count - 1) / 2] : (times[count / 2 - 1] + times[count / 2]) / 2;
}

const names = Object.keys(variants);
for (const name of names) await timeRequests(variants[name], warmup);
const result = { requests, medianMs: Object.fromEntries(names.map((name) => [name, []])) };
for (let repeat = 0; repeat < repeats; repeat += 1) {
  // Rotate which goes first, so drift over the run does not favour any.
  const order = names.map((_, i) => names[(i + repeat) % names.length]);
  for (const name of order) result.medianMs[name].push(await timeRequests(variants[name], requests));
}
process.stdout.write(`${JSON.stringify(result)}\n`);

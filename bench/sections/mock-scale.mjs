// Figure: the mock at 100,000 and 1,000,000 incidents (issue 12, item 12). Start-up time and memory, the time of a
// list page (unfiltered at any $skip, filtered, ordered; the first request of a query and the next page), and how
// long a get by id waits while 8 list requests with new filters are in flight. Targets on the reference machine
// (2 cores): 100,000 incidents start in <= 5 s within <= 500 MB; a list page answers in <= 20 ms.
// A deep unfiltered page is measured twice over: as the very first request a fresh server answers (cold: nothing of
// the request path or of building incidents has run yet; median over `freshServers` servers), and as the first read
// of pages never read before on a server that has answered that one request (warm code, incidents built from seeds).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { figure } from '../lib/figure.mjs';
import { median } from '../lib/stats.mjs';

const script = fileURLToPath(new URL('../children/mock-scale-server.mjs', import.meta.url));
const auth = { authorization: 'Bearer bench' };
const repeats = 5;
const freshServers = 3;

/** The server process and a reader of its JSON lines. */
async function start(incidents) {
  const child = spawn(process.execPath, [script, String(incidents)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  const info = await next();
  return {
    ...info,
    async rss() {
      child.stdin.write('rss\n');
      return (await next()).rssMb;
    },
    async stop() {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

async function timed(url) {
  const started = performance.now();
  const response = await fetch(url, { headers: auth });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return performance.now() - started;
}

/** Median time of the first request of each of `repeats` distinct queries, and of the request after it. */
async function firstAndNext(base, query) {
  const first = [];
  const next = [];
  for (let i = 0; i < repeats; i++) {
    first.push(await timed(`${base}${query(i)}`));
    next.push(await timed(`${base}${query(i)}`));
  }
  return { first: median(first), next: median(next) };
}

/**
 * One request to a throwaway local server, so that the first timed request is not the one that loads the bench's
 * own fetch (undici loads lazily, tens of milliseconds that are the client's, not the mock's).
 */
async function loadClient() {
  const server = createServer((request, response) => response.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const response = await fetch(`http://127.0.0.1:${server.address().port}/`);
  await response.arrayBuffer();
  server.closeAllConnections();
  server.close();
}

export async function measureMockScale() {
  const figures = [];
  await loadClient();
  for (const incidents of [100_000, 1_000_000]) {
    // A fresh server's first request, at a deep $skip; the last of these servers measures everything else.
    const cold = [];
    let server;
    let firstServer;
    for (let round = 0; round < freshServers; round++) {
      if (server) await server.stop();
      server = await start(incidents);
      firstServer ??= { startMs: server.startMs, rssMb: server.rssMb };
      cold.push(
        await timed(`${server.url}/v1.0/security/incidents?$skip=${Math.floor(incidents / 2) + 17 * round}`),
      );
    }
    try {
      const label = incidents.toLocaleString('en');
      const list = `${server.url}/v1.0/security/incidents`;
      const pageTarget = { of: 'value', op: '<=', limit: 20 };
      figures.push(
        figure({
          name: `mock scale ${label}: start-up`,
          value: firstServer.startMs,
          unit: 'ms',
          ...(incidents === 100_000 ? { target: { of: 'value', op: '<=', limit: 5000 } } : {}),
        }),
        figure({
          name: `mock scale ${label}: memory after start`,
          value: firstServer.rssMb,
          unit: 'MB',
          ...(incidents === 100_000 ? { target: { of: 'value', op: '<=', limit: 500 } } : {}),
        }),
      );
      // Unfiltered: distinct deep $skip values, so each first request builds its incidents from their seeds.
      const unfiltered = await firstAndNext(
        list,
        (i) => `?$skip=${Math.floor(((i + 1) * incidents) / (repeats + 2))}`,
      );
      // Filtered: a new filter each time (a different window), then the next page of it.
      const day = (i) => `2025-0${i + 1}-01T00:00:00Z`;
      const filtered = await firstAndNext(
        list,
        (i) =>
          `?$filter=${encodeURIComponent(`status eq 'active' and createdDateTime ge ${day(i)}`)}&$skip=${1000 + i}`,
      );
      const ordered = await firstAndNext(
        list,
        (i) =>
          `?$orderby=${encodeURIComponent(i % 2 ? 'severity desc' : 'lastUpdateDateTime')}&$skip=${5000 + i}`,
      );
      figures.push(
        figure({
          name: `mock scale ${label}: list page, unfiltered, deep $skip, a fresh server's first request`,
          value: median(cold),
          unit: 'ms',
          target: pageTarget,
          note: `median of ${freshServers} fresh servers: ${cold.map((ms) => ms.toFixed(1)).join(', ')} ms`,
        }),
      );
      for (const [name, value] of Object.entries({
        'list page, unfiltered, deep $skip': unfiltered.first,
        'list page, unfiltered, again': unfiltered.next,
        'list page, new $filter': filtered.first,
        'list page, same $filter, next page': filtered.next,
        'list page, new $orderby': ordered.first,
        'list page, same $orderby, next page': ordered.next,
      }))
        figures.push(
          figure({
            name: `mock scale ${label}: ${name}`,
            value,
            unit: 'ms',
            target: pageTarget,
            note: `median of ${repeats}`,
          }),
        );
      // A get by id while 8 list requests with filters never seen before are in flight.
      const waits = [];
      for (let round = 0; round < repeats; round++) {
        const lists = Array.from({ length: 8 }, (_, i) =>
          timed(
            `${list}?$filter=${encodeURIComponent(`severity ne 'low' and lastUpdateDateTime ge 2025-0${1 + (i % 9)}-1${round}T00:00:00Z`)}&$count=true`,
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 1));
        waits.push(await timed(`${list}/${server.id}`));
        await Promise.all(lists);
      }
      figures.push(
        figure({
          name: `mock scale ${label}: get by id during 8 new filtered lists`,
          value: median(waits),
          unit: 'ms',
          note: `median of ${repeats}`,
        }),
        figure({ name: `mock scale ${label}: memory after paging`, value: await server.rss(), unit: 'MB' }),
      );
    } finally {
      await server.stop();
    }
  }
  return figures;
}

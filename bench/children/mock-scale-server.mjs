// The mock (startMockGraph from the built @graph-incidents/mocks) with a large store, in its own process. Usage:
// `node mock-scale-server.mjs <incidents>`. Prints `{ "url", "id", "startMs", "rssMb" }` once it listens (start-up
// time and resident memory right after start); on every `rss` line on stdin prints `{ "rssMb" }`; stops when stdin
// ends.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { startMockGraph } from '@graph-incidents/mocks/server';

const incidents = Number(process.argv[2]);
const started = performance.now();
const graph = await startMockGraph({ seed: 1, incidents });
const startMs = performance.now() - started;
const rssMb = () => Math.round(process.memoryUsage().rss / 1e6);
const id = graph.store.readonlySlot(graph.store.slots().at(0))['id'];
process.stdout.write(`${JSON.stringify({ url: graph.url, id, startMs, rssMb: rssMb() })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'rss') process.stdout.write(`${JSON.stringify({ rssMb: rssMb() })}\n`);
});
lines.on('close', () => graph.close().then(() => process.exit(0)));

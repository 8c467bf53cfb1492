// Our mock (startMockGraph from the built @graph-incidents/mocks) in its own process. Prints `{ "url", "id" }` on
// stdout once it listens, `id` being an incident to get and PATCH; it stops when its parent closes stdin.
import { startMockGraph } from '@graph-incidents/mocks/server';

const graph = await startMockGraph({ seed: 1, incidents: 120 });
const id = graph.store.list()[0].id;
process.stdout.write(`${JSON.stringify({ url: graph.url, id })}\n`);
process.stdin.on('end', () => graph.close().then(() => process.exit(0)));
process.stdin.resume();

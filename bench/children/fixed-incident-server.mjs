// The baseline server: bare node:http answering every request with one fixed incident, serialised once. Runs in its
// own process and prints `{ "url": … }` on stdout once it listens; it stops when its parent closes stdin.
import { buildIncident } from '@graph-incidents/mocks';
import { createServer } from 'node:http';

const body = Buffer.from(JSON.stringify(buildIncident({}, { seed: 1 })));
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

const server = createServer((request, response) => {
  // Read the request body to its end, as any real server must before answering.
  request.resume();
  request.on('end', () => response.writeHead(200, headers).end(body));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, bytes: body.length })}\n`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();

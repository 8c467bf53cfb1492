// The "same bytes" baseline: bare node:http answering each request with the exact status, headers and body our mock
// sent for that method and URL, recorded once before the measurement (the JSON file named by argv[2]) and serialized
// once here. node:http adds Date, Connection, Keep-Alive and Content-Length to both alike. What the mock does beyond this is its own work. Prints `{ "url" }` once it listens; stops
// when its parent closes stdin.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const recorded = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const answers = new Map(
  recorded.map(({ method, path, status, headers: recordedHeaders, body }) => {
    const bytes = Buffer.from(body, 'base64');
    const headers = { ...Object.fromEntries(recordedHeaders), 'content-length': String(bytes.length) };
    return [`${method} ${path}`, { status, headers, bytes }];
  }),
);

const server = createServer((request, response) => {
  const answer = answers.get(`${request.method} ${request.url}`);
  // Read the request body to its end, as any real server must before answering.
  request.resume();
  request.on('end', () => {
    if (!answer) response.writeHead(404).end();
    else response.writeHead(answer.status, answer.headers).end(answer.bytes);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();

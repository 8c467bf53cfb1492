// How the HTTP server reads request bodies: whole, in several pieces with or without a Content-Length, too large,
// malformed, and behind a latency. The handler sees the same text whichever way the bytes arrived.
import { once } from 'node:events';
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unreadableJsonMessage } from './body-checks.js';
import { delegatedToken } from './graph-test.test-helper.js';
import { type MockGraph, startMockGraph } from './server.js';

let graph: MockGraph;
let target: string;

beforeAll(async () => {
  graph = await startMockGraph({ seed: 5, incidents: 20 });
  target = graph.store.list()[3]!.id;
});
afterAll(() => graph.close());

const authorization = `Bearer ${delegatedToken}`;

/**
 * Sends a PATCH of `bytes` in the pieces cut at `cuts`, pausing between them so that each arrives on its own;
 * with a Content-Length when `contentLength`, else chunked. Resolves to the status and the answer's text.
 */
async function patchInPieces(
  url: string,
  bytes: Buffer,
  cuts: readonly number[],
  contentLength: boolean,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  const request = http.request(url, {
    method: 'PATCH',
    headers: {
      authorization,
      'content-type': 'application/json',
      ...(contentLength ? { 'content-length': String(bytes.length) } : {}),
    },
  });
  request.flushHeaders();
  let from = 0;
  for (const cut of cuts) {
    request.write(bytes.subarray(from, cut));
    from = cut;
    await delay(15);
  }
  request.end(bytes.subarray(from));
  const [response] = (await once(request, 'response')) as [http.IncomingMessage];
  let text = '';
  for await (const chunk of response.setEncoding('utf8')) text += chunk;
  return { status: response.statusCode!, text, headers: response.headers };
}

describe('the server reads a PATCH body', () => {
  it('in three pieces with a Content-Length, a character split between two of them', async () => {
    const summary = `three pieces ${'é'.repeat(4)} \u2028 end`;
    const bytes = Buffer.from(JSON.stringify({ summary, status: 'inProgress' }), 'utf8');
    const inside = bytes.indexOf(0xc3) + 1; // between the two bytes of the first 'é'
    const { status, text, headers } = await patchInPieces(
      `${graph.url}/v1.0/security/incidents/${target}`,
      bytes,
      [5, inside],
      true,
    );
    expect(status).toBe(200);
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toMatchObject({ summary, status: 'inProgress' });
    expect(graph.store.get(target)).toMatchObject({ summary, status: 'inProgress' });
  });

  it('chunked without a Content-Length, in one chunk and in several, a character split between them', async () => {
    for (const cuts of [[], [1], [3, 9, 20]]) {
      const summary = `chunked ${cuts.length} ${'é'.repeat(3)} end`;
      const bytes = Buffer.from(JSON.stringify({ summary }), 'utf8');
      const inside = bytes.indexOf(0xc3) + 1;
      const { status, text } = await patchInPieces(
        `${graph.url}/v1.0/security/incidents/${target}`,
        bytes,
        cuts.length === 0 ? [] : [...cuts, inside].sort((a, b) => a - b),
        false,
      );
      expect(status, String(cuts)).toBe(200);
      expect(JSON.parse(text).summary).toBe(summary);
      expect(graph.store.get(target)!.summary).toBe(summary);
    }
  });

  it("answers malformed JSON in several pieces with Graph's 400 and leaves the store as it was", async () => {
    const before = graph.store.snapshot();
    for (const contentLength of [true, false]) {
      const { status, text } = await patchInPieces(
        `${graph.url}/v1.0/security/incidents/${target}`,
        Buffer.from('{"summary": "never stored", "status": ', 'utf8'),
        [4, 17],
        contentLength,
      );
      expect(status).toBe(400);
      const { error } = JSON.parse(text);
      expect(error).toMatchObject({ code: 'BadRequest', message: unreadableJsonMessage });
      expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(graph.store.snapshot()).toBe(before);
  });

  it('answers 413 to a chunked body over 1 MiB, changes nothing, and goes on serving', async () => {
    const before = graph.store.snapshot();
    const piece = Buffer.alloc(600 * 1024, 'x');
    const { status, text } = await patchInPieces(
      `${graph.url}/v1.0/security/incidents/${target}`,
      Buffer.concat([Buffer.from('{"summary":"'), piece, piece, Buffer.from('"}')]),
      [12 + piece.length],
      false,
    );
    expect(status).toBe(413);
    expect(text).toBe('Request body too large.');
    expect(graph.store.snapshot()).toBe(before);
    const after = await fetch(`${graph.url}/v1.0/security/incidents/${target}`, {
      headers: { authorization },
    });
    expect(after.status).toBe(200);
  });

  it('behind a latency, reading the body first and answering after the delay', async () => {
    const slow = await startMockGraph({ seed: 5, incidents: 20, latencyMs: 40 });
    try {
      const summary = 'after the delay';
      const started = performance.now();
      const { status, text } = await patchInPieces(
        `${slow.url}/v1.0/security/incidents/${target}`,
        Buffer.from(JSON.stringify({ summary }), 'utf8'),
        [7],
        true,
      );
      expect(status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(40);
      expect(JSON.parse(text).summary).toBe(summary);
      expect(slow.store.get(target)!.summary).toBe(summary);
    } finally {
      await slow.close();
    }
  });
});

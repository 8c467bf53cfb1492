import { describe, expect, test } from 'vitest';
import { parseRecording } from './recording.js';

describe('parseRecording locates unusable parts with RFC 6901 pointers', () => {
  test('a header name holding ~ and / is escaped (~0, ~1) in the pointer of its unusable value', () => {
    const { exchanges, problems } = parseRecording({
      request: { method: 'get', url: 'https://graph.microsoft.com/v1.0/security/incidents' },
      response: {
        status: 200,
        headers: { 'x-a/b~c': { nested: true }, '': [], 'content-type': 'text/plain' },
      },
    });
    expect(problems.map((problem) => problem.pointer)).toEqual([
      '/0/response/headers/x-a~1b~0c',
      '/0/response/headers/',
    ]);
    // The exchange is still read, without the unusable headers.
    expect(exchanges[0]?.response.headers).toEqual({ 'content-type': 'text/plain' });
  });
});

import { describe, expect, it } from 'vitest';
import { RequestContext } from './request-context.js';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RequestContext', () => {
  it('gives every request a distinct random-version GUID as its request-id, across a new random stem', () => {
    // 65,536 ids share a random stem; 140,000 cross at least two stems.
    const ids = new Set<string>();
    const stems = new Set<string>();
    const malformed: string[] = [];
    for (let n = 0; n < 140_000; n++) {
      const { requestId } = new RequestContext({ method: 'GET', url: 'http://x/v1.0', headers: {} });
      if (!guid.test(requestId)) malformed.push(requestId);
      ids.add(requestId);
      stems.add(requestId.slice(0, 32));
    }
    expect(malformed).toEqual([]);
    expect(ids.size).toBe(140_000);
    expect(stems.size).toBeGreaterThanOrEqual(2);
  });

  it('echoes client-request-id, and uses the request-id for it when the client sent none', () => {
    const own = new RequestContext({ method: 'GET', url: 'http://x/', headers: {} });
    expect(own.clientRequestId).toBe(own.requestId);
    const echoed = new RequestContext({
      method: 'GET',
      url: 'http://x/',
      headers: { 'client-request-id': 'caller-chosen' },
    });
    expect(echoed.clientRequestId).toBe('caller-chosen');
    expect(echoed.requestId).not.toBe(own.requestId);
  });
});

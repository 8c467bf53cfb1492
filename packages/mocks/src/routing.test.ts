import { describe, expect, it } from 'vitest';
import { RequestContext } from './request-context.js';
import { requestUrl, routeRequest } from './routing.js';

const route = (method: string, url: string, headers: Record<string, string> = {}) => {
  const request = { method, url, headers };
  return routeRequest(request, new RequestContext(request));
};

describe('routeRequest, remembering the route of a URL', () => {
  it('routes the same URL by each method in turn, the remembered route never standing in for another method', () => {
    const url = 'http://127.0.0.1:4010/v1.0/security/incidents/42';
    for (const [method, expected] of [
      ['GET', 'getIncident'],
      ['PATCH', 'updateIncident'],
      ['PATCH', 'updateIncident'],
      ['DELETE', 405],
      ['GET', 'getIncident'],
      ['patch', 'updateIncident'],
    ] as const) {
      const routed = route(method, url);
      if (typeof expected === 'number') expect('status' in routed && routed.status).toBe(expected);
      else {
        expect('route' in routed && routed.route.operationId, method).toBe(expected);
        expect('route' in routed && routed.route.parameters).toEqual({ incidentId: '42' });
      }
    }
  });

  it("points each origin's answers at its own service root, alternating", () => {
    for (const origin of ['http://a.example', 'http://b.example:8080', 'http://a.example']) {
      const routed = route('GET', `${origin}/beta/security/incidents`);
      expect('api' in routed && routed.api.serviceRoot).toBe(`${origin}/beta`);
    }
  });

  it('still refuses a malformed Host header for a URL it has routed before', () => {
    const url = 'http://127.0.0.1:4010/v1.0/security/incidents';
    expect('route' in route('GET', url, { host: '127.0.0.1:4010' })).toBe(true);
    const refused = route('GET', url, { host: 'bad host' });
    expect('status' in refused && refused.status).toBe(400);
  });

  it('parses a URL once while it is remembered, and refuses text that is no URL', () => {
    const text = 'http://127.0.0.1:4010/v1.0/security/incidents?$top=1';
    expect(requestUrl(text)).toBe(requestUrl(text));
    expect(requestUrl(text)?.search).toBe('?$top=1');
    expect(requestUrl('not a url')).toBeUndefined();
    const refused = route('GET', 'not a url');
    expect('status' in refused && refused.status).toBe(400);
  });
});

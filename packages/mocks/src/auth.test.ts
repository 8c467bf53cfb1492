import { describe, expect, it } from 'vitest';
import { readToken } from './auth.js';
import { appToken, delegatedToken } from './graph-test.test-helper.js';

const read = (authorization?: string) =>
  readToken({
    method: 'GET',
    url: 'http://x/v1.0/security/incidents',
    headers: authorization === undefined ? {} : { authorization },
  });

describe('readToken', () => {
  it("reads each request's own Authorization header, whichever was read before it", () => {
    const sequence = [
      `Bearer ${appToken}`,
      `Bearer ${appToken}`,
      `Bearer ${delegatedToken}`,
      undefined,
      `Bearer ${appToken}`,
      'Bearer opaque-token',
      'Basic dXNlcjpwYXNz',
      `Bearer ${appToken}`,
    ];
    const seen = sequence.map((authorization) => read(authorization));
    expect(seen[0]).toMatchObject({ claims: { app_displayname: 'SOC robot' } });
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toMatchObject({ claims: { upn: 'analyst@contoso.com' } });
    expect(seen[3]).toEqual({ problem: 'Access token is empty.' });
    expect(seen[4]).toEqual(seen[0]);
    expect(seen[5]).toEqual({});
    expect(seen[6]).toMatchObject({ problem: expect.stringContaining('not a bearer token') });
    expect(seen[7]).toEqual(seen[0]);
  });
});

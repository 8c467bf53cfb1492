import { describe, expect, test } from 'vitest';
import type { Har, HarEntry } from './har.js';
import { redactHar } from './redact.js';

const tenant = 'B3C1B5FC-828C-45FA-A1E1-10D74F6D6E9C';

function entry(url: string, body: string, headers: Record<string, string> = {}): HarEntry {
  const list = Object.entries(headers).map(([name, value]) => ({ name, value }));
  return {
    startedDateTime: '2026-05-04T10:00:00.000Z',
    time: 1,
    request: {
      method: 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [{ name: 'session', value: 'abc' }],
      headers: list,
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: body.length, mimeType: 'application/json', text: body },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

const har = (...entries: HarEntry[]): Har => ({
  log: { version: '1.2', creator: { name: 'test', version: '0' }, entries },
});

describe('redactHar', () => {
  test('removes credential headers, cookies, credential query parameters and any JWT, and leaves the input alone', () => {
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzY3AiOiJVc2VyLlJlYWQifQ.';
    const input = har(
      entry(
        'https://graph.microsoft.com/v1.0/security/incidents?$top=2&code=abc&sig=xyz',
        JSON.stringify({ note: `token ${jwt} inside` }),
        { Authorization: 'Bearer x', 'X-Custom-Token': 'y', Accept: 'application/json' },
      ),
    );
    const before = JSON.stringify(input);
    const [redacted] = redactHar(input).log.entries;
    expect(JSON.stringify(input)).toBe(before);
    expect(redacted!.request.url).toBe(
      'https://graph.microsoft.com/v1.0/security/incidents?$top=2&code=REDACTED&sig=REDACTED',
    );
    expect(redacted!.request.queryString.map((q) => q.value)).toEqual(['2', 'REDACTED', 'REDACTED']);
    expect(redacted!.request.headers.map((h) => h.value)).toEqual([
      '[redacted]',
      '[redacted]',
      'application/json',
    ]);
    expect(redacted!.request.cookies).toEqual([{ name: 'session', value: '[redacted]' }]);
    expect(redacted!.response.content.text).toBe('{"note":"token REDACTED inside"}');
  });

  test('pseudonymises GUIDs and UPNs consistently across entries and encodings, not OData annotations', () => {
    const body = JSON.stringify({
      tenantId: tenant.toLowerCase(),
      assignedTo: 'Alice@Contoso.com',
      other: 'bob@contoso.com',
      'alerts@odata.context': 'x',
      incidentWebUrl: `https://security.microsoft.com/incident2/1/overview?tid=${tenant.toLowerCase()}`,
    });
    const { entries } = redactHar(
      har(
        entry(
          `https://graph.microsoft.com/v1.0/security/incidents?$filter=assignedTo%20eq%20'alice%40contoso.com'`,
          body,
        ),
        entry('https://graph.microsoft.com/v1.0/security/incidents/1', JSON.stringify({ tenantId: tenant })),
      ),
      { pseudonymise: true },
    ).log;
    const first = JSON.parse(entries[0]!.response.content.text!) as Record<string, string>;
    const second = JSON.parse(entries[1]!.response.content.text!) as Record<string, string>;
    expect(first['tenantId']).toBe('00000000-0000-4000-8000-000000000001');
    expect(second['tenantId']).toBe(first['tenantId']);
    expect(first['incidentWebUrl']).toContain(`tid=${first['tenantId']}`);
    expect(first['assignedTo']).toBe('user1@contoso.example');
    expect(first['other']).toBe('user2@contoso.example');
    expect(first['alerts@odata.context']).toBe('x');
    expect(entries[0]!.request.url).toContain("'user1%40contoso.example'");
  });

  test('a form posted as HAR params (a token request) loses its client_secret and any JWT, keeping the other values', () => {
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzY3AiOiJVc2VyLlJlYWQifQ.';
    const form = entry('https://login.microsoftonline.com/tenant/oauth2/v2.0/token', '{}');
    form.request.method = 'POST';
    form.request.postData = {
      mimeType: 'application/x-www-form-urlencoded',
      params: [
        { name: 'grant_type', value: 'client_credentials' },
        { name: 'client_secret', value: 's3cret' },
        { name: 'client_assertion', value: jwt },
        { name: 'note', value: `see ${jwt}` },
        { name: 'upload', fileName: 'a.txt' },
      ],
    };
    const [redacted] = redactHar(har(form)).log.entries;
    expect(redacted!.request.postData?.params).toEqual([
      { name: 'grant_type', value: 'client_credentials' },
      { name: 'client_secret', value: 'REDACTED' },
      { name: 'client_assertion', value: 'REDACTED' },
      { name: 'note', value: 'see REDACTED' },
      { name: 'upload', fileName: 'a.txt' },
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Har } from './har.js';
import type { SimpleExchange } from './recording.js';
import { verifyRecording, type VerifyResult } from './verify.js';

const har = JSON.parse(
  readFileSync(new URL('../recordings/v1.0-incidents.har', import.meta.url), 'utf8'),
) as Har;

/** The body of a recorded entry, found by method and URL ending, as a fresh copy to break. */
function bodyOf(method: string, urlEnd: string): Record<string, unknown> {
  const entry = har.log.entries.find((e) => e.request.method === method && e.request.url.endsWith(urlEnd));
  if (!entry?.response.content.text) throw new Error(`no recorded ${method} …${urlEnd}`);
  return JSON.parse(entry.response.content.text) as Record<string, unknown>;
}

const graph = 'https://graph.microsoft.com/v1.0';
const json = { 'content-type': 'application/json' };

function exchange(
  method: string,
  path: string,
  status: number,
  body: unknown,
  options: { headers?: Record<string, string>; requestHeaders?: Record<string, string> } = {},
): SimpleExchange {
  return {
    request: {
      method,
      url: path.startsWith('/security') ? graph + path : path,
      headers: options.requestHeaders ?? {},
    },
    response: { status, headers: options.headers ?? json, body },
  };
}

/** `rule pointer` of each finding, the form the assertions compare. */
function verdict(result: VerifyResult): string[] {
  return result.findings.map((f) => `${f.severity} ${f.rule} ${f.pointer}`);
}

describe('verifyRecording on our own recording', () => {
  test('every exchange of recordings/v1.0-incidents.har conforms; the only finding is the innerError quirk', () => {
    const result = verifyRecording(har, { file: 'v1.0-incidents.har' });
    expect(result.problems).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.verified).toBe(har.log.entries.length);
    expect(verdict(result)).toEqual(['warning innerError-date-without-timezone /error/innerError/date']);
    expect(result.findings[0]).toMatchObject({
      file: 'v1.0-incidents.har',
      entry: 8,
      operationId: 'getIncident',
    });
  });
});

describe('operations, statuses and media types', () => {
  const incident = bodyOf('GET', '/security/incidents/1024');

  test('finds the operation by method and path template, on any host, after /v1.0 or /beta', () => {
    for (const url of [
      `${graph}/security/incidents/1024`,
      'https://graph.microsoft.us/beta/security/incidents/1024',
      '/v1.0/security/incidents/1024',
    ]) {
      const result = verifyRecording(exchange('GET', url, 200, incident));
      expect(result.verified, url).toBe(1);
      expect(result.findings, url).toEqual([]);
    }
  });

  test('a literal segment wins over a parameter: /$count is countIncidents, not an incident id', () => {
    const result = verifyRecording(
      exchange('GET', '/security/incidents/%24count', 200, '12', {
        headers: { 'content-type': 'text/plain' },
      }),
    );
    expect(result.findings).toEqual([]);
    const bad = verifyRecording(
      exchange('GET', '/security/incidents/$count', 200, 'twelve', {
        headers: { 'content-type': 'text/plain' },
      }),
    );
    expect(bad.findings.map((f) => [f.operationId, f.rule])).toEqual([['countIncidents', 'wrong-type']]);
  });

  test('exchanges outside the contract are skipped; an undeclared method on a known path is an error', () => {
    const result = verifyRecording([
      exchange('GET', `${graph}/me`, 200, {}),
      exchange('GET', 'https://example.com/index.html', 200, '<html>'),
      exchange('DELETE', '/security/incidents/1024', 204, undefined),
    ]);
    expect(result.skipped.map((s) => s.url)).toEqual([`${graph}/me`, 'https://example.com/index.html']);
    expect(verdict(result)).toEqual(['error unknown-operation ']);
    expect(result.findings[0]).toMatchObject({
      expected: 'GET or PATCH /security/incidents/{incidentId}',
      found: 'DELETE',
    });
  });

  test('an undeclared method that the service refuses with 405 conforms; its body is checked as an error', () => {
    const refused = { error: { code: 'notSupported', message: 'The HTTP method is not allowed.' } };
    const result = verifyRecording([
      exchange('DELETE', '/security/incidents/1024', 405, refused),
      exchange('POST', '/security/incidents/$count', 405, refused),
    ]);
    expect(result.findings).toEqual([]);
    expect(result.verified).toBe(2);
    const broken = verifyRecording(exchange('DELETE', '/security/incidents/1024', 405, { error: 'no' }));
    expect(verdict(broken)).toEqual(['error wrong-type /error']);
  });

  test('statuses match exactly, then by range (4XX), else they are undeclared', () => {
    const error = { error: { code: 'NotFound', message: '' } };
    expect(verifyRecording(exchange('GET', '/security/incidents/1', 404, error)).findings).toEqual([]);
    expect(verifyRecording(exchange('GET', '/security/incidents/1', 503, error)).findings).toEqual([]);
    expect(verdict(verifyRecording(exchange('GET', '/security/incidents/1', 204, undefined)))).toEqual([
      'error undeclared-status ',
    ]);
    expect(verdict(verifyRecording(exchange('GET', '/security/incidents/1', 301, undefined)))).toEqual([
      'error undeclared-status ',
    ]);
  });

  test('Content-Type accepts OData parameters and rejects another media type', () => {
    const odata =
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
    expect(
      verifyRecording(
        exchange('GET', '/security/incidents/1024', 200, incident, { headers: { 'Content-Type': odata } }),
      ).findings,
    ).toEqual([]);
    const html = verifyRecording(
      exchange('GET', '/security/incidents/1024', 200, incident, {
        headers: { 'content-type': 'text/html' },
      }),
    );
    expect(html.findings.map((f) => [f.rule, f.expected, f.found])).toEqual([
      ['wrong-content-type', 'application/json', 'text/html'],
    ]);
  });

  test('a declared body that is missing is an error', () => {
    expect(verdict(verifyRecording(exchange('GET', '/security/incidents/1024', 200, undefined)))).toEqual([
      'error missing-body ',
    ]);
  });
});

describe('body classification', () => {
  test('wrong type, null for a non-null property, missing non-null property, unknown property', () => {
    const incident = bodyOf('GET', '/security/incidents/1024');
    incident['priorityScore'] = 'high';
    incident['severity'] = null;
    delete incident['createdDateTime'];
    incident['tags'] = [];
    const result = verifyRecording(exchange('GET', '/security/incidents/1024', 200, incident));
    expect(verdict(result).sort()).toEqual([
      'error missing-property /createdDateTime',
      'error wrong-type /priorityScore',
      'error wrong-type /severity',
      'warning unknown-property /tags',
    ]);
    expect(result.findings.find((f) => f.pointer === '/priorityScore')).toMatchObject({
      expected: 'integer,null',
      found: 'string',
    });
  });

  test('a missing nullable property is not a finding, and $select leaves out required ones legitimately', () => {
    const incident = bodyOf('GET', '/security/incidents/1024');
    delete incident['summary'];
    delete incident['assignedTo'];
    expect(verifyRecording(exchange('GET', '/security/incidents/1024', 200, incident)).findings).toEqual([]);
    const selected = { id: '1024', status: 'active' };
    expect(
      verifyRecording(exchange('GET', '/security/incidents/1024?$select=id,status', 200, selected)).findings,
    ).toEqual([]);
    // …but not a property it asked for.
    expect(
      verdict(
        verifyRecording(
          exchange('GET', '/security/incidents/1024?$select=id,status,severity', 200, selected),
        ),
      ),
    ).toEqual(['error missing-property /severity']);
  });

  test('enum values: PascalCase is an error that names the member; other non-members are errors too', () => {
    const incident = bodyOf('GET', '/security/incidents/1024');
    incident['status'] = 'Active';
    incident['classification'] = 'benignPositive';
    const result = verifyRecording(exchange('GET', '/security/incidents/1024', 200, incident));
    expect(result.findings.map((f) => [f.rule, f.pointer, f.found])).toEqual([
      ['invalid-enum-value', '/classification', '"benignPositive"'],
      ['invalid-enum-value', '/status', '"Active"'],
    ]);
    expect(result.findings[1]!.expected).toContain('"active"');
  });

  test('evolvable enums follow the Prefer header', () => {
    const prefer = { prefer: 'include-unknown-enum-members' };
    const incident = bodyOf('GET', '/security/incidents/1024');
    incident['status'] = 'awaitingAction';
    // A member after unknownFutureValue: fine with Prefer; without it Graph should have sent the sentinel.
    expect(
      verifyRecording(exchange('GET', '/security/incidents/1024', 200, incident, { requestHeaders: prefer }))
        .findings,
    ).toEqual([]);
    expect(verdict(verifyRecording(exchange('GET', '/security/incidents/1024', 200, incident)))).toEqual([
      'warning hidden-enum-member /status',
    ]);
    // A member newer than the spec: allowed by the evolvable-enum rules only when the request opted in.
    incident['status'] = 'escalatedToExperts';
    expect(
      verdict(
        verifyRecording(
          exchange('GET', '/security/incidents/1024', 200, incident, { requestHeaders: prefer }),
        ),
      ),
    ).toEqual(['warning newer-enum-member /status']);
    expect(verdict(verifyRecording(exchange('GET', '/security/incidents/1024', 200, incident)))).toEqual([
      'error invalid-enum-value /status',
    ]);
  });

  test('@odata.type: the wrong namespace, an unknown evidence kind, and unknown properties of a kind', () => {
    const incident = bodyOf('GET', '/security/incidents/1024?$expand=alerts');
    incident['@odata.type'] = '#microsoft.graph.incident';
    const alerts = incident['alerts'] as Record<string, unknown>[];
    const evidence = alerts[0]!['evidence'] as Record<string, unknown>[];
    evidence[0]!['@odata.type'] = '#microsoft.graph.security.hologramEvidence';
    evidence[1]!['hostName'] = 'not an ipEvidence property';
    const result = verifyRecording(exchange('GET', '/security/incidents/1024?$expand=alerts', 200, incident));
    expect(verdict(result)).toEqual([
      'error wrong-odata-type /@odata.type',
      'error wrong-odata-type /alerts/0/evidence/0/@odata.type',
      'warning unknown-property /alerts/0/evidence/1/hostName',
    ]);
  });

  test('open types take any property (alert additionalData), closed nested types do not (userAccount)', () => {
    const incident = bodyOf('GET', '/security/incidents/1024?$expand=alerts');
    const alert = (incident['alerts'] as Record<string, unknown>[])[0]!;
    alert['additionalData'] = { anything: { nested: [1, 2] } };
    expect(
      verifyRecording(exchange('GET', '/security/incidents/1024?$expand=alerts', 200, incident)).findings,
    ).toEqual([]);
    const evidence = (alert['evidence'] as Record<string, unknown>[])[0]!;
    (evidence['userAccount'] as Record<string, unknown>)['mood'] = 'calm';
    expect(
      verdict(verifyRecording(exchange('GET', '/security/incidents/1024?$expand=alerts', 200, incident))),
    ).toEqual(['warning unknown-property /alerts/0/evidence/0/userAccount/mood']);
  });

  test('a format violation is an error; innerError.date without a time zone is only a warning', () => {
    const incident = bodyOf('GET', '/security/incidents/1024');
    incident['createdDateTime'] = '2026-05-04T09:15:02';
    expect(verdict(verifyRecording(exchange('GET', '/security/incidents/1024', 200, incident)))).toEqual([
      'error invalid-value /createdDateTime',
    ]);
    const error = {
      error: {
        code: 'BadRequest',
        message: 'x',
        innerError: {
          date: '2026-05-04T10:03:12Z',
          innerError: { code: 'inner', date: '2026-05-04T10:03:12' },
        },
      },
    };
    expect(verdict(verifyRecording(exchange('PATCH', '/security/incidents/1', 400, error)))).toEqual([
      'warning innerError-date-without-timezone /error/innerError/innerError/date',
    ]);
  });

  test('@odata.context must name the resource the request addressed', () => {
    const comments = bodyOf('POST', '/security/incidents/1024/comments');
    const post = (context: string): string[] =>
      verdict(
        verifyRecording(
          exchange('POST', '/security/incidents/1024/comments', 200, {
            ...comments,
            '@odata.context': context,
          }),
        ),
      );
    expect(post(`${graph}/$metadata#security/incidents('1024')/comments`)).toEqual([]);
    expect(post(`${graph}/$metadata#security/incidents('1023')/comments`)).toEqual([
      'error wrong-odata-context /@odata.context',
    ]);
    expect(post(`${graph}/$metadata#security/alerts_v2('da1')/comments`)).toEqual([
      'error wrong-odata-context /@odata.context',
    ]);
    const incident = bodyOf('GET', '/security/incidents/1024');
    const get = (context: string): string[] =>
      verdict(
        verifyRecording(
          exchange('GET', '/security/incidents/1024', 200, { ...incident, '@odata.context': context }),
        ),
      );
    expect(get(`${graph}/$metadata#security/incidents/$entity`)).toEqual([]);
    expect(get(`${graph}/$metadata#security/incidents(id,status)/$entity`)).toEqual([]);
    expect(get(`${graph}/$metadata#security/incidents`)).toEqual([
      'error wrong-odata-context /@odata.context',
    ]);
  });
});

describe('unusable input', () => {
  test('trailing commas in a body are an unparseable-body problem with a line and column', () => {
    const result = verifyRecording(
      exchange('GET', '/security/incidents/1', 200, '{\n  "id": "1",\n  "tags": ["a",],\n}'),
    );
    expect(result.findings).toEqual([]);
    expect(result.problems).toEqual([
      {
        code: 'unparseable-body',
        entry: 0,
        message: 'the body is not valid JSON: trailing comma at line 3, column 15',
        line: 3,
        column: 15,
      },
    ]);
  });

  test('a malformed HAR names what is missing and where', () => {
    expect(verifyRecording({ log: {} }).problems).toMatchObject([
      { code: 'invalid-har', pointer: '/log/entries' },
    ]);
    const result = verifyRecording({
      log: { entries: [{ request: { method: 'GET' }, response: { status: 200 } }] },
    });
    expect(result.problems).toMatchObject([
      { code: 'invalid-har', entry: 0, pointer: '/log/entries/0/request' },
    ]);
    expect(verifyRecording({ hello: 'world' }).problems).toMatchObject([
      { code: 'invalid-har', pointer: '' },
    ]);
  });

  test('HAR bodies may be base64-encoded', () => {
    const entry = structuredClone(har.log.entries[2]!);
    const text = entry.response.content.text!;
    const encoded = {
      ...entry,
      response: {
        ...entry.response,
        content: {
          ...entry.response.content,
          text: Buffer.from(text).toString('base64'),
          encoding: 'base64',
        },
      },
    };
    expect(verifyRecording({ log: { entries: [encoded] } })).toMatchObject({
      findings: [],
      problems: [],
      verified: 1,
    });
  });
});

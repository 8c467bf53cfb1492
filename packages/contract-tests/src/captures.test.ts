/**
 * Third-party captures of the live service as tests (issue #13): the bodies quoted in facts.md §8 and the captures
 * in corpus/ verify with zero errors, and the live 2026 list items type-check against the published types and the
 * client's item type without a cast. Everything is read from ../shared at test time, never copied.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { verifyRecording, type VerifyResult } from './verify.js';

const reference = fileURLToPath(new URL('../../../../shared/graph-reference/', import.meta.url));
const present = existsSync(`${reference}facts.md`);
if (!present) {
  if (process.env['CI'] === 'true') throw new Error(`${reference} is missing; CI must have ../shared`);
  console.warn(`Capture tests skipped: ${reference} is absent.`);
}
const facts = present ? readFileSync(`${reference}facts.md`, 'utf8') : '';
const corpusFile = (name: string): string => readFileSync(`${reference}corpus/${name}`, 'utf8');

/** The text of facts §8, the field reports of the live service. */
const fieldReports = facts.slice(facts.indexOf('## 8. Field reports'));
/** One bullet of §8, from its bold title to the next bullet. */
function bullet(title: string): string {
  const start = fieldReports.indexOf(`- **${title}`);
  if (start < 0) throw new Error(`facts §8 has no bullet "${title}"`);
  const end = fieldReports.indexOf('\n- **', start + 1);
  return fieldReports.slice(start, end < 0 ? undefined : end);
}
/** The `name: value` pairs a bullet quotes, each value parsed as JSON (`null`, `[]`, `"…"`, numbers, arrays). */
function quotedProperties(text: string): Record<string, unknown> {
  const pairs: Record<string, unknown> = {};
  for (const match of text.matchAll(/`([A-Za-z]+): (null|\[[^\]`]*\]|"[^"`]*"|-?\d+)`/g))
    pairs[match[1]!] = JSON.parse(match[2]!);
  return pairs;
}

const odataJson =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const v1 = 'https://graph.microsoft.com/v1.0/security/incidents';
const exchange = (method: string, url: string, status: number, body: unknown) => ({
  request: { method, url, headers: {} },
  response: { status, headers: { 'content-type': odataJson }, body },
});
const errorsOf = (result: VerifyResult) => result.findings.filter((f) => f.severity === 'error');
const verdict = (result: VerifyResult) => result.findings.map((f) => `${f.severity} ${f.rule} ${f.pointer}`);

/**
 * The live 2026 list page of facts §8 (wazuh/wazuh#37898): the 2026 documentation's list item with every value the
 * field report quotes, the 2026 portal link, and the three createdDateTime fraction lengths it shows.
 */
function live2026Page(): {
  url: string;
  body: { '@odata.context': string; value: Record<string, unknown>[] };
} {
  const report = bullet('List items in 2026');
  const quoted = quotedProperties(report);
  const base = (
    JSON.parse(corpusFile('v1.0-list-incidents.response.json')) as { value: Record<string, unknown>[] }
  ).value[0]!;
  const times = [...report.matchAll(/`…(\d\d:\d\d:\d\d(?:\.\d+)?Z)`/g)].map((m) => m[1]!);
  const portal = /`(https:\/\/security\.microsoft\.com\/incident2\/\{id\}\/overview\?tid=\{tenantId\})`/.exec(
    report,
  )![1]!;
  const value = times.map((time, i) => {
    const id = String(Number(base['id']) + i);
    return {
      ...base,
      ...quoted,
      id,
      createdDateTime: `${String(base['createdDateTime']).slice(0, 11)}${time}`,
      incidentWebUrl: portal.replace('{id}', id).replace('{tenantId}', String(base['tenantId'])),
    };
  });
  const query = /`GET (\/v1\.0\/security\/incidents\?\$top=50&\$filter=[^`]+)`/.exec(report)![1]!;
  return {
    url: `https://graph.microsoft.com${query.replace(/…/g, '2026-07-01T00:00:00Z')}`,
    body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/incidents', value },
  };
}

describe.skipIf(!present)('captures of the live service (facts §8, corpus)', () => {
  test('the 2026 list page verifies with no finding at all', () => {
    const { url, body } = live2026Page();
    // The report's quoted values all arrived: a change of wording in facts.md must not pass silently.
    expect(Object.keys(quotedProperties(bullet('List items in 2026'))).sort()).toEqual([
      'assignedTo',
      'classification',
      'comments',
      'customTags',
      'determination',
      'lastModifiedBy',
      'priorityScore',
      'redirectIncidentId',
      'resolvingComment',
      'status',
      'summary',
      'systemTags',
    ]);
    expect(body.value.map((item) => item['createdDateTime'])).toHaveLength(3);
    const result = verifyRecording(exchange('GET', url, 200, body));
    expect(result.verified).toBe(1);
    expect(result.problems).toEqual([]);
    expect(verdict(result)).toEqual([]);
  });

  test('a 2026 alert as alerts_v2 shows it, expanded on an incident, verifies with zero errors', () => {
    const quoted = quotedProperties(bullet('alerts_v2 items in 2026'));
    expect(quoted).toMatchObject({ classification: null, determination: null, recommendedActions: '' });
    const page = JSON.parse(corpusFile('v1.0-list-incidents-expand-alerts.response.json')) as {
      value: { alerts: Record<string, unknown>[] }[];
    };
    const alert = page.value[0]!.alerts[0]!;
    page.value[0]!.alerts[0] = { ...alert, ...quoted, assignedTo: 'Suppression rule' };
    const result = verifyRecording(exchange('GET', `${v1}?$expand=alerts`, 200, page));
    expect(errorsOf(result)).toEqual([]);
    // Only the evidence's after-sentinel remediationStatus, as in the documentation example.
    expect(new Set(result.findings.map((f) => f.rule))).toEqual(new Set(['hidden-enum-member']));
  });

  test('every error body that §8 quotes verifies with zero errors, as the response it was', () => {
    const bodies = [...fieldReports.matchAll(/`(\{"error":[^`]*)`/g)].map(
      (m) => JSON.parse(m[1]!) as unknown,
    );
    expect(bodies).toHaveLength(3);
    const [topTooLarge, badSignature, unreadableJson] = bodies;
    expect(topTooLarge).toMatchObject({ error: { code: '', details: [] } });
    const result = verifyRecording([
      exchange('GET', `${v1}?$top=100`, 400, topTooLarge),
      // Recorded on alerts_v2; every Graph workload answers a bad token with this envelope.
      exchange('GET', v1, 401, badSignature),
      exchange('PATCH', `${v1}/29`, 400, unreadableJson),
    ]);
    expect(result.verified).toBe(3);
    expect(errorsOf(result)).toEqual([]);
    expect(new Set(result.findings.map((f) => f.rule))).toEqual(
      new Set(['innerError-date-without-timezone']),
    );
  });

  test('every third-party capture in corpus/ verifies with zero errors', () => {
    const captures = readdirSync(`${reference}corpus`).filter(
      (name) => name.startsWith('thirdparty-') && name.endsWith('.response.json'),
    );
    expect(captures.length).toBeGreaterThanOrEqual(2);
    for (const name of captures) {
      // The manifest gives each one's request: the comment POST of incident 545, and a 400 of a PATCH.
      const request = name.includes('post-incident-comment')
        ? { method: 'POST', url: `${v1}/545/comments`, status: 200 }
        : { method: 'PATCH', url: `${v1}/29`, status: Number(/\.(\d{3})\.response/.exec(name)?.[1] ?? 200) };
      const result = verifyRecording(exchange(request.method, request.url, request.status, corpusFile(name)));
      expect(result.problems, name).toEqual([]);
      expect(errorsOf(result), name).toEqual([]);
    }
  });

  test('the 2026 list items type-check against @graph-incidents/types and the client, without a cast', async () => {
    const ts = (await import('typescript')).default;
    const { body } = live2026Page();
    const here = dirname(fileURLToPath(import.meta.url));
    const file = join(here, '__live-2026-capture__.ts');
    const source = [
      "import type { IncidentCollectionResponse } from '@graph-incidents/types';",
      "import type { listIncidents } from '@graph-incidents/client';",
      'type ClientItem = Awaited<ReturnType<typeof listIncidents>>["value"][number];',
      `const page: IncidentCollectionResponse = ${JSON.stringify(body, null, 2)};`,
      `const items: ClientItem[] = ${JSON.stringify(body.value, null, 2)};`,
      'export const read: ClientItem[] = page.value;',
      'export { items };',
    ].join('\n');
    const config = ts.readConfigFile(join(here, '../tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, join(here, '..'));
    // Resolve the workspace packages to their sources, as the repository's tests do, so no build is needed.
    const compilerOptions = {
      ...options,
      noEmit: true,
      types: [],
      customConditions: ['@graph-incidents/source'],
    };
    const host = ts.createCompilerHost(compilerOptions);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], compilerOptions, host);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    // The check is not blind: a property the types do not have, or a wrong type, is a compile error.
    const broken = source.replace('"priorityScore": 18', '"priorityScore": "18"');
    expect(broken).not.toBe(source);
    host.getSourceFile = (name, language, ...rest) =>
      name === file ? ts.createSourceFile(name, broken, language) : getSourceFile(name, language, ...rest);
    const again = ts.createProgram([file], compilerOptions, host, program);
    expect(ts.getPreEmitDiagnostics(again).length).toBeGreaterThan(0);
  }, 120_000);
});

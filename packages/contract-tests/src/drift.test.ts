/**
 * Drift (issue #13): a response property the contract does not declare is a warning with its pointer, its JSON
 * type and the spec addition in YAML, exit 0; `strict` (CLI `--strict`, matcher and validator options) makes it an
 * error. The suggested YAML is proved by pasting it into a copy of specs/v1.0/openapi.yaml and verifying again.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import './vitest.js';
import { checkResponse } from './check-response.js';
import { suggestedSpecAdditions, suggestSchema } from './drift.js';
import { contractFromOpenApi } from './contract-from-openapi.js';
import type { Har } from './har.js';
import { validateSchema } from './validators.js';
import { verifyRecording } from './verify.js';
import { incidentsUrl, runCli } from './verify-inputs.test-helper.js';

const specFile = new URL('../../../specs/v1.0/openapi.yaml', import.meta.url);
const har = JSON.parse(
  await readFile(new URL('../recordings/v1.0-incidents.har', import.meta.url), 'utf8'),
) as Har;
const incident = JSON.parse(
  har.log.entries.find((e) => e.request.method === 'PATCH')!.response.content.text!,
) as Record<string, unknown>;
const get = (body: unknown, url = `${incidentsUrl}/${String(incident['id'])}`) => ({
  request: { method: 'GET', url },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body },
});

/** An incident with an expanded alert holding one user evidence, for nested and derived drift. */
const withAlert = {
  ...incident,
  alerts: [
    {
      id: 'da1',
      serviceSource: 'microsoftDefenderForEndpoint',
      severity: 'low',
      status: 'new',
      customDetails: { anything: 1 },
      evidence: [
        {
          '@odata.type': '#microsoft.graph.security.userEvidence',
          createdDateTime: '2026-05-04T09:15:02Z',
          remediationStatus: 'none',
          roles: [],
          verdict: 'unknown',
          riskLevel: 'high',
        },
      ],
    },
  ],
};

describe('drift: a property the contract does not declare', () => {
  test('is a warning with its pointer, JSON type, schema and a one-line YAML addition', () => {
    const result = verifyRecording(get({ ...incident, impactScore: 18, 'odd/name~x': 'a' }));
    expect(result.findings.map((f) => `${f.severity} ${f.rule} ${f.pointer}`)).toEqual([
      'warning unknown-property /impactScore',
      'warning unknown-property /odd~1name~0x',
    ]);
    expect(result.findings[0]).toMatchObject({
      expected: 'no such property in microsoft.graph.security.incident',
      found: 'impactScore (integer)',
      drift: {
        property: 'impactScore',
        jsonType: 'integer',
        schema: 'microsoft.graph.security.incident',
        location: "components.schemas['microsoft.graph.security.incident'].properties",
        suggestion: 'impactScore: { type: integer, format: int32 }',
      },
    });
    expect(result.findings[1]!.drift?.suggestion).toBe('"odd/name~x": { type: string }');
  });

  test('in strict mode it is an error; hidden enum members stay warnings', () => {
    const body = { ...structuredClone(withAlert), impactScore: 18 };
    body.alerts[0]!.evidence[0]!.remediationStatus = 'active';
    const result = verifyRecording(get(`${JSON.stringify(body)}`, `${incidentsUrl}/1?$expand=alerts`), {
      strict: true,
    });
    expect(result.findings.map((f) => `${f.severity} ${f.rule} ${f.pointer}`)).toEqual([
      'error unknown-property /impactScore',
      'error unknown-property /alerts/0/evidence/0/riskLevel',
      'warning hidden-enum-member /alerts/0/evidence/0/remediationStatus',
    ]);
  });

  test('in a derived evidence type it names the type and its own allOf part; an open type takes anything', () => {
    const result = verifyRecording(get(withAlert, `${incidentsUrl}/1?$expand=alerts`));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      severity: 'warning',
      pointer: '/alerts/0/evidence/0/riskLevel',
      drift: {
        schema: 'microsoft.graph.security.userEvidence',
        location:
          "components.schemas['microsoft.graph.security.userEvidence'].allOf[its own part].properties",
        suggestion: 'riskLevel: { type: string }',
      },
    });
  });

  test('the suggested YAML, pasted where it says, makes the recording conform', async () => {
    const body = {
      ...withAlert,
      impactScore: 18,
      firstSeen: '2026-02-25T16:29:33.1Z',
      owners: [{ upn: 'a@contoso.com', weight: 0.5 }],
      note: null,
    };
    const second = { ...body, impactScore: null, note: 'text' };
    const recording = [
      get(body, `${incidentsUrl}/1?$expand=alerts`),
      get(second, `${incidentsUrl}/2?$expand=alerts`),
    ];
    const before = verifyRecording(recording);
    expect(before.findings.every((f) => f.rule === 'unknown-property' && f.severity === 'warning')).toBe(
      true,
    );
    const yaml = suggestedSpecAdditions(before.findings);
    expect(yaml).toContain('impactScore: { type: [integer, "null"], format: int32 }');
    const document = parse(await readFile(specFile, 'utf8')) as {
      components: { schemas: Record<string, { properties?: object; allOf?: { properties?: object }[] }> };
    };
    // Each group starts with a comment naming its place; paste the lines below it there.
    for (const group of yaml.split(/^# /m).filter(Boolean)) {
      const [header, ...lines] = group.split('\n');
      const name = /components\.schemas\['([^']+)'\]/.exec(header!)![1]!;
      const schema = document.components.schemas[name]!;
      const target = header!.includes('allOf') ? schema.allOf!.find((part) => part.properties)! : schema;
      Object.assign(target.properties!, parse(lines.join('\n')));
    }
    const after = verifyRecording(recording, {
      contract: contractFromOpenApi(document, 'patched.yaml'),
      strict: true,
    });
    expect(after.findings).toEqual([]);
  });

  test('suggestions follow the JSON type, with int64, date-time, uuid and nested shapes', () => {
    expect(suggestSchema(2 ** 31)).toEqual({ type: 'integer', format: 'int64' });
    expect(suggestSchema(-(2 ** 31) + 1)).toEqual({ type: 'integer', format: 'int32' });
    expect(suggestSchema(0.5)).toEqual({ type: 'number', format: 'double' });
    expect(suggestSchema(true)).toEqual({ type: 'boolean' });
    expect(suggestSchema('2021-08-13T08:43:35.5533333Z')).toEqual({ type: 'string', format: 'date-time' });
    expect(suggestSchema('2024-02-18T16:46:20')).toEqual({ type: 'string' });
    expect(suggestSchema('0cd9a8e0-94d3-4a43-8a7e-e9d5a3d6b0c4')).toEqual({ type: 'string', format: 'uuid' });
    expect(suggestSchema([])).toEqual({ type: 'array', items: {} });
    expect(suggestSchema({})).toEqual({ type: 'object' });
    expect(suggestSchema(undefined)).toEqual({});
    // Deep or huge values are cut short, never a stack overflow.
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(suggestSchema(deep)).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'array', items: { type: 'array' } } },
    });
    expect(checkResponse('getIncident', { status: 200, body: { ...incident, later: undefined } })).toEqual([
      expect.objectContaining({ rule: 'unknown-property', found: 'later (undefined)' }),
    ]);
    expect(suggestSchema([{ kqlText: 'x' }])).toEqual({
      type: 'array',
      items: { type: 'object', properties: { kqlText: { type: 'string' } } },
    });
  });

  test('hostile property names give YAML that parses back to the same name', () => {
    for (const name of ['null', 'a: b', '#x', '- y', "it's", '[z]', '{w}', 'é 🚨', 'true', '']) {
      const result = verifyRecording(get({ ...incident, [name]: 1 }));
      const suggestion = result.findings.find((f) => f.rule === 'unknown-property')?.drift?.suggestion;
      expect(parse(suggestion!), name).toEqual({ [name]: { type: 'integer', format: 'int32' } });
    }
  });
});

describe('drift in the matcher and the run-time validators', () => {
  test('the matcher passes with drift by default and fails with { strict: true }', () => {
    const response = { status: 200, body: { ...incident, impactScore: 18 } };
    expect(response).toSatisfyContract('getIncident');
    expect(response).not.toSatisfyContract('getIncident', { strict: true });
    expect(() => expect(response).toSatisfyContract('getIncident', { strict: true })).toThrow(
      /unknown-property at #\/impactScore: expected no such property in microsoft\.graph\.security\.incident, found impactScore \(integer\)/,
    );
    expect(checkResponse('getIncident', response)[0]).toMatchObject({
      severity: 'warning',
      drift: { suggestion: 'impactScore: { type: integer, format: int32 }' },
    });
  });

  test('validateSchema leaves drift out unless strict, even inside a nullable nested object', () => {
    const key = 'microsoft.graph.security.incidentCollectionResponse';
    const drifted = { value: [{ ...withAlert, impactScore: 18 }] };
    expect(validateSchema(key, drifted)).toEqual([]);
    expect(validateSchema(key, drifted, { strict: true }).map((e) => [e.keyword, e.instancePath])).toEqual([
      ['additionalProperties', '/value/0'],
      ['unevaluatedProperties', '/value/0/alerts/0/evidence/0'],
    ]);
    // A real error next to drift is still reported.
    const broken = { value: [{ ...incident, impactScore: 18, severity: 'High' }] };
    expect(validateSchema(key, broken).map((e) => [e.keyword, e.instancePath])).toEqual([
      ['enum', '/value/0/severity'],
    ]);
  });
});

describe('graph-incidents-contract verify and drift', () => {
  test('exit 0 with a warning and the YAML to add; --strict exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-drift-'));
    const file = join(dir, 'drift.json');
    await writeFile(file, JSON.stringify(get({ ...incident, impactScore: 18 })));
    const lenient = await runCli('verify', file);
    expect(lenient.code).toBe(0);
    expect(lenient.out[0]).toMatch(
      /^warning unknown-property .*drift\.json#0 getIncident .* at #\/impactScore: expected no such property in microsoft\.graph\.security\.incident, found impactScore \(integer\); add under components\.schemas\['microsoft\.graph\.security\.incident'\]\.properties: impactScore: \{ type: integer, format: int32 \}$/,
    );
    expect(lenient.out.slice(1, 3)).toEqual([
      'Suggested spec additions for the drift above (YAML for specs/v1.0/openapi.yaml):',
      "# components.schemas['microsoft.graph.security.incident'].properties:\nimpactScore: { type: integer, format: int32 }",
    ]);
    expect(lenient.out.at(-1)).toMatch(/^0 errors, 1 warning,/);
    const strict = await runCli('verify', '--strict', file);
    expect(strict.code).toBe(1);
    expect(strict.out[0]).toMatch(/^error unknown-property /);
    expect(strict.out.at(-1)).toMatch(/^1 error, 0 warnings,/);
  });
});

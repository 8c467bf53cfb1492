import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { getExchange, incident, incidentsUrl, runCli } from './verify-inputs.test-helper.js';

const recordings = fileURLToPath(new URL('../recordings', import.meta.url));
const spec = fileURLToPath(new URL('../../../specs/v1.0/openapi.yaml', import.meta.url));

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-contract-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const exchange = (body: unknown, url = `${incidentsUrl}/7`) => JSON.stringify(getExchange(url, body));

describe('graph-incidents-contract verify', () => {
  test('our recordings folder conforms: exit 0, the quirk printed as a warning line, then the summary', async () => {
    const { code, out, err } = await runCli('verify', recordings);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(
      /^warning innerError-date-without-timezone .*v1\.0-incidents\.har#8 getIncident \(GET /,
    );
    expect(out[1]).toBe(
      '0 errors, 1 warning, 0 unusable inputs; 9 exchanges verified, 0 skipped (not in the contract) against specs/v1.0/openapi.yaml 1.0.0',
    );
  });

  test('a contract error exits 1 with one line per finding', async () => {
    const dir = await workspace({
      'good.json': exchange(incident),
      'nested/bad.json': exchange({ ...incident, status: 'Active', tags: [] }),
    });
    const { code, out, err } = await runCli('verify', dir);
    expect(code).toBe(1);
    expect(err).toEqual([]);
    expect(out.slice(0, -1)).toEqual([
      `warning unknown-property ${join(dir, 'nested/bad.json')}#0 getIncident (GET ${incidentsUrl}/7 → 200) at #/tags: expected no such property in microsoft.graph.security.incident, found tags (array); add under components.schemas['microsoft.graph.security.incident'].properties: tags: { type: array, items: {} }`,
      `error invalid-enum-value ${join(dir, 'nested/bad.json')}#0 getIncident (GET ${incidentsUrl}/7 → 200) at #/status: expected "active" (members are case-sensitive camelCase), found "Active"`,
      'Suggested spec additions for the drift above (YAML for specs/v1.0/openapi.yaml):',
      "# components.schemas['microsoft.graph.security.incident'].properties:\ntags: { type: array, items: {} }",
    ]);
    expect(out.at(-1)).toMatch(/^1 error, 1 warning, 0 unusable inputs; 2 exchanges verified/);
  });

  test('unusable input exits 2: a missing file, invalid JSON, an invalid HAR, a body with trailing commas', async () => {
    const dir = await workspace({
      'broken.json': '{ "log": ',
      'not-har.json': '{ "log": { "entries": 3 } }',
      'commas.json': JSON.stringify({
        request: { method: 'GET', url: `${incidentsUrl}/7` },
        response: { status: 200, body: '{ "id": "7", }' },
      }),
    });
    const { code, err } = await runCli('verify', join(dir, 'missing.har'), dir);
    expect(code).toBe(2);
    expect(err.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'unusable unreadable',
      'unusable invalid-json',
      'unusable unparseable-body',
      'unusable invalid-har',
    ]);
    expect(err[2]).toContain(
      'commas.json#0:1:12: the body is not valid JSON: trailing comma at line 1, column 12',
    );
  });

  test('--format json gives one document with findings, problems and the summary', async () => {
    const dir = await workspace({ 'bad.json': exchange({ ...incident, severity: 'severe' }) });
    const { code, out } = await runCli('verify', dir, '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(out.join('\n')) as {
      exitCode: number;
      summary: Record<string, number>;
      findings: { rule: string; pointer: string; severity: string; operationId: string }[];
    };
    expect(report.exitCode).toBe(1);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, info: 0, unusable: 0, verified: 1, skipped: 0 });
    expect(report.findings).toMatchObject([
      { rule: 'invalid-enum-value', pointer: '/severity', severity: 'error', operationId: 'getIncident' },
    ]);
  });

  test('--spec verifies against another description, loaded from YAML at run time', async () => {
    const yaml = await readFile(spec, 'utf8');
    // A description in which incidents may also be "severe": the same recording now conforms.
    const dir = await workspace({
      'spec.yaml': yaml.replace(
        'enum: [unknown, informational, low, medium, high, unknownFutureValue]',
        'enum: [unknown, informational, low, medium, high, severe, unknownFutureValue]',
      ),
      'bad.json': exchange({ ...incident, severity: 'severe' }),
    });
    expect((await runCli('verify', join(dir, 'bad.json'))).code).toBe(1);
    const { code, out } = await runCli('verify', join(dir, 'bad.json'), '--spec', join(dir, 'spec.yaml'));
    expect(code).toBe(0);
    expect(out.at(-1)).toContain(`against ${join(dir, 'spec.yaml')} 1.0.0`);
    const missing = await runCli('verify', recordings, '--spec', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^unusable .*nope\.yaml: cannot read the spec/);
  });

  test('bad arguments exit 2 with the usage', async () => {
    for (const args of [
      [],
      ['check'],
      ['verify'],
      ['verify', 'x', '--format', 'xml'],
      ['verify', 'x', '--spec'],
      ['verify', 'x', '--output'],
      ['verify', '--nope', 'x'],
      ['verify', 'x', '--spec', '--strict'],
      ['verify', 'x', '--strict=yes'],
      ['record', '--base-url', 'https://graph.microsoft.com/v1.0'],
      ['record', '--base-url', 'https://graph.microsoft.com/v1.0', '--out', 'x.har', 'stray'],
      ['record', '--base-url', 'https://graph.microsoft.com/v1.0', '--out', '--mock'],
      ['record', '--bogus'],
    ]) {
      const { code, err } = await runCli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(err.join('\n'), args.join(' ')).toMatch(/Usage: graph-incidents-contract|--format is/);
    }
    expect((await runCli('--help')).out[0]).toMatch(/^Usage: graph-incidents-contract verify/);
  });
});

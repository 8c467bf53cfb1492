import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, githubAnnotations, workflowCommand } from './report-github.js';
import { verifyRecording } from './verify.js';
import { getExchange, incident, incidentsUrl, runCli } from './verify-inputs.test-helper.js';

/** Splits a workflow command line as the runner does: `::name props::message`, then undoes the escaping. */
function readCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (text: string) =>
    text.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [key, ...value] = pair.split('=');
        return [key!, unescape(value.join('='))];
      }),
  );
  return { command: match[1]!, properties, message: unescape(match[3]!) };
}

describe('verify --format github', () => {
  test('one workflow command per finding: ::error for contract errors, ::warning for quirks, with file and title', () => {
    const result = verifyRecording(
      [
        getExchange(`${incidentsUrl}/7`, { ...incident, status: 'Active', tags: [] }),
        getExchange(`${incidentsUrl}/8`, { ...incident, id: '8' }),
        getExchange(
          `${incidentsUrl}/9`,
          {
            error: {
              code: 'NotFound',
              message: 'not found',
              innerError: { date: '2026-05-04T10:03:12', 'request-id': 'r', 'client-request-id': 'c' },
            },
          },
          404,
        ),
      ],
      // strict: the unknown `tags` is drift, an error only in strict mode.
      { file: 'recordings/pr.har', strict: true },
    );
    const lines = githubAnnotations(result);
    expect(lines).toHaveLength(result.findings.length);
    expect(lines.map((line) => readCommand(line))).toEqual([
      {
        command: 'error',
        properties: { file: 'recordings/pr.har', title: 'unknown-property in getIncident (entry 0)' },
        message: `GET ${incidentsUrl}/7 → 200: unknown-property at #/tags: expected no such property in microsoft.graph.security.incident, found tags (array)`,
      },
      {
        command: 'error',
        properties: { file: 'recordings/pr.har', title: 'invalid-enum-value in getIncident (entry 0)' },
        message: `GET ${incidentsUrl}/7 → 200: invalid-enum-value at #/status: expected "active" (members are case-sensitive camelCase), found "Active"`,
      },
      {
        command: 'warning',
        properties: {
          file: 'recordings/pr.har',
          title: 'innerError-date-without-timezone in getIncident (entry 2)',
        },
        message: expect.stringContaining('at #/error/innerError/date') as string,
      },
    ]);
    // Every line is a single line: a finding can never spill into a second, unparsed log line.
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  test('no findings, no commands', () => {
    expect(githubAnnotations(verifyRecording([getExchange(`${incidentsUrl}/7`, incident)]))).toEqual([]);
  });

  test('escaping follows the runner: % CR LF in messages; also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('C:\\rec,1.har\n%')).toBe('C%3A\\rec%2C1.har%0A%25');
    // `%` is escaped first, so an already escaped-looking text stays what it was.
    expect(escapeData('%0A')).toBe('%250A');
    expect(workflowCommand('notice', { file: undefined, line: 3 }, 'x')).toBe('::notice line=3::x');
    expect(workflowCommand('error', {}, 'x')).toBe('::error::x');
  });

  test('hostile file names and values come back unchanged through the runner escaping', () => {
    const file = 'recordings/a,b:c%41\r\n::warning::injected.har';
    const status = 'x\n::error::injected %0A, title=y';
    const [line, ...rest] = githubAnnotations(
      verifyRecording([getExchange(`${incidentsUrl}/7?$top=1,2:3`, { ...incident, status })], { file }),
    );
    expect(rest).toEqual([]);
    expect(line).not.toMatch(/[\r\n]/);
    const command = readCommand(line!);
    expect(command.command).toBe('error');
    expect(command.properties['file']).toBe(file);
    expect(command.message).toContain(`GET ${incidentsUrl}/7?$top=1,2:3 → 200`);
    expect(command.message).toContain(JSON.stringify(status));
  });

  test('unusable inputs are ::error commands with line and column; the summary goes to standard error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-github-'));
    await writeFile(
      join(dir, 'commas.json'),
      JSON.stringify({
        request: { method: 'GET', url: `${incidentsUrl}/7` },
        response: { status: 200, body: '{ "id": "7", }' },
      }),
    );
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify(getExchange(`${incidentsUrl}/7`, { ...incident, severity: 'x' })),
    );
    const { code, out, err } = await runCli('verify', dir, '--format', 'github');
    expect(code).toBe(2);
    expect(out.map((line) => readCommand(line))).toEqual([
      {
        command: 'error',
        properties: {
          file: join(dir, 'commas.json'),
          line: '1',
          col: '12',
          title: 'unusable input: unparseable-body (entry 0)',
        },
        message: 'the body is not valid JSON: trailing comma at line 1, column 12',
      },
      expect.objectContaining({
        command: 'error',
        properties: expect.objectContaining({ file: join(dir, 'bad.json') }),
      }),
    ]);
    expect(err).toEqual([expect.stringMatching(/^1 error, 0 warnings, 1 unusable input; /)]);
  });
});

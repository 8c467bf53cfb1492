import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, test } from 'vitest';
import { main } from './cli.js';
import { defaultContract } from './default-contract.js';
import { verifyFiles } from './files.js';
import { junitReport } from './report-junit.js';
import { verifyRecording } from './verify.js';
import { getExchange, incident, incidentsUrl } from './verify-inputs.test-helper.js';

const xsd = fileURLToPath(new URL('../schemas/jenkins-junit.xsd', import.meta.url));
const recordings = fileURLToPath(new URL('../recordings', import.meta.url));

/** Validates with libxml2's XSD validator (xmllint compiled to WebAssembly: nothing to download, no native build). */
async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'jenkins-junit.xsd', contents: await readFile(xsd, 'utf8') }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

interface Element {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly text: string;
  readonly children: Element[];
}

/** The part of the DOM that xmlbuilder2's parser gives back and these tests read. */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly attributes?: ArrayLike<{ readonly name: string; readonly value: string }>;
}

/** Reads the report back with an XML parser (xmlbuilder2's), not with regular expressions. */
function parse(xml: string): Element {
  const toElement = (node: DomNode): Element => ({
    name: node.nodeName,
    attributes: Object.fromEntries(Array.from(node.attributes ?? [], (a) => [a.name, a.value])),
    text: node.textContent ?? '',
    children: Array.from(node.childNodes)
      .filter((child) => child.nodeType === 1)
      .map(toElement),
  });
  return toElement(create(xml).root().node as unknown as DomNode);
}

const children = (element: Element, name: string): Element[] =>
  element.children.filter((child) => child.name === name);

describe('verify --format junit', () => {
  test('a recording with errors: valid against the Jenkins JUnit XSD, one test case per exchange, failures with pointer, rule and message', async () => {
    const result = verifyRecording(
      [
        getExchange(`${incidentsUrl}/7`, incident),
        getExchange(`${incidentsUrl}/8`, { ...incident, id: '8', status: 'Active', tags: [] }),
        getExchange(`${incidentsUrl}?$top=1`, { value: [{ ...incident, severity: 'severe' }] }),
        getExchange('https://graph.microsoft.com/v1.0/me', { id: 'x' }),
        {
          request: { method: 'GET', url: `${incidentsUrl}/9` },
          response: { status: 200, body: '{ "id": "9", }' },
        },
      ],
      // strict: the unknown `tags` is drift, an error only in strict mode.
      { file: 'recordings/mixed.json', strict: true },
    );
    const xml = junitReport(result, defaultContract.source);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });

    const root = parse(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '2', errors: '1' });
    const [suite, ...others] = children(root, 'testsuite');
    expect(others).toEqual([]);
    expect(suite!.attributes).toMatchObject({
      name: 'recordings/mixed.json',
      tests: '5',
      failures: '2',
      errors: '1',
      skipped: '1',
    });
    const cases = children(suite!, 'testcase');
    expect(cases.map((c) => c.attributes['name'])).toEqual([
      `getIncident GET ${incidentsUrl}/7`,
      `getIncident GET ${incidentsUrl}/8`,
      `listIncidents GET ${incidentsUrl}?$top=1`,
      'no operation GET https://graph.microsoft.com/v1.0/me',
      `getIncident GET ${incidentsUrl}/9`,
    ]);
    const [conforming, twoErrors, list, other, unparseable] = cases;
    expect(conforming!.children).toEqual([]);
    expect(children(twoErrors!, 'failure').map((f) => f.attributes)).toEqual([
      {
        type: 'unknown-property',
        message:
          'unknown-property at #/tags: expected no such property in microsoft.graph.security.incident, found tags (array)',
      },
      {
        type: 'invalid-enum-value',
        message:
          'invalid-enum-value at #/status: expected "active" (members are case-sensitive camelCase), found "Active"',
      },
    ]);
    expect(children(twoErrors!, 'failure')[1]!.text).toBe(
      [
        'rule: invalid-enum-value',
        'pointer: #/status',
        'expected: "active" (members are case-sensitive camelCase)',
        'found: "Active"',
        `exchange: GET ${incidentsUrl}/8 → 200 (recordings/mixed.json#1)`,
      ].join('\n'),
    );
    expect(children(list!, 'failure').map((f) => f.attributes['type'])).toEqual(['invalid-enum-value']);
    expect(children(list!, 'failure')[0]!.attributes['message']).toContain('#/value/0/severity');
    expect(children(other!, 'skipped')[0]!.text).toMatch(/^not in the contract: /);
    expect(children(unparseable!, 'error')[0]!.attributes).toMatchObject({ type: 'unparseable-body' });
    expect(children(suite!, 'properties')[0]!.children[0]!.attributes).toEqual({
      name: 'contract',
      value: `${defaultContract.source.file} ${defaultContract.source.version}`,
    });
  });

  test('warnings go to <system-out> and do not fail the test case (our recordings)', async () => {
    const xml = junitReport(await verifyFiles([recordings]), defaultContract.source);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    const root = parse(xml);
    expect(root.attributes).toMatchObject({ tests: '9', failures: '0', errors: '0' });
    const cases = children(children(root, 'testsuite')[0]!, 'testcase');
    expect(cases).toHaveLength(9);
    const withOutput = cases.filter((c) => children(c, 'system-out').length > 0);
    expect(withOutput.map((c) => c.attributes['name'])).toEqual([expect.stringMatching(/^getIncident GET /)]);
    expect(children(withOutput[0]!, 'system-out')[0]!.text).toMatch(
      /^warning innerError-date-without-timezone at #\//,
    );
    expect(cases.flatMap((c) => [...children(c, 'failure'), ...children(c, 'error')])).toEqual([]);
  });

  test('hostile strings survive: markup, quotes, ]]>, control characters and line breaks', async () => {
    const url = `${incidentsUrl}/7?$filter=a<b&c="d"&e='f']]>&g=\u0000\u001b\u0007&h=%0A`;
    const result = verifyRecording([getExchange(url, { ...incident, status: 'x<y>&"\'\n]]>\u0001' })], {
      file: 'dir/we<ird>&"name".json',
    });
    const xml = junitReport(result, defaultContract.source);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    const testCase = children(children(parse(xml), 'testsuite')[0]!, 'testcase')[0]!;
    // XML 1.0 cannot hold U+0000, ESC or BEL: they become U+FFFD; everything else comes back as it was.
    expect(testCase.attributes['name']).toBe(
      `getIncident GET ${url.replace(/[\u0000\u001b\u0007]/g, '\uFFFD')}`,
    );
    expect(testCase.attributes['classname']).toBe('dir/we<ird>&"name".json');
    const failure = children(testCase, 'failure')[0]!;
    expect(failure.attributes['type']).toBe('invalid-enum-value');
    expect(failure.text).toContain('found: "x<y>&\\"\'\\n]]>\\u0001"');
  });

  test('no exchange at all and an unreadable file: still a valid report, the file as an error test case', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-junit-'));
    await writeFile(join(dir, 'empty.har'), JSON.stringify({ log: { version: '1.2', entries: [] } }));
    await writeFile(join(dir, 'broken.json'), '{ "log": ');
    const xml = junitReport(await verifyFiles([dir]), defaultContract.source);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    const root = parse(xml);
    expect(root.attributes).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    const [broken] = children(root, 'testsuite');
    expect(broken!.attributes['name']).toBe(join(dir, 'broken.json'));
    const testCase = children(broken!, 'testcase')[0]!;
    expect(testCase.attributes['name']).toBe(`read ${join(dir, 'broken.json')}`);
    expect(children(testCase, 'error')[0]!.attributes['type']).toBe('invalid-json');
  });

  test('the XSD check can fail: a test case without a name, or a message attribute on <skipped>, is rejected', async () => {
    const valid = junitReport(
      verifyRecording([getExchange(`${incidentsUrl}/7`, incident)]),
      defaultContract.source,
    );
    expect((await validate(valid)).valid).toBe(true);
    const nameless = await validate(valid.replace(/<testcase name="[^"]*"/, '<testcase'));
    expect(nameless.valid).toBe(false);
    expect(nameless.errors.join('\n')).toMatch(/name/);
    expect(
      (
        await validate(
          valid.replace(/<testcase ([^>]*)\/>/, '<testcase $1><skipped message="x"/></testcase>'),
        )
      ).valid,
    ).toBe(false);
  });

  test('--output writes the report to a file and prints the summary; the exit code still says errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-junit-'));
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify(getExchange(`${incidentsUrl}/7`, { ...incident, severity: 'x' })),
    );
    const out: string[] = [];
    const err: string[] = [];
    const output = join(dir, 'reports', 'report.xml');
    const code = await main(['verify', join(dir, 'bad.json'), '--format', 'junit', '--output', output], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    expect(code).toBe(1);
    expect(err).toEqual([]);
    expect(out).toEqual([
      expect.stringMatching(/^1 error, 0 warnings, .*; junit report written to .*report\.xml$/),
    ]);
    const xml = await readFile(output, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(children(children(parse(xml), 'testsuite')[0]!, 'testcase')).toHaveLength(1);
  });
});

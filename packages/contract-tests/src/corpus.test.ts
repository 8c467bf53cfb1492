/**
 * Real-world conformance: the documentation examples and the captured traffic in `../shared/graph-reference/corpus`
 * (read in place, never copied), each replayed with the method, URL, status and Content-Type that MANIFEST.md gives
 * it, must get exactly the verdict written here. The beta files are checked against the v1.0 contract until the
 * beta spec has its own contract: their beta-only properties show up as unknown properties.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadContract } from './load-contract.js';
import { verifyRecording, type VerifyResult } from './verify.js';

const corpus = fileURLToPath(new URL('../../../../shared/graph-reference/corpus/', import.meta.url));
const present = existsSync(`${corpus}MANIFEST.md`);
if (!present)
  console.warn(
    `Corpus conformance tests skipped: ${corpus} is absent. CI always has it (../shared next to the repo).`,
  );

const json = 'application/json';
/** The Content-Type of the real 2024 capture (manifest section G). */
const odataJson =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

interface Row {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  /** `severity rule pointer` of every finding, in order. Empty: the file conforms. */
  readonly verdict: readonly string[];
  /** The body is not JSON as published: the verdict applies after removing the trailing commas. */
  readonly trailingCommas?: true;
}

const pascalCaseIncident = (at: string): string[] => [
  `error invalid-enum-value ${at}/classification`,
  `error missing-property ${at}/comments/0/createdDateTime`,
  `warning unknown-property ${at}/comments/0/createdBy`,
  `warning unknown-property ${at}/comments/0/createdTime`,
  `error invalid-enum-value ${at}/determination`,
  `error invalid-enum-value ${at}/severity`,
  `error invalid-enum-value ${at}/status`,
];
const wrongNamespace = (at: string): string => `error wrong-odata-type ${at}/@odata.type`;
const betaOnly = [
  'warning unknown-property /recommendedActions',
  'warning unknown-property /recommendedHuntingQueries',
];
const placeholders = (at: string): string[] => [
  `warning unknown-property ${at}/tags`,
  wrongNamespace(at),
  `error invalid-enum-value ${at}/classification`,
  `error missing-property ${at}/comments/0/createdDateTime`,
  `error wrong-odata-type ${at}/comments/0/@odata.type`,
  `error invalid-value ${at}/createdDateTime`,
  `error invalid-enum-value ${at}/determination`,
  `error invalid-value ${at}/lastUpdateDateTime`,
  `error invalid-enum-value ${at}/severity`,
  `error invalid-enum-value ${at}/status`,
];

const v1 = 'https://graph.microsoft.com/v1.0/security/incidents';
const beta = 'https://graph.microsoft.com/beta/security/incidents';

/** Every `*.response.json` of the corpus, with its request from MANIFEST.md and the exact expected verdict. */
const rows: Readonly<Record<string, Row>> = {
  // A. v1.0, 2026 documentation: conforms. The evidence `remediationStatus: "active"` is declared after
  // unknownFutureValue and the example sends no Prefer header: a warning, not an error.
  'v1.0-get-incident.response.json': {
    method: 'GET',
    url: `${v1}/29`,
    status: 200,
    contentType: json,
    verdict: [],
  },
  'v1.0-list-incidents.response.json': {
    method: 'GET',
    url: v1,
    status: 200,
    contentType: json,
    verdict: [],
  },
  'v1.0-list-incidents-expand-alerts.response.json': {
    method: 'GET',
    url: `${v1}?$expand=alerts`,
    status: 200,
    contentType: json,
    verdict: [0, 1, 2, 3, 4].map(
      (i) => `warning hidden-enum-member /value/0/alerts/0/evidence/${i}/remediationStatus`,
    ),
  },
  'v1.0-update-incident.response.json': {
    method: 'PATCH',
    url: `${v1}/29`,
    status: 200,
    contentType: json,
    verdict: [],
  },
  // Doc bug: the context was copied from the alerts_v2 page.
  'v1.0-post-incident-comment.response.json': {
    method: 'POST',
    url: `${v1}/3962396/comments`,
    status: 200,
    contentType: json,
    verdict: ['error wrong-odata-context /@odata.context'],
  },
  // G. Real captured traffic: conforms.
  'thirdparty-captured-post-incident-comment.response.json': {
    method: 'POST',
    url: '/v1.0/security/incidents/545/comments',
    status: 200,
    contentType: odataJson,
    verdict: [],
  },
  // B. v1.0, previous documentation.
  'v1.0-prev-update-incident.response.json': {
    method: 'PATCH',
    url: `${v1}/2972395`,
    status: 200,
    contentType: json,
    verdict: [wrongNamespace(''), ...pascalCaseIncident('')],
  },
  'v1.0-prev-get-incident.response.json': {
    method: 'GET',
    url: `${v1}/2972395`,
    status: 200,
    contentType: json,
    verdict: [wrongNamespace(''), ...pascalCaseIncident('')],
  },
  'v1.0-prev-list-incidents.response.json': {
    method: 'GET',
    url: v1,
    status: 200,
    contentType: json,
    verdict: pascalCaseIncident('/value/0'),
  },
  'v1.0-prev-list-incidents-expand-alerts.response.json': {
    method: 'GET',
    url: `${v1}?$expand=alerts`,
    status: 200,
    contentType: json,
    trailingCommas: true,
    verdict: [
      'warning unknown-property /value/0/tags',
      'error missing-property /value/0/comments/0/createdDateTime',
      'warning unknown-property /value/0/comments/0/createdBy',
      'warning unknown-property /value/0/comments/0/createdTime',
    ],
  },
  // C. beta documentation, against the v1.0 contract.
  'beta-update-incident.response.json': {
    method: 'PATCH',
    url: `${beta}/2972395`,
    status: 200,
    contentType: json,
    verdict: [...betaOnly, wrongNamespace(''), ...pascalCaseIncident('')],
  },
  'beta-get-incident.response.json': {
    method: 'GET',
    url: `${beta}/2972395`,
    status: 200,
    contentType: json,
    verdict: [...betaOnly, wrongNamespace(''), ...pascalCaseIncident('')],
  },
  'beta-list-incidents.response.json': {
    method: 'GET',
    url: beta,
    status: 200,
    contentType: json,
    verdict: pascalCaseIncident('/value/0'),
  },
  'beta-list-incidents-expand-alerts.response.json': {
    method: 'GET',
    url: `${beta}?$expand=alerts`,
    status: 200,
    contentType: json,
    trailingCommas: true,
    verdict: [
      'warning unknown-property /value/0/tags',
      'error missing-property /value/0/comments/0/createdDateTime',
      'warning unknown-property /value/0/comments/0/createdBy',
      'warning unknown-property /value/0/comments/0/createdTime',
    ],
  },
  'beta-post-incident-comment.response.json': {
    method: 'POST',
    url: `${beta}/3962396/comments`,
    status: 200,
    contentType: json,
    verdict: ['error wrong-odata-context /@odata.context'],
  },
  'beta-2022-update-incident.response.json': {
    method: 'PATCH',
    url: `${beta}/2972395`,
    status: 200,
    contentType: json,
    verdict: [wrongNamespace(''), ...pascalCaseIncident('')],
  },
  // D. The 2021 seed era: old namespace, `tags`, placeholders ("String", "String (timestamp)").
  'seed-beta-2021-update-incident.response.json': {
    method: 'PATCH',
    url: `${beta}/{incidentId}`,
    status: 200,
    contentType: json,
    verdict: placeholders(''),
  },
  'beta-2021-get-incident.response.json': {
    method: 'GET',
    url: `${beta}/{incidentId}`,
    status: 200,
    contentType: json,
    verdict: ['warning unknown-property /tags', wrongNamespace(''), ...pascalCaseIncident('')],
  },
  'beta-2021-list-incidents.response.json': {
    method: 'GET',
    url: beta,
    status: 200,
    contentType: json,
    verdict: placeholders('/value/0'),
  },
  // F. Errors. The manifest shows no status for the generic Graph example; it is replayed as a 400 of an
  // incident PATCH, since every Graph error has this envelope. Its placeholders are strings, so it conforms.
  'graph-error-example.response.json': {
    method: 'PATCH',
    url: `${v1}/29`,
    status: 400,
    contentType: json,
    verdict: [],
  },
  // Recorded on alerts_v2 (see the next test); replayed as an incident PATCH's 400 for its innerError.date.
  'thirdparty-alert-update-invalid-enum.400.response.json': {
    method: 'PATCH',
    url: `${v1}/29`,
    status: 400,
    contentType: json,
    verdict: ['warning innerError-date-without-timezone /error/innerError/date'],
  },
};

/** The parts of a HAR the verifier reads (it accepts HARs without the timings and sizes HAR 1.2 requires). */
function har(entries: { file: string; row: Row; text: string }[]) {
  return {
    log: {
      version: '1.2',
      entries: entries.map(({ row, text }) => ({
        request: { method: row.method, url: row.url, headers: [] },
        response: {
          status: row.status,
          headers: [{ name: 'Content-Type', value: row.contentType }],
          content: { mimeType: row.contentType, text },
        },
      })),
    },
  };
}

const read = (file: string): string => readFileSync(`${corpus}${file}`, 'utf8');
const verdict = (result: VerifyResult, entry: number): string[] =>
  result.findings.filter((f) => f.entry === entry).map((f) => `${f.severity} ${f.rule} ${f.pointer}`);

describe.skipIf(!present)('the documentation corpus (../shared/graph-reference/corpus)', () => {
  const files = Object.keys(rows);
  const texts = present ? files.map(read) : [];
  // One HAR of every file as published, as a user's recording would be.
  const result = present
    ? verifyRecording(har(files.map((file, i) => ({ file, row: rows[file]!, text: texts[i]! }))), {
        file: 'corpus.har',
      })
    : undefined;

  test('every response file of the corpus has a row here, and every row is in MANIFEST.md', () => {
    const manifest = read('MANIFEST.md');
    const responses = readdirSync(corpus).filter((name) => name.endsWith('.response.json'));
    expect([...responses].sort()).toEqual([...files].sort());
    // The manifest names one pair as `x.400.request.json + .response.json`: its stem is enough.
    for (const file of files) expect(manifest, file).toContain(file.replace(/\.response\.json$/, ''));
  });

  test.each(files)('%s gets exactly its expected verdict', (file) => {
    const row = rows[file]!;
    const index = files.indexOf(file);
    if (row.trailingCommas) {
      // As published: unusable input (the CLI exits 2), located at the first trailing comma.
      const problem = result!.problems.find((p) => p.entry === index);
      expect(problem).toMatchObject({ code: 'unparseable-body', file: 'corpus.har' });
      expect(problem?.message).toMatch(/trailing comma at line \d+, column \d+/);
      const line = texts[index]!.split('\n')[problem!.line! - 1]!;
      expect(line.slice(problem!.column! - 1).trimEnd()).toBe(',');
      expect(verdict(result!, index)).toEqual([]);
      // Without the commas, the JSON parses and the contract finds the remaining bugs.
      const fixed = texts[index]!.replace(/,(\s*[\]}])/g, '$1');
      const again = verifyRecording(har([{ file, row, text: fixed }]));
      expect(again.problems).toEqual([]);
      expect(verdict(again, 0)).toEqual(row.verdict);
    } else {
      expect(result!.problems.filter((p) => p.entry === index)).toEqual([]);
      expect(verdict(result!, index)).toEqual(row.verdict);
    }
  });

  test('findings name what was expected and found', () => {
    const at = (file: string, pointer: string) =>
      result!.findings.find((f) => f.entry === files.indexOf(file) && f.pointer === pointer);
    expect(at('v1.0-prev-get-incident.response.json', '/@odata.type')).toMatchObject({
      operationId: 'getIncident',
      expected: '"#microsoft.graph.security.incident"',
      found: '"#microsoft.graph.incident"',
    });
    expect(at('v1.0-prev-get-incident.response.json', '/status')).toMatchObject({
      expected: '"active" (members are case-sensitive camelCase)',
      found: '"Active"',
    });
    expect(at('v1.0-post-incident-comment.response.json', '/@odata.context')).toMatchObject({
      operationId: 'createIncidentComment',
      expected: "…/$metadata#security/incidents('3962396')/comments",
    });
  });

  test('against the beta description (as with --spec specs/beta/openapi.yaml) the beta-only properties are known', async () => {
    const contract = await loadContract(
      fileURLToPath(new URL('../../../specs/beta/openapi.yaml', import.meta.url)),
    );
    const betaFiles = files.filter((file) => file.startsWith('beta-') && !file.startsWith('beta-2021'));
    expect(betaFiles).toHaveLength(6);
    for (const file of betaFiles) {
      const row = rows[file]!;
      const text = texts[files.indexOf(file)]!;
      const result = verifyRecording(
        har([{ file, row, text: row.trailingCommas ? text.replace(/,(\s*[\]}])/g, '$1') : text }]),
        { contract },
      );
      expect(result.problems, file).toEqual([]);
      expect(verdict(result, 0), file).toEqual(row.verdict.filter((line) => !betaOnly.includes(line)));
    }
  });

  test('the invalid-enum error was recorded on alerts_v2, which is not part of this contract', () => {
    const recorded = verifyRecording({
      request: { method: 'PATCH', url: 'https://graph.microsoft.com/v1.0/security/alerts_v2/da1' },
      response: { status: 400, body: read('thirdparty-alert-update-invalid-enum.400.response.json') },
    });
    expect(recorded.verified).toBe(0);
    expect(recorded.skipped).toHaveLength(1);
  });
});

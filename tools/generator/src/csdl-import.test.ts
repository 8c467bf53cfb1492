import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { main as generateMain } from './cli.ts';
import { diffModels } from './diff.ts';
import { main as diffMain } from './diff-cli.ts';
import { loadModel } from './generate.ts';
import { defaultOverlays, descriptionText, importDescription, main, readSource } from './import.ts';
import { type JsonObject, parseSpec } from './load.ts';
import { parseSpecCached } from './parse-cache.ts';
import type { ApiModel } from './model.ts';
import { validateSpec } from './validate.ts';
import { inShared, makeTestWorkspace, prettierLeavesAlone, repoRoot } from './test-workspace.ts';

/** Microsoft's whole CSDL files, read in place from ../shared (never copied); see their README there. */
const metadata = join(repoRoot, '../shared/graph-reference/spec/msgraph-metadata-f54f11b6');
const files = { v1: join(metadata, 'v1.0-Prod.csdl'), beta: join(metadata, 'beta-USNat.csdl') };
const available = inShared(Object.values(files), "the CSDL import tests need Microsoft's metadata files");

const paths = ['/security/incidents**'];
const ns = 'microsoft.graph.security';
const ours = [
  'countIncidentAlerts',
  'countIncidents',
  'createIncidentComment',
  'getIncident',
  'getIncidentAlert',
  'listIncidentAlerts',
  'listIncidents',
  'updateIncident',
];

/**
 * Imports CSDL text as `spec:import` does (default overlay for CSDL) and models the result with the generator's whole
 * load, Redocly's validation included (`spec:import` itself models this document without Redocly). Also checks that
 * the YAML reads back as exactly the document it was written from, which that shortcut relies on.
 */
async function importCsdl(
  text: string,
  file: string,
  server?: string,
): Promise<{ yaml: string; model: ApiModel; document: JsonObject }> {
  const overlays = await Promise.all(
    defaultOverlays.csdl.map(async (overlay) => parseYaml(await readFile(join(repoRoot, overlay), 'utf8'))),
  );
  const source = await readSource(text, file, { paths, ...(server ? { server } : {}) });
  expect(source.kind).toBe('csdl');
  const { document } = importDescription(source.document, { paths, overlays, followMappings: true });
  const yaml = descriptionText(document, `imported from ${file}`);
  expect(parseSpec({ file, text: yaml })).toStrictEqual(document);
  return { yaml, model: await loadModel({ file: 'specs/imported/openapi.yaml', text: yaml }), document };
}

async function ourModel(spec: string): Promise<ApiModel> {
  return loadModel({ file: spec, text: await readFile(join(repoRoot, spec), 'utf8') });
}

/** Structural differences (not documentation) from `base` to `head`, as `impact kind location`. */
function structural(base: ApiModel, head: ApiModel): string[] {
  return diffModels(base, head)
    .filter((c) => c.impact !== 'patch')
    .map((c) => `${c.impact} ${c.kind} ${c.location}`)
    .sort();
}

/**
 * Every non-breaking difference of the v1.0 import from our hand-written specs/v1.0, and why:
 * - Microsoft's converter declares `$search` wherever no SearchRestrictions forbids it; we leave it out of the list
 *   (undocumented for incidents, facts §2.1), and the overlay leaves it out of `$count`.
 * - The base type stays a schema (`allOf`); ours flattens `id` into each type.
 * - These evidence properties are `Nullable="false"` in the CSDL; ours left them optional.
 * - Microsoft's converter declares `@odata.type` on every structured type, the open `dictionary` too.
 * - `userAccount.tenantId` is in the 2026-08 metadata and not yet in ours.
 * - Received values constrained further, which readers accept: the count is `int32` (ours `int64`), these
 *   `Edm.Guid` properties carry `format: uuid`, the `allOf` types `alert` and `incident` are left open (Graph's
 *   readers ignore unknown properties), and three operations gain Microsoft's `default` error response beside our
 *   4XX and 5XX.
 */
const v1Differences = [
  'non-breaking parameter-added countIncidentAlerts.$search, listIncidentAlerts.$search, listIncidents.$search',
  // Microsoft declares $expand on the alerts of an incident, which have no navigation property to expand.
  'non-breaking parameter-added getIncidentAlert.$expand',
  'non-breaking parameter-added listIncidentAlerts.$expand',
  'non-breaking schema-added microsoft.graph.entity',
  ...[
    'activeDirectoryDomainEvidence.trustedDomains',
    'containerEvidence.isPrivileged',
    'fileHash.algorithm',
    'fileHashEvidence.algorithm',
    'kubernetesServiceEvidence.serviceType',
    'kubernetesServicePort.nodePort',
    'kubernetesServicePort.port',
    'vmMetadata.cloudProvider',
  ].map((property) => `non-breaking property-became-required ${ns}.${property}`),
  `non-breaking property-added ${ns}.dictionary.@odata.type`,
  `non-breaking property-added ${ns}.userAccount.tenantId`,
  'non-breaking constraint-tightened ODataCountResponse',
  ...[
    'mailboxConfigurationEvidence.externalDirectoryObjectId',
    'securityGroupEvidence.activeDirectoryObjectGuid',
    'teamsMessageEvidence.owningTenantId',
    'userAccount.activeDirectoryObjectGuid',
  ].map((property) => `non-breaking constraint-tightened ${ns}.${property}`),
  ...['countIncidentAlerts', 'countIncidents', 'createIncidentComment', 'updateIncident'].map(
    (id) => `non-breaking response-status-added ${id}.responses.default`,
  ),
  `non-breaking schema-opened ${ns}.alert`,
  `non-breaking schema-opened ${ns}.incident`,
].sort();

describe.skipIf(!available)('spec:import from the whole v1.0 CSDL', () => {
  let text: string;
  let imported: { yaml: string; model: ApiModel };
  let parseCache: string;
  beforeAll(async () => {
    text = await readFile(files.v1, 'utf8');
    const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-csdl-'));
    const out = join(dir, 'openapi.yaml');
    parseCache = join(dir, 'parsed');
    const log = console.log;
    console.log = () => {};
    try {
      // The command itself: the input is told apart by content, and CSDL gets the metadata overlay only.
      expect(
        await main(['--from', files.v1, '--paths', paths[0]!, '--out', out], repoRoot, undefined, {
          parseCache,
        }),
      ).toBe(0);
    } finally {
      console.log = log;
    }
    const yaml = await readFile(out, 'utf8');
    imported = { yaml, model: await loadModel({ file: 'specs/imported/openapi.yaml', text: yaml }) };
  }, 120_000);

  test('keeps our eight operations on the paths of the container, with the metadata’s types', () => {
    expect(imported.yaml).toMatch(
      /^# Imported by `npm run spec:import` from .*v1\.0-Prod\.csdl\n# paths: .*; overlay: specs\/overlays\/incidents\.overlay\.yaml\./,
    );
    expect(imported.model.operations.map((op) => op.operationId)).toEqual(ours);
    const incident = imported.model.objects.find((o) => o.key === `${ns}.incident`)!;
    expect(incident.properties.find((p) => p.name === 'priorityScore')).toMatchObject({
      nullable: true,
      type: { kind: 'primitive', type: 'integer', format: 'int32', minimum: 0, maximum: 100 },
    });
    expect(incident.properties.find((p) => p.name === 'alerts')).toMatchObject({ navigation: true });
    const evidence = imported.model.objects.find((o) => o.key === `${ns}.alertEvidence`)!;
    expect(Object.keys(evidence.discriminator!.mapping)).toHaveLength(48);
    const status = imported.model.enums.find((e) => e.key === `${ns}.incidentStatus`)!;
    expect(status.afterSentinel).toEqual(['awaitingAction']);
    expect(status.values).toEqual({
      active: 1,
      resolved: 2,
      inProgress: 4,
      redirected: 64,
      unknownFutureValue: 127,
      awaitingAction: 128,
    });
  });

  test('keeps the parse of the YAML it wrote where generate looks it up: exactly what parseSpec reads, key order included', async () => {
    const entries = async () => (await readdir(parseCache)).filter((name) => name.endsWith('.json'));
    const source = { file: 'specs/imported/openapi.yaml', text: imported.yaml };
    const expected = JSON.stringify(parseSpec(source));
    const kept = await Promise.all((await entries()).map((name) => readFile(join(parseCache, name), 'utf8')));
    // The description's entry, and the default overlay's (read through the cache too).
    expect(kept.filter((json) => json === expected)).toHaveLength(1);
    expect(kept).toHaveLength(defaultOverlays.csdl.length + 1);
    // Found by the text's hash: a miss would parse the text and keep another entry.
    expect(await parseSpecCached(source, parseCache)).toStrictEqual(parseSpec(source));
    expect(await entries()).toHaveLength(kept.length);
  });

  test('writes YAML that prettier leaves as it is', async () => {
    expect(await prettierLeavesAlone(imported.yaml)).toBe(true);
  });

  test('what spec:import models without Redocly is the YAML it wrote, and Redocly accepts that YAML', async () => {
    const { document } = await importCsdl(text, files.v1);
    expect(parseSpec({ file: files.v1, text: imported.yaml })).toStrictEqual(document);
    await expect(
      validateSpec({ file: 'specs/imported/openapi.yaml', text: imported.yaml }),
    ).resolves.toBeUndefined();
  }, 60_000);

  test('diffs against specs/v1.0 with no breaking change, and only the differences we can say why', async () => {
    expect(structural(await ourModel('specs/v1.0/openapi.yaml'), imported.model)).toEqual(v1Differences);
  });

  test('the history story: an incident without priorityScore → today is a non-breaking addition (and a $select value), a minor changeset', async () => {
    // The state before 2026-01 (../shared/graph-reference/spec/csdl-history.incident.txt): the same file without the property.
    const line = '<Property Name="priorityScore" Type="Edm.Int32" />';
    const start = text.indexOf('<EntityType Name="incident" BaseType="graph.entity">');
    const at = text.indexOf(line, start);
    expect(at).toBeGreaterThan(start);
    expect(at).toBeLessThan(text.indexOf('</EntityType>', start));
    const older = text.slice(0, text.lastIndexOf('\n', at)) + text.slice(at + line.length);
    expect(older.length).toBeLessThan(text.length);

    const root = await makeTestWorkspace();
    await mkdir(join(root, '.changeset'));
    await writeFile(join(root, 'before.yaml'), (await importCsdl(older, 'v1.0-Prod.csdl@before')).yaml);
    await writeFile(join(root, 'after.yaml'), imported.yaml);
    const logs: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => logs.push(args.join(' '));
    try {
      expect(await diffMain(['--base', 'before.yaml', '--head', 'after.yaml', '--changeset'], root)).toBe(0);
    } finally {
      console.log = log;
    }
    const report = logs.join('\n');
    // The property, and the value $select may now name on list and get (what callers send: one more value).
    expect(report).toContain('before.yaml → after.yaml: 3 change(s), minor\n  Non-breaking (minor): 3\n');
    expect(report).toContain(
      `    property-added [response] ${ns}.incident.priorityScore: priorityScore added\n`,
    );
    for (const id of ['getIncident', 'listIncidents'])
      expect(report).toContain(
        `    enum-member-added [request] ${id}.$select[].priorityScore: priorityScore added\n`,
      );
    expect(report).toContain('Impact: minor (0 breaking, 3 non-breaking, 0 patch)');
    const [changeset] = await readdir(join(root, '.changeset'));
    const written = await readFile(join(root, '.changeset', changeset!), 'utf8');
    expect(written).toMatch(
      /^---\n'@graph-incidents\/types': minor\n'@graph-incidents\/client': minor\n'@graph-incidents\/mocks': minor\n'@graph-incidents\/contract-tests': minor\n---\n/,
    );
    expect(written).toContain(
      '- Added the optional `priorityScore` of `incident` (in what clients receive)\n',
    );
    expect(written).toContain('### Additions and other compatible changes\n');
    expect(written).not.toContain('### Breaking changes');
  }, 120_000);

  test('the generator accepts the import: npm run generate writes every package’s sources from it', async () => {
    const root = await makeTestWorkspace(imported.yaml);
    const log = console.log;
    console.log = () => {};
    try {
      expect(await generateMain(['--spec', 'specs/v1.0/openapi.yaml'], root)).toBe(0);
    } finally {
      console.log = log;
    }
    const schemas = await readFile(join(root, 'packages/types/src/generated/schemas.gen.ts'), 'utf8');
    expect(schemas).toContain('export interface Incident ');
    expect(schemas).toMatch(/priorityScore\?: number \| null/);
    // The overlay gives Graph's error schemas and the count the names @graph-incidents/types exports.
    for (const name of ['GraphErrorBody', 'GraphMainError', 'GraphErrorDetail', 'GraphInnerError'])
      expect(schemas).toContain(`export interface ${name} `);
    expect(schemas).toContain('export type ODataCount = ');
    const operations = await readFile(join(root, 'packages/client/src/generated/operations.gen.ts'), 'utf8');
    for (const id of ours) expect(operations).toContain(id);
  }, 120_000);
});

/**
 * The beta file in ../shared is the US national cloud's (the global beta CSDL is over 4 MiB and was not obtained,
 * facts §1.2, §4). It lags the global beta that specs/beta describes: no priorityScore, no investigationState, no
 * aiAgentEvidence, fewer securityGroupEvidence and userAccount properties, one serviceSource member fewer. Those
 * differences are the file's age, not the conversion's; the rest are as for v1.0, plus beta's own types: `manualAlert`
 * derives from `alert` there, which makes `alert` polymorphic (its `@odata.type` a required string, not a const).
 */
const betaDifferences = [
  // The two GUID properties the national-cloud file lacks are removed, not re-formatted.
  ...v1Differences.filter(
    (line) =>
      !/constraint-tightened .*(securityGroupEvidence|userAccount)\.activeDirectoryObjectGuid$/.test(line),
  ),
  `breaking property-removed ${ns}.incident.priorityScore`,
  `breaking property-removed ${ns}.alert.investigationState`,
  `breaking schema-removed ${ns}.investigationState`,
  `breaking schema-removed ${ns}.aiAgentEvidence`,
  `breaking schema-removed ${ns}.aiAgentPlatform`,
  ...['activeDirectoryObjectGuid', 'distinguishedName', 'friendlyName', 'sid'].map(
    (name) => `breaking property-removed ${ns}.securityGroupEvidence.${name}`,
  ),
  `breaking property-removed ${ns}.userAccount.activeDirectoryObjectGuid`,
  // Readers get one value fewer (not breaking); $select can no longer name priorityScore (breaking).
  `non-breaking enum-member-removed ${ns}.serviceSource.microsoftThreatIntelligence`,
  `breaking enum-member-removed getIncident.$select[].priorityScore, listIncidents.$select[].priorityScore`,
  // The national-cloud alert lacks investigationState, so the alerts' $select can no longer name it.
  `breaking enum-member-removed getIncidentAlert.$select[].investigationState, listIncidentAlerts.$select[].investigationState`,
  `breaking constraint-loosened ${ns}.alert.@odata.type`,
  `non-breaking property-became-required ${ns}.alert.@odata.type`,
  `non-breaking property-added ${ns}.recommendedHuntingQuery.@odata.type`,
  ...['entityDefinitionInput', 'entityDefinitionInputRole', 'manualAlert', 'manualAlertEntityType'].map(
    (name) => `non-breaking schema-added ${ns}.${name}`,
  ),
].sort();

describe.skipIf(!available)('spec:import from the whole beta CSDL', () => {
  test('diffs against specs/beta only where the national-cloud file lags the global beta', async () => {
    const { model, yaml } = await importCsdl(
      await readFile(files.beta, 'utf8'),
      files.beta,
      'https://graph.microsoft.com/beta',
    );
    expect(model.baseUrl).toBe('https://graph.microsoft.com/beta');
    expect(model.operations.map((op) => op.operationId)).toEqual(ours);
    const incident = model.objects.find((o) => o.key === `${ns}.incident`)!;
    expect(incident.properties.map((p) => p.name)).toEqual(
      expect.arrayContaining(['recommendedActions', 'recommendedHuntingQueries']),
    );
    expect(structural(await ourModel('specs/beta/openapi.yaml'), model)).toEqual(betaDifferences);
    expect(await prettierLeavesAlone(yaml)).toBe(true);
  }, 120_000);
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffModels } from './diff.ts';
import { bumpFor } from './diff-rules.ts';
import { loadModel } from './generate.ts';
import { repoRoot } from './test-workspace.ts';

const load = async (file: string) => loadModel({ file, text: await readFile(join(repoRoot, file), 'utf8') });

describe('spec:diff', () => {
  test('beta-2021 → beta is major and names every rename, addition and removal', async () => {
    const changes = diffModels(
      await load('specs/beta-2021/openapi.yaml'),
      await load('specs/beta/openapi.yaml'),
    );
    expect(bumpFor(changes)).toBe('major');
    const lines = changes.map((c) => `${c.impact} ${c.kind} ${c.location}: ${c.message}`);

    // tags → customTags, as a rename in both the incident and the PATCH body.
    expect(lines).toContain(
      'breaking property-renamed microsoft.graph.security.incident.customTags: tags → customTags',
    );
    expect(lines).toContain(
      'breaking property-renamed microsoft.graph.security.incidentUpdate.customTags: tags → customTags',
    );
    // The namespace and type renames.
    for (const [from, to] of [
      ['microsoft.graph.incident', 'microsoft.graph.security.incident'],
      ['microsoft.graph.m365AlertClassification', 'microsoft.graph.security.alertClassification'],
      ['microsoft.graph.m365AlertDetermination', 'microsoft.graph.security.alertDetermination'],
      ['microsoft.graph.m365AlertSeverity', 'microsoft.graph.security.alertSeverity'],
      ['microsoft.graph.m365AlertComment', 'microsoft.graph.security.alertComment'],
      ['microsoft.graph.incidentStatus', 'microsoft.graph.security.incidentStatus'],
    ])
      expect(lines).toContain(`breaking schema-renamed ${to}: ${from} → ${to}`);
    // The five enum member renames, detected by position.
    const memberRenames = changes.filter((c) => c.kind === 'enum-member-renamed').map((c) => c.message);
    expect(memberRenames.sort()).toEqual(
      [
        'benignPositive → informationalExpectedActivity',
        'compromisedUser → compromisedAccount',
        'clean → notMalicious',
        'insufficientData → notEnoughDataToValidate',
        'confirmedUserActivity → confirmedActivity',
      ].sort(),
    );
    // Added members: inProgress before the sentinel (breaking), awaitingAction after it (not breaking).
    expect(lines).toContain(
      'breaking enum-member-added microsoft.graph.security.incidentStatus.inProgress: inProgress added',
    );
    expect(lines).toContain(
      'non-breaking enum-member-added-after-sentinel microsoft.graph.security.incidentStatus.awaitingAction: awaitingAction added after unknownFutureValue',
    );
    // Added properties, the beta-only ones included.
    for (const name of [
      'tenantId',
      'systemTags',
      'description',
      'lastModifiedBy',
      'resolvingComment',
      'summary',
      'priorityScore',
      'recommendedActions',
      'recommendedHuntingQueries',
      'alerts',
    ])
      expect(lines).toContain(
        `non-breaking property-added microsoft.graph.security.incident.${name}: ${name} added`,
      );
    expect(lines).toContain(
      'non-breaking operation-added createIncidentComment: POST /security/incidents/{incidentId}/comments added',
    );
    // Incidents.* → SecurityIncident.*: a token with only the old permission is refused.
    for (const id of ['getIncident', 'listIncidents']) {
      for (const scope of ['Incidents.Read.All', 'Incidents.ReadWrite.All'])
        expect(lines).toContain(`breaking security-alternative-removed ${id}: ${scope}`);
      for (const scope of ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'])
        expect(lines).toContain(`non-breaking security-alternative-added ${id}: ${scope}`);
    }
    // Never a rename reported as removal plus addition.
    expect(lines.filter((l) => / property-removed .*\.tags:/.test(l))).toEqual([]);
  });

  test('v1.0 → beta adds only the two beta properties, their type and their $select values', async () => {
    const changes = diffModels(await load('specs/v1.0/openapi.yaml'), await load('specs/beta/openapi.yaml'));
    const structural = changes.filter((c) => c.impact !== 'patch');
    expect(structural.map((c) => `${c.kind} ${c.location}`).sort()).toEqual([
      'enum-member-added getIncident.$select[].recommendedActions, listIncidents.$select[].recommendedActions',
      'enum-member-added getIncident.$select[].recommendedHuntingQueries, listIncidents.$select[].recommendedHuntingQueries',
      'property-added microsoft.graph.security.incident.recommendedActions',
      'property-added microsoft.graph.security.incident.recommendedHuntingQueries',
      'schema-added microsoft.graph.security.recommendedHuntingQuery',
    ]);
    expect(bumpFor(changes)).toBe('minor');
  });

  test('an identical description has no changes', async () => {
    const v1 = await load('specs/v1.0/openapi.yaml');
    expect(diffModels(v1, v1)).toEqual([]);
    expect(bumpFor([])).toBe('none');
  });
});

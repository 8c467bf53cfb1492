import { alertEvidenceTypes, incidentStatusValues } from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
import { buildEdgeCases, longText, nonAsciiText } from './edge-cases.js';
import { schemaShapes } from './generated/graph-metadata.gen.js';
import { specValidators } from './spec-validators.test-helper.js';

const catalogue = buildEdgeCases();
const validator = specValidators();

describe('edge-case catalogue', () => {
  it('is deterministic', () => {
    expect(buildEdgeCases()).toEqual(catalogue);
  });

  it('has every member of every incident enum, the sentinel and the members after it included', () => {
    const names = new Set(catalogue.incidents.map((c) => c.name));
    for (const member of incidentStatusValues) expect(names).toContain(`incident.status = ${member}`);
    for (const [property, shape] of Object.entries(schemaShapes.incident))
      if ('enum' in shape)
        for (const member of shape.enum.members) expect(names).toContain(`incident.${property} = ${member}`);
    const awaiting = catalogue.incidents.find((c) => c.name === 'incident.status = awaitingAction')!;
    expect(awaiting.value.status).toBe('awaitingAction');
    const sentinel = catalogue.alerts.find((c) => c.name === 'alert.serviceSource = microsoftSentinel')!;
    expect(sentinel.value.serviceSource).toBe('microsoftSentinel');
  });

  it('sets every nullable to null, empties every collection, and has long and non-ASCII text', () => {
    const nulls = catalogue.incidents.find((c) => c.name === 'incident with every nullable property null')!
      .value as unknown as Record<string, unknown>;
    for (const [property, shape] of Object.entries(schemaShapes.incident))
      if ('nullable' in shape && !property.startsWith('@odata.'))
        expect(nulls[property], property).toBeNull();
    const empty = catalogue.incidents.find((c) => c.name === 'incident with every collection empty')!.value;
    expect(empty.customTags).toEqual([]);
    expect(empty.comments).toEqual([]);
    expect(catalogue.incidents.find((c) => c.name === 'incident with long strings')!.value.displayName).toBe(
      longText,
    );
    expect(
      catalogue.incidents.find((c) => c.name === 'incident with non-ASCII strings')!.value.description,
    ).toBe(nonAsciiText);
  });

  it('has a redirected incident with redirectIncidentId, and incidents with alerts carrying each evidence kind', () => {
    const redirected = catalogue.incidents.find(
      (c) => c.name === 'redirected incident with its redirectIncidentId',
    )!.value;
    expect(redirected.status).toBe('redirected');
    expect(redirected.redirectIncidentId).toMatch(/^\d+$/);
    for (const kind of alertEvidenceTypes) {
      const entry = catalogue.incidents.find(
        (c) => c.name === `incident with an expanded alert carrying ${kind}`,
      )!;
      expect(entry.value.alerts?.[0]?.evidence?.[0]?.['@odata.type']).toBe(kind);
      expect(entry.value.alerts?.[0]?.incidentId).toBe(entry.value.id);
    }
  });

  it('is valid against the spec, entry by entry', () => {
    for (const [schema, entries] of [
      ['incident', catalogue.incidents],
      ['alert', catalogue.alerts],
      ['alertComment', catalogue.comments],
    ] as const) {
      const validate = validator(`microsoft.graph.security.${schema}`);
      for (const entry of entries)
        if (!validate(entry.value)) expect.fail(`${entry.name}: ${JSON.stringify(validate.errors)}`);
    }
  });
});

import { alertEvidenceTypes, incidentStatusValues } from '@graph-incidents/types';
import { describe, expect, it } from 'vitest';
import { resetDefaultSeed } from './fixture-context.js';
import {
  buildAlert,
  buildAlertComment,
  buildAlertEvidence,
  buildIncident,
  buildIncidentCollectionResponse,
} from './generated/factories.gen.js';

const graphDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('factories', () => {
  it('give the same object for the same seed and different objects for different seeds', () => {
    expect(buildIncident({}, { seed: 42 })).toEqual(buildIncident({}, { seed: 42 }));
    expect(buildAlert({}, { seed: 42 })).toEqual(buildAlert({}, { seed: 42 }));
    expect(buildIncident({}, { seed: 42 })).not.toEqual(buildIncident({}, { seed: 43 }));
  });

  it('repeat unseeded builds after the module seed is reset, and differ between calls', () => {
    resetDefaultSeed(5);
    const first = [buildIncident(), buildIncident()];
    resetDefaultSeed(5);
    const second = [buildIncident(), buildIncident()];
    expect(second).toEqual(first);
    expect(first[0]).not.toEqual(first[1]);
  });

  it('never repeat rows inside nested arrays (one seeded generator per build, never re-seeded)', () => {
    let nonEmpty = 0;
    for (let seed = 0; seed < 300; seed++) {
      const page = buildIncidentCollectionResponse({}, { seed });
      const alert = buildAlert({}, { seed });
      for (const list of [
        page.value,
        ...page.value.map((i) => i.comments ?? []),
        alert.evidence ?? [],
        alert.comments ?? [],
      ]) {
        if (list.length > 1) nonEmpty++;
        expect(new Set(list.map((row) => JSON.stringify(row))).size).toBe(list.length);
      }
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('draw values the way Graph sends them', () => {
    for (let seed = 0; seed < 200; seed++) {
      const incident = buildIncident({}, { seed });
      expect(incident.id).toMatch(/^\d+$/);
      expect(incident.createdDateTime).toMatch(graphDateTime);
      expect(incident.lastUpdateDateTime >= incident.createdDateTime).toBe(true);
      if (incident.tenantId !== null) expect(incident.tenantId).toMatch(guid);
      if (incident.assignedTo != null)
        expect(incident.assignedTo).toMatch(/^[a-z0-9.]+@contoso\.onmicrosoft\.com$/);
      expect(incident.incidentWebUrl).toBe(
        `https://security.microsoft.com/incidents/${incident.id}${incident.tenantId ? `?tid=${incident.tenantId}` : ''}`,
      );
      expect(incident.redirectIncidentId === null).toBe(incident.status !== 'redirected');
      expect('alerts' in incident).toBe(false);
      expect('@odata.type' in incident).toBe(false);
      expect(incident.status).not.toBe('unknownFutureValue');
    }
  });

  it('send explicit nulls and empty collections sometimes, never undefined', () => {
    const incidents = Array.from({ length: 200 }, (_, seed) => buildIncident({}, { seed }));
    expect(incidents.some((i) => i.assignedTo === null)).toBe(true);
    expect(incidents.some((i) => i.customTags?.length === 0)).toBe(true);
    expect(incidents.some((i) => (i.customTags?.length ?? 0) > 1)).toBe(true);
    for (const incident of incidents) expect(Object.values(incident)).not.toContain(undefined);
    // Every incidentStatus member is drawn, the one after the sentinel included.
    const statuses = new Set(incidents.map((i) => i.status));
    expect([...statuses].sort()).toEqual(
      incidentStatusValues.filter((s) => s !== 'unknownFutureValue').sort(),
    );
  });

  it('apply overrides and derive dependent properties from them', () => {
    const incident = buildIncident(
      { id: '29', tenantId: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c', status: 'redirected' },
      { seed: 1 },
    );
    expect(incident.id).toBe('29');
    expect(incident.incidentWebUrl).toBe(
      'https://security.microsoft.com/incidents/29?tid=b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
    );
    expect(incident.redirectIncidentId).toMatch(/^\d+$/);
    expect(
      buildIncident({ redirectIncidentId: null, status: 'redirected' }, { seed: 1 }).redirectIncidentId,
    ).toBeNull();
    expect(buildAlertComment({ comment: 'hi' }, { seed: 2 }).comment).toBe('hi');
  });

  it('build every evidence kind with its discriminator', () => {
    for (const kind of alertEvidenceTypes) {
      const evidence = buildAlertEvidence(kind, {}, { seed: 3 });
      expect(evidence['@odata.type']).toBe(kind);
      expect(evidence.createdDateTime).toMatch(graphDateTime);
    }
    expect(
      buildAlertEvidence('#microsoft.graph.security.ipEvidence', { ipAddress: '10.0.0.1' }).ipAddress,
    ).toBe('10.0.0.1');
  });

  it('reject an unknown evidence kind and a bad seed with a clear error', () => {
    expect(() => buildAlertEvidence('#microsoft.graph.security.nopeEvidence' as never)).toThrow(
      /unknown alertEvidence kind/,
    );
    expect(() => buildIncident({}, { seed: 1.5 })).toThrow(/seed must be a safe integer/);
  });
});

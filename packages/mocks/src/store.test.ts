import { describe, expect, it } from 'vitest';
import { specValidators } from './spec-validators.test-helper.js';
import { SeededIncidents } from './seeded-incidents.js';
import { IncidentStore } from './store.js';

describe('IncidentStore', () => {
  it('generates the same incidents and alerts for the same seed', () => {
    const a = new IncidentStore({ seed: 8, incidents: 30 });
    const b = new IncidentStore({ seed: 8, incidents: 30 });
    expect(b.snapshot()).toBe(a.snapshot());
    expect(new IncidentStore({ seed: 9, incidents: 30 }).snapshot()).not.toBe(a.snapshot());
    expect(a.size).toBe(30);
  });

  it('numbers incidents in creation order, lists them newest first and keeps seeded data valid against the spec', () => {
    const store = new IncidentStore({ seed: 2, incidents: 60 });
    const incidents = store.list();
    const validator = specValidators();
    const validIncident = validator('microsoft.graph.security.incident');
    const validAlert = validator('microsoft.graph.security.alert');
    for (const [index, incident] of incidents.entries()) {
      if (!validIncident(incident)) expect.fail(JSON.stringify(validIncident.errors));
      for (const alert of store.alerts(incident.id)!) {
        if (!validAlert(alert)) expect.fail(JSON.stringify(validAlert.errors));
        expect(alert.incidentId).toBe(incident.id);
      }
      const next = incidents[index + 1];
      if (next) {
        expect(incident.createdDateTime >= next.createdDateTime).toBe(true);
        expect(Number(incident.id)).toBeGreaterThan(Number(next.id));
      }
      const comments = (incident.comments ?? []).map((c) => c.createdDateTime);
      expect(comments).toEqual([...comments].sort());
    }
  });

  it('shows each incident as v1.0 and as beta: the same incident, with the beta-only properties on beta only', () => {
    const store = new IncidentStore({ seed: 2, incidents: 60 });
    const validBeta = specValidators('beta')('microsoft.graph.security.incident');
    const v1 = store.list();
    const beta = store.list('beta');
    expect(beta.map((i) => i.id)).toEqual(v1.map((i) => i.id));
    for (const [index, incident] of beta.entries()) {
      if (!validBeta(incident)) expect.fail(JSON.stringify(validBeta.errors));
      const { recommendedActions, recommendedHuntingQueries, ...rest } = incident;
      expect(recommendedActions === null || typeof recommendedActions === 'string').toBe(true);
      expect(Array.isArray(recommendedHuntingQueries)).toBe(true);
      expect(rest).toEqual(v1[index]);
      expect(store.get(incident.id, 'beta')).toEqual(incident);
    }
    // Seeded like the rest: the same seed gives the same beta data.
    expect(new IncidentStore({ seed: 2, incidents: 60 }).list('beta')).toEqual(beta);
  });

  it('hands out copies, so callers cannot change its state', () => {
    const store = new IncidentStore({ seed: 1, incidents: 2 });
    const before = store.snapshot();
    const incident = store.get(store.list()[0]!.id)!;
    incident.status = 'resolved';
    incident.customTags?.push('mutated');
    expect(store.snapshot()).toBe(before);
  });

  it("copies the changes given to update (the handler's own parsed body is the only one kept as it is)", () => {
    const store = new IncidentStore({ seed: 1, incidents: 2 });
    const id = store.list()[0]!.id;
    const changes = JSON.parse('{"customTags":["kept"],"__proto__":{"polluted":true}}') as Record<
      string,
      unknown
    >;
    const updated = store.update(id, changes, 'caller')!;
    (changes['customTags'] as string[]).push('mutated later');
    expect(store.get(id)!.customTags).toEqual(['kept']);
    // A `__proto__` member stays a property, as the object spread kept it: it never becomes the prototype.
    const stored = store.get(id)! as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.hasOwn(stored, '__proto__')).toBe(true);
    expect('polluted' in stored).toBe(false);
    expect(updated.lastModifiedBy).toBe('caller');
  });

  it('gives the values built on demand for the newest incidents a large store builds when it starts, and for the rest', () => {
    // 4,097 incidents: one more than the cache, so the newest 1,500 are built ahead; the 1,501st and older are not.
    const store = new IncidentStore({ seed: 5, incidents: 4097 });
    const seeded = new SeededIncidents(5, 4097);
    for (const index of [4096, 4095, 2597, 2596, 2048, 0]) {
      const id = seeded.id(index);
      expect(store.get(id), id).toEqual(seeded.incident(index));
      expect(store.get(id, 'beta'), id).toEqual({
        ...seeded.incident(index),
        ...seeded.betaProperties(index),
      });
      expect(store.alerts(id), id).toEqual(seeded.alerts(index));
    }
  });

  it('rejects a bad incident count with a clear error', () => {
    expect(() => new IncidentStore({ incidents: -1 })).toThrow(
      'incidents must be a non-negative integer, got -1',
    );
  });
});

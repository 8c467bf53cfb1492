/**
 * The consistency rules of realistic fixtures (facts.md §8, "What this means for realistic fixtures"), checked on
 * what the factories and the store really produce. The facts text is read from ../shared so that the rules tested
 * here are the ones the field reports state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Alert, AlertComment, Incident } from '@graph-incidents/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEdgeCases } from './edge-cases.js';
import { FixtureContext } from './fixture-context.js';
import { determinationsByClassification } from './fixture-rules.js';
import { buildAlert, buildAlertComment, buildIncident } from './generated/factories.gen.js';
import { alertValues, incidentValues } from './generated/factory-values.gen.js';
import { IncidentStore } from './store.js';

const factsFile = fileURLToPath(new URL('../../../../shared/graph-reference/facts.md', import.meta.url));

/** An instant with its full fraction, comparable across fraction lengths (`…35.5Z` vs `…35.5000001Z`). */
function instant(value: string): [number, number] {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(value);
  if (!match) throw new Error(`not a DateTimeOffset: ${value}`);
  return [Date.parse(`${match[1]}${match[3]}`), Number(`0.${match[2] ?? '0'}`)];
}
const notAfter = (a: string, b: string): boolean => {
  const [x, y] = [instant(a), instant(b)];
  return x[0] < y[0] || (x[0] === y[0] && x[1] <= y[1]);
};

/** Every rule broken by one incident and its alerts; empty when the incident is one a tenant could hold. */
function violations(incident: Incident, alerts: readonly Alert[] = []): string[] {
  const broken: string[] = [];
  const from = incident.createdDateTime;
  const to = incident.lastUpdateDateTime;
  const inside = (what: string, t: string | null | undefined): void => {
    if (t == null) broken.push(`${what} is null`);
    else if (!notAfter(from, t) || !notAfter(t, to)) broken.push(`${what} ${t} outside [${from}, ${to}]`);
  };
  if (!notAfter(from, to)) broken.push('lastUpdateDateTime before createdDateTime');
  if (incident.status === 'resolved' && !incident.resolvingComment)
    broken.push('resolved without resolvingComment');
  if (incident.status !== 'resolved' && incident.resolvingComment != null)
    broken.push(`resolvingComment on a ${incident.status} incident`);
  if (incident.classification == null || incident.determination == null)
    broken.push('incident classification/determination null (Graph sends unknown)');
  pairs('incident', incident.classification, incident.determination, broken);
  comments('incident', incident.comments ?? [], inside, broken);
  for (const [i, alert] of alerts.entries()) {
    const at = `alerts/${i}`;
    for (const name of [
      'createdDateTime',
      'lastUpdateDateTime',
      'firstActivityDateTime',
      'lastActivityDateTime',
    ] as const)
      inside(`${at}.${name}`, alert[name]);
    if (
      alert.createdDateTime &&
      alert.lastUpdateDateTime &&
      !notAfter(alert.createdDateTime, alert.lastUpdateDateTime)
    )
      broken.push(`${at} updated before created`);
    if ((alert.status === 'resolved') !== (alert.resolvedDateTime != null))
      broken.push(`${at} status ${alert.status} with resolvedDateTime ${alert.resolvedDateTime}`);
    if (alert.resolvedDateTime != null) inside(`${at}.resolvedDateTime`, alert.resolvedDateTime);
    if (alert.status === 'new' && (alert.classification != null || alert.determination != null))
      broken.push(`${at} new alert already classified`);
    pairs(at, alert.classification, alert.determination, broken);
    comments(at, alert.comments ?? [], inside, broken);
    for (const [j, evidence] of (alert.evidence ?? []).entries())
      inside(`${at}/evidence/${j}`, evidence.createdDateTime);
    if (alert.customDetails === null || alert.additionalData === null)
      broken.push(`${at} null dictionary (Graph sends {})`);
    if (alert.incidentId !== incident.id) broken.push(`${at} belongs to ${alert.incidentId}`);
  }
  return broken;
}

function pairs(at: string, classification: unknown, determination: unknown, broken: string[]): void {
  if (classification === null || determination === null) {
    if (classification !== determination)
      broken.push(`${at} ${classification}/${determination}: half classified`);
    return;
  }
  const allowed = (determinationsByClassification as Record<string, readonly string[]>)[
    String(classification)
  ];
  if (!allowed?.includes(String(determination)))
    broken.push(`${at} determination ${determination} with ${classification}`);
}

function comments(
  at: string,
  list: readonly AlertComment[],
  inside: (what: string, t: string) => void,
  broken: string[],
): void {
  for (const [i, comment] of list.entries()) {
    if (comment.comment == null) broken.push(`${at}/comments/${i} has a null comment`);
    if (!comment.createdByDisplayName) broken.push(`${at}/comments/${i} has no author`);
    inside(`${at}/comments/${i}`, comment.createdDateTime);
    if (i > 0 && !notAfter(list[i - 1]!.createdDateTime, comment.createdDateTime))
      broken.push(`${at}/comments not oldest first`);
  }
}

describe('realistic fixtures', () => {
  it('the rules are the ones facts.md §8 states', () => {
    if (!existsSync(factsFile)) {
      expect(process.env['CI'], 'facts.md is missing in CI').not.toBe('true');
      return;
    }
    const facts = readFileSync(factsFile, 'utf8');
    expect(facts).toContain('`resolvingComment` is set on resolved incidents');
    expect(facts).toContain(
      '`classification`/`determination` are `unknown` (incidents) or `null` (alerts) until someone classifies',
    );
    expect(facts).toContain('(`createdDateTime` ≤ their times ≤ `lastUpdateDateTime`)');
    // facts §1.1: Graph pairs notMalicious and notEnoughDataToValidate with falsePositive.
    expect(facts).toMatch(
      /paired determinations with falsePositive too since 2023 \(notMalicious, notEnoughDataToValidate/,
    );
    expect(determinationsByClassification.falsePositive).toEqual(
      expect.arrayContaining(['notMalicious', 'notEnoughDataToValidate']),
    );
  });

  it('the checker catches each broken rule (it can fail)', () => {
    const good = buildIncident({ status: 'active' }, { seed: 7 });
    expect(violations(good)).toEqual([]);
    expect(violations({ ...good, resolvingComment: 'done' })).toEqual([
      'resolvingComment on a active incident',
    ]);
    expect(violations({ ...good, classification: 'unknown', determination: 'malware' })).toEqual([
      'incident determination malware with unknown',
    ]);
    const early = { comment: 'x', createdByDisplayName: 'A', createdDateTime: '2000-01-01T00:00:00Z' };
    expect(violations({ ...good, comments: [early] })[0]).toMatch(
      /^incident\/comments\/0 2000-01-01T00:00:00Z outside/,
    );
    // One tick after lastUpdateDateTime is outside, even with a longer fraction.
    const after = good.lastUpdateDateTime.replace(/(\d)Z$/, (_, d: string) => `${d}1Z`);
    expect(violations({ ...good, comments: [{ ...early, createdDateTime: after }] })[0]).toMatch(/outside/);
    expect(
      violations({ ...good, comments: [{ ...early, createdDateTime: good.lastUpdateDateTime }] }),
    ).toEqual([]);
    const alert = buildAlert({ incidentId: good.id, customDetails: null }, { seed: 7 });
    expect(violations(good, [alert]).some((v) => v.includes('null dictionary'))).toBe(true);
  });

  it('1,000 incidents on each of 20 seeds satisfy the rules (fast-check over seeds, drawn as the store draws them)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const ctx = new FixtureContext(seed);
        for (let i = 0; i < 1000; i++) {
          const incident = incidentValues(ctx, 0);
          // Alerts are the costly part; every 20th incident gets them, inside its lifetime as the store does.
          const alerts =
            i % 20 === 0
              ? [1, 2].map(() =>
                  ctx.within(incident.createdDateTime, incident.lastUpdateDateTime, () =>
                    alertValues(ctx, 0, { incidentId: incident.id }),
                  ),
                )
              : [];
          const broken = violations(incident, alerts);
          if (broken.length > 0) throw new Error(`seed ${seed}, incident ${i}: ${broken.join('; ')}`);
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('a seeded store keeps every rule, alerts inside their incident', () => {
    const store = new IncidentStore({ seed: 11, incidents: 60 });
    const incidents = store.list();
    expect(new Set(incidents.map((i) => i.status))).toContain('resolved');
    for (const incident of incidents) expect(violations(incident, store.alerts(incident.id))).toEqual([]);
  });

  it('standalone alerts and comments are consistent too', () => {
    for (let seed = 0; seed < 200; seed++) {
      const alert = buildAlert({ incidentId: '42' }, { seed });
      const life = { createdDateTime: alert.createdDateTime!, lastUpdateDateTime: alert.lastUpdateDateTime! };
      const owner = { ...buildIncident({}, { seed }), ...life, comments: [], id: '42' };
      expect(violations(owner, [alert]), `seed ${seed}`).toEqual([]);
      const comment = buildAlertComment({}, { seed });
      expect(comment.comment).not.toBeNull();
      expect(comment.createdByDisplayName).toBeTruthy();
    }
  });

  it('overrides win: a determination picks its classification, a status its resolvingComment', () => {
    for (let seed = 0; seed < 50; seed++) {
      expect(buildIncident({ determination: 'notMalicious' }, { seed }).classification).toBe('falsePositive');
      expect(buildIncident({ classification: 'unknown' }, { seed }).determination).toBe('unknown');
      expect(buildIncident({ status: 'resolved' }, { seed }).resolvingComment).toEqual(expect.any(String));
      expect(buildIncident({ status: 'inProgress' }, { seed }).resolvingComment).toBeNull();
      expect(buildIncident({ status: 'active', resolvingComment: 'kept' }, { seed }).resolvingComment).toBe(
        'kept',
      );
    }
  });

  it('the edge-case catalogue still holds the odd ones, named as such', () => {
    const names = buildEdgeCases().incidents.map((c) => c.name);
    expect(names).toContain('incident with every nullable property null');
    const odd = buildEdgeCases().incidents.filter((c) => violations(c.value).length > 0);
    expect(odd.length).toBeGreaterThan(0);
    for (const c of odd)
      expect(c.name, violations(c.value).join('; ')).toMatch(
        /^odd: |every nullable property null|long strings|non-ASCII strings|= unknownFutureValue$/,
      );
  });
});

import { type Alert, type AlertComment, alertEvidenceTypes, type Incident } from '@graph-incidents/types';
import {
  buildAlert,
  buildAlertComment,
  buildAlertEvidence,
  buildIncident,
} from './generated/factories.gen.js';
import { schemaShapes } from './generated/graph-metadata.gen.js';
import type { PropertyShape } from './shapes.js';

/** One named fixture of the edge-case catalogue. */
export interface EdgeCase<T> {
  /** What is special about it, e.g. `incident.status = awaitingAction`. */
  readonly name: string;
  readonly value: T;
}

/** The catalogue: values a client must survive, each built from the spec's shapes. */
export interface EdgeCaseCatalogue {
  readonly incidents: readonly EdgeCase<Incident>[];
  readonly alerts: readonly EdgeCase<Alert>[];
  readonly comments: readonly EdgeCase<AlertComment>[];
}

/** Text that trips naive clients: accents, CJK, Arabic (right to left), an emoji, U+FFFD, tabs and newlines. */
export const nonAsciiText = 'Ünïcödé 事件 调查 — ملف مشبوه 🚨 \uFFFD\n\tNext line';
/** Text far longer than any the Defender portal shows. */
export const longText = 'Suspicious activity on a device. '.repeat(320).trim();

type Shape = Readonly<Record<string, PropertyShape>>;

/** Edge cases of one schema: every enum member, every nullable null, empty collections, long and non-ASCII text. */
function edgeCasesOf<T>(schema: string, shape: Shape, build: (overrides: Partial<T>) => T): EdgeCase<T>[] {
  const cases: EdgeCase<T>[] = [];
  const drawn = Object.entries(shape).filter(([name, p]) => !p.navigation && !name.startsWith('@odata.'));
  const overrides = (entries: [string, unknown][]) => Object.fromEntries(entries) as Partial<T>;
  for (const [name, property] of drawn)
    if (property.enum && !property.array)
      for (const member of property.enum.members)
        cases.push({ name: `${schema}.${name} = ${member}`, value: build(overrides([[name, member]])) });
  cases.push({
    name: `${schema} with every nullable property null`,
    value: build(overrides(drawn.filter(([, p]) => p.nullable).map(([name]) => [name, null]))),
  });
  cases.push({
    name: `${schema} with every collection empty`,
    value: build(overrides(drawn.filter(([, p]) => p.array).map(([name]) => [name, []]))),
  });
  const freeText = drawn.filter(
    ([name, p]) => p.type === 'string' && !p.array && !p.literals && !/Id$|^id$|Url$/.test(name),
  );
  cases.push({
    name: `${schema} with long strings`,
    value: build(overrides(freeText.map(([name]) => [name, longText]))),
  });
  cases.push({
    name: `${schema} with non-ASCII strings`,
    value: build(overrides(freeText.map(([name]) => [name, nonAsciiText]))),
  });
  return cases;
}

/**
 * Builds the edge-case catalogue. The same seed gives the same catalogue.
 * @example buildEdgeCases().incidents.find((c) => c.name === 'incident.status = awaitingAction')
 */
export function buildEdgeCases(seed = 1): EdgeCaseCatalogue {
  let next = seed;
  const options = () => ({ seed: next++ });
  const incidents = edgeCasesOf<Incident>('incident', schemaShapes.incident, (o) =>
    buildIncident(o, options()),
  );
  incidents.push({
    name: 'redirected incident with its redirectIncidentId',
    value: buildIncident({ status: 'redirected' }, options()),
  });
  // Odd but possible: the consistency rules of fixture-rules.ts do not hold for these, on purpose.
  incidents.push({
    name: 'odd: reopened incident that keeps its resolvingComment',
    value: buildIncident({ status: 'active', resolvingComment: 'Closed by mistake' }, options()),
  });
  incidents.push({
    name: 'odd: classified incident with an unknown determination',
    value: buildIncident({ classification: 'truePositive', determination: 'unknown' }, options()),
  });
  for (const kind of alertEvidenceTypes) {
    const incident = buildIncident({}, options());
    const alert = buildAlert(
      { incidentId: incident.id, evidence: [buildAlertEvidence(kind, {}, options())] },
      options(),
    );
    incidents.push({
      name: `incident with an expanded alert carrying ${kind}`,
      value: { ...incident, alerts: [alert] },
    });
  }
  return {
    incidents,
    alerts: edgeCasesOf<Alert>('alert', schemaShapes.alert, (o) => buildAlert(o, options())),
    comments: edgeCasesOf<AlertComment>('alertComment', schemaShapes.alertComment, (o) =>
      buildAlertComment(o, options()),
    ),
  };
}

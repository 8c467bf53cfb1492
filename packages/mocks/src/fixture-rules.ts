/**
 * Consistency rules that make a generated incident or alert one a tenant could hold. The generated factories draw
 * every property on its own; `FixtureContext.finish` then applies these rules to the properties the caller did not
 * override (an override always wins, so the edge-case catalogue can still build the odd ones on purpose).
 *
 * Each rule names its source: facts.md §8 (what the live service did, 2026), §1 (the CSDL and docs), or *assumed*.
 */

/** What the rules need from the seeded generator (implemented by `FixtureContext`). */
export interface RuleContext {
  /** A member of a list. */
  member<const T>(values: readonly T[]): T;
  /** True about `percent` times in a hundred. */
  chance(percent: number): boolean;
  /** A DateTimeOffset inside `[from, to]` in Graph's form (seven fraction digits and `Z`). */
  dateTimeBetween(from: string, to: string): string;
  /** A DateTimeOffset in Graph's form, inside the current lifetime when there is one. */
  dateTime(): string;
  /** Text for a property, from the value rules. */
  text(schema: string, property: string): string;
}

type Values = Record<string, unknown>;

/**
 * The determinations that go with each classification. Source: Graph's update docs since docs PR #21006 (facts
 * §1.1: notMalicious and notEnoughDataToValidate pair with falsePositive) and the Defender portal's classification
 * dialog, which offers these groups (true positive: multi-staged attack, malicious user activity, compromised
 * account, malware, phishing, unwanted software, other; informational: security testing, line-of-business
 * application, confirmed activity, other; false positive: not malicious, not enough data to validate, other).
 * `apt` and `securityPersonnel` are legacy members (facts §6) placed with true positive and informational: *assumed*.
 */
export const determinationsByClassification = {
  unknown: ['unknown'],
  truePositive: [
    'multiStagedAttack',
    'maliciousUserActivity',
    'compromisedAccount',
    'malware',
    'phishing',
    'unwantedSoftware',
    'apt',
    'other',
  ],
  informationalExpectedActivity: [
    'securityTesting',
    'lineOfBusinessApplication',
    'confirmedActivity',
    'securityPersonnel',
    'other',
  ],
  falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
} as const satisfies Record<string, readonly string[]>;

type Classification = keyof typeof determinationsByClassification;

/** True when a determination may go with a classification (both `unknown`, or a pair of the table above). */
export function isConsistentClassification(classification: unknown, determination: unknown): boolean {
  if (classification === null || determination === null) return classification === determination;
  const allowed = (determinationsByClassification as Record<string, readonly string[]>)[
    String(classification)
  ];
  return allowed !== undefined && allowed.includes(String(determination));
}

/** The text Graph writes when it closes an incident itself (facts §8, wazuh/wazuh#37898). */
export const automaticResolvingComment = (alertId: string): string =>
  `Incident automatically resolved as all alerts in the incident were resolved. Last resolved alert ID: ${alertId}`;

/** Applies the rules of `schema` (the Graph name the factories use) to `value`, in place. */
export function applyConsistencyRules(
  schema: string,
  value: Values,
  overrides: object,
  ctx: RuleContext,
): void {
  const free = (property: string): boolean => property in value && !(property in overrides);
  if (schema === 'incident') incidentRules(value, free, ctx);
  else if (schema === 'alert') alertRules(value, free, ctx);
  else if (schema === 'alertComment') commentRules(value, free, ctx);
}

type Free = (property: string) => boolean;

function incidentRules(value: Values, free: Free, ctx: RuleContext): void {
  // An incident is `unknown`/`unknown` until someone classifies it; never null (facts §8, live list items 2026).
  pairClassification(value, free, ctx, 'unknown');
  // `resolvingComment` is set on resolved incidents, by a person or by the service, and null otherwise (facts §8).
  if (free('resolvingComment'))
    value['resolvingComment'] =
      value['status'] === 'resolved'
        ? ctx.chance(50)
          ? automaticResolvingComment(ctx.text('alert', 'id'))
          : ctx.text('incident', 'resolvingComment')
        : null;
  insideLifetime(value, free, ctx, ['comments']);
}

function alertRules(value: Values, free: Free, ctx: RuleContext): void {
  // Alerts are `null`/`null` until classified (facts §8, alerts_v2 items 2026); a new alert is not classified yet.
  if (value['status'] === 'new') {
    if (free('classification')) value['classification'] = null;
    if (free('determination')) value['determination'] = null;
  }
  pairClassification(value, free, ctx, null);
  // An alert has its times (live alerts always carry them; *assumed* from facts §8 and the docs examples), in order:
  // created ≤ lastUpdate, firstActivity ≤ lastActivity, and a resolvedDateTime only when resolved.
  if (free('createdDateTime') && value['createdDateTime'] === null) value['createdDateTime'] = ctx.dateTime();
  if (free('lastUpdateDateTime') && value['lastUpdateDateTime'] === null)
    value['lastUpdateDateTime'] = ctx.dateTime();
  if (typeof value['createdDateTime'] === 'string' && typeof value['lastUpdateDateTime'] === 'string') {
    orderPair(value, free, 'createdDateTime', 'lastUpdateDateTime');
    const start = value['createdDateTime'] as string;
    const end = value['lastUpdateDateTime'] as string;
    for (const property of ['firstActivityDateTime', 'lastActivityDateTime'])
      if (free(property)) value[property] = ctx.dateTimeBetween(start, end);
    orderPair(value, free, 'firstActivityDateTime', 'lastActivityDateTime');
    if (free('resolvedDateTime')) value['resolvedDateTime'] = value['status'] === 'resolved' ? end : null;
  }
  insideLifetime(value, free, ctx, ['comments', 'evidence']);
}

function commentRules(value: Values, free: Free, ctx: RuleContext): void {
  // A comment has text and an author: Graph stores what was posted, with the poster's name (facts §1.3, §2 capture).
  if (free('comment') && value['comment'] === null) value['comment'] = ctx.text('alertComment', 'comment');
  if (free('createdByDisplayName') && value['createdByDisplayName'] === null)
    value['createdByDisplayName'] = ctx.text('alertComment', 'createdByDisplayName');
}

/**
 * Makes classification and determination a consistent pair. A drawn classification is kept when the determination
 * can follow it; a determination given as an override picks a classification it belongs to.
 */
function pairClassification(
  value: Values,
  free: Free,
  ctx: RuleContext,
  unclassified: 'unknown' | null,
): void {
  if (!('classification' in value) || !('determination' in value)) return;
  const freeClassification = free('classification');
  const freeDetermination = free('determination');
  if (!freeClassification && !freeDetermination) return;
  if (freeClassification && !freeDetermination) {
    const determination = value['determination'];
    if (determination === null || determination === 'unknown') {
      value['classification'] = determination === null ? null : 'unknown';
      return;
    }
    const owners = (Object.keys(determinationsByClassification) as Classification[]).filter((c) =>
      (determinationsByClassification[c] as readonly string[]).includes(String(determination)),
    );
    if (owners.length > 0 && !owners.includes(value['classification'] as Classification))
      value['classification'] = ctx.member(owners);
    return;
  }
  let classification = value['classification'];
  if (freeClassification && (classification === null || classification === 'unknown'))
    classification = value['classification'] = unclassified;
  if (!freeDetermination) return;
  if (classification === null) value['determination'] = null;
  else if (classification === 'unknown') value['determination'] = 'unknown';
  else {
    const allowed = (determinationsByClassification as Record<string, readonly string[]>)[
      String(classification)
    ];
    if (allowed && !allowed.includes(String(value['determination'])))
      value['determination'] = ctx.member(allowed);
  }
}

/** Swaps two drawn times that are out of order (never an overridden one). */
function orderPair(value: Values, free: Free, first: string, second: string): void {
  const a = value[first];
  const b = value[second];
  if (typeof a === 'string' && typeof b === 'string' && free(first) && free(second) && b < a) {
    value[first] = b;
    value[second] = a;
  }
}

/**
 * Redraws the `createdDateTime` of each drawn comment and evidence inside the owner's lifetime
 * (createdDateTime ≤ t ≤ lastUpdateDateTime, facts §8), comments oldest first as Graph lists them.
 */
function insideLifetime(value: Values, free: Free, ctx: RuleContext, lists: readonly string[]): void {
  const from = value['createdDateTime'];
  const to = value['lastUpdateDateTime'];
  if (typeof from !== 'string' || typeof to !== 'string') return;
  for (const list of lists) {
    const items = value[list];
    if (!free(list) || !Array.isArray(items)) continue;
    const timed = items.map((item: Values) =>
      'createdDateTime' in item ? { ...item, createdDateTime: ctx.dateTimeBetween(from, to) } : item,
    );
    if (list === 'comments')
      timed.sort((a: Values, b: Values) =>
        String(a['createdDateTime']) < String(b['createdDateTime']) ? -1 : 1,
      );
    value[list] = timed;
  }
}

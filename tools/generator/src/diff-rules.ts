/**
 * How each kind of spec change affects clients. This table is the one place the rules live: `spec:diff` looks up
 * every change here, and the highest impact decides the semver bump (breaking → major, non-breaking → minor,
 * patch → patch).
 */
export const diffRules = {
  'operation-removed': { impact: 'breaking', why: 'calls to it stop working' },
  'operation-added': { impact: 'non-breaking', why: 'new capability' },
  'operation-permissions-changed': { impact: 'breaking', why: 'tokens may lack the new permission' },
  'schema-removed': { impact: 'breaking', why: 'its type disappears' },
  'schema-renamed': { impact: 'breaking', why: 'the type name and its @odata.type change' },
  'schema-added': { impact: 'non-breaking', why: 'new type' },
  'property-removed': { impact: 'breaking', why: 'readers and writers of it break' },
  'property-renamed': { impact: 'breaking', why: 'the wire name changes' },
  'property-added': { impact: 'non-breaking', why: 'an optional property is additive' },
  'property-added-required': { impact: 'breaking', why: 'a new required property breaks writers' },
  'property-type-changed': { impact: 'breaking', why: 'values no longer fit the old type' },
  'property-became-nullable': { impact: 'breaking', why: 'readers may now get null' },
  'property-became-non-nullable': { impact: 'non-breaking', why: 'readers get fewer values' },
  'request-property-became-non-nullable': { impact: 'breaking', why: 'writers can no longer send null' },
  'property-became-optional': { impact: 'breaking', why: 'readers may no longer get it' },
  'property-became-required': { impact: 'non-breaking', why: 'readers always get it' },
  'enum-member-removed': { impact: 'breaking', why: 'old values give 400 and never come back' },
  'enum-member-renamed': { impact: 'breaking', why: 'old values give 400 and never come back' },
  'enum-member-added': {
    impact: 'breaking',
    why: 'sent without opt-in, so closed clients meet an unknown value',
  },
  'enum-member-added-after-sentinel': {
    impact: 'non-breaking',
    why: 'hidden behind Prefer: include-unknown-enum-members',
  },
  'parameter-removed': { impact: 'breaking', why: 'callers that send it break' },
  'parameter-added': { impact: 'non-breaking', why: 'an optional parameter is additive' },
  'parameter-added-required': { impact: 'breaking', why: 'existing calls lack it' },
  'description-changed': { impact: 'patch', why: 'documentation only' },
} as const satisfies Record<string, { impact: Impact; why: string }>;

export type Impact = 'breaking' | 'non-breaking' | 'patch';
export type ChangeKind = keyof typeof diffRules;

/** One difference between two descriptions. */
export interface SpecChange {
  readonly kind: ChangeKind;
  readonly impact: Impact;
  /** Where, e.g. `microsoft.graph.security.incident.customTags` or `updateIncident`. */
  readonly location: string;
  readonly message: string;
}

export function change(kind: ChangeKind, location: string, message: string): SpecChange {
  return { kind, impact: diffRules[kind].impact, location, message };
}

/** The semver bump a list of changes calls for, or `none`. */
export function bumpFor(changes: readonly SpecChange[]): 'major' | 'minor' | 'patch' | 'none' {
  if (changes.some((c) => c.impact === 'breaking')) return 'major';
  if (changes.some((c) => c.impact === 'non-breaking')) return 'minor';
  return changes.length > 0 ? 'patch' : 'none';
}

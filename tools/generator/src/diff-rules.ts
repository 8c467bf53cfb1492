/**
 * How each kind of spec change affects clients. This table is the one place the rules live: `spec:diff` looks up
 * every change here, and the highest impact decides the semver bump (breaking → major, non-breaking → minor,
 * patch → patch).
 *
 * Most rules depend on the change's **direction**, where the changed schema is reachable from:
 * - `request`: what clients send (request bodies and parameters). Tightening it refuses calls that worked.
 * - `response`: what clients receive. Loosening it hands readers values they were not written for.
 * - `both`: the worse of the two. A schema that no operation reaches (`unreferenced`) is still published by
 *   @graph-incidents/types, so it is treated as `both` (*assumed*: a type consumer may use it either way).
 * Operation-level rules (`always`) hold whatever the direction.
 *
 * `changelog` is the sentence a maintainer writes in the changeset: `{subject}` is what changed, `{detail}` the
 * change's own words (`string → integer`, `maximum: none → 50`).
 */
export const diffRules = {
  // Operations and paths
  'operation-removed': {
    changelog: 'Removed {subject}',
    always: ['breaking', 'calls to it stop working'],
  },
  'operation-added': { changelog: 'Added {subject}', always: ['non-breaking', 'a new capability'] },
  'operation-id-changed': {
    changelog: 'Renamed the client method of {subject} ({detail})',
    always: ['breaking', 'the generated client method is named after the operationId'],
  },
  'path-changed': {
    changelog: 'Moved {subject} ({detail})',
    always: [
      'breaking',
      'callers use the old URL; openapi-fetch callers name the path template itself, so a renamed path parameter breaks them too',
    ],
  },
  deprecated: {
    changelog: 'Deprecated {subject}',
    always: ['non-breaking', 'still works; a note tells callers to move away (minor, with a note)'],
  },
  undeprecated: { changelog: 'No longer deprecated: {subject}', always: ['patch', 'documentation only'] },
  'security-alternative-added': {
    changelog: '{subject} also accepts {detail}',
    always: ['non-breaking', 'one more permission set is enough; every token that worked still works'],
  },
  'security-alternative-removed': {
    changelog: '{subject} no longer accepts {detail}',
    always: ['breaking', 'tokens that held only this permission set are refused (403)'],
  },
  'security-scope-added': {
    changelog: '{subject} now needs {detail}',
    always: ['breaking', 'tokens without the new scope are refused (403)'],
  },
  'security-scope-removed': {
    changelog: '{subject} no longer needs {detail}',
    always: ['non-breaking', 'every token that worked still works'],
  },

  // Request bodies
  'request-body-added': {
    changelog: 'Added an optional request body to {subject}',
    always: ['non-breaking', 'existing calls without a body still work'],
  },
  'request-body-added-required': {
    changelog: 'Added a required request body to {subject}',
    always: ['breaking', 'existing calls lack it'],
  },
  'request-body-removed': {
    changelog: 'Removed the request body of {subject}',
    always: ['breaking', 'callers that send one are refused or ignored'],
  },
  'request-body-became-required': {
    changelog: 'The request body of {subject} is now required',
    always: ['breaking', 'calls without a body are refused'],
  },
  'request-body-became-optional': {
    changelog: 'The request body of {subject} is now optional',
    always: ['non-breaking', 'every call that worked still works'],
  },
  'request-media-type-added': {
    changelog: '{subject} also accepts {detail}',
    always: ['non-breaking', 'one more way to send the body'],
  },
  'request-media-type-removed': {
    changelog: '{subject} no longer accepts {detail}',
    always: ['breaking', 'callers that send that media type are refused (415)'],
  },
  'request-body-schema-changed': {
    changelog: 'The request body of {subject} is now {detail}',
    always: ['breaking', 'bodies written for the old schema no longer fit'],
  },

  // Responses
  'response-status-added': {
    changelog: '{subject} can now answer {detail}',
    always: ['non-breaking', 'a new documented outcome; the old ones still happen'],
  },
  'response-status-removed': {
    changelog: '{subject} no longer answers {detail}',
    always: ['breaking', 'callers that handle that status never see it again'],
  },
  'response-status-changed': {
    changelog: '{subject} now answers {detail}',
    always: ['breaking', 'callers that check the old status, or read its body, break'],
  },
  'response-media-type-added': {
    changelog: '{subject} can now answer with {detail}',
    always: ['non-breaking', 'the old media type is still sent'],
  },
  'response-media-type-removed': {
    changelog: '{subject} no longer answers with {detail}',
    always: ['breaking', 'callers that parse that media type get something else'],
  },
  'response-schema-changed': {
    changelog: 'The response {subject} is now {detail}',
    always: ['breaking', 'readers written for the old schema break'],
  },

  // Parameters
  'parameter-added': {
    changelog: 'Added the optional parameter {subject}',
    always: ['non-breaking', 'an optional parameter is additive'],
  },
  'parameter-added-required': {
    changelog: 'Added the required parameter {subject}',
    always: ['breaking', 'existing calls lack it'],
  },
  'parameter-removed': {
    changelog: 'Removed the parameter {subject}',
    always: ['breaking', 'callers that send it are refused and no longer compile'],
  },
  'parameter-became-required': {
    changelog: 'The parameter {subject} is now required',
    always: ['breaking', 'calls without it are refused'],
  },
  'parameter-became-optional': {
    changelog: 'The parameter {subject} is now optional',
    always: ['non-breaking', 'every call that worked still works'],
  },
  'parameter-location-changed': {
    changelog: 'The parameter {subject} moved ({detail})',
    always: ['breaking', 'callers send it where the service no longer reads it'],
  },
  'parameter-style-changed': {
    changelog: 'The parameter {subject} is serialised differently ({detail})',
    always: ['breaking', 'the values callers send are read differently'],
  },
  'parameter-type-changed': {
    changelog: 'The parameter {subject} changed type ({detail})',
    always: ['breaking', 'values callers send no longer fit'],
  },

  // Schemas
  'schema-removed': {
    changelog: 'Removed the type {subject}',
    always: ['breaking', 'its type disappears from @graph-incidents/types'],
  },
  'schema-renamed': {
    changelog: 'Renamed the type {detail}',
    always: ['breaking', 'the type name and its @odata.type change'],
  },
  'schema-added': { changelog: 'Added the type {subject}', always: ['non-breaking', 'a new type'] },
  'schema-kind-changed': {
    changelog: 'The type {subject} changed kind ({detail})',
    always: ['breaking', 'values of the old kind no longer fit'],
  },

  // Properties (directional)
  'property-removed': {
    changelog: 'Removed {subject}',
    request: ['breaking', 'callers that set it are refused (the type is closed) and no longer compile'],
    response: ['breaking', 'readers of it get nothing'],
  },
  'property-renamed': {
    changelog: 'Renamed {subject} ({detail})',
    request: ['breaking', 'the wire name callers send changes'],
    response: ['breaking', 'the wire name readers look for changes'],
  },
  'property-added': {
    changelog: 'Added the optional {subject}',
    request: ['non-breaking', 'an optional property callers may leave out'],
    response: ['non-breaking', 'an additional property; readers that ignore it are unaffected'],
  },
  'property-added-required': {
    changelog: 'Added the required {subject}',
    request: ['breaking', 'existing bodies lack it and are refused'],
    response: ['non-breaking', 'readers always get one more property'],
  },
  'property-became-required': {
    changelog: '{subject} is now required',
    request: ['breaking', 'bodies without it are refused'],
    response: ['non-breaking', 'readers always get it'],
  },
  'property-became-optional': {
    changelog: '{subject} is now optional',
    request: ['non-breaking', 'callers may leave it out'],
    response: ['breaking', 'readers may no longer get it'],
  },
  'property-became-nullable': {
    changelog: '{subject} can now be null',
    request: ['non-breaking', 'callers may now send null'],
    response: ['breaking', 'readers may now get null'],
  },
  'property-became-non-nullable': {
    changelog: '{subject} can no longer be null',
    request: ['breaking', 'callers can no longer send null'],
    response: ['non-breaking', 'readers get fewer values'],
  },
  'property-type-changed': {
    changelog: '{subject} changed type ({detail})',
    request: ['breaking', 'values callers send no longer fit'],
    response: ['breaking', 'values readers get no longer fit the old type'],
  },

  // Constraints (directional): format, bounds, lengths, pattern, additionalProperties…
  'constraint-tightened': {
    changelog: '{subject} is constrained further ({detail})',
    request: ['breaking', 'values callers sent before may now be refused (400)'],
    response: ['non-breaking', 'readers get a subset of what they accepted'],
  },
  'constraint-loosened': {
    changelog: '{subject} is constrained less ({detail})',
    request: ['non-breaking', 'every value callers sent is still accepted'],
    response: ['breaking', 'readers may get values outside what they were written for'],
  },
  'constraint-changed': {
    changelog: '{subject} has another constraint ({detail})',
    request: ['breaking', 'neither looser nor tighter: values callers sent may be refused'],
    response: ['breaking', 'neither looser nor tighter: readers may get values they reject'],
  },

  // Graph's versioning policy lists new properties as a non-breaking change, so readers must ignore unknown ones
  // (learn.microsoft.com/graph/versioning-and-support); what callers send is checked against the declared ones.
  'schema-opened': {
    changelog: '{subject} accepts undeclared properties ({detail})',
    request: ['non-breaking', 'every body callers sent is still accepted'],
    response: ['non-breaking', 'Graph may add properties at any time; readers already ignore unknown ones'],
  },
  'schema-closed': {
    changelog: '{subject} no longer accepts undeclared properties ({detail})',
    request: ['breaking', 'bodies with properties it does not declare are refused (400)'],
    response: ['non-breaking', 'readers get only declared properties'],
  },

  // Enums (directional). Graph's evolvable enums: members after `unknownFutureValue` reach only clients that send
  // `Prefer: include-unknown-enum-members` (Graph docs "Best practices: evolvable enums"; x-graph-enum.sentinel).
  'enum-member-added': {
    changelog: 'Added {subject}',
    request: ['non-breaking', 'callers may send one more value'],
    response: ['breaking', 'sent without opt-in, so readers meet a value they do not know'],
  },
  'enum-member-added-after-sentinel': {
    changelog:
      'Added {subject} (after unknownFutureValue: sent only with Prefer: include-unknown-enum-members)',
    request: ['non-breaking', 'callers may send one more value'],
    response: ['non-breaking', 'readers without Prefer: include-unknown-enum-members get unknownFutureValue'],
  },
  'enum-member-moved-before-sentinel': {
    changelog: '{subject} is now sent without Prefer: include-unknown-enum-members',
    request: ['non-breaking', 'callers send what they sent before'],
    response: ['breaking', 'readers that did not opt in now meet the value instead of unknownFutureValue'],
  },
  'enum-member-removed': {
    changelog: 'Removed {subject}',
    request: ['breaking', 'callers that send it are refused (400)'],
    response: ['non-breaking', 'readers get fewer values'],
  },
  'enum-member-renamed': {
    changelog: 'Renamed {subject} ({detail})',
    request: ['breaking', 'the old value is refused (400)'],
    response: ['breaking', 'readers meet a value they do not know and never see the old one'],
  },

  // The safety net of a release gate: a structural difference that no rule above recognised.
  'unclassified-change': {
    changelog: 'Changed {subject} ({detail})',
    always: [
      'breaking',
      'no rule of spec:diff classifies it; treated as breaking until a maintainer reviews it',
    ],
  },

  // Documentation
  'description-changed': {
    changelog: 'Reworded the description of {subject}',
    always: ['patch', 'documentation only'],
  },
} as const satisfies Record<string, Rule>;

export type Impact = 'breaking' | 'non-breaking' | 'patch';
type Verdict = readonly [Impact, string];
/** One rule: the same verdict in every direction, or one per direction. */
export type Rule =
  | { readonly changelog: string; readonly always: Verdict }
  | { readonly changelog: string; readonly request: Verdict; readonly response: Verdict };
export type ChangeKind = keyof typeof diffRules;
/** Where a changed schema is reachable from; `none` for operation-level changes. */
export type Direction = 'request' | 'response' | 'both' | 'unreferenced' | 'none';

/** True when the rule's impact depends on the direction. */
export function isDirectional(kind: ChangeKind): boolean {
  return !('always' in diffRules[kind]);
}

const rank: Record<Impact, number> = { patch: 0, 'non-breaking': 1, breaking: 2 };

/** The impact and its reason for a kind of change in a direction: `both` and `unreferenced` take the worse side. */
export function verdictFor(kind: ChangeKind, direction: Direction): { impact: Impact; why: string } {
  const rule: Rule = diffRules[kind];
  if ('always' in rule) return { impact: rule.always[0], why: rule.always[1] };
  if (direction === 'request') return { impact: rule.request[0], why: rule.request[1] };
  if (direction === 'response') return { impact: rule.response[0], why: rule.response[1] };
  const worse = rank[rule.request[0]] >= rank[rule.response[0]] ? rule.request : rule.response;
  return {
    impact: worse[0],
    why: `${worse[1]} (${direction === 'both' ? 'sent and received' : 'used by no operation, published as a type'})`,
  };
}

/** One difference between two descriptions. */
export interface SpecChange {
  readonly kind: ChangeKind;
  readonly impact: Impact;
  readonly direction: Direction;
  /** Where, e.g. `microsoft.graph.security.incident.customTags`, `updateIncident` or `listIncidents.$top`. */
  readonly location: string;
  /** The change in its own words: `tags → customTags`, `maximum: none → 50`. */
  readonly message: string;
  /** What changed, in the changelog's words: `` `customTags` of `incident` ``. */
  readonly subject: string;
  /** JSON pointer in the base description; absent for an addition. */
  readonly base?: string;
  /** JSON pointer in the head description; absent for a removal. */
  readonly head?: string;
}

export interface ChangeSite {
  readonly location: string;
  readonly subject: string;
  readonly direction?: Direction;
  readonly base?: string | undefined;
  readonly head?: string | undefined;
}

/** Builds a change, with its impact looked up in the table. */
export function change(kind: ChangeKind, site: ChangeSite, message: string): SpecChange {
  const direction = isDirectional(kind) ? (site.direction ?? 'unreferenced') : 'none';
  return {
    kind,
    impact: verdictFor(kind, direction).impact,
    direction,
    location: site.location,
    message,
    subject: site.subject,
    ...(site.base !== undefined ? { base: site.base } : {}),
    ...(site.head !== undefined ? { head: site.head } : {}),
  };
}

/** The changelog sentence of a change, in a maintainer's words rather than the rule id. */
export function changelogLine(c: SpecChange): string {
  const text = diffRules[c.kind].changelog
    .replaceAll('{subject}', c.subject)
    .replaceAll('{detail}', c.message);
  const where =
    c.direction === 'request'
      ? ' (in what clients send)'
      : c.direction === 'response'
        ? ' (in what clients receive)'
        : c.direction === 'both'
          ? ' (sent and received)'
          : '';
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${where}`;
}

/** The semver bump a list of changes calls for, or `none`. */
export function bumpFor(changes: readonly SpecChange[]): 'major' | 'minor' | 'patch' | 'none' {
  if (changes.some((c) => c.impact === 'breaking')) return 'major';
  if (changes.some((c) => c.impact === 'non-breaking')) return 'minor';
  return changes.length > 0 ? 'patch' : 'none';
}

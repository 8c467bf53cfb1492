/**
 * Graph's evolvable enums: every enum ends its first block of members with `unknownFutureValue`. Members added
 * later come after it, and Graph sends them only to clients that ask with `Prefer: include-unknown-enum-members`;
 * everyone else reads `unknownFutureValue`.
 */

/** The members and rules of one enum, as generated from the spec. */
export interface EnumDescriptor {
  /** The Graph name, e.g. `incidentStatus`. */
  readonly name: string;
  /** Every member in declaration order. */
  readonly members: readonly string[];
  /** `unknownFutureValue`, for an evolvable enum. */
  readonly sentinel: string | undefined;
  /** The members declared after the sentinel. */
  readonly afterSentinel: readonly string[];
}

/** The `Prefer` value that opts in to members after `unknownFutureValue`. */
export const unknownEnumMembersPreference = 'include-unknown-enum-members';

/** True when `value` is a member this package knows (case-sensitive, as Graph sends it). */
export function isKnownMember<E extends EnumDescriptor>(
  descriptor: E,
  value: unknown,
): value is E['members'][number] {
  return typeof value === 'string' && descriptor.members.includes(value);
}

/** True when Graph hides `value` from clients that did not send the `Prefer` header. */
export function hiddenByDefault(descriptor: EnumDescriptor, value: string): boolean {
  return descriptor.afterSentinel.includes(value);
}

/**
 * The value a client reads: members after the sentinel become the sentinel unless the client opted in.
 * @example visibleMember(incidentStatusEnum, 'awaitingAction', false) // 'unknownFutureValue'
 */
export function visibleMember(
  descriptor: EnumDescriptor,
  value: string,
  includeUnknownMembers: boolean,
): string {
  if (includeUnknownMembers || descriptor.sentinel === undefined) return value;
  return hiddenByDefault(descriptor, value) ? descriptor.sentinel : value;
}

/**
 * The member that `value` names, matched case-insensitively (Graph accepts `TruePositive` for `truePositive`),
 * or `undefined` when it names none.
 */
export function normalizeMember(descriptor: EnumDescriptor, value: string): string | undefined {
  const lower = value.toLowerCase();
  return descriptor.members.find((member) => member.toLowerCase() === lower);
}

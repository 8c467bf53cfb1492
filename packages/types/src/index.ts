export * from './generated/schemas.gen.js';
export type { components, operations, paths } from './generated/openapi.gen.js';
export {
  type EnumDescriptor,
  hiddenByDefault,
  isKnownMember,
  normalizeMember,
  unknownEnumMembersPreference,
  visibleMember,
} from './evolvable-enum.js';

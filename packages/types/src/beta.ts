// @graph-incidents/types/beta: the same named types, generated from specs/beta/openapi.yaml.
export * from './generated/beta/schemas.gen.js';
export type { components, operations, paths } from './generated/beta/openapi.gen.js';
export {
  type EnumDescriptor,
  hiddenByDefault,
  isKnownMember,
  normalizeMember,
  unknownEnumMembersPreference,
  visibleMember,
} from './evolvable-enum.js';

// @graph-incidents/mocks/beta: the seeded factories for Graph beta, generated from specs/beta/openapi.yaml and
// typed with @graph-incidents/types/beta. The mock server and the MSW handlers (from `@graph-incidents/mocks` and
// `@graph-incidents/mocks/msw`) already serve `/beta` over the same store as `/v1.0`.
// One `buildX(overrides, options)` per beta schema; their drawing functions are internal, as in the main entry.
export * from './generated/beta/factories.gen.js';
export { type BuildOptions, resetDefaultSeed } from './fixture-context.js';
export type { GraphVersion } from './graph-versions.js';
export type { IncidentByVersion } from './store.js';

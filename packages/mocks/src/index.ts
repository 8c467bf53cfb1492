// @graph-incidents/mocks: factories, edge cases, the store and the Graph semantics. Nothing here imports from Node,
// so that a browser bundle (a dashboard's Storybook, an MSW worker) can take it; the HTTP server is
// `@graph-incidents/mocks/server`.
// One `buildX(overrides, options)` per schema; the drawing functions behind them (`xValues(ctx, depth)`, in
// factory-values.gen.ts) and the fixture context they share are internal.
export * from './generated/factories.gen.js';
export { type BuildOptions, resetDefaultSeed } from './fixture-context.js';
export {
  buildEdgeCases,
  type EdgeCase,
  type EdgeCaseCatalogue,
  longText,
  nonAsciiText,
} from './edge-cases.js';
export {
  createGraphHandler,
  faultHeader,
  type FaultRule,
  graphJsonContentType,
  type GraphHandlerOptions,
  type GraphRequest,
  type GraphResponse,
  handleGraphRequest,
} from './graph-handler.js';
export type { GraphVersion } from './graph-versions.js';
export { type IncidentByVersion, IncidentStore, type IncidentStoreOptions } from './store.js';

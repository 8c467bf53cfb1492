export * from './generated/factories.gen.js';
export { type BuildOptions, FixtureContext, resetDefaultSeed } from './fixture-context.js';
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
export { type MockGraph, type MockGraphOptions, startMockGraph } from './server.js';
export type { GraphVersion } from './graph-versions.js';
export { type IncidentByVersion, IncidentStore, type IncidentStoreOptions } from './store.js';

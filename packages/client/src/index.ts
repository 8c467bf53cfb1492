export { createIncidentsClient, type IncidentsClient } from './client.js';
export {
  createIncidentsCore,
  defaultBaseUrl,
  graphScope,
  type IncidentsClientOptions,
  type IncidentsCore,
  type RequestOptions,
  type TokenCredential,
} from './core.js';
export {
  GraphClientError,
  GraphError,
  GraphNetworkError,
  GraphOriginError,
  GraphTimeoutError,
  type RequestSummary,
} from './errors.js';
export {
  createFilterBuilder,
  type DateTimeField,
  type EnumField,
  type Filter,
  type FilterBuilder,
  type IsoDateTime,
  type StringField,
} from './filter.js';
export type { OrderBy, Selected } from './odata.js';
export type { Page, PageIterable } from './paging.js';
export { createRawClient } from './raw.js';
export { type Clock, isRetryable, parseRetryAfter, type RetryEvent, type RetryOptions } from './transport.js';
export * from './generated/odata.gen.js';
export * from './generated/operations.gen.js';

import type { GraphVersion } from './graph-versions.js';
import type { RequestContext } from './request-context.js';
import type { Api } from './routing.js';
import { present } from './shaping.js';
import type { IncidentStore } from './store.js';

const encoder = new TextEncoder();

/**
 * JSON of presented incidents as UTF-8 bytes, per stored incident object and per way of seeing it (the version, and
 * whether the request opted in to unknown enum members). The store never changes a stored incident in place: a
 * PATCH, a comment, `put` and drawing the beta-only properties each replace the object. So bytes keyed by the object
 * can never outlive the state they were made from, and they go with the object when the incident changes or leaves
 * the store's cache. Presenting, serializing and encoding a list page's incidents were two thirds of its CPU time
 * (bench/README.md, issue 16).
 */
const encoded = new WeakMap<object, (Uint8Array | undefined)[]>();

function variant(version: GraphVersion, includeUnknownMembers: boolean): number {
  return (version === 'beta' ? 2 : 0) + (includeUnknownMembers ? 1 : 0);
}

/**
 * `JSON.stringify(present(incident))` as UTF-8, of the incident in `slot` as `api`'s version shows it to this
 * request; made once per state of the incident. Never change the returned bytes.
 */
export function incidentJson(
  store: IncidentStore,
  slot: number,
  api: Api,
  context: Pick<RequestContext, 'includeUnknownMembers'>,
): Uint8Array {
  const stored = store.storedIncident(slot, api.version);
  const index = variant(api.version, context.includeUnknownMembers);
  let known = encoded.get(stored);
  const cached = known?.[index];
  if (cached !== undefined) return cached;
  const incident = present(store.readonlySlot(slot, api.version), 'incident', context, api.metadata);
  const bytes = encoder.encode(JSON.stringify(incident));
  if (!known) encoded.set(stored, (known = []));
  known[index] = bytes;
  return bytes;
}

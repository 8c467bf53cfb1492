import * as betaMetadata from './generated/beta/graph-metadata.gen.js';
import * as v1Metadata from './generated/graph-metadata.gen.js';
import type { GraphMetadata } from './shapes.js';

/**
 * The Graph versions the mock serves, each with the metadata generated from its own description. One store holds
 * the incidents; a version decides which of their properties a client sees and which requests are valid.
 */
export const graphVersions = {
  'v1.0': v1Metadata,
  beta: betaMetadata,
} as const satisfies Readonly<Record<string, GraphMetadata>>;

/** A Graph version the mock serves: `v1.0` or `beta`. */
export type GraphVersion = keyof typeof graphVersions;

/** True for a version the mock serves. */
export function isGraphVersion(version: string): version is GraphVersion {
  return Object.hasOwn(graphVersions, version);
}

/** Per version, the incident properties that only other versions have (`v1.0` → the beta-only properties). */
export const hiddenIncidentProperties: Readonly<Record<GraphVersion, readonly string[]>> = (() => {
  const all = new Set(Object.values(graphVersions).flatMap((m) => Object.keys(m.schemaShapes.incident)));
  const hidden = (version: GraphVersion) =>
    [...all].filter((name) => !Object.hasOwn(graphVersions[version].schemaShapes.incident, name));
  return { 'v1.0': hidden('v1.0'), beta: hidden('beta') };
})();

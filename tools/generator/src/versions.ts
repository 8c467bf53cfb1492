import type { OutputPackage } from './outputs.ts';

/**
 * The descriptions under specs/ and where their output goes. v1.0 is the default and feeds every package; beta
 * feeds the `/beta` subpaths of @graph-incidents/types, @graph-incidents/client and @graph-incidents/mocks;
 * beta-2021 (the seed era) is generated through the same pipeline to prove it still works, but is not exported.
 */
export interface SpecVersion {
  readonly name: string;
  readonly spec: string;
  /** Subfolder of each package's `src/generated/`, empty for the default version. */
  readonly subdir: string;
  /**
   * The packages generated from it (`outputs.ts`), each into its `subdir`: every package for the default version;
   * for another, a subpath export (`@graph-incidents/types/beta`, `@graph-incidents/client/beta`, …).
   */
  readonly outputs: readonly OutputPackage[];
}

export const specVersions: readonly SpecVersion[] = [
  {
    name: 'v1.0',
    spec: 'specs/v1.0/openapi.yaml',
    subdir: '',
    outputs: ['types', 'client', 'mocks', 'contract'],
  },
  { name: 'beta', spec: 'specs/beta/openapi.yaml', subdir: 'beta', outputs: ['types', 'client', 'mocks'] },
  { name: 'beta-2021', spec: 'specs/beta-2021/openapi.yaml', subdir: 'beta-2021', outputs: ['types'] },
];

/** The version a spec file belongs to; an unknown file is generated as the default version. */
export function versionOf(file: string): SpecVersion {
  return specVersions.find((v) => v.spec === file) ?? specVersions[0]!;
}

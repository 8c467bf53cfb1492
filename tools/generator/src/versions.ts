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
   * What is generated: `all` packages (the default version), or the packages listed, each into its `subdir`
   * for a subpath export (`@graph-incidents/types/beta`, `@graph-incidents/client/beta`, …).
   */
  readonly emit: 'all' | readonly SubpathOutput[];
}

/** The packages that can carry a version as a subpath export. */
export type SubpathOutput = 'types' | 'client' | 'mocks';

export const specVersions: readonly SpecVersion[] = [
  { name: 'v1.0', spec: 'specs/v1.0/openapi.yaml', subdir: '', emit: 'all' },
  { name: 'beta', spec: 'specs/beta/openapi.yaml', subdir: 'beta', emit: ['types', 'client', 'mocks'] },
  { name: 'beta-2021', spec: 'specs/beta-2021/openapi.yaml', subdir: 'beta-2021', emit: ['types'] },
];

/** The version a spec file belongs to; an unknown file is generated as the default version. */
export function versionOf(file: string): SpecVersion {
  return specVersions.find((v) => v.spec === file) ?? specVersions[0]!;
}

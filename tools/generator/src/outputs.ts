import { posix } from 'node:path';

/**
 * The one table of where the generator writes: each output package, its hand-written sources folder, and from it the
 * generated folder (`<sources>/generated`, and `<sources>/generated/<subdir>` for a version's subpath export). Emitters,
 * `generate.ts` and `write.ts` read their folders from here; none of them spells a repository path.
 */
export const outputPackages = {
  types: { name: '@graph-incidents/types', sources: 'packages/types/src' },
  client: { name: '@graph-incidents/client', sources: 'packages/client/src' },
  mocks: { name: '@graph-incidents/mocks', sources: 'packages/mocks/src' },
  contract: { name: '@graph-incidents/contract-tests', sources: 'packages/contract-tests/src' },
} as const;

export type OutputPackage = keyof typeof outputPackages;

/** Where one package's generated files go, relative to the workspace root. */
export interface OutputFolder {
  /** E.g. `packages/client/src/generated/beta`. */
  readonly dir: string;
  /** The hand-written sources folder, relative to `dir`, as generated imports spell it (`..` or `../..`). */
  readonly runtime: string;
  /** The types entry of the same version, e.g. `@graph-incidents/types/beta`. */
  readonly types: string;
}

/** The folder of `output` for the version whose subfolder is `subdir` (empty for the default version). */
export function outputFolder(output: OutputPackage, subdir = ''): OutputFolder {
  const { sources } = outputPackages[output];
  const dir = subdir ? `${sources}/generated/${subdir}` : `${sources}/generated`;
  return {
    dir,
    runtime: posix.relative(dir, sources),
    types: subdir ? `${outputPackages.types.name}/${subdir}` : outputPackages.types.name,
  };
}

/** The folders the generator owns: every `*.gen.ts` directly in them is its output (subfolders belong to versions). */
export const generatedDirs: readonly string[] = (Object.keys(outputPackages) as OutputPackage[]).map(
  (output) => outputFolder(output).dir,
);

/** Why a spec cannot be generated from. */
export type SpecErrorCode =
  | 'unreadable'
  | 'invalid-yaml'
  | 'invalid-openapi'
  | 'dangling-ref'
  | 'unknown-type'
  | 'duplicate-operation-id'
  /** A name the generated code needs is not a usable TypeScript identifier (`x-ts-name: foo-bar`). */
  | 'invalid-name'
  /** Two things would get the same name in one generated module. */
  | 'name-clash'
  /** A schema that is its own base (`allOf`) or its own alias (`$ref` only). */
  | 'cycle'
  | 'unsupported';

/** One located problem in a spec: the file, the JSON pointer and the reason. */
export interface SpecProblem {
  readonly code: SpecErrorCode;
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  /** 1-based line and column, where the parser knows them. */
  readonly line?: number;
  readonly column?: number;
}

/** Thrown when a spec is malformed. Nothing is written when it is thrown. */
export class SpecError extends Error {
  readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecError';
    this.problems = problems;
  }
}

/** `specs/v1.0/openapi.yaml#/components/schemas/x: reason [code]`, the form editors and CI logs link to. */
export function formatProblem(problem: SpecProblem): string {
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  return `${problem.file}${position} ${problem.pointer || '#'}: ${problem.message} [${problem.code}]`;
}

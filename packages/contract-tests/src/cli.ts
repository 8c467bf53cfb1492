import type { Contract } from './contract-model.js';
import { defaultContract } from './default-contract.js';
import { verifyFiles } from './files.js';
import { ContractLoadError, loadContract } from './load-contract.js';
import type { InputProblem } from './recording.js';
import type { Finding, VerifyResult } from './verify.js';

export const usage = `Usage: graph-incidents-contract verify <files|dirs...> [--spec <path>] [--format text|json]

Checks recorded responses (HAR 1.2, or { request, response } JSON) against the Graph security incident contract.
Folders are searched recursively for .har and .json files.

  --spec <path>     Verify against another OpenAPI description (YAML or JSON) instead of the built-in one.
  --format <fmt>    text (default): one line per finding and a summary. json: one JSON document.

Exit codes: 0 conforms (warnings allowed), 1 contract errors, 2 unusable input or bad arguments.`;

/** Where the CLI writes. Tests pass their own. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const processIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** The command line. Returns the exit code: 0 conforms, 1 errors, 2 unusable input or bad arguments. */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(usage);
    return 0;
  }
  if (command !== 'verify') {
    io.err(`${command === undefined ? 'No command given.' : `Unknown command ${command}.`}\n${usage}`);
    return 2;
  }
  const paths: string[] = [];
  let spec: string | undefined;
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === '--spec' || arg === '--format') {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) {
        io.err(`${arg} needs a value.\n${usage}`);
        return 2;
      }
      i += 1;
      if (arg === '--spec') spec = value;
      else if (value === 'text' || value === 'json') format = value;
      else {
        io.err(`--format is text or json, not ${value}.`);
        return 2;
      }
    } else if (arg.startsWith('--')) {
      io.err(`Unknown option ${arg}.\n${usage}`);
      return 2;
    } else paths.push(arg);
  }
  if (paths.length === 0) {
    io.err(`Give at least one recording file or folder.\n${usage}`);
    return 2;
  }
  let contract: Contract = defaultContract;
  if (spec !== undefined) {
    try {
      contract = await loadContract(spec);
    } catch (error) {
      if (!(error instanceof ContractLoadError)) throw error;
      io.err(`unusable ${error.message}`);
      return 2;
    }
  }
  const result = await verifyFiles(paths, contract);
  const code = exitCode(result);
  if (format === 'json')
    io.out(
      JSON.stringify(
        { contract: contract.source, exitCode: code, ...result, summary: summarize(result) },
        null,
        2,
      ),
    );
  else {
    for (const problem of result.problems) io.err(formatProblem(problem));
    for (const finding of result.findings) io.out(formatFinding(finding));
    io.out(`${summaryLine(result)} against ${contract.source.file} ${contract.source.version}`);
  }
  return code;
}

/** 2 when any input was unusable, else 1 when any finding is an error, else 0. */
export function exitCode(result: VerifyResult): 0 | 1 | 2 {
  if (result.problems.length > 0) return 2;
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** One line, readable in a CI log: severity, rule, where, and what was expected against what was found. */
export function formatFinding(f: Finding): string {
  const where = `${f.file ?? '<recording>'}#${f.entry}`;
  const call = `${f.operationId ?? '?'} (${f.method} ${f.url} → ${f.status})`;
  const pointer = f.pointer === '' ? '' : ` at #${f.pointer}`;
  return `${f.severity} ${f.rule} ${where} ${call}${pointer}: expected ${f.expected}, found ${f.found}`;
}

export function formatProblem(p: InputProblem): string {
  const position = p.line === undefined ? '' : `:${p.line}:${p.column ?? 1}`;
  const entry = p.entry === undefined ? '' : `#${p.entry}`;
  const pointer = p.pointer ? ` at #${p.pointer}` : '';
  return `unusable ${p.code} ${p.file ?? '<recording>'}${entry}${position}${pointer}: ${p.message}`;
}

export function summarize(result: VerifyResult): {
  errors: number;
  warnings: number;
  unusable: number;
  verified: number;
  skipped: number;
} {
  return {
    errors: result.findings.filter((f) => f.severity === 'error').length,
    warnings: result.findings.filter((f) => f.severity === 'warning').length,
    unusable: result.problems.length,
    verified: result.verified,
    skipped: result.skipped.length,
  };
}

function summaryLine(result: VerifyResult): string {
  const s = summarize(result);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.unusable, 'unusable input')}; ${plural(s.verified, 'exchange')} verified, ${s.skipped} skipped (not in the contract)`;
}

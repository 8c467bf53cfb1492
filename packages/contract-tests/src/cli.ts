import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { Contract } from './contract-model.js';
import { defaultContract } from './default-contract.js';
import { suggestedSpecAdditions } from './drift.js';
import { verifyFiles } from './files.js';
import { ContractLoadError } from './contract-from-openapi.js';
import { loadContract } from './load-contract.js';
import { permissionsCommand, permissionsUsage } from './cli-permissions.js';
import { recordScenario } from './record.js';
import type { InputProblem } from './recording.js';
import { githubAnnotations } from './report-github.js';
import { junitReport } from './report-junit.js';
import { type StepOutcome, unsignedToken } from './scenario.js';
import type { Finding, VerifyResult } from './verify.js';

export const usage = `Usage: graph-incidents-contract verify <files|dirs...> [--spec <path>] [--strict]
                                       [--format text|json|junit|github] [--output <file>]
                                       [--no-guidance] [--environment <name>] [--strict-guidance]
       graph-incidents-contract record --base-url <url> --out <file.har> [--token-env <name>] [--allow-writes]
                                       [--pseudonymise] [--mock]

verify: checks recorded responses (HAR 1.2, or { request, response } JSON) against the Graph security incident
contract. Folders are searched recursively for .har and .json files.

  --spec <path>       Verify against another OpenAPI description (YAML or JSON) instead of the built-in one.
  --strict            Drift is an error: a response property the contract does not declare, or a newer enum
                      member. Without it drift is a warning (Graph adds properties without a new version), with
                      the property's JSON type and the YAML to add to the spec.
  --format <fmt>      text (default): one line per finding and a summary. json: one JSON document.
                      junit: JUnit XML, one test case per recorded exchange (for CI test reports).
                      github: one GitHub Actions workflow command per finding (pull request annotations).
  --output <file>     Write the report to this file instead of standard output; the summary still prints.
  Guidance findings (severity info, each with a fix) are reported by default: a list without $top or $select, a
  PATCH repeating values, no client-request-id, a retry before Retry-After, a self-built $skip, /beta in
  production. They never fail the run.
  --no-guidance       Leave guidance findings out.
  --environment <n>   Where the recording comes from; production also flags calls to /beta.
  --strict-guidance   Guidance findings are errors (exit 1).

  Exit codes: 0 conforms (warnings and guidance allowed), 1 contract errors, 2 unusable input or bad arguments.

record: runs the contract scenario against a service root and writes it as HAR 1.2, with Authorization, cookies
and tokens redacted everywhere (headers, URLs and bodies).

  --base-url <url>    The service root, e.g. https://graph.microsoft.com/v1.0 or http://127.0.0.1:4010/v1.0.
  --out <file.har>    Where to write the recording.
  --token-env <name>  The environment variable holding the bearer token. Default GRAPH_TOKEN.
  --allow-writes      Also send the PATCH, comment and writing error steps. Without it only GETs are sent.
  --pseudonymise      Replace GUIDs (tenant ids) and UPNs by consistent pseudonyms.
  --mock              The endpoint is the graph-incidents mock: also force 429 and 503 and send a token
                      without permissions (403).
  A JWT's roles and scp claims are kept in each request's HAR comment (token claims: {...}) for \`permissions\`.

  Exit codes: 0 every step answered as Graph does, 1 some step answered otherwise (the file is still written),
  2 bad arguments, a missing token or a network failure.`;

/** Where the CLI writes, and what `record` reads. Tests pass their own. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** The environment `--token-env` reads. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The `fetch` that `record` sends through. Default the global one. */
  readonly fetch?: typeof globalThis.fetch;
}

const processIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** The command line. Returns the exit code: 0 conforms, 1 errors, 2 unusable input or bad arguments. */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(`${usage}\n\n${permissionsUsage}`);
    return 0;
  }
  if (command === 'record') return record(rest, io);
  if (command === 'permissions') return permissionsCommand(rest, io);
  if (command !== 'verify') {
    io.err(`${command === undefined ? 'No command given.' : `Unknown command ${command}.`}\n${usage}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        spec: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        environment: { type: 'string' },
        strict: { type: 'boolean', default: false },
        guidance: { type: 'boolean', default: true },
        'no-guidance': { type: 'boolean', default: false },
        'strict-guidance': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { spec, output, environment, strict } = parsed.values;
  const paths = parsed.positionals;
  if (!(reportFormats as readonly string[]).includes(parsed.values.format)) {
    io.err(`--format is ${reportFormats.join(', ')}, not ${parsed.values.format}.`);
    return 2;
  }
  const format = parsed.values.format as ReportFormat;
  // Guidance is on unless --no-guidance; --strict-guidance makes it fail the run.
  const guidance: 'on' | 'off' | 'strict' = parsed.values['strict-guidance']
    ? 'strict'
    : parsed.values['no-guidance']
      ? 'off'
      : 'on';
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
  const result = await verifyFiles(paths, contract, {
    strict,
    ...(guidance === 'off'
      ? {}
      : {
          guidance: {
            ...(environment === undefined ? {} : { environment }),
            ...(guidance === 'strict' ? { strict: true } : {}),
          },
        }),
  });
  const code = exitCode(result);
  const summary = `${summaryLine(result)} against ${contract.source.file} ${contract.source.version}`;
  let report: string[];
  if (format === 'json')
    report = [
      JSON.stringify(
        { contract: contract.source, exitCode: code, ...result, summary: summarize(result) },
        null,
        2,
      ),
    ];
  else if (format === 'junit') report = [junitReport(result, contract.source).trimEnd()];
  // The summary goes to standard error so that standard output holds nothing but workflow commands.
  else if (format === 'github') report = githubAnnotations(result);
  else {
    for (const problem of result.problems) io.err(formatProblem(problem));
    const additions = suggestedSpecAdditions(result.findings);
    report = [
      ...result.findings.map(formatFinding),
      ...(additions
        ? [`Suggested spec additions for the drift above (YAML for ${contract.source.file}):`, additions]
        : []),
      summary,
    ];
  }
  if (output === undefined) {
    for (const line of report) io.out(line);
    if (format === 'junit' || format === 'github') io.err(summary);
    return code;
  }
  try {
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, report.map((line) => `${line}\n`).join(''));
  } catch (error) {
    io.err(`cannot write ${output}: ${(error as Error).message}`);
    return 2;
  }
  io.out(`${summary}; ${format} report written to ${output}`);
  return code;
}

/** What `verify --format` accepts. */
export const reportFormats = ['text', 'json', 'junit', 'github'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** `record`: runs the scenario, writes the redacted HAR, prints one line per step and a summary. */
async function record(args: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        'base-url': { type: 'string' },
        out: { type: 'string' },
        'token-env': { type: 'string', default: 'GRAPH_TOKEN' },
        'allow-writes': { type: 'boolean', default: false },
        pseudonymise: { type: 'boolean', default: false },
        mock: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const baseUrl = values['base-url'];
  const out = values.out;
  if (baseUrl === undefined || out === undefined) {
    io.err(`record needs --base-url and --out.\n${usage}`);
    return 2;
  }
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    io.err(`--base-url must be an http(s) URL such as https://graph.microsoft.com/v1.0, not ${baseUrl}.`);
    return 2;
  }
  const tokenEnv = values['token-env'];
  const token = (io.env ?? process.env)[tokenEnv];
  if (!token) {
    io.err(`Set ${tokenEnv} to a bearer token for ${baseUrl} (or name another variable with --token-env).`);
    return 2;
  }
  const mock = values.mock;
  let result;
  try {
    result = await recordScenario({
      baseUrl,
      token,
      ...(io.fetch ? { fetch: io.fetch } : {}),
      allowWrites: values['allow-writes'],
      pseudonymise: values.pseudonymise,
      faultInjection: mock,
      ...(mock
        ? { forbiddenToken: unsignedToken({ scp: 'User.Read', aud: 'https://graph.microsoft.com' }) }
        : {}),
      onStep: (step) => io.out(formatStep(step)),
    });
  } catch (error) {
    // Never echo the token, even if a transport error message carries it.
    const message = (error instanceof Error ? error.message : String(error)).split(token).join('REDACTED');
    io.err(`record failed: ${message}`);
    return 2;
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result.har, null, 2)}\n`);
  const count = (outcome: StepOutcome['outcome']) => result.steps.filter((s) => s.outcome === outcome).length;
  const skipped = result.steps.filter((s) => s.outcome === 'skipped');
  const reasons = [...new Set(skipped.map((s) => s.reason))].join('; ');
  io.out(
    `${result.har.log.entries.length} exchanges recorded to ${out}: ${count('expected')} as expected, ${count('unexpected')} unexpected, ${skipped.length} skipped${reasons ? ` (${reasons})` : ''}, ${count('unverified')} unverified (behaviours only the mock assumes). Next: graph-incidents-contract verify ${out}`,
  );
  return count('unexpected') > 0 ? 1 : 0;
}

/**
 * `ok 200 GET … [source]`, `unexpected 200 (expected 404) … [source]`, `unverified 400 (the mock assumes 400) …`,
 * `skipped …: reason`.
 */
export function formatStep(step: StepOutcome): string {
  const what = `${step.name} (${step.method} ${step.url})`;
  const source = step.source ? ` [${step.source}]` : '';
  if (step.outcome === 'skipped') return `skipped ${what}: ${step.reason ?? ''}`;
  if (step.outcome === 'expected') return `ok ${step.status ?? ''} ${what}${source}`;
  if (step.outcome === 'unverified')
    return `unverified ${step.status ?? ''} (the mock assumes ${step.expectedStatus}) ${what}`;
  return `unexpected ${step.status ?? ''} (expected ${step.expectedStatus}) ${what}${source}`;
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
  const addition = f.drift ? `; add under ${f.drift.location}: ${f.drift.suggestion}` : '';
  const fix = f.fix === undefined ? '' : `; fix: ${f.fix}`;
  return `${f.severity} ${f.rule} ${where} ${call}${pointer}: expected ${f.expected}, found ${f.found}${addition}${fix}`;
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
  /** Guidance findings (severity `info`). */
  info: number;
  unusable: number;
  verified: number;
  skipped: number;
} {
  return {
    errors: result.findings.filter((f) => f.severity === 'error').length,
    warnings: result.findings.filter((f) => f.severity === 'warning').length,
    info: result.findings.filter((f) => f.severity === 'info').length,
    unusable: result.problems.length,
    verified: result.verified,
    skipped: result.skipped.length,
  };
}

function summaryLine(result: VerifyResult): string {
  const s = summarize(result);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const info = s.info === 0 ? '' : `, ${plural(s.info, 'guidance finding')} (info)`;
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${info}, ${plural(s.unusable, 'unusable input')}; ${plural(s.verified, 'exchange')} verified, ${s.skipped} skipped (not in the contract)`;
}

/** `graph-incidents-contract permissions`: the least-privileged permissions recorded traffic needs. */
import { parseArgs } from 'node:util';
import type { Contract } from './contract-model.js';
import { defaultContract } from './default-contract.js';
import { ContractLoadError } from './contract-from-openapi.js';
import { loadContract } from './load-contract.js';
import {
  type LeastPrivilegeResult,
  leastPrivilegeOf,
  type PermissionType,
  type RequestRef,
} from './permissions.js';
import { readRecordings } from './recording-input.js';
import { workflowCommand } from './report-github.js';

export const permissionsUsage = `Usage: graph-incidents-contract permissions <files|dirs...> [--type application|delegated]
                                       [--granted A,B] [--format text|json|github] [--fail-on insufficient|excessive]
                                       [--spec <path>]

permissions: maps each recorded request to its operation and to the least-privileged permission the contract's
\`security\` declares for it, prints the smallest set that covers every request (with the requests needing each),
and compares it with the granted permissions.

  --type <type>       application (roles) or delegated (scp). Default: application when the recorded tokens carry
                      roles, else delegated.
  --granted <A,B>     The permissions the app is granted. Default: the token claims \`record\` kept in each request's
                      HAR comment (the token itself is redacted).
  --format <fmt>      text (default), json, or github (workflow commands: ::error per insufficient request,
                      ::warning per excessive permission, ::notice with the least-privileged set).
  --fail-on <what>    insufficient (default): exit 1 when a request is not allowed by the grant.
                      excessive: also exit 1 when the grant holds more than the requests need.
  --spec <path>       Read permissions from another OpenAPI description.

  Exit codes: 0 the grant covers the traffic (excessive permissions are reported, not failed, by default),
  1 insufficient (or excessive with --fail-on excessive), 2 unreadable input or bad arguments.`;

interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const formats = ['text', 'json', 'github'] as const;
const failOns = ['insufficient', 'excessive'] as const;

/** Runs the subcommand; returns the exit code. */
export async function permissionsCommand(args: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        type: { type: 'string' },
        granted: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string', default: 'insufficient' },
        spec: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${permissionsUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const format = values.format as (typeof formats)[number];
  const failOn = values['fail-on'] as (typeof failOns)[number];
  const type = values.type as PermissionType | undefined;
  const bad = (message: string): number => {
    io.err(`${message}\n${permissionsUsage}`);
    return 2;
  };
  if (!formats.includes(format)) return bad(`--format is ${formats.join(', ')}, not ${format}.`);
  if (!failOns.includes(failOn)) return bad(`--fail-on is ${failOns.join(' or ')}, not ${failOn}.`);
  if (type !== undefined && type !== 'application' && type !== 'delegated')
    return bad(`--type is application or delegated, not ${type}.`);
  if (positionals.length === 0) return bad('Give at least one recording file or folder.');
  const granted =
    values.granted === undefined
      ? undefined
      : values.granted
          .split(/[,\s]+/)
          .map((p) => p.trim())
          .filter(Boolean);
  let contract: Contract = defaultContract;
  if (values.spec !== undefined) {
    try {
      contract = await loadContract(values.spec);
    } catch (error) {
      if (!(error instanceof ContractLoadError)) throw error;
      io.err(`unusable ${error.message}`);
      return 2;
    }
  }
  const recordings = await readRecordings(positionals);
  const result = leastPrivilegeOf(recordings, {
    contract,
    ...(type === undefined ? {} : { type }),
    ...(granted === undefined ? {} : { granted }),
  });
  for (const problem of result.problems)
    io.err(
      `unusable ${problem.code} ${problem.file ?? '<recording>'}${problem.entry === undefined ? '' : `#${problem.entry}`}: ${problem.message}`,
    );
  const code = permissionsExitCode(result, failOn);
  const lines =
    format === 'json'
      ? [JSON.stringify({ exitCode: code, ...result }, null, 2)]
      : format === 'github'
        ? githubLines(result)
        : textLines(result);
  for (const line of lines) io.out(line);
  if (format !== 'text') io.err(summaryLine(result));
  return code;
}

/** 2 for unusable input, 1 for insufficient (or excessive with `failOn: 'excessive'`), else 0. */
export function permissionsExitCode(
  result: LeastPrivilegeResult,
  failOn: 'insufficient' | 'excessive' = 'insufficient',
): 0 | 1 | 2 {
  if (result.problems.length > 0) return 2;
  if (result.grants.some((g) => g.insufficient.length > 0)) return 1;
  if (failOn === 'excessive' && result.grants.some((g) => g.excessive.length > 0)) return 1;
  return 0;
}

const where = (r: RequestRef): string =>
  `${r.method} ${r.url} → ${r.status} (${r.file ?? '<recording>'}#${r.entry})`;

function textLines(result: LeastPrivilegeResult): string[] {
  const lines = [
    `least-privileged ${result.type} permissions for ${result.requests.length} recorded requests:`,
  ];
  for (const { permission, requests } of result.required) {
    lines.push(`  ${permission}, needed by ${requests.length}:`);
    for (const request of requests) lines.push(`    ${where(request)}`);
  }
  for (const request of result.requests)
    if (request.leastPrivileged === undefined)
      lines.push(`  no ${result.type} permission allows ${request.operationId}: ${where(request)}`);
  for (const grant of result.grants) {
    lines.push(
      `granted (${grant.source === 'option' ? '--granted' : 'token claims in the recording'}): ${grant.granted.join(', ') || 'nothing'}, for ${grant.requests} requests`,
    );
    for (const i of grant.insufficient)
      lines.push(
        `  insufficient ${i.operationId} ${where(i)}: needs ${i.needs.join(' and ') || `a permission no ${result.type} token can have`}`,
      );
    for (const e of grant.excessive) lines.push(`  excessive ${e.permission}: ${e.reason}`);
    for (const p of grant.notJudged)
      lines.push(
        `  not judged ${p}: not a permission of this contract, and requests outside it were recorded`,
      );
  }
  for (const n of result.notJudged) lines.push(`not judged ${where(n)}: ${n.reason}`);
  lines.push(summaryLine(result));
  return lines;
}

function githubLines(result: LeastPrivilegeResult): string[] {
  const lines = [
    workflowCommand(
      'notice',
      { title: `least-privileged ${result.type} permissions` },
      `${result.required.map((r) => `${r.permission} (${r.requests.length} requests)`).join(', ') || 'none'}`,
    ),
  ];
  for (const grant of result.grants) {
    for (const i of grant.insufficient)
      lines.push(
        workflowCommand(
          'error',
          { file: i.file, title: `insufficient permissions for ${i.operationId} (entry ${i.entry})` },
          `${i.method} ${i.url} needs ${i.needs.join(' and ')}; granted: ${grant.granted.join(', ') || 'nothing'}`,
        ),
      );
    for (const e of grant.excessive)
      lines.push(workflowCommand('warning', { title: `excessive permission ${e.permission}` }, e.reason));
  }
  return lines;
}

function summaryLine(result: LeastPrivilegeResult): string {
  const insufficient = result.grants.reduce((n, g) => n + g.insufficient.length, 0);
  const excessive = result.grants.reduce((n, g) => n + g.excessive.length, 0);
  const needed = result.required.map((r) => r.permission).join(', ') || 'nothing';
  return `needs ${needed}; ${insufficient} insufficient, ${excessive} excessive; ${result.requests.length} requests judged, ${result.notJudged.length} not judged, ${result.problems.length} unusable inputs`;
}

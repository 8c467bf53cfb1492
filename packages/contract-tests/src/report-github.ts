import type { InputProblem } from './recording.js';
import { findingMessage } from './report-junit.js';
import type { Finding, VerifyResult } from './verify.js';

/**
 * The result as GitHub Actions workflow commands, one line per finding and per unusable input, so that they show
 * as annotations on the pull request (`::error file=…,title=…::message`, `::warning …`, `::notice …` for guidance).
 * Docs: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export function githubAnnotations(result: VerifyResult): string[] {
  return [...result.problems.map(problemCommand), ...result.findings.map(findingCommand)];
}

function findingCommand(finding: Finding): string {
  return workflowCommand(
    // GitHub has no `info`: guidance findings are notices.
    finding.severity === 'info' ? 'notice' : finding.severity,
    {
      file: finding.file,
      title: `${finding.rule} in ${finding.operationId ?? 'no operation'} (entry ${finding.entry})`,
    },
    `${finding.method} ${finding.url} → ${finding.status}: ${findingMessage(finding)}${finding.fix === undefined ? '' : `; fix: ${finding.fix}`}`,
  );
}

function problemCommand(problem: InputProblem): string {
  return workflowCommand(
    'error',
    {
      file: problem.file,
      line: problem.line,
      col: problem.column,
      title: `unusable input: ${problem.code}${problem.entry === undefined ? '' : ` (entry ${problem.entry})`}`,
    },
    `${problem.message}${problem.pointer ? ` at #${problem.pointer}` : ''}`,
  );
}

/** `::command key=value,…::message`, leaving out absent properties. */
export function workflowCommand(
  command: 'error' | 'warning' | 'notice',
  properties: Readonly<Record<string, string | number | undefined>>,
  message: string,
): string {
  const present = Object.entries(properties).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  const list = present.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${command}${list === '' ? '' : ` ${list}`}::${escapeData(message)}`;
}

// The escaping of the runner's command parser, as the Actions toolkit does it (actions/toolkit,
// packages/core/src/command.ts, escapeData and escapeProperty): `%` first, so that the escapes are not escaped.
/** A message: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A property value: as a message, and also `:` and `,`, which separate the properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

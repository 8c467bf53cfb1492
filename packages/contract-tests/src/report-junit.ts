import { create } from 'xmlbuilder2';
import type { ContractSource } from './contract-model.js';
import type { InputProblem } from './recording.js';
import type { ExchangeSummary, Finding, VerifyResult } from './verify.js';

/** The name of a recording that came from no file (the library API). */
const noFile = '<recording>';

/**
 * The result as JUnit XML, the test report format that Jenkins, GitLab, Azure DevOps and GitHub's test-report
 * actions read. One `<testsuite>` per recording file, one `<testcase>` per recorded exchange, named
 * `operationId METHOD URL`:
 * - each contract error is a `<failure>` whose `type` is the rule and whose message names the JSON pointer;
 * - an exchange that could not be read (its body is not JSON…) is an `<error>`, and so is a file that could not be
 *   read at all (a test case named `read <file>`);
 * - an exchange that is not an operation of the contract is `<skipped>`;
 * - warnings (documented Graph quirks) and guidance (severity `info`, with its fix) go to the test case's
 *   `<system-out>`: they do not fail it.
 *
 * The document validates against the Jenkins JUnit schema (see `schemas/jenkins-junit.xsd`). It carries no time
 * stamps or host names, so the same input always gives the same bytes.
 */
export function junitReport(result: VerifyResult, contract: ContractSource): string {
  const totals = { tests: 0, failures: 0, errors: 0 };
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele(
    'testsuites',
    { name: 'graph-incidents-contract verify' },
  );
  for (const [file, cases] of testCasesByFile(result)) {
    const failures = cases.filter((c) => c.errors.length === 0 && c.failures.length > 0).length;
    const errors = cases.filter((c) => c.errors.length > 0).length;
    const suite = root.ele('testsuite', {
      name: file,
      tests: String(cases.length),
      failures: String(failures),
      errors: String(errors),
      skipped: String(cases.filter((c) => c.skipped !== undefined).length),
      time: '0',
    });
    suite
      .ele('properties')
      .ele('property', { name: 'contract', value: `${contract.file} ${contract.version}` });
    for (const testCase of cases) {
      const element = suite.ele('testcase', { name: testCase.name, classname: file, time: '0' });
      if (testCase.skipped !== undefined)
        element.ele('skipped').txt(`not in the contract: ${testCase.skipped}`);
      for (const problem of testCase.errors)
        element
          .ele('error', { type: problem.code, message: problemMessage(problem) })
          .txt(problemDetails(problem));
      for (const finding of testCase.failures)
        element
          .ele('failure', { type: finding.rule, message: findingMessage(finding) })
          .txt(findingDetails(finding));
      if (testCase.warnings.length > 0)
        element
          .ele('system-out')
          .txt(
            testCase.warnings
              .map((w) => `${w.severity} ${findingMessage(w)}${w.fix === undefined ? '' : `; fix: ${w.fix}`}`)
              .join('\n'),
          );
    }
    totals.tests += cases.length;
    totals.failures += failures;
    totals.errors += errors;
  }
  root.att({
    tests: String(totals.tests),
    failures: String(totals.failures),
    errors: String(totals.errors),
    time: '0',
  });
  return `${root.end({ prettyPrint: true })}\n`;
}

/** `getIncident GET https://graph.microsoft.com/v1.0/security/incidents/7`. */
export function testCaseName(exchange: ExchangeSummary): string {
  return `${exchange.operationId ?? 'no operation'} ${exchange.method} ${exchange.url}`;
}

/** `invalid-enum-value at #/status: expected "active", found "Active"`. The pointer `#` is the whole body. */
export function findingMessage(finding: Finding): string {
  return `${finding.rule} at #${finding.pointer}: expected ${finding.expected}, found ${finding.found}`;
}

function findingDetails(finding: Finding): string {
  return [
    `rule: ${finding.rule}`,
    `pointer: #${finding.pointer}`,
    `expected: ${finding.expected}`,
    `found: ${finding.found}`,
    `exchange: ${finding.method} ${finding.url} → ${finding.status} (${finding.file ?? noFile}#${finding.entry})`,
  ].join('\n');
}

function problemMessage(problem: InputProblem): string {
  return `${problem.code}: ${problem.message}`;
}

function problemDetails(problem: InputProblem): string {
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const entry = problem.entry === undefined ? '' : `#${problem.entry}`;
  const pointer = problem.pointer ? ` at #${problem.pointer}` : '';
  return `${problem.file ?? noFile}${entry}${position}${pointer}: ${problem.message}`;
}

interface TestCase {
  readonly name: string;
  readonly errors: readonly InputProblem[];
  readonly failures: readonly Finding[];
  readonly warnings: readonly Finding[];
  /** Why the exchange was not verified, when it is not an operation of the contract. */
  readonly skipped?: string;
}

const entryKey = (file: string | undefined, entry: number): string => `${file ?? noFile}#${entry}`;

/**
 * The test cases of each recording file, files in the order they were read. An input problem that belongs to no
 * exchange that was read (an unreadable file, a HAR entry without a request…) gets a test case of its own.
 */
function testCasesByFile(result: VerifyResult): Map<string, TestCase[]> {
  const group = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
    return map;
  };
  const findings = group(result.findings, (f) => entryKey(f.file, f.entry));
  const skipped = new Map(result.skipped.map((s) => [entryKey(s.file, s.entry), s.reason]));
  const exchangeKeys = new Set(result.exchanges.map((e) => entryKey(e.file, e.entry)));
  const entryProblems = group(
    result.problems.filter((p) => p.entry !== undefined && exchangeKeys.has(entryKey(p.file, p.entry))),
    (p) => entryKey(p.file, p.entry!),
  );
  const suites = new Map<string, TestCase[]>();
  const add = (file: string | undefined, testCase: TestCase): void => {
    const name = file ?? noFile;
    suites.set(name, [...(suites.get(name) ?? []), testCase]);
  };
  for (const problem of result.problems)
    if (problem.entry === undefined || !exchangeKeys.has(entryKey(problem.file, problem.entry)))
      add(problem.file, {
        name: `read ${problem.file ?? noFile}${problem.entry === undefined ? '' : `#${problem.entry}`}`,
        errors: [problem],
        failures: [],
        warnings: [],
      });
  for (const exchange of result.exchanges) {
    const key = entryKey(exchange.file, exchange.entry);
    const reason = skipped.get(key);
    add(exchange.file, {
      name: testCaseName(exchange),
      errors: entryProblems.get(key) ?? [],
      failures: (findings.get(key) ?? []).filter((f) => f.severity === 'error'),
      warnings: (findings.get(key) ?? []).filter((f) => f.severity !== 'error'),
      ...(reason === undefined ? {} : { skipped: reason }),
    });
  }
  return suites;
}

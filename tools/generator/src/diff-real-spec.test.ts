import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from './diff-cli.ts';
import { repoRoot, specPath } from './test-workspace.ts';

/**
 * Edits a maintainer makes to specs/v1.0/openapi.yaml, each classified by `spec:diff --fail-on breaking` on a copy
 * of the real spec: the exit code (1 = breaking), the rule, its direction and its location.
 */
let original: string;
let root: string;
let output: string[] = [];
beforeAll(async () => {
  original = await readFile(join(repoRoot, specPath), 'utf8');
  root = await mkdtemp(join(tmpdir(), 'graph-incidents-diff-real-'));
  await mkdir(join(root, 'specs'));
  await writeFile(join(root, 'specs/base.yaml'), original);
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
});

/** Replaces `from` (which must occur after `after`, when given) by `to`; fails loudly when the spec has moved on. */
function edit(text: string, from: string, to: string, after = ''): string {
  const start = text.indexOf(after);
  const at = text.indexOf(from, start < 0 ? 0 : start);
  if (start < 0 || at < 0) throw new Error(`the edit no longer applies to ${specPath}: ${after} … ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const incidentUpdate = '    microsoft.graph.security.incidentUpdate:\n';

interface Case {
  name: string;
  change: (spec: string) => string;
  exit: 0 | 1;
  /** `kind [direction] location`, as the report prints it. */
  line: string;
  bump: 'major' | 'minor' | 'patch';
}

const cases: Case[] = [
  {
    name: "a response property's type changed (incident.displayName string → integer)",
    change: (s) =>
      edit(
        s,
        "displayName:\n          type: [string, 'null']",
        "displayName:\n          type: [integer, 'null']",
      ),
    exit: 1,
    line: 'property-type-changed [response] microsoft.graph.security.incident.displayName: string → integer',
    bump: 'major',
  },
  {
    name: 'a request property removed (incidentUpdate.summary)',
    change: (s) =>
      edit(
        s,
        "        summary:\n          type: [string, 'null']\n          description: A summary of the incident.\n",
        '',
        incidentUpdate,
      ),
    exit: 1,
    line: 'property-removed [request] microsoft.graph.security.incidentUpdate.summary: summary removed',
    bump: 'major',
  },
  {
    name: 'the $top maximum lowered from 50 (facts §8) to 20',
    change: (s) => edit(s, '        maximum: 50\n', '        maximum: 20\n', '    top:\n'),
    exit: 1,
    line: 'constraint-tightened [request] listIncidentAlerts.$top, listIncidents.$top: maximum: 50 → 20',
    bump: 'major',
  },
  {
    name: 'a response status code changed (updateIncident 200 → 204)',
    change: (s) => edit(s, "        '200':", "        '204':", 'operationId: updateIncident'),
    exit: 1,
    line: 'response-status-changed updateIncident.responses.200: 200 → 204',
    bump: 'major',
  },
  {
    name: 'a new required request property (incidentUpdate.reason)',
    change: (s) =>
      edit(
        edit(
          s,
          '      minProperties: 1\n',
          '      minProperties: 1\n      required: [reason]\n',
          incidentUpdate,
        ),
        '      properties:\n',
        '      properties:\n        reason:\n          type: string\n          description: Why.\n',
        incidentUpdate,
      ),
    exit: 1,
    line: 'property-added-required [request] microsoft.graph.security.incidentUpdate.reason: required reason added',
    bump: 'major',
  },
  {
    name: 'an optional response property added (incident.riskLevel)',
    change: (s) =>
      edit(
        s,
        '      properties:\n',
        "      properties:\n        riskLevel:\n          type: [string, 'null']\n          description: Risk.\n",
        '    microsoft.graph.security.incident:\n',
      ),
    exit: 0,
    line: 'property-added [response] microsoft.graph.security.incident.riskLevel: riskLevel added',
    bump: 'minor',
  },
  {
    name: 'an enum member added after the sentinel (incidentStatus.closedByExperts)',
    change: (s) =>
      edit(
        edit(
          s,
          'unknownFutureValue, awaitingAction]',
          'unknownFutureValue, awaitingAction, closedByExperts]',
        ),
        'awaitingAction: 128,',
        'awaitingAction: 128,\n            closedByExperts: 256,',
      ),
    exit: 0,
    line: 'enum-member-added-after-sentinel [both] microsoft.graph.security.incidentStatus.closedByExperts: closedByExperts added after unknownFutureValue',
    bump: 'minor',
  },
  {
    name: 'an enum member added before the sentinel (incidentStatus.closedByExperts), which readers get without opting in',
    change: (s) =>
      edit(
        edit(
          s,
          'redirected, unknownFutureValue, awaitingAction]',
          'redirected, closedByExperts, unknownFutureValue, awaitingAction]',
        ),
        'redirected: 64,',
        'redirected: 64,\n            closedByExperts: 100,',
      ),
    exit: 1,
    line: 'enum-member-added [both] microsoft.graph.security.incidentStatus.closedByExperts: closedByExperts added',
    bump: 'major',
  },
  {
    name: 'a description edit (incident)',
    change: (s) =>
      edit(
        s,
        'description: A group of correlated alerts that together describe one attack, with the state of its investigation.',
        'description: Correlated alerts that describe one attack, and where its investigation stands.',
      ),
    exit: 0,
    line: 'description-changed microsoft.graph.security.incident: description changed',
    bump: 'patch',
  },
  {
    name: 'a request property made required (incidentUpdate.status)',
    change: (s) =>
      edit(
        s,
        '      minProperties: 1\n',
        '      minProperties: 1\n      required: [status]\n',
        incidentUpdate,
      ),
    exit: 1,
    line: 'property-became-required [request] microsoft.graph.security.incidentUpdate.status: now required',
    bump: 'major',
  },
  {
    name: 'a response property made nullable (incident.createdDateTime)',
    change: (s) =>
      edit(
        s,
        '        createdDateTime:\n          type: string\n',
        "        createdDateTime:\n          type: [string, 'null']\n",
        '    microsoft.graph.security.incident:\n',
      ),
    exit: 1,
    line: 'property-became-nullable [response] microsoft.graph.security.incident.createdDateTime: now nullable',
    bump: 'major',
  },
  {
    name: 'a request length bound loosened (alertCommentCreate.comment minLength 1 → 0)',
    change: (s) =>
      edit(
        s,
        '          minLength: 1\n',
        '          minLength: 0\n',
        '    microsoft.graph.security.alertCommentCreate:\n',
      ),
    exit: 0,
    line: 'constraint-loosened [request] microsoft.graph.security.alertCommentCreate.comment: minLength: 1 → 0',
    bump: 'minor',
  },
];

describe('spec:diff --fail-on breaking on edits of the real specs/v1.0/openapi.yaml', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    await writeFile(join(root, 'specs/head.yaml'), c.change(original));
    output = [];
    const code = await main(
      ['--base', 'specs/base.yaml', '--head', 'specs/head.yaml', '--fail-on', 'breaking'],
      root,
    );
    const report = output.join('\n');
    expect(code, report).toBe(c.exit);
    expect(report).toContain(`\n    ${c.line}\n`);
    expect(report).toMatch(
      new RegExp(`^specs/base\\.yaml → specs/head\\.yaml: \\d+ change\\(s\\), ${c.bump}$`, 'm'),
    );
  });
});

import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from './diff-cli.ts';
import { repoRoot } from './test-workspace.ts';

let output: string[] = [];
beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
});

async function workspaceWithSpecs(versions = ['beta-2021', 'beta']): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'graph-incidents-diff-'));
  for (const version of versions) {
    await mkdir(join(root, 'specs', version), { recursive: true });
    await copyFile(
      join(repoRoot, 'specs', version, 'openapi.yaml'),
      join(root, 'specs', version, 'openapi.yaml'),
    );
  }
  await mkdir(join(root, '.changeset'));
  return root;
}

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

/** Adds `maximum: 50` to the `$top` parameter of the real spec. */
function withTopMaximum(spec: string): string {
  // specs/v1.0 declares `maximum: 50` (facts §8); the edit tightens it further, which breaks callers that send 50.
  const edited = spec.replace(
    /(\n    top:\n(?:      .*\n|        .*\n)*?        minimum: 0\n        maximum: )50\n/,
    '$125\n',
  );
  if (edited === spec)
    throw new Error('the $top parameter of specs/v1.0/openapi.yaml has moved; update this edit');
  return edited;
}

describe('spec:diff command', () => {
  test('--fail-on breaking exits 1 on beta-2021 → beta, 0 without it, and the summary names the bump', async () => {
    const root = await workspaceWithSpecs();
    output = [];
    const args = ['--base', 'specs/beta-2021/openapi.yaml', '--head', 'specs/beta/openapi.yaml'];
    expect(await main([...args, '--fail-on', 'breaking'], root)).toBe(1);
    const text = output.join('\n');
    expect(text).toMatch(/^Impact: major \(\d+ breaking, \d+ non-breaking, \d+ patch\)$/m);
    // Grouped by impact, each change with its reason and its pointer in both descriptions.
    expect(text.indexOf('  Breaking (major):')).toBeLessThan(text.indexOf('  Non-breaking (minor):'));
    expect(text.indexOf('  Non-breaking (minor):')).toBeLessThan(text.indexOf('  Documentation (patch):'));
    expect(text).toContain(
      [
        '    property-renamed [request] microsoft.graph.security.incidentUpdate.customTags: tags → customTags',
        '      why: the wire name callers send changes',
        '      base: specs/beta-2021/openapi.yaml#/components/schemas/microsoft.graph.incidentUpdate/properties/tags',
        '      head: specs/beta/openapi.yaml#/components/schemas/microsoft.graph.security.incidentUpdate/properties/customTags',
      ].join('\n'),
    );
    expect(await main(args, root)).toBe(0);
  });

  test('--changeset writes a major changeset for every published package, in changelog words', async () => {
    const root = await workspaceWithSpecs();
    output = [];
    const code = await main(
      ['--base', 'specs/beta-2021/openapi.yaml', '--head', 'specs/beta/openapi.yaml', '--changeset'],
      root,
    );
    expect(code).toBe(0);
    const files = await readdir(join(root, '.changeset'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^spec-[0-9a-f]{8}\.md$/);
    const text = await readFile(join(root, '.changeset', files[0]!), 'utf8');
    expect(
      text.startsWith(
        "---\n'@graph-incidents/types': major\n'@graph-incidents/client': major\n'@graph-incidents/mocks': major\n'@graph-incidents/contract-tests': major\n---\n",
      ),
    ).toBe(true);
    const breaking = text.slice(text.indexOf('### Breaking changes'), text.indexOf('### Additions'));
    expect(breaking).toContain(
      '- Renamed `customTags` of `incident` (tags → customTags) (in what clients receive)\n',
    );
    expect(breaking).toContain(
      '- Renamed `customTags` of `incidentUpdate` (tags → customTags) (in what clients send)\n',
    );
    expect(breaking).toContain('- Added `inProgress` in `incidentStatus` (sent and received)\n');
    expect(text.slice(text.indexOf('### Additions'))).toContain(
      '- Added `awaitingAction` in `incidentStatus` (after unknownFutureValue: sent only with Prefer: include-unknown-enum-members) (sent and received)\n',
    );
    // The changelog speaks a maintainer's words, not rule ids.
    expect(text).not.toMatch(/property-renamed|enum-member-added|schema-renamed/);
  });

  test('--base <git-ref> (HEAD by default) compares each specs/*/openapi.yaml with that commit', async () => {
    const root = await workspaceWithSpecs(['v1.0']);
    git(root, 'init', '-q');
    git(root, 'add', 'specs');
    git(root, 'commit', '-q', '-m', 'spec');
    const first = git(root, 'rev-parse', 'HEAD');
    const spec = join(root, 'specs/v1.0/openapi.yaml');
    const original = await readFile(spec, 'utf8');
    // maximum on $top, as Graph refuses $top above 50 (facts §8).
    await writeFile(spec, withTopMaximum(original));
    output = [];
    expect(await main(['--fail-on', 'breaking'], root)).toBe(1);
    expect(output.join('\n')).toContain(
      'HEAD:specs/v1.0/openapi.yaml → specs/v1.0/openapi.yaml: 1 change(s), major',
    );
    expect(output.join('\n')).toContain(
      'constraint-tightened [request] listIncidentAlerts.$top, listIncidents.$top: maximum: 50 → 25',
    );
    git(root, 'commit', '-q', '-am', 'maximum');
    output = [];
    expect(await main(['--fail-on', 'breaking'], root)).toBe(0);
    expect(output.join('\n')).toContain('0 change(s), none');
    output = [];
    expect(await main(['--base', first, '--fail-on', 'breaking'], root)).toBe(1);
    expect(output.join('\n')).toContain(
      `${first}:specs/v1.0/openapi.yaml#/components/parameters/top/schema/maximum`,
    );
    // A spec the commit does not have is new, not an error.
    await mkdir(join(root, 'specs/beta'));
    await copyFile(join(repoRoot, 'specs/beta/openapi.yaml'), join(root, 'specs/beta/openapi.yaml'));
    output = [];
    expect(await main([], root)).toBe(0);
    expect(output.join('\n')).toContain(
      'specs/beta/openapi.yaml: new description (nothing at HEAD to compare with)',
    );
  });

  test('an unreadable base exits 2 after reading it, naming the file, the pointer and the reason', async () => {
    const root = await workspaceWithSpecs();
    const head = ['--head', 'specs/beta/openapi.yaml', '--fail-on', 'breaking'];
    await writeFile(join(root, 'specs/broken.yaml'), 'openapi: 3.1.0\npaths:\n  /x: [unclosed\n');
    output = [];
    expect(await main(['--base', 'specs/broken.yaml', ...head], root)).toBe(2);
    expect(output.join('\n')).toMatch(/specs\/broken\.yaml:\d+:\d+ #\/paths.*\[invalid-yaml\]/);

    output = [];
    expect(await main(['--base', 'specs/beta/missing.yaml', ...head], root)).toBe(2);
    expect(output.join('\n')).toContain(
      'specs/beta/missing.yaml #: --base specs/beta/missing.yaml is neither a file nor a git commit [unreadable]',
    );

    // Valid YAML that is not a valid description: located by the validator.
    await writeFile(join(root, 'specs/invalid.yaml'), 'openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n');
    output = [];
    expect(await main(['--base', 'specs/invalid.yaml', ...head], root)).toBe(2);
    expect(output.join('\n')).toMatch(/specs\/invalid\.yaml:\d+:\d+ #\/info: .*version.*\[invalid-openapi\]/);

    // A YAML alias bomb stops parsing; still exit 2 and located, never a stack trace and exit 1.
    const bomb = [
      'openapi: 3.1.0',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    ];
    bomb.push(
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    );
    await writeFile(join(root, 'specs/bomb.yaml'), `${bomb.join('\n')}\n`);
    output = [];
    expect(await main(['--base', 'specs/bomb.yaml', ...head], root)).toBe(2);
    expect(output.join('\n')).toMatch(/specs\/bomb\.yaml(:\d+:\d+)? #.*\[(unreadable|invalid-yaml)\]/);
  });

  test('a description that crashes a naive comparison exits 2 with file, pointer and reason, never 1 (#12 item 9)', async () => {
    const root = await workspaceWithSpecs([]);
    const description = (schemas: string, schema = "{$ref: '#/components/schemas/A'}") =>
      [
        'openapi: 3.1.0',
        "info: {title: t, version: '1'}",
        'paths:',
        '  /a:',
        '    get:',
        '      operationId: getA',
        '      responses:',
        "        '200': {description: ok, content: {application/json: {schema: " + schema + '}}}',
        'components:',
        '  schemas:',
        schemas,
        '',
      ].join('\n');
    await writeFile(
      join(root, 'ok.yaml'),
      description('    A: {type: object, properties: {x: {type: string}}}'),
    );
    const hostile = {
      // A $ref-only cycle describes no value; resolving it never ends.
      'ref-cycle.yaml': [
        description("    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}"),
        /ref-cycle\.yaml #\/components\/schemas\/A\/\$ref: \$ref cycle: A → B → A never reaches a schema \[unsupported\]/,
      ],
      // An allOf cycle: each type inherits from the other (a stack overflow for a naive flattening).
      'allof-cycle.yaml': [
        description(
          "    A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {x: {type: string}}}]}\n" +
            "    B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {y: {type: string}}}]}",
        ),
        /allof-cycle\.yaml #\/components\/schemas\/[AB]\/allOf\/0: allOf cycle: [AB] → [AB] → [AB] \[unsupported\]/,
      ],
      // Array items nested 2,000 deep.
      'deep.yaml': [
        description(
          '    A: {type: object}',
          '{type: object, properties: {x: ' +
            '{type: array, items: '.repeat(2000) +
            '{type: string}' +
            '}'.repeat(2000) +
            '}}',
        ),
        /deep\.yaml(:\d+:\d+)? #\S*: .+ \[(unsupported|unreadable|invalid-yaml|invalid-openapi)\]/,
      ],
    } as const;
    for (const [file, [text, message]] of Object.entries(hostile)) {
      await writeFile(join(root, file), text);
      for (const args of [
        ['--base', 'ok.yaml', '--head', file],
        ['--base', file, '--head', 'ok.yaml'],
      ]) {
        output = [];
        expect(
          await main([...args, '--fail-on', 'breaking'], root),
          `${args.join(' ')}\n${output.join('\n')}`,
        ).toBe(2);
        expect(output.join('\n')).toMatch(message);
      }
    }
  });

  test('bad arguments exit 2, not 1', async () => {
    const root = await workspaceWithSpecs();
    for (const args of [['--bogus'], ['--fail-on', 'minor'], ['--base'], ['stray']]) {
      output = [];
      expect(await main(args, root), args.join(' ')).toBe(2);
      expect(output.join('\n')).toContain('Usage: npm run spec:diff');
    }
    output = [];
    expect(await main(['--base', 'specs/beta/openapi.yaml', '--head', 'specs/nope.yaml'], root)).toBe(2);
    expect(output.join('\n')).toContain('specs/nope.yaml #: ENOENT');
  });
});

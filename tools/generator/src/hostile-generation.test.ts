import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
import { generate } from './generate.ts';
import { hostileSpec, payload, schemaPrefix, toYaml } from './hostile-spec.test-helper.ts';
import { repoRoot, specPath } from './test-workspace.ts';

// One generation from a spec full of hostile strings and keys, shared by the tests (the pipeline takes seconds).
const files = await generate({ file: specPath, text: toYaml(hostileSpec()) }, repoRoot);
const absolute = new Map([...files].map(([path, text]) => [join(repoRoot, path), text]));
const scratch = await mkdtemp(join(tmpdir(), 'graph-incidents-hostile-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Every node of a file, depth first. */
function* nodes(node: ts.Node): Generator<ts.Node> {
  yield node;
  for (const child of node.getChildren()) yield* nodes(child);
}

describe('a spec whose strings try to break out of the generated code', () => {
  test('generates files whose every top-level statement is an import or a declaration, and no eval', () => {
    expect(files.size).toBeGreaterThan(5);
    for (const [path, text] of files) {
      if (!path.endsWith('.ts')) continue;
      const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
      for (const statement of file.statements)
        expect(
          ts.isImportDeclaration(statement) ||
            ts.isFunctionDeclaration(statement) ||
            ts.isInterfaceDeclaration(statement) ||
            ts.isTypeAliasDeclaration(statement) ||
            ts.isVariableStatement(statement),
          `${path}: ${statement.getText().slice(0, 200)}`,
        ).toBe(true);
      const identifiers = [...nodes(file)].filter(ts.isIdentifier).map((node) => node.text);
      expect(identifiers, path).not.toContain('eval');
      expect(identifiers, path).not.toContain('hostilePayloadRan');
    }
    // The payload is still there, as documentation.
    expect(files.get('packages/types/src/generated/schemas.gen.ts')).toContain(
      payload.replace('*/', '*\\/').replace('/*', '/*'),
    );
  });

  test('compiles: the generated types, client and mocks with the hand-written sources that use them', () => {
    const options: ts.CompilerOptions = {
      ...ts.convertCompilerOptionsFromJson(
        {
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        repoRoot,
      ).options,
      baseUrl: repoRoot,
      paths: { '@graph-incidents/types': ['packages/types/src/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, version, ...rest) => {
      const text = absolute.get(fileName);
      return text === undefined
        ? getSourceFile(fileName, version, ...rest)
        : ts.createSourceFile(fileName, text, version);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => absolute.has(fileName) || fileExists(fileName);
    const readFile = host.readFile.bind(host);
    host.readFile = (fileName) => absolute.get(fileName) ?? readFile(fileName);
    const roots = [
      ...[...absolute.keys()].filter(
        (path) =>
          path.endsWith('.ts') && !path.includes('/generated/beta') && !path.includes('/contract-tests/'), // the contract is data; it is run below
      ),
      join(repoRoot, 'packages/mocks/src/edge-cases.ts'),
    ];
    const program = ts.createProgram(roots, options, host);
    // The generated files and edge-cases.ts are checked; the hand-written files they import are checked elsewhere.
    const diagnostics = roots
      .flatMap((root) => {
        const file = program.getSourceFile(root)!;
        return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
      })
      .map(
        (d) =>
          `${d.file?.fileName.replace(repoRoot, '')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    expect(diagnostics).toEqual([]);
  });

  test('runs: __proto__ and constructor stay own properties of shapes, enum orders, factories and the contract', async () => {
    const generated = (path: string) => JSON.stringify(join(repoRoot, path));
    const entry = [
      `export { schemaShapes, enumOrders, operations } from ${generated('packages/mocks/src/generated/graph-metadata.gen.ts')};`,
      `export { buildIncident } from ${generated('packages/mocks/src/generated/factories.gen.ts')};`,
      `export { incidentFilter, incidentFilterableProperties } from ${generated('packages/client/src/generated/odata.gen.ts')};`,
      `export { enumDescriptors, hostileKindValues } from ${generated('packages/types/src/generated/schemas.gen.ts')};`,
      `export { schemas } from ${generated('packages/contract-tests/src/generated/contract.gen.ts')};`,
      `export { buildEdgeCases } from ${generated('packages/mocks/src/edge-cases.ts')};`,
    ].join('\n');
    const bundle = await build({
      stdin: { contents: entry, resolveDir: repoRoot, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
      plugins: [
        {
          name: 'hostile-generated-files',
          setup(plugin) {
            plugin.onResolve({ filter: /^@graph-incidents\/types$/ }, () => ({
              path: join(repoRoot, 'packages/types/src/index.ts'),
            }));
            plugin.onLoad({ filter: /\.gen\.ts$/ }, (args) => {
              const contents = absolute.get(args.path);
              return contents === undefined ? undefined : { contents, loader: 'ts' };
            });
          },
        },
      ],
    });
    const modulePath = join(scratch, 'hostile.mjs');
    await writeFile(modulePath, bundle.outputFiles[0]!.text);
    const hostile = (await import(pathToFileURL(modulePath).href)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

    expect((globalThis as Record<string, unknown>)['hostilePayloadRan']).toBeUndefined();
    const own = (value: object, key: string) => Object.hasOwn(value, key);
    const incidentShape = hostile.schemaShapes.incident;
    for (const key of [
      '__proto__',
      'constructor',
      'line\nbreak',
      'it\'s "quoted" \\ `${process.exit(1)}`',
      '\u2E2F',
    ])
      expect(own(incidentShape, key), key).toBe(true);
    expect(Object.getPrototypeOf(incidentShape)).toBe(Object.prototype);
    expect(hostile.schemaShapes['foo-bar']).toEqual(
      JSON.parse('{"__proto__": {"type": "boolean"}, "a-b": {"type": "string"}}'),
    );

    const members = ['__proto__', 'constructor', 'new\nline', 'quote\'"', '*/', 'unknownFutureValue'];
    expect(Object.keys(hostile.enumOrders.hostileKind)).toEqual(members);
    expect(Object.values(hostile.enumOrders.hostileKind)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(hostile.hostileKindValues).toEqual(members);
    expect(own(hostile.enumDescriptors, '1stThing') && own(hostile.enumDescriptors, 'hostileKind')).toBe(
      true,
    );

    const incident = hostile.buildIncident({}, { seed: 3 });
    for (const key of ['__proto__', 'constructor', 'line\nbreak']) expect(own(incident, key), key).toBe(true);
    expect(typeof incident['__proto__']).toBe('string');
    expect(Object.getPrototypeOf(incident)).toBe(Object.prototype);
    expect(members).toContain(incident.hostileKind);

    expect(Object.keys(hostile.incidentFilterableProperties)).toContain('__proto__');
    expect(hostile.incidentFilter.eq('__proto__', 'x')).toBeDefined();

    const contractIncident = hostile.schemas[`${schemaPrefix}incident`];
    expect(own(contractIncident.properties, '__proto__')).toBe(true);
    expect(contractIncident.properties['__proto__']).toEqual({ type: 'string' });
    expect(own(hostile.schemas, `${schemaPrefix}foo-bar`)).toBe(true);

    const catalogue = hostile.buildEdgeCases(1);
    const names = catalogue.incidents.map((c: { name: string }) => c.name);
    expect(names).toContain('incident.hostileKind = __proto__');
  });
});

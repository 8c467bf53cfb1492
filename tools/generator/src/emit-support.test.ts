import { IndentationText, Project, QuoteKind, type StatementStructures, StructureKind } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import {
  exportedConst,
  importDeclaration,
  printStatements,
  printStatementsThroughSourceFile,
  structurePrinter,
} from './emit-support.ts';

const project = new Project({
  useInMemoryFileSystem: true,
  skipLoadingLibFiles: true,
  manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
});

// Each kind of statement the emitters print, with docs, index signatures, hostile text and nesting.
const statements: StatementStructures[] = [
  importDeclaration('./evolvable-enum.js', ['EnumDescriptor'], true),
  importDeclaration('openapi-fetch', ['createClient', 'type Client']),
  exportedConst('values', "['a', 'b\\'c', '*/ x'] as const", 'Every member. */ not the end of the comment'),
  {
    kind: StructureKind.Interface,
    name: 'Incident',
    isExported: true,
    extends: ['IncidentBase'],
    docs: ['An incident.\n\nSecond paragraph with `code`.'],
    properties: [
      { name: 'id', type: 'string', docs: ['The id.'] },
      { name: "'odata.type'", hasQuestionToken: true, type: "'#microsoft.graph.security.incident' | null" },
      { name: 'nested', type: '{ a: number; b?: string[] }' },
    ],
    indexSignatures: [{ keyName: 'key', keyType: 'string', returnType: 'unknown' }],
  },
  {
    kind: StructureKind.TypeAlias,
    name: 'Status',
    isExported: true,
    type: "'active' | (string & {})",
    docs: ['A status.'],
  },
  {
    kind: StructureKind.Function,
    name: 'listIncidents',
    isExported: true,
    isAsync: true,
    parameters: [
      { name: 'core', type: 'Core' },
      { name: 'query', type: 'Query', hasQuestionToken: true },
    ],
    returnType: 'Promise<Page>',
    statements: [
      'const response = await core.GET(`/security/incidents`, { params: { query } });',
      'return response.data;',
    ],
  },
];

describe('printStatements', () => {
  test("takes ts-morph's structure printer directly with the ts-morph this workspace installs", () => {
    expect(structurePrinter(project)).toBeDefined();
  });

  test('prints exactly what a source file made from the same structures holds', () => {
    const text = printStatements(statements);
    expect(text).toBe(printStatementsThroughSourceFile(project, statements));
    expect(text).toContain('export interface Incident extends IncidentBase {');
    expect(text).toContain('[key: string]: unknown;');
  });

  test('prints long one-line initializers set aside exactly where ts-morph writes them, even one that spells a placeholder', () => {
    const long = (label: string) =>
      `{ ${Array.from({ length: 400 }, (_, i) => `${label}${i}: '} \\' \` // /* x'`).join(', ')} } as const`;
    // Short, so printed as it is, before the long one whose placeholder it spells.
    const hostile = `'__graph_incidents_initializer_0__'`;
    for (const withLong of [
      [exportedConst('first', long('a'), 'The first.'), exportedConst('second', long('b'), 'The second.')],
      [
        exportedConst('spells', hostile, 'Spells a placeholder.'),
        exportedConst('after', long('c'), 'After it.'),
      ],
      [exportedConst('multiline', `{\n${long('d')}\n}`, 'Has a line break: printed by ts-morph.')],
    ]) {
      const all = [...statements.slice(0, 3), ...withLong, ...statements.slice(3)];
      expect(all.some((s) => s.kind === StructureKind.VariableStatement)).toBe(true);
      expect(printStatements(all)).toBe(printStatementsThroughSourceFile(project, all));
    }
  });

  test('prints nothing for no statements, as a source file would', () => {
    expect(printStatements([])).toBe(printStatementsThroughSourceFile(project, []));
  });
});

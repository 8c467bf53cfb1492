import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { emitClient } from './emit-client.ts';
import { loadModel } from './generate.ts';
import { outputFolder } from './outputs.ts';
import { SpecError } from './spec-error.ts';
import { repoRoot, specPath } from './test-workspace.ts';

const specText = await readFile(join(repoRoot, specPath), 'utf8');

async function emit(text = specText): Promise<{ operations: string; odata: string }> {
  const files = await emitClient(await loadModel({ file: specPath, text }));
  const { dir } = outputFolder('client');
  return { operations: files.get(`${dir}/operations.gen.ts`)!, odata: files.get(`${dir}/odata.gen.ts`)! };
}

describe('emitClient', () => {
  test('emits one function per operation, an iterator per pageable one, and binds them all', async () => {
    const { operations } = await emit();
    for (const name of [
      'countIncidents',
      'createIncidentComment',
      'getIncident',
      'iterateIncidents',
      'listIncidents',
      'updateIncident',
    ]) {
      expect(operations).toContain(`export function ${name}`);
      expect(operations).toMatch(new RegExp(`\\n  ${name}(<|\\()`));
      expect(operations).toContain(`${name}: (`);
    }
    expect(operations).toMatch(
      /'PATCH',\s*pathUrl\(core, '\/security\/incidents\/\{incidentId\}', \{ incidentId \}\),\s*options,\s*body\s*\)/,
    );
    expect(operations).toMatch(
      /'GET',\s*withQuery\(pathUrl\(core, '\/security\/incidents\/\$count', \{\}\)[^;]*toCount\s*\)/,
    );
    expect(operations).toContain(
      "(text, response) => toPage(text, 'value', '@odata.nextLink', response.url)",
    );
  });

  test('derives the typed OData metadata from the model', async () => {
    const { odata } = await emit();
    expect(odata).toContain("export const incidentNavigationProperties = ['alerts'] as const;");
    expect(odata).toContain('status: EnumField<WritableIncidentStatus>;');
    expect(odata).toContain('assignedTo: StringField<string | null>;');
    expect(odata).toContain('createdDateTime: DateTimeField;');
  });

  test('follows the spec: a new filterable property and a new operation show up', async () => {
    const spec = parse(specText) as Record<string, any>;
    spec.components.parameters.incidentFilter['x-graph-filterable'].push('displayName');
    spec.paths['/security/incidents/{incidentId}'].delete = {
      operationId: 'deleteIncident',
      summary: 'Delete an incident',
      responses: { '204': { description: 'Deleted.' } },
    };
    const { odata, operations } = await emit(stringify(spec));
    expect(odata).toContain('displayName: StringField<string | null>;');
    expect(odata).toMatch(/incidentFilterableProperties = \{[^}]*displayName: 'string'/);
    expect(operations).toContain('export function deleteIncident(');
    expect(operations).toContain('Promise<void>');
  });

  test('stops with a clear error when $filter names a property the entity lacks', async () => {
    const spec = parse(specText) as Record<string, any>;
    spec.components.parameters.incidentFilter['x-graph-filterable'].push('title');
    const error: unknown = await emit(stringify(spec)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems).toEqual([
      {
        code: 'unsupported',
        file: specPath,
        pointer: `#/components/parameters/incidentFilter/x-graph-filterable/${spec.components.parameters.incidentFilter['x-graph-filterable'].length - 1}`,
        message: 'x-graph-filterable names "title", which microsoft.graph.security.incident does not have',
      },
    ]);
  });
});

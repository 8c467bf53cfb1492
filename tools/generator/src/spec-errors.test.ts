import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from './cli.ts';
import { committedSpec, schemaPrefix, specText, toYaml, type Spec } from './hostile-spec.test-helper.ts';
import { makeTestWorkspace, specPath } from './test-workspace.ts';

// Specs that used to crash the generator with a stack trace (exit 1) or produce broken code. Each must stop with
// the file, the JSON pointer and the reason, exit 2, and write nothing.

let output: string[] = [];
beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
});
afterEach(() => {
  output = [];
});

const schema = (name: string) => `#/components/schemas/${schemaPrefix}${name}`;

/** Runs `npm run generate` on a workspace holding only `text`; returns the exit code and what it printed. */
async function generateFrom(text: string): Promise<{ code: number; printed: string; written: string[] }> {
  const root = await makeTestWorkspace(text);
  const code = await main([], root);
  const written = await readdir(join(root, 'packages')).catch(() => []);
  return { code, printed: output.join('\n'), written };
}

function withSchemas(edit: (schemas: Spec) => void): string {
  const spec = committedSpec();
  edit(spec.components.schemas);
  return toYaml(spec);
}

/** A line of the error report: `file[:line:col] pointer: reason [code]`. */
function reportLine(at: string, reason: RegExp | string, code: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const why = typeof reason === 'string' ? escape(reason) : reason.source;
  return new RegExp(`^${escape(specPath)}(:\\d+:\\d+)? ${escape(at)}: .*${why}.* \\[${code}\\]$`, 'm');
}

const cases: { name: string; spec: () => string; at: string; reason: RegExp | string; code: string }[] = [
  {
    name: 'a $ref-only cycle',
    spec: () =>
      withSchemas((schemas) => {
        schemas[`${schemaPrefix}loopA`] = { $ref: schema('loopB') };
        schemas[`${schemaPrefix}loopB`] = { $ref: schema('loopA') };
      }),
    at: `${schema('loopA')}/$ref`,
    reason: `$ref cycle: ${schemaPrefix}loopA → ${schemaPrefix}loopB → ${schemaPrefix}loopA`,
    code: 'cycle',
  },
  {
    name: 'a schema that is its own $ref',
    spec: () => withSchemas((schemas) => void (schemas[`${schemaPrefix}self`] = { $ref: schema('self') })),
    at: `${schema('self')}/$ref`,
    reason: '$ref cycle',
    code: 'cycle',
  },
  {
    name: 'an allOf cycle',
    spec: () =>
      withSchemas((schemas) => {
        schemas[`${schemaPrefix}cycleA`] = { allOf: [{ $ref: schema('cycleB') }, { type: 'object' }] };
        schemas[`${schemaPrefix}cycleB`] = { allOf: [{ $ref: schema('cycleA') }, { type: 'object' }] };
      }),
    at: `${schema('cycleB')}/allOf/0/$ref`,
    reason: `allOf cycle: ${schemaPrefix}cycleA → ${schemaPrefix}cycleB → ${schemaPrefix}cycleA`,
    code: 'cycle',
  },
  {
    name: 'an external $ref, which would be fetched',
    spec: () =>
      withSchemas((schemas) => {
        schemas[`${schemaPrefix}incident`].properties.status = {
          $ref: 'https://example.invalid/spec.yaml#/x',
        };
      }),
    at: `${schema('incident')}/properties/status/$ref`,
    reason: 'is not a local reference',
    code: 'unsupported',
  },
  {
    name: 'a YAML alias bomb',
    spec: () =>
      `${specText}x-bomb:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${[
        'b',
        'c',
        'd',
        'e',
        'f',
        'g',
        'h',
        'i',
      ]
        .map((name, index) => `  ${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`)
        .join('\n')}\n`,
    at: '#/x-bomb/b/0',
    reason: 'alias',
    code: 'invalid-yaml',
  },
  {
    name: 'a value JSON cannot hold (.inf)',
    spec: () => `${specText}x-limit: .inf\n`,
    at: '#/x-limit',
    reason: 'Infinity is not a JSON number',
    code: 'invalid-openapi',
  },
  {
    name: 'an x-ts-name that is not an identifier',
    spec: () =>
      withSchemas((schemas) => void (schemas[`${schemaPrefix}incident`]['x-ts-name'] = 'Incident Record')),
    at: `${schema('incident')}/x-ts-name`,
    reason: '"Incident Record" is not a usable TypeScript type name',
    code: 'invalid-name',
  },
  {
    name: 'an x-ts-name that is a reserved type name',
    spec: () => withSchemas((schemas) => void (schemas[`${schemaPrefix}incident`]['x-ts-name'] = 'string')),
    at: `${schema('incident')}/x-ts-name`,
    reason: '"string" is not a usable TypeScript type name',
    code: 'invalid-name',
  },
  {
    name: 'two schema keys that derive the same TypeScript name',
    spec: () =>
      withSchemas((schemas) => {
        schemas[`${schemaPrefix}foo-bar`] = { type: 'object', properties: {} };
        schemas[`${schemaPrefix}fooBar`] = { type: 'object', properties: {} };
      }),
    at: schema('fooBar'),
    reason: `FooBar is also used by ${schemaPrefix}foo-bar`,
    code: 'name-clash',
  },
  {
    name: 'a schema whose derived names clash with another schema',
    spec: () =>
      withSchemas((schemas) => {
        schemas[`${schemaPrefix}knownIncidentStatus`] = { type: 'object', properties: {} };
      }),
    at: schema('incidentStatus'),
    reason: 'KnownIncidentStatus is already used by',
    code: 'name-clash',
  },
];

describe('a malformed spec fails located, with exit 2, and writes nothing', () => {
  test.each(cases)('$name', async ({ spec, at, reason, code }) => {
    const result = await generateFrom(spec());
    expect(result.printed).toMatch(reportLine(at, reason, code));
    expect(result.printed).toContain('no file was written');
    expect(result.code).toBe(2);
    expect(result.written).toEqual([]);
  });

  test('an operationId that clashes with a name the client imports', async () => {
    const spec = committedSpec();
    spec.paths['/security/incidents'].get.operationId = 'paginate';
    const result = await generateFrom(toYaml(spec));
    expect(result.printed).toMatch(
      reportLine(
        '#/paths/~1security~1incidents/get/operationId',
        'paginate is already used by the generated code',
        'name-clash',
      ),
    );
    expect(result.code).toBe(2);
  });

  test('a dangling $ref names its target', async () => {
    const spec = committedSpec();
    spec.components.schemas[`${schemaPrefix}incident`].properties.status.$ref = schema('nowhere');
    const result = await generateFrom(toYaml(spec));
    expect(result.printed).toContain(`"${schema('nowhere')}"`);
    expect(result.printed).toMatch(/\[dangling-ref\]$/m);
    expect(result.code).toBe(2);
  });
});

import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { csdlToOpenApi } from './csdl-openapi.ts';
import { CsdlError, readCsdl } from './csdl-read.ts';
import { importDescription, main } from './import.ts';
import type { JsonObject, JsonValue } from './load.ts';
import { repoRoot } from './test-workspace.ts';

/** A small CSDL in Graph's style: two aliased schemas, a singleton with contained navigation, inheritance, an enum. */
const csdl = (extra = '', thingProperty = '') => `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="secRoot" BaseType="graph.entity">
        <NavigationProperty Name="things" Type="Collection(microsoft.graph.sec.thing)" ContainsTarget="true" />
        <NavigationProperty Name="unrelated" Type="Collection(graph.unrelated)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="unrelated" BaseType="graph.entity" />
      <EntityContainer Name="GraphService">
        <Singleton Name="sec" Type="microsoft.graph.secRoot" />
      </EntityContainer>
    </Schema>
    <Schema Namespace="microsoft.graph.sec" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="thing" BaseType="graph.entity">
        <Property Name="name" Type="Edm.String" />
        <Property Name="count" Type="Edm.Int32" Nullable="false" />
        <Property Name="big" Type="Edm.Int64" />
        <Property Name="ratio" Type="Edm.Double" />
        <Property Name="flag" Type="Edm.Boolean" Nullable="false" />
        <Property Name="guid" Type="Edm.Guid" />
        <Property Name="at" Type="Edm.DateTimeOffset" Nullable="false" />
        <Property Name="span" Type="Edm.Duration" />
        <Property Name="blob" Type="Edm.Binary" />
        <Property Name="tags" Type="Collection(Edm.String)" />
        <Property Name="maybeTags" Type="Collection(Edm.String)" Nullable="true" />
        <Property Name="level" Type="self.level" />
        <Property Name="parts" Type="Collection(self.part)" />${thingProperty}
        <NavigationProperty Name="related" Type="Collection(self.other)" />
      </EntityType>
      <EntityType Name="other" BaseType="graph.entity">
        <Property Name="title" Type="Edm.String" />
      </EntityType>
      <ComplexType Name="part" Abstract="true">
        <Property Name="kind" Type="Edm.String" Nullable="false" />
      </ComplexType>
      <ComplexType Name="circlePart" BaseType="self.part">
        <Property Name="radius" Type="Edm.Double" />
      </ComplexType>
      <ComplexType Name="squarePart" BaseType="self.part">
        <Property Name="side" Type="Edm.Double" />
      </ComplexType>
      <ComplexType Name="bag" OpenType="true" />
      <EnumType Name="level">
        <Member Name="low" Value="0" />
        <Member Name="high" Value="10" />
        <Member Name="unknownFutureValue" Value="11" />
        <Member Name="extreme" Value="12" />
      </EnumType>
      <Annotations Target="self.thing">
        <Annotation Term="Org.OData.Capabilities.V1.InsertRestrictions">
          <Record><PropertyValue Property="Insertable" Bool="false" /></Record>
        </Annotation>
        <Annotation Term="Org.OData.Capabilities.V1.TopSupported" Bool="false" />
        <Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions">
          <Record>
            <PropertyValue Property="Filterable" Bool="true" />
            <PropertyValue Property="NonFilterableProperties">
              <Collection><PropertyPath>blob</PropertyPath><PropertyPath>span</PropertyPath></Collection>
            </PropertyValue>
          </Record>
        </Annotation>
      </Annotations>
      <Annotations Target="self.thing/name">
        <Annotation Term="Org.OData.Core.V1.Description" String="The &quot;name&quot; &lt;b&gt; – ünïcode &amp; more" />
      </Annotations>
      <Annotations Target="microsoft.graph.sec.other">
        <Annotation Term="Org.OData.Capabilities.V1.CountRestrictions">
          <Record><PropertyValue Property="Countable" Bool="false" /></Record>
        </Annotation>
      </Annotations>${extra}
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

const ns = 'microsoft.graph.sec';

function convert(text: string, paths = ['/sec/things**']): JsonObject {
  const openapi = csdlToOpenApi(readCsdl(text, 'test.csdl'), { paths, server: 'https://example.test/v1.0' });
  return importDescription(openapi, { paths, followMappings: true }).document;
}

function schema(document: JsonObject, key: string): JsonObject {
  return ((document['components'] as JsonObject)['schemas'] as JsonObject)[key] as JsonObject;
}

/** The own part of an `allOf` schema, or the schema itself. */
function own(document: JsonObject, key: string): JsonObject {
  const found = schema(document, key);
  return Array.isArray(found['allOf']) ? (found['allOf'][1] as JsonObject) : found;
}

describe('converting CSDL to OpenAPI', () => {
  const document = convert(csdl());
  const paths = document['paths'] as JsonObject;

  test('builds the paths of the container under the glob: contained collection, key, $count, navigation', () => {
    expect(Object.keys(paths)).toEqual([
      '/sec/things',
      '/sec/things/$count',
      '/sec/things/{thingId}',
      '/sec/things/{thingId}/related',
      '/sec/things/{thingId}/related/{otherId}',
    ]);
    // A contained item can be read, updated and deleted; the non-contained `related` only read.
    expect(Object.keys(paths['/sec/things/{thingId}'] as JsonObject).sort()).toEqual([
      'delete',
      'get',
      'parameters',
      'patch',
    ]);
    expect(Object.keys(paths['/sec/things/{thingId}/related/{otherId}'] as JsonObject).sort()).toEqual([
      'get',
      'parameters',
    ]);
  });

  test('applies the capability annotations: Insertable, TopSupported, NonFilterableProperties, Countable', () => {
    const list = paths['/sec/things'] as JsonObject;
    expect(Object.keys(list)).toEqual(['get']); // InsertRestrictions/Insertable=false: no POST
    const parameters = (list['get'] as JsonObject)['parameters'] as JsonObject[];
    expect(parameters.map((p) => p['$ref'] ?? p['name'])).toEqual([
      '#/components/parameters/skip',
      '#/components/parameters/search',
      '$filter',
      '#/components/parameters/count',
      '$orderby',
      '$select',
      '$expand',
    ]);
    expect(parameters[2]!['x-graph-filterable']).toEqual([
      'id',
      'name',
      'count',
      'big',
      'ratio',
      'flag',
      'guid',
      'at',
      'tags',
      'maybeTags',
      'level',
      'parts',
    ]);
    // CountRestrictions on the target type: no /related/$count.
    expect(paths['/sec/things/{thingId}/related/$count']).toBeUndefined();
  });

  test('maps BaseType to allOf, Nullable, collections and the Edm types with their formats', () => {
    expect(schema(document, `${ns}.thing`)['allOf']).toEqual([
      { $ref: '#/components/schemas/microsoft.graph.entity' },
      expect.objectContaining({ title: 'thing', type: 'object' }),
    ]);
    const properties = own(document, `${ns}.thing`)['properties'] as JsonObject;
    expect(properties['name']).toMatchObject({ type: ['string', 'null'] });
    expect(properties['count']).toEqual({ type: 'integer', format: 'int32' });
    expect(properties['big']).toEqual({ type: ['integer', 'null'], format: 'int64' });
    expect(properties['ratio']).toEqual({ type: ['number', 'null'], format: 'double' });
    expect(properties['flag']).toEqual({ type: 'boolean' });
    expect(properties['guid']).toMatchObject({ type: ['string', 'null'], format: 'uuid' });
    expect(properties['at']).toEqual({ type: 'string', format: 'date-time' });
    expect(properties['span']).toEqual({ type: ['string', 'null'], format: 'duration' });
    expect(properties['blob']).toEqual({ type: ['string', 'null'], format: 'base64url' });
    expect(properties['tags']).toEqual({ type: 'array', items: { type: 'string' } });
    expect(properties['maybeTags']).toEqual({ type: 'array', items: { type: ['string', 'null'] } });
    expect(properties['level']).toEqual({
      anyOf: [{ $ref: `#/components/schemas/${ns}.level` }, { type: 'null' }],
    });
    expect(properties['related']).toMatchObject({ type: 'array', 'x-graph-navigation': true });
    expect(own(document, `${ns}.thing`)['required']).toEqual(['count', 'flag', 'at']);
    expect(schema(document, 'microsoft.graph.entity')['required']).toEqual(['id']);
  });

  test('keeps descriptions exactly, entities and all', () => {
    const properties = own(document, `${ns}.thing`)['properties'] as JsonObject;
    expect((properties['name'] as JsonObject)['description']).toBe('The "name" <b> – ünïcode & more');
  });

  test('derived types form a discriminated union on @odata.type, required on the base and each kind', () => {
    const part = schema(document, `${ns}.part`);
    expect(part['discriminator']).toEqual({
      propertyName: '@odata.type',
      mapping: {
        [`#${ns}.circlePart`]: `#/components/schemas/${ns}.circlePart`,
        [`#${ns}.squarePart`]: `#/components/schemas/${ns}.squarePart`,
      },
    });
    expect(part['required']).toEqual(['@odata.type', 'kind']);
    const circle = own(document, `${ns}.circlePart`);
    expect((circle['properties'] as JsonObject)['@odata.type']).toEqual({
      type: 'string',
      const: `#${ns}.circlePart`,
    });
    expect(circle['required']).toEqual(['@odata.type']);
    // An entity reached only as a base brings none of its other derived types.
    const keys = Object.keys((document['components'] as JsonObject)['schemas'] as JsonObject);
    expect(keys).not.toContain('microsoft.graph.unrelated');
    expect(keys).not.toContain('microsoft.graph.secRoot');
    expect(keys).not.toContain(`${ns}.bag`);
    expect(schema(document, 'microsoft.graph.entity')['discriminator']).toBeUndefined();
  });

  test('enum members stay in order with their values; unknownFutureValue is the sentinel', () => {
    expect(schema(document, `${ns}.level`)).toMatchObject({
      type: 'string',
      enum: ['low', 'high', 'unknownFutureValue', 'extreme'],
      'x-graph-enum': {
        sentinel: 'unknownFutureValue',
        values: { low: 0, high: 10, unknownFutureValue: 11, extreme: 12 },
      },
    });
  });

  test('an open complex type stays open', () => {
    const withBag = convert(csdl('', '\n        <Property Name="extra" Type="self.bag" />'));
    expect(schema(withBag, `${ns}.bag`)).toMatchObject({
      additionalProperties: true,
      'x-graph-open-type': true,
    });
    expect(schema(document, `${ns}.other`)['allOf']).toBeDefined();
  });
});

describe('names from the metadata that are also names of Object.prototype', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  test('a property, an enum member and a record property named so stay own data, and nothing is inherited from them', () => {
    // `other` gets a FilterRestrictions record whose only property is `__proto__`, holding a record that says `title`
    // is not filterable: read as a prototype, it would make `title` non-filterable.
    const text = csdl(
      `
      <EnumType Name="odd">${names.map((name, i) => `<Member Name="${name}" Value="${i}" />`).join('')}</EnumType>
      <Annotations Target="self.other">
        <Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions">
          <Record>
            <PropertyValue Property="__proto__">
              <Record>
                <PropertyValue Property="NonFilterableProperties">
                  <Collection><PropertyPath>title</PropertyPath></Collection>
                </PropertyValue>
              </Record>
            </PropertyValue>
          </Record>
        </Annotation>
      </Annotations>`,
      names
        .map((name) => `\n        <Property Name="${name}" Type="Edm.String" Nullable="false" />`)
        .join('') + '\n        <Property Name="odd" Type="self.odd" />',
    );
    const document = convert(text);
    const thing = own(document, `${ns}.thing`);
    const properties = thing['properties'] as JsonObject;
    for (const name of names) {
      expect(Object.hasOwn(properties, name), name).toBe(true);
      expect(properties[name], name).toEqual({ type: 'string' });
    }
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(thing['required']).toEqual(expect.arrayContaining(names));
    const odd = schema(document, `${ns}.odd`);
    expect(odd['enum']).toEqual(names);
    const values = (odd['x-graph-enum'] as JsonObject)['values'] as JsonObject;
    expect(Object.keys(values)).toEqual(names);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    // The record holds no capability of its own: `related` lists as it does without it, `title` filterable.
    const related = (document: JsonObject): JsonValue =>
      ((document['paths'] as JsonObject)['/sec/things/{thingId}/related'] as JsonObject)['get']!;
    expect(related(document)).toEqual(related(convert(csdl())));
  });

  test('survive spec:import whole: written, read back and modelled', async () => {
    const { from, out } = await metadataFile(
      csdl('', names.map((name) => `\n        <Property Name="${name}" Type="Edm.String" />`).join('')),
    );
    const { code } = await importReporting([...thingsImport(from, out), '--no-overlay']);
    expect(code).toBe(0);
    const written = parse(await readFile(out, 'utf8')) as JsonObject;
    const properties = own(written, `${ns}.thing`)['properties'] as JsonObject;
    for (const name of names) expect(Object.hasOwn(properties, name), name).toBe(true);
  });
});

describe('the glob decides what is built', () => {
  test('an exact path gives that path alone and only the schemas it reaches', () => {
    const exact = convert(csdl(), ['/sec/things/{thing-id}/related']);
    expect(Object.keys(exact['paths'] as JsonObject)).toEqual(['/sec/things/{thingId}/related']);
    const keys = Object.keys((exact['components'] as JsonObject)['schemas'] as JsonObject);
    expect(keys).toContain(`${ns}.other`);
    expect(keys).not.toContain(`${ns}.thing`);
    expect(keys).not.toContain(`${ns}.part`);
  });

  test('a path parameter in the glob matches whatever its name: ours, Microsoft’s or another', () => {
    for (const glob of [
      '/sec/things/{thingId}/related',
      '/sec/things/{thing-id}/related',
      '/sec/things/{x}/related',
    ]) {
      const exact = convert(csdl(), [glob]);
      expect(Object.keys(exact['paths'] as JsonObject), glob).toEqual(['/sec/things/{thingId}/related']);
    }
    expect(Object.keys(convert(csdl(), ['/sec/things/{thingId}**'])['paths'] as JsonObject)).toEqual(
      Object.keys(convert(csdl(), ['/sec/things/{thing-id}**'])['paths'] as JsonObject),
    );
  });

  test('a glob that matches no path of the container is refused', () => {
    expect(() => convert(csdl(), ['/nowhere**'])).toThrow(/no path matches "\/nowhere\*\*"/);
  });

  test('enum members without Value take their declaration index (CSDL §10.2.2)', () => {
    const text = csdl(
      '\n      <EnumType Name="plain"><Member Name="first" /><Member Name="second" /></EnumType>',
      '\n        <Property Name="plain" Type="self.plain" Nullable="false" />',
    );
    expect(schema(convert(text), `${ns}.plain`)['x-graph-enum']).toEqual({ values: { first: 0, second: 1 } });
  });
});

describe('CSDL errors are located', () => {
  test('malformed XML: file, line and the element it is inside', () => {
    // `big` is left open, so the `</EntityType>` that follows does not match.
    const text = csdl().replace(
      '<Property Name="big" Type="Edm.Int64" />',
      '<Property Name="big" Type="Edm.Int64">',
    );
    const lines = text.split('\n');
    const big = lines.findIndex((l) => l.includes('<Property Name="big"'));
    const close = lines.findIndex((l, index) => index > big && l.includes('</EntityType>')) + 1;
    expect(() => readCsdl(text, 'bad.csdl')).toThrow(
      new CsdlError('bad.csdl', close, '<EntityType Name="thing">', 'malformed XML: unexpected close tag.'),
    );
  });

  test('an unknown type reference names the type, as written and resolved, at its line', () => {
    const text = csdl('', '\n        <Property Name="ghost" Type="self.nowhere" />');
    const line = text.split('\n').findIndex((l) => l.includes('Name="ghost"')) + 1;
    expect(() => convert(text)).toThrow(
      new CsdlError(
        'test.csdl',
        line,
        `<Property Name="ghost"> of <EntityType Name="${ns}.thing">`,
        `unknown type self.nowhere (${ns}.nowhere)`,
      ),
    );
  });

  test.each([
    ['abc', 'is not an integer'],
    ['', 'is not an integer'],
    ['1.5', 'is not an integer'],
    ['1e3', 'is not an integer'],
    ['0x10', 'is not an integer'],
    [' 5', 'is not an integer'],
    ['9007199254740992', 'is beyond ±(2^53 − 1), which the import cannot hold exactly'],
    ['-99999999999999999999999', 'is beyond ±(2^53 − 1), which the import cannot hold exactly'],
  ])(
    'an enum member Value %j that is not an integer held exactly is refused at its line',
    (value, problem) => {
      const text = csdl().replace(
        '<Member Name="high" Value="10" />',
        `<Member Name="high" Value="${value}" />`,
      );
      const line = text.split('\n').findIndex((l) => l.includes('Name="high"')) + 1;
      expect(() => convert(text)).toThrow(
        new CsdlError(
          'test.csdl',
          line,
          `<Member Name="high"> of <EnumType Name="${ns}.level">`,
          `enum member Value ${JSON.stringify(value)} ${problem}`,
        ),
      );
    },
  );

  test('the values an enum member may have: a sign, the edges of what a number holds exactly', () => {
    for (const value of ['+3', '-3', '0', '9007199254740991', '-9007199254740991']) {
      const text = csdl().replace(
        '<Member Name="high" Value="10" />',
        `<Member Name="high" Value="${value}" />`,
      );
      const values = (schema(convert(text), `${ns}.level`)['x-graph-enum'] as JsonObject)[
        'values'
      ] as JsonObject;
      expect(values['high'], value).toBe(Number(value));
    }
  });

  test('an enum the slice does not reach is not read: a bad Value there stops nothing', () => {
    const text = csdl(
      '\n      <EnumType Name="elsewhere"><Member Name="x" Value="not a number" /></EnumType>',
    );
    expect(Object.keys((convert(text)['components'] as JsonObject)['schemas'] as JsonObject)).not.toContain(
      `${ns}.elsewhere`,
    );
  });

  test('a BaseType cycle, through another type or to itself, is refused at the type it was reached from', () => {
    const through = csdl().replace(
      '<EntityType Name="entity" Abstract="true">',
      '<EntityType Name="entity" Abstract="true" BaseType="microsoft.graph.sec.thing">',
    );
    const itself = csdl().replace(
      '<EntityType Name="thing" BaseType="graph.entity">',
      '<EntityType Name="thing" BaseType="self.thing">',
    );
    for (const [text, cycle] of [
      [through, `${ns}.thing → microsoft.graph.entity → ${ns}.thing`],
      [itself, `${ns}.thing → ${ns}.thing`],
    ] as const) {
      const line = text.split('\n').findIndex((l) => l.includes('<EntityType Name="thing"')) + 1;
      expect(() => convert(text)).toThrow(
        new CsdlError('test.csdl', line, `<EntityType Name="${ns}.thing">`, `BaseType cycle: ${cycle}`),
      );
    }
  });

  test('a name declared twice is refused at the second declaration: a type, a property, an inherited property, an enum member', () => {
    const lineOf = (text: string, needle: string, nth = 1): number => {
      const lines = text.split('\n');
      let found = -1;
      for (let i = 0; i < nth; i += 1)
        found = lines.findIndex((l, index) => index > found && l.includes(needle));
      return found + 1;
    };
    const type = csdl(
      '\n      <ComplexType Name="part"><Property Name="other" Type="Edm.String" /></ComplexType>',
    );
    const property = csdl('', '\n        <Property Name="name" Type="Edm.Int32" />');
    const inherited = csdl('', '\n        <Property Name="id" Type="Edm.String" />');
    const member = csdl().replace('<Member Name="high" Value="10" />', '<Member Name="low" Value="10" />');
    const cases: [string, number, string, string][] = [
      [
        type,
        lineOf(type, '<ComplexType Name="part"', 2),
        `<ComplexType Name="${ns}.part">`,
        `${ns}.part is declared again (first at line ${lineOf(type, '<ComplexType Name="part"')}): a namespace names each type once (CSDL §5.1)`,
      ],
      [
        property,
        lineOf(property, '<Property Name="name"', 2),
        `<Property Name="name"> of <EntityType Name="${ns}.thing">`,
        'property name is declared twice: a type and its bases name each property once (CSDL §6.1)',
      ],
      [
        inherited,
        lineOf(inherited, '<Property Name="id" Type="Edm.String" />'),
        `<Property Name="id"> of <EntityType Name="${ns}.thing">`,
        'property id is declared twice (microsoft.graph.entity declares it too): a type and its bases name each property once (CSDL §6.1)',
      ],
      [
        member,
        lineOf(member, '<Member Name="low"', 2),
        `<Member Name="low"> of <EnumType Name="${ns}.level">`,
        'enum member low is declared twice: an enum names each member once (CSDL §10.2)',
      ],
    ];
    for (const [text, line, element, message] of cases)
      expect(() => convert(text), message).toThrow(new CsdlError('test.csdl', line, element, message));
  });

  test('a property without a Type says so', () => {
    const text = csdl('', '\n        <Property Name="untyped" />');
    const line = text.split('\n').findIndex((l) => l.includes('Name="untyped"')) + 1;
    expect(() => convert(text)).toThrow(
      new CsdlError(
        'test.csdl',
        line,
        `<Property Name="untyped"> of <EntityType Name="${ns}.thing">`,
        'no Type given',
      ),
    );
  });

  test('XML that is not CSDL is refused', () => {
    expect(() => readCsdl('<?xml version="1.0"?><html><body/></html>', 'page.xml')).toThrow(
      /page\.xml:1: not a CSDL document/,
    );
  });

  test('spec:import validates with Redocly what an overlay of one’s own made: exit 1, located', async () => {
    const { dir, from, out } = await metadataFile(csdl());
    // A license without its required `name`: the generator's model does not read it, Redocly's `struct` rule does.
    const overlay = join(dir, 'mine.overlay.yaml');
    await writeFile(
      overlay,
      'overlay: 1.0.0\ninfo: { title: mine, version: 1.0.0 }\nactions:\n  - target: $.info\n    update: { license: { url: "https://example.com" } }\n',
    );
    const { code, errors } = await importReporting([...thingsImport(from, out), '--overlay', overlay]);
    expect(code).toBe(1);
    expect(errors).toMatch(/out\.yaml.*#\/info\/license.*`name`/s);
  });

  test('spec:import exits 2 with the located message when an overlay is not YAML', async () => {
    const { dir, from, out } = await metadataFile(csdl());
    const overlay = join(dir, 'broken.overlay.yaml');
    await writeFile(overlay, 'overlay: 1.0.0\nactions: [\n');
    const args = [...thingsImport(from, out), '--overlay', overlay];
    // Without the launcher's parse cache, and twice with it: a text that does not parse is never kept.
    const parseCache = join(dir, 'parsed');
    for (const launcher of [{}, { parseCache }, { parseCache }]) {
      const { code, errors } = await importReporting(args, launcher);
      expect(code).toBe(2);
      expect(errors).toMatch(/broken\.overlay\.yaml:\d+/);
      await expect(access(out)).rejects.toThrow();
    }
  });

  test('spec:import exits 2 with the located message and writes nothing', async () => {
    const { from, out } = await metadataFile(
      csdl('', '\n        <Property Name="ghost" Type="Collection(self.nowhere)" />'),
    );
    const { code, errors } = await importReporting([...thingsImport(from, out), '--no-overlay']);
    expect(code).toBe(2);
    expect(errors).toMatch(
      /metadata\.xml:\d+: unknown type Collection\(self\.nowhere\) \(microsoft\.graph\.sec\.nowhere\)/,
    );
    await expect(access(out)).rejects.toThrow();
  });
});

/** `text` written as `metadata.xml` in a new folder, and where an import of it is written (`out.yaml`, not yet there). */
async function metadataFile(text: string): Promise<{ dir: string; from: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'graph-incidents-csdl-'));
  const from = join(dir, 'metadata.xml');
  await writeFile(from, text);
  return { dir, from, out: join(dir, 'out.yaml') };
}

/** `spec:import`'s arguments for the things of {@link csdl} from `from` into `out` (the overlay's to follow). */
const thingsImport = (from: string, out: string): string[] => [
  '--from',
  from,
  '--paths',
  '/sec/things**',
  '--out',
  out,
];

/** Runs `spec:import` with these arguments; returns its exit code and what it printed on stderr (stdout dropped). */
async function importReporting(
  args: string[],
  launcher: { parseCache?: string } = {},
): Promise<{ code: number; errors: string }> {
  const errors: string[] = [];
  const [error, log] = [console.error, console.log];
  console.error = (...parts: unknown[]) => errors.push(parts.join(' '));
  console.log = () => {};
  try {
    return { code: await main(args, repoRoot, undefined, launcher), errors: errors.join('\n') };
  } finally {
    [console.error, console.log] = [error, log];
  }
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffDescriptions } from './diff.ts';
import { bumpFor } from './diff-rules.ts';
import type { JsonObject } from './load.ts';
import { inShared, repoRoot } from './test-workspace.ts';

/**
 * The incident type's history from Graph's metadata (../shared/graph-reference/spec/csdl-history.incident.txt: every
 * commit of msgraph-metadata that changed the incident, alertComment or the incident enums). Each state becomes a
 * small description the way Microsoft's converter shapes it: GET returns the incident and PATCH takes it (so the
 * incident and its enums are both sent and received); enum members are ordered by value, `unknownFutureValue` is the
 * sentinel. Each commit is then classified as a maintainer would.
 */
const historyFile = join(repoRoot, '../shared/graph-reference/spec/csdl-history.incident.txt');
const available = inShared([historyFile], 'the history tests need the incident type’s CSDL history');

const ns = 'microsoft.graph.security';
type State = Map<string, Map<string, string>>;

/** `self.alert` and `microsoft.graph.security.alert` are one type: the CSDL alias notation switched, nothing else. */
const resolveAlias = (type: string) => type.replace(/\bself\./g, `${ns}.`);

function propertySchema(type: string): JsonObject {
  const collection = /^Collection\((.+)\)$/.exec(type);
  const single = (t: string): JsonObject =>
    t === 'Edm.String'
      ? { type: 'string' }
      : t === 'Edm.DateTimeOffset'
        ? { type: 'string', format: 'date-time' }
        : t === 'Edm.Int32'
          ? { type: 'integer', format: 'int32' }
          : { $ref: `#/components/schemas/${t}` };
  if (collection) return { type: 'array', items: single(collection[1]!) };
  const schema = single(type);
  return schema['$ref']
    ? { anyOf: [schema, { type: 'null' }] }
    : { ...schema, type: [schema['type']!, 'null'] };
}

function describeState(state: State): JsonObject {
  const schemas: JsonObject = { [`${ns}.alert`]: { type: 'object', properties: { id: { type: 'string' } } } };
  for (const [name, members] of state) {
    const key = `${ns}.${name}`;
    const entries = [...members.entries()];
    if (entries.every(([, value]) => /^\d+$/.test(value))) {
      const ordered = entries.sort((a, b) => Number(a[1]) - Number(b[1])).map(([member]) => member);
      schemas[key] = {
        type: 'string',
        enum: ordered,
        ...(ordered.includes('unknownFutureValue')
          ? { 'x-graph-enum': { sentinel: 'unknownFutureValue' } }
          : {}),
      };
    } else
      schemas[key] = {
        type: 'object',
        properties: Object.fromEntries(entries.map(([p, type]) => [p, propertySchema(resolveAlias(type))])),
      };
  }
  const ref = { $ref: `#/components/schemas/${ns}.incident` };
  const paths: JsonObject = state.has('incident')
    ? {
        '/security/incidents/{incidentId}': {
          get: {
            operationId: 'getIncident',
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref } } } },
          },
          patch: {
            operationId: 'updateIncident',
            requestBody: { content: { 'application/json': { schema: ref } } },
            responses: { '204': { description: 'updated' } },
          },
        },
      }
    : {};
  return { openapi: '3.1.0', info: { title: 'history', version: '1' }, paths, components: { schemas } };
}

/** Per section (`== <file>`), each commit's classification: `sha → [bump, ...changes]`. */
async function classifyHistory(): Promise<Map<string, Map<string, string[]>>> {
  const text = await readFile(historyFile, 'utf8');
  const sections = new Map<string, Map<string, string[]>>();
  let state: State = new Map();
  let commits = new Map<string, string[]>();
  let previous: JsonObject | undefined;
  let pending: { sha: string } | undefined;
  const flush = () => {
    if (!pending) return;
    const current = describeState(state);
    if (previous) {
      const changes = diffDescriptions(
        { file: 'before', document: previous },
        { file: 'after', document: current },
      );
      commits.set(pending.sha, [
        bumpFor(changes),
        ...changes.map(
          (c) => `${c.impact} ${c.kind}${c.direction === 'none' ? '' : ` [${c.direction}]`} ${c.location}`,
        ),
      ]);
    }
    previous = current;
    pending = undefined;
  };
  for (const line of text.split('\n')) {
    const section = /^== (.+)$/.exec(line);
    if (section) {
      flush();
      state = new Map();
      previous = undefined;
      commits = new Map();
      sections.set(section[1]!, commits);
      continue;
    }
    const initial = /^\d{4}-\d\d-\d\d (\w+) INITIAL /.exec(line);
    if (initial) {
      flush(); // every type absent
      pending = { sha: initial[1]! };
      continue;
    }
    const entry = /^\d{4}-\d\d-\d\d (\w+) (\w+) ADDED (.*)$/.exec(line);
    if (!entry) continue;
    const [, sha, type, rest] = entry;
    if (pending?.sha !== sha) {
      flush();
      pending = { sha: sha! };
    }
    const [added, removed] = rest!
      .split(' REMOVED ')
      .map((list) => JSON.parse(list.replaceAll("'", '"')) as string[]);
    const members = state.get(type!) ?? new Map<string, string>();
    for (const item of removed!) members.delete(item.split(/[:=]/)[0]!);
    for (const item of added!) {
      const [name, value] = item.split(/[:=]/);
      members.set(name!, value!);
    }
    state.set(type!, members);
  }
  flush();
  return sections;
}

const added = (...names: string[]) =>
  names.map((n) => `non-breaking property-added [both] ${ns}.incident.${n}`);

describe.skipIf(!available)('the incident type’s history in Graph’s metadata, classified', () => {
  test('each commit of v1.0-Prod.csdl, cleanMetadata.xml and beta-USNat.csdl gets the bump a maintainer would give', async () => {
    const history = await classifyHistory();
    const first = (types: string[]) => [
      'minor',
      ...types.map((t) => `non-breaking schema-added ${ns}.${t}`),
      'non-breaking operation-added getIncident',
      'non-breaking operation-added updateIncident',
    ];
    const v1 = history.get('schemas/v1.0-Prod.csdl')!;
    expect(Object.fromEntries(v1)).toEqual({
      // The incident appears with alertComment and four enums: new operations and types only.
      ff5f0ccf23: first([
        'incident',
        'alertComment',
        'alertClassification',
        'alertDetermination',
        'incidentStatus',
        'alertSeverity',
      ]).sort(sortAfterBump),
      // awaitingAction=128 comes after unknownFutureValue=127: only clients that send Prefer:
      // include-unknown-enum-members receive it, so it breaks nobody.
      '9baee8e04b': [
        'minor',
        `non-breaking enum-member-added-after-sentinel [both] ${ns}.incidentStatus.awaitingAction`,
      ],
      // New optional properties: readers that ignore them and writers that leave them out are unaffected.
      '81e8e28291': ['minor', ...added('lastModifiedBy')],
      '02170aeae3': ['minor', ...added('description', 'systemTags')],
      '96eaea5e3e': ['minor', ...added('resolvingComment')],
      fcf7951a2a: ['minor', ...added('summary')],
      // `self.` ↔ `microsoft.graph.security.`: the CSDL alias notation switched, the types did not.
      b99bb302c6: ['none'],
      '6f31023462': ['none'],
      '12f7bc2014': ['minor', ...added('priorityScore')],
      '5bb8a8f0af': ['none'],
    });
    const clean = history.get('clean_v10_metadata/cleanMetadata.xml')!;
    // inProgress=4 was inserted before unknownFutureValue=127 in 2023-01: every reader gets it without opting in,
    // which Graph's evolvable-enum rule exists to avoid. A maintainer calls that breaking.
    expect(clean.get('44f29bac91')).toEqual([
      'major',
      `breaking enum-member-added [both] ${ns}.incidentStatus.inProgress`,
    ]);
    expect(clean.get('b29379ea9f')).toEqual([
      'minor',
      `non-breaking enum-member-added-after-sentinel [both] ${ns}.incidentStatus.awaitingAction`,
    ]);
    expect(clean.get('749da23ed5')).toEqual(['none']);
    expect([...clean.values()].map((c) => c[0])).toEqual([
      'minor',
      'major',
      'minor',
      'minor',
      'minor',
      'minor',
      'minor',
      'none',
      'none',
      'minor',
      'none',
    ]);
    // beta-USNat gets everything at once, recommendedHuntingQuery included: additions only.
    const beta = history.get('schemas/beta-USNat.csdl')!;
    expect([...beta.keys()]).toEqual(['dfc23b81a4']);
    expect(beta.get('dfc23b81a4')![0]).toBe('minor');
    expect(beta.get('dfc23b81a4')).toContain(`non-breaking schema-added ${ns}.recommendedHuntingQuery`);
  });
});

/** Keeps the bump first and sorts the changes as `spec:diff` does (by location). */
function sortAfterBump(a: string, b: string): number {
  if (a === 'minor' || a === 'major') return -1;
  if (b === 'minor' || b === 'major') return 1;
  const at = (s: string) => s.split(' ').at(-1)!;
  return at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0;
}

import { createRequire } from 'node:module';
import type { Document, Node as YamlNode } from 'yaml';
import { joinPointer } from './json-pointer.ts';
import { parseFast } from './parse-fast.ts';
import { SpecError } from './spec-error.ts';

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;
/**
 * `yaml`, required on first use: js-yaml reads most descriptions (parse-fast.ts) and the parse cache most of the
 * others, so `generate` seldom needs it, and loading it took ~35 ms of each start (bench/README.md, session 7).
 */
const yaml = (): Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml);

/** A spec file as text, before parsing. Reading it from disk happens at the edge (cli.ts). */
export interface SpecSource {
  /** Path relative to the workspace root, used in messages and headers, e.g. `specs/v1.0/openapi.yaml`. */
  readonly file: string;
  readonly text: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Parses YAML (or JSON) into plain data. Any syntax error becomes a located {@link SpecError}. A text js-yaml reads
 * as `yaml` would (parse-fast.ts) is read with js-yaml, ten times faster; anything else, every error included, is
 * read by {@link parseSpecLocated}.
 */
export function parseSpec(source: SpecSource): JsonObject {
  const data = parseFast(source.text);
  if (data === undefined) return parseSpecLocated(source);
  const problem = firstNonJsonValue(data);
  if (problem) throw new SpecError([{ code: 'invalid-openapi', file: source.file, ...problem }]);
  return data;
}

/** Parses YAML (or JSON) with `yaml` into plain data, locating any error (file, JSON pointer, line and column). */
export function parseSpecLocated(source: SpecSource): JsonObject {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const tooDeep = (): SpecError =>
    new SpecError([
      {
        code: 'invalid-yaml',
        file: source.file,
        pointer: '#',
        message: 'the document is nested too deeply to read',
      },
    ]);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    throw error;
  }
  if (doc.errors.length > 0) {
    throw new SpecError(
      doc.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        return {
          code: 'invalid-yaml' as const,
          file: source.file,
          pointer: pointerAt(doc.contents, error.pos[0]),
          message: error.message.split('\n')[0] ?? error.code,
          line: at.line,
          column: at.col,
        };
      }),
    );
  }
  let data: unknown;
  try {
    // An alias may stand for at most `maxAliasCount` nodes: a "billion laughs" document fails here, quickly.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    if (!(error instanceof ReferenceError)) throw error;
    const offset = firstAliasOffset(doc.contents);
    const at = offset === undefined ? undefined : lineCounter.linePos(offset);
    throw new SpecError([
      {
        code: 'invalid-yaml',
        file: source.file,
        pointer: offset === undefined ? '#' : pointerAt(doc.contents, offset),
        message: `${error.message}: an alias expands to more than 100 nodes`,
        ...(at ? { line: at.line, column: at.col } : {}),
      },
    ]);
  }
  const problem = firstNonJsonValue(data);
  if (problem) throw new SpecError([{ code: 'invalid-openapi', file: source.file, ...problem }]);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SpecError([
      { code: 'invalid-openapi', file: source.file, pointer: '#', message: 'the document is not a mapping' },
    ]);
  }
  return data as JsonObject;
}

/** Deeper than this, a spec is not a description of an API but an attempt to exhaust the stack. */
export const maxDepth = 256;

/**
 * The first value JSON cannot hold (`.inf`, `.nan`) or the first place nested deeper than {@link maxDepth}, with its
 * pointer, in document order. The path is kept as a stack of keys and joined into a pointer only for the value it
 * reports (joining one for every value was most of this walk's time). The recursion stops at {@link maxDepth}, so
 * any depth is safe to check.
 */
export function firstNonJsonValue(root: unknown): { pointer: string; message: string } | undefined {
  const path: (string | number)[] = [];
  const visit = (value: unknown, depth: number): string | undefined => {
    if (typeof value === 'number')
      return Number.isFinite(value)
        ? undefined
        : `${value} is not a JSON number; OpenAPI values must be JSON`;
    if (value === null || typeof value !== 'object') return undefined;
    if (depth >= maxDepth) return `nested more than ${maxDepth} levels deep`;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        path.push(index);
        const message = visit(value[index], depth + 1);
        if (message !== undefined) return message;
        path.pop();
      }
    } else {
      for (const key of Object.keys(value)) {
        path.push(key);
        const message = visit((value as Record<string, unknown>)[key], depth + 1);
        if (message !== undefined) return message;
        path.pop();
      }
    }
    return undefined;
  };
  const message = visit(root, 0);
  return message === undefined ? undefined : { pointer: joinPointer('#', ...path), message };
}

/** Where the first alias (`*name`) of the document is, to locate an alias bomb. */
function firstAliasOffset(contents: YamlNode | null): number | undefined {
  const { visit } = yaml();
  let offset: number | undefined;
  visit(contents, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** The JSON pointer of the deepest node that contains `offset`, to locate YAML syntax errors. */
function pointerAt(node: YamlNode | null | undefined, offset: number, pointer = '#'): string {
  const { isMap, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      const value = pair.value as YamlNode | null;
      const end = value?.range?.[2] ?? key?.range?.[2] ?? -1;
      const start = key?.range?.[0] ?? Number.MAX_SAFE_INTEGER;
      if (offset >= start && offset <= end) {
        const name = key && 'value' in key ? String(key.value) : '';
        return pointerAt(value, offset, joinPointer(pointer, name));
      }
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const range = (item as YamlNode | null)?.range;
      if (range && offset >= range[0] && offset <= range[2]) {
        return pointerAt(item as YamlNode, offset, joinPointer(pointer, index));
      }
    }
  }
  return pointer;
}

/**
 * Returns a copy with every object's keys sorted, so that reordering keys in a spec cannot change the output.
 * Arrays keep their order: enum order is meaningful (members after `unknownFutureValue`).
 */
export function canonicalize<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item)) as T;
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a `__proto__` key stays a key (assignment would set the prototype).
    return Object.fromEntries(
      Object.keys(value)
        .sort(compareKeys)
        .map((key) => [key, canonicalize((value as JsonObject)[key]!)]),
    ) as T;
  }
  return value;
}

/** Code-point order, independent of the machine's locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

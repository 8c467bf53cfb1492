import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { joinPointer, SpecError } from './spec-error.ts';

/** A spec file as text, before parsing. Reading it from disk happens at the edge (cli.ts). */
export interface SpecSource {
  /** Path relative to the workspace root, used in messages and headers, e.g. `specs/v1.0/openapi.yaml`. */
  readonly file: string;
  readonly text: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Parses YAML (or JSON) into plain data. Any syntax error becomes a located {@link SpecError}. */
export function parseSpec(source: SpecSource): JsonObject {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SpecError([
      { code: 'invalid-openapi', file: source.file, pointer: '#', message: 'the document is not a mapping' },
    ]);
  }
  return data as JsonObject;
}

/** The JSON pointer of the deepest node that contains `offset`, to locate YAML syntax errors. */
function pointerAt(node: YamlNode | null | undefined, offset: number, pointer = '#'): string {
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
    const sorted: JsonObject = {};
    for (const key of Object.keys(value).sort(compareKeys))
      sorted[key] = canonicalize((value as JsonObject)[key]!);
    return sorted as T;
  }
  return value;
}

/** Code-point order, independent of the machine's locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import jsYaml from 'js-yaml';
import type { JsonObject } from './load.ts';

/*
 * A description's YAML read with js-yaml, about ten times faster than `yaml`'s located parse (13 MB, the synthetic
 * 100×: 0.9 s against 10 s of CPU, and 170 MB against 650 MB; bench/README.md, session 6). The result must be
 * exactly what `parseSpec` (load.ts) reads with `yaml` (YAML 1.2, core schema, duplicate keys rejected), so js-yaml
 * reads the text with a schema that repeats `yaml`'s core tags, and anything where the two libraries could read the
 * same text differently makes this give up (`undefined`): the caller then parses with `yaml`, which also locates
 * every error. That covers every error (js-yaml's messages are never shown), anchors and aliases (`yaml` bounds
 * their expansion), explicit tags, directives (`%YAML 1.1` changes `yaml`'s schema), keys that are collections or
 * null (each library turns them into a different string) and keys too long for an implicit key. Tests hold the two
 * equal on every description in specs/, the hostile spec, Microsoft's files and a fast-check property (parse-fast.test.ts).
 */

/** `yaml`'s core schema tags (node_modules/yaml/dist/schema/core), with its tests and values, for js-yaml. */
const nullTest = /^(?:~|[Nn]ull|NULL)?$/;
const boolTest = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const intOctTest = /^0o[0-7]+$/;
const intTest = /^[-+]?[0-9]+$/;
const intHexTest = /^0x[0-9a-fA-F]+$/;
const floatNaNTest = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const floatExpTest = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const floatTest = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Thrown to stop js-yaml as soon as the text holds something only `yaml` may read. */
class GiveUp extends Error {}

/**
 * A scalar tag that resolves plain scalars as `yaml`'s does. js-yaml passes the tag as a second argument only
 * when the node spells it (`!!int 1`): an explicit tag makes this give up.
 */
function scalarType(
  tag: string,
  test: (data: string) => boolean,
  value: (data: string) => unknown,
): jsYaml.Type {
  return new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && test(data),
    construct: (data: string, explicit?: string) => {
      if (explicit !== undefined) throw new GiveUp();
      return value(data);
    },
  });
}

/** js-yaml calls a collection's or a string's type only for a node with an explicit tag (`!!map`, `!!str`). */
const explicitOnly = (tag: string, kind: 'scalar' | 'sequence' | 'mapping'): jsYaml.Type =>
  new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind,
    construct: () => {
      throw new GiveUp();
    },
  });

const schema = new jsYaml.Schema({
  implicit: [
    scalarType(
      'null',
      (s) => nullTest.test(s),
      () => null,
    ),
    scalarType(
      'bool',
      (s) => boolTest.test(s),
      (s) => s[0] === 't' || s[0] === 'T',
    ),
    scalarType(
      'int',
      (s) => intOctTest.test(s) || intTest.test(s) || intHexTest.test(s),
      (s) =>
        intOctTest.test(s)
          ? parseInt(s.substring(2), 8)
          : intTest.test(s)
            ? parseInt(s, 10)
            : parseInt(s.substring(2), 16),
    ),
    scalarType(
      'float',
      (s) => floatNaNTest.test(s) || floatExpTest.test(s) || floatTest.test(s),
      (s) =>
        floatNaNTest.test(s)
          ? s.slice(-3).toLowerCase() === 'nan'
            ? NaN
            : s[0] === '-'
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY
          : parseFloat(s),
    ),
  ],
  explicit: [explicitOnly('str', 'scalar'), explicitOnly('seq', 'sequence'), explicitOnly('map', 'mapping')],
});

/** js-yaml's parser state as its `listener` sees it. */
interface ListenerState {
  readonly input: string;
  readonly position: number;
  readonly kind: string | null;
  readonly tag: string | null;
  readonly anchor: string | null;
}

/**
 * Watches js-yaml's nodes as they close and stops (throws {@link GiveUp}) at:
 * - a node with an anchor or the non-specific tag `!`;
 * - a node followed by `#` with no space between (`yaml` rejects `'a'#`, js-yaml reads a comment);
 * - a flow collection followed by `:` (a collection used as a key: js-yaml would turn `[a]: 1` into the key `a`,
 *   `yaml` into `[ a ]`);
 * - a quoted or plain scalar over several lines (`yaml` checks their lines' indentation, js-yaml does not);
 * - a node after a comment that follows its key, and a block scalar with keep chomping (`|+`).
 */
function watchNodes(): (event: string, state: ListenerState) => void {
  const starts: number[] = [];
  return (event, state) => {
    if (event === 'open') {
      starts.push(state.position);
      return;
    }
    const start = starts.pop() ?? 0;
    const text = state.input;
    if (state.anchor !== null || state.tag === '!' || text[state.position] === '#') throw new GiveUp();
    const content = skipSpace(text, start, state.position);
    // A comment between a key and its value: `yaml` then checks the comment's indentation, js-yaml does not.
    if (text.lastIndexOf('#', content) >= start) throw new GiveUp();
    if (state.kind === 'scalar') {
      if (text[content] === '|' || text[content] === '>') {
        // Keep chomping (`|+`): the two libraries differ on trailing lines of spaces at the end of the text.
        if (/^[|>][0-9]?\+/.test(text.slice(content, content + 3))) throw new GiveUp();
        return;
      }
      // js-yaml's position is past the white space after a plain scalar in a flow collection.
      let end = state.position;
      while (end > content && ' \t\r\n'.includes(text[end - 1]!)) end -= 1;
      if (text.lastIndexOf('\n', end - 1) >= content) throw new GiveUp();
    } else if (
      (state.kind === 'sequence' || state.kind === 'mapping') &&
      text[skipSpace(text, state.position)] === ':'
    )
      throw new GiveUp();
  };
}

/** The first position from `from` (before `end`) past white space, line breaks and comments. */
function skipSpace(text: string, from: number, end = text.length): number {
  let at = from;
  while (at < end) {
    const char = text[at];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') at += 1;
    else if (char === '#') {
      while (at < end && text[at] !== '\n') at += 1;
    } else break;
  }
  return at;
}

/**
 * The explicit key indicator `?` (a key that may be a collection, or null), where a key may start: at the start of
 * a line (after indentation and `- ` of compact sequences) or after `[`, `{` or `,` in a flow collection. A `?`
 * in text also matches when it stands there; that only costs the slower parse.
 */
const explicitKey = /(?:^[ \t]*(?:-[ \t]+)*|[[{,][ \t]*)\?(?:[ \t\r\n]|$)/m;

/**
 * A block sequence entry with nothing after its `-` (a null item): js-yaml then reads entries at other columns
 * into the same sequence, where `yaml` rejects them.
 */
const emptyEntry = /^[ ]*-[ ]*(?:\r?\n|$)/m;

/** A directive (`%YAML 1.1`, `%TAG`) at the start of a line. A byte order mark is also
 * left to `yaml` (which reads it as a document start, js-yaml as text). */
const directive = /^%/m;

/** `yaml` rejects an implicit key of more than 1024 characters; js-yaml does not. Longer keys are left to `yaml`. */
const longestKey = 1000;

/**
 * The description's data as `parseSpec` would read it, or `undefined` when it must be read with `yaml` (anything
 * unusual, every error included). Throws nothing.
 */
export function parseFast(text: string): JsonObject | undefined {
  if (
    directive.test(text) ||
    explicitKey.test(text) ||
    emptyEntry.test(text) ||
    text.includes('\ufeff') ||
    text.includes('\t')
  )
    return undefined;
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema, listener: watchNodes() as never });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return plainKeys(data) ? (data as JsonObject) : undefined;
}

/**
 * Whether every key is one both libraries read the same: js-yaml turns a null key into `"null"` (`yaml`: `""`) and
 * a mapping into `"[object Object]"`.
 */
function plainKeys(root: object): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === 'null' || key === '[object Object]' || key.length > longestKey) return false;
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return true;
}

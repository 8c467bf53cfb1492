import { normalizeMember, visibleMember } from '@graph-incidents/types';
import type { PropertyShape } from './shapes.js';

/** A `$filter` or `$orderby` the service would reject, with Graph's message. */
export class ODataQueryError extends Error {
  override readonly name: string = 'ODataQueryError';
}

/**
 * A `$filter` over one of {@link filterLimits}. Graph answers an exceeded query limit with a 400 whose message starts
 * "The query specified in the URI is not valid." (facts.md §8, the `$top` limit), so the handler answers these the same.
 */
export class ODataQueryLimitError extends ODataQueryError {
  override readonly name = 'ODataQueryLimitError';
}

/**
 * How large a `$filter` may be. *Assumed*: Graph documents no limit for incidents; these are far above any filter an
 * integration sends (a `createdDateTime` window is about 100 characters and 2 levels deep) and far below what the
 * parser's and evaluator's recursion can take, so a hostile filter gets a 400 instead of a stack overflow.
 */
export const filterLimits = {
  /** Characters of the decoded `$filter` text. */
  maxLength: 8192,
  /** Nested parentheses and `not` operators, together. */
  maxDepth: 100,
  /** Comparisons and `and`/`or`/`not` operators. */
  maxNodes: 500,
} as const;

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'enum'; value: string; enumName: string }
  | { kind: 'dateTime'; value: string; epoch: number }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | {
      kind: 'compare';
      property: string;
      operator: Comparison;
      literal: Literal;
      /** Results by value, for properties whose values repeat (enums, names): a scan of many incidents. */
      memo?: Map<unknown, boolean>;
    };

/** What a filter may refer to: the filterable properties and their shapes. */
export interface FilterContext {
  readonly properties: Readonly<Record<string, PropertyShape>>;
  readonly filterable: readonly string[];
  /** The request sent `Prefer: include-unknown-enum-members`. */
  readonly includeUnknownMembers: boolean;
  /** The version's enum members by numeric value (its `graph-metadata.gen.ts` `enumOrders`), which order them. */
  readonly enumOrders: EnumOrders;
  /** When given, the parser adds each property the filter reads. */
  readonly reads?: Set<string>;
}

/** Enum members' numeric values (`x-graph-enum.values`) by enum name, of one Graph version. */
export type EnumOrders = Readonly<Record<string, Readonly<Record<string, number>>>>;

const comparisons = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
/** `literal op property` means `property mirrored(op) literal`. */
const mirrored: Readonly<Record<Comparison, Comparison>> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
};
const propertyPattern = /^[A-Za-z_][\w]*$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an OData `$filter` over the filterable properties: `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `and`, `or`,
 * `not`, parentheses, string literals with doubled quotes, enum literals (`'active'` or
 * `microsoft.graph.security.incidentStatus'active'`), unquoted date-times and `null`, with the literal on either side
 * of the operator. Returns a predicate over
 * stored objects. Throws {@link ODataQueryError} on anything else.
 */
export function parseFilter(
  text: string,
  context: FilterContext,
): (item: Record<string, unknown>) => boolean {
  if (text.length > filterLimits.maxLength)
    throw new ODataQueryLimitError(
      `The limit of '${filterLimits.maxLength}' for the length of $filter has been exceeded. The length of the incoming $filter is '${text.length}'.`,
    );
  const tokens = tokenize(text);
  let position = 0;
  let depth = 0;
  let nodes = 0;
  /** Counts a node of the tree; the evaluator recurses once per node, so this bounds its depth too. */
  const node = <T extends FilterNode>(value: T): T => {
    if (++nodes > filterLimits.maxNodes)
      throw new ODataQueryLimitError(
        `The limit of '${filterLimits.maxNodes}' for the node count of $filter has been exceeded.`,
      );
    return value;
  };
  const enter = () => {
    if (++depth > filterLimits.maxDepth)
      throw new ODataQueryLimitError(
        `The limit of '${filterLimits.maxDepth}' for the nesting depth of $filter has been exceeded.`,
      );
  };
  const peek = (): string | undefined => tokens[position];
  const next = (): string => {
    const token = tokens[position++];
    if (token === undefined)
      throw new ODataQueryError(`Syntax error: the $filter expression '${text}' ends too early.`);
    return token;
  };

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (peek()?.toLowerCase() === 'or') {
      next();
      left = node({ kind: 'or', left, right: parseAnd() });
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseUnary();
    while (peek()?.toLowerCase() === 'and') {
      next();
      left = node({ kind: 'and', left, right: parseUnary() });
    }
    return left;
  };
  const parseUnary = (): FilterNode => {
    if (peek()?.toLowerCase() === 'not') {
      next();
      enter();
      const operand = parseUnary();
      depth--;
      return node({ kind: 'not', operand });
    }
    if (peek() === '(') {
      next();
      enter();
      const inner = parseOr();
      if (next() !== ')') throw new ODataQueryError(`Syntax error: ')' expected in $filter '${text}'.`);
      depth--;
      return inner;
    }
    const first = next();
    // OData allows the literal on either side (`'resolved' eq status`): read it as `status eq 'resolved'`.
    const literalFirst = !propertyPattern.test(first) || /^(null|true|false)$/.test(first);
    const shapeOf = (property: string): PropertyShape => {
      if (!propertyPattern.test(property))
        throw new ODataQueryError(`Syntax error at '${property}' in $filter '${text}'.`);
      const shape = Object.hasOwn(context.properties, property) ? context.properties[property] : undefined;
      if (!shape)
        throw new ODataQueryError(`Could not find a property named '${property}' on type 'incident'.`);
      if (!context.filterable.includes(property))
        throw new ODataQueryError(
          `Invalid filter clause: the property '${property}' cannot be used in $filter.`,
        );
      context.reads?.add(property);
      return shape;
    };
    const firstShape = literalFirst ? undefined : shapeOf(first);
    const operatorToken = next().toLowerCase();
    if (!comparisons.has(operatorToken))
      throw new ODataQueryError(
        `Syntax error: '${operatorToken}' is not a supported operator in $filter '${text}'.`,
      );
    const property = literalFirst ? next() : first;
    const shape = firstShape ?? shapeOf(property);
    const operator = literalFirst ? mirrored[operatorToken as Comparison] : (operatorToken as Comparison);
    const literal = checkLiteral(parseLiteral(literalFirst ? first : next()), property, shape, context);
    return node({ kind: 'compare', property, operator, literal });
  };

  const tree = parseOr();
  if (position < tokens.length)
    throw new ODataQueryError(`Syntax error at '${tokens[position]}' in $filter '${text}'.`);
  return (item) => evaluate(tree, item, context);
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (char === '(' || char === ')') {
      tokens.push(char);
      index++;
    } else {
      // A word, possibly with a quoted part (`'it''s'`, `microsoft.graph.security.incidentStatus'active'`).
      let token = '';
      while (index < text.length && !/[\s()]/.test(text[index]!)) {
        if (text[index] === "'") {
          token += "'";
          index++;
          for (;;) {
            if (index >= text.length)
              throw new ODataQueryError(`Unterminated string literal in $filter '${text}'.`);
            if (text[index] === "'") {
              if (text[index + 1] === "'") {
                token += "''";
                index += 2;
                continue;
              }
              token += "'";
              index++;
              break;
            }
            token += text[index];
            index++;
          }
        } else {
          token += text[index];
          index++;
        }
      }
      tokens.push(token);
    }
  }
  return tokens;
}

function parseLiteral(token: string): Literal {
  const quoted = /^(?:([\w.]+))?'((?:[^']|'')*)'$/.exec(token);
  if (quoted) {
    const value = quoted[2]!.replaceAll("''", "'");
    return quoted[1] ? { kind: 'enum', value, enumName: quoted[1] } : { kind: 'string', value };
  }
  if (token === 'null') return { kind: 'null' };
  if (token === 'true' || token === 'false') return { kind: 'boolean', value: token === 'true' };
  if (dateTimePattern.test(token)) return { kind: 'dateTime', value: token, epoch: Date.parse(token) };
  if (/^-?\d+(\.\d+)?$/.test(token)) return { kind: 'number', value: Number(token) };
  throw new ODataQueryError(`Syntax error: '${token}' is not a valid literal.`);
}

function checkLiteral(
  literal: Literal,
  property: string,
  shape: PropertyShape,
  context: FilterContext,
): Literal {
  if (literal.kind === 'null') {
    if (!shape.nullable) throw new ODataQueryError(`The property '${property}' cannot be null.`);
    return literal;
  }
  if (shape.enum) {
    if (literal.kind !== 'string' && literal.kind !== 'enum')
      throw new ODataQueryError(`The literal for '${property}' must be a member of ${shape.enum.name}.`);
    if (literal.kind === 'enum' && literal.enumName.split('.').at(-1) !== shape.enum.name)
      throw new ODataQueryError(`The enum type '${literal.enumName}' does not match '${property}'.`);
    const member = normalizeMember(shape.enum, literal.value);
    if (member === undefined)
      throw new ODataQueryError(
        `The string '${literal.value}' is not a valid enumeration type constant of ${shape.enum.name}.`,
      );
    if (!context.includeUnknownMembers && shape.enum.afterSentinel.includes(member))
      throw new ODataQueryError(
        `The member '${member}' of ${shape.enum.name} needs the header 'Prefer: include-unknown-enum-members'.`,
      );
    return { kind: 'enum', value: member, enumName: shape.enum.name };
  }
  if (shape.type === 'dateTime') {
    if (literal.kind !== 'dateTime')
      throw new ODataQueryError(
        `The literal for '${property}' must be an unquoted DateTimeOffset, e.g. 2026-01-01T00:00:00Z.`,
      );
    return literal;
  }
  if (shape.type === 'string' && literal.kind !== 'string')
    throw new ODataQueryError(`The literal for '${property}' must be a quoted string.`);
  if ((shape.type === 'integer' || shape.type === 'number') && literal.kind !== 'number')
    throw new ODataQueryError(`The literal for '${property}' must be a number.`);
  return literal;
}

function evaluate(node: FilterNode, item: Record<string, unknown>, context: FilterContext): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, item, context) && evaluate(node.right, item, context);
    case 'or':
      return evaluate(node.left, item, context) || evaluate(node.right, item, context);
    case 'not':
      return !evaluate(node.operand, item, context);
    case 'compare': {
      const value = item[node.property] ?? null;
      const known = node.memo?.get(value);
      if (known !== undefined) return known;
      const result = compare(node, value, context);
      // A date-time hardly repeats; other values do, and their result depends on nothing else.
      if (context.properties[node.property]!.type !== 'dateTime' && (node.memo ??= new Map()).size < 4096)
        node.memo.set(value, result);
      return result;
    }
  }
}

function compare(
  node: Extract<FilterNode, { kind: 'compare' }>,
  value: unknown,
  context: FilterContext,
): boolean {
  const shape = context.properties[node.property]!;
  let actual = value;
  // Without the Prefer header, a hidden member reads as the sentinel, so `eq 'unknownFutureValue'` matches it.
  if (shape.enum && typeof actual === 'string')
    actual = visibleMember(shape.enum, actual, context.includeUnknownMembers);
  // A date-time literal compares by its instant, parsed once rather than once per incident.
  const expected =
    node.literal.kind === 'null'
      ? null
      : node.literal.kind === 'dateTime'
        ? node.literal.epoch
        : node.literal.value;
  const order = compareValues(actual, expected, shape, context.enumOrders);
  // OData: a range comparison with null is false.
  if (node.operator !== 'eq' && node.operator !== 'ne' && (actual === null || expected === null))
    return false;
  switch (node.operator) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order !== undefined && order > 0;
    case 'ge':
      return order !== undefined && order >= 0;
    case 'lt':
      return order !== undefined && order < 0;
    case 'le':
      return order !== undefined && order <= 0;
  }
}

/**
 * Orders two values of one property as Graph does: enums by their numeric value, date-times by instant, `null`
 * before everything. Returns `undefined` when a range comparison with `null` is meaningless.
 */
export function compareValues(
  a: unknown,
  b: unknown,
  shape: PropertyShape,
  orders: EnumOrders,
): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) {
    const aNull = a === null || a === undefined;
    const bNull = b === null || b === undefined;
    return aNull && bNull ? 0 : aNull ? -1 : 1;
  }
  if (shape.enum)
    return Math.sign(enumOrder(orders, shape.enum.name, a) - enumOrder(orders, shape.enum.name, b));
  // Date-times compare by instant (to the millisecond, as Date.parse reads them); a number is one already parsed.
  if (shape.type === 'dateTime') return Math.sign(instant(a) - instant(b));
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** An enum member's numeric value (`x-graph-enum.values`), which orders it; -1 for a value that is no member. */
export function enumOrder(orders: EnumOrders, enumName: string, member: unknown): number {
  const order = Object.hasOwn(orders, enumName) ? orders[enumName]! : {};
  const key = String(member);
  return Object.hasOwn(order, key) ? order[key]! : -1;
}

function instant(value: unknown): number {
  return typeof value === 'number' ? value : Date.parse(String(value));
}

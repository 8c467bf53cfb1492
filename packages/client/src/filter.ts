/** A string property that `$filter` compares with `eq`/`ne`. */
export interface StringField<V> {
  readonly kind: 'string';
  readonly value: V;
}
/** An enum property that `$filter` compares with `eq`/`ne`; `V` is the members a request may carry. */
export interface EnumField<V> {
  readonly kind: 'enum';
  readonly value: V;
}
/** A date-time property that `$filter` compares with `gt`, `ge`, `lt` and `le`. */
export interface DateTimeField {
  readonly kind: 'dateTime';
}
export type FilterField = StringField<unknown> | EnumField<unknown> | DateTimeField;
export type FilterFieldKind = FilterField['kind'];

/** A `$filter` expression built for the entity whose fields are `F`. At runtime it is the expression string. */
export type Filter<F> = string & { readonly __filterOf?: F };

/** An ISO 8601 date-time with a time zone, as OData wants it: `2026-01-31T00:00:00Z`. */
export type IsoDateTime = `${number}-${number}-${number}T${string}${'Z' | `+${string}` | `-${string}`}`;

type KeysOfKind<F, K extends FilterFieldKind> = {
  [P in keyof F]: F[P] extends { readonly kind: K } ? P : never;
}[keyof F] &
  string;
type ValueOf<Field> = Field extends { readonly value: infer V } ? V : never;

/** Builds typed `$filter` expressions: only filterable properties, only the operators and values each accepts. */
export interface FilterBuilder<F> {
  /** `property eq value`; strings are quoted with `'` doubled. */
  eq<P extends KeysOfKind<F, 'string' | 'enum'>>(property: P, value: ValueOf<F[P]>): Filter<F>;
  /** `property ne value`. */
  ne<P extends KeysOfKind<F, 'string' | 'enum'>>(property: P, value: ValueOf<F[P]>): Filter<F>;
  /** `property gt date`, the date unquoted. */
  gt<P extends KeysOfKind<F, 'dateTime'>>(property: P, value: Date | IsoDateTime): Filter<F>;
  ge<P extends KeysOfKind<F, 'dateTime'>>(property: P, value: Date | IsoDateTime): Filter<F>;
  lt<P extends KeysOfKind<F, 'dateTime'>>(property: P, value: Date | IsoDateTime): Filter<F>;
  le<P extends KeysOfKind<F, 'dateTime'>>(property: P, value: Date | IsoDateTime): Filter<F>;
  /** Every one of the filters, each parenthesised. */
  and(...filters: [Filter<F>, Filter<F>, ...Filter<F>[]]): Filter<F>;
  /** Any one of the filters, each parenthesised. */
  or(...filters: [Filter<F>, Filter<F>, ...Filter<F>[]]): Filter<F>;
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Creates a filter builder over the given properties (the generated `incidentFilterableProperties`); it also checks
 * its input at runtime, for callers without types.
 */
export function createFilterBuilder<F>(fields: Readonly<Record<string, FilterFieldKind>>): FilterBuilder<F> {
  const field = (property: string, kinds: readonly FilterFieldKind[], operator: string): string => {
    const kind = fields[property];
    if (kind === undefined || !kinds.includes(kind))
      throw new TypeError(
        `${operator} does not apply to ${JSON.stringify(property)}; it applies to ${
          Object.keys(fields)
            .filter((name) => kinds.includes(fields[name]!))
            .join(', ') || 'no property'
        }`,
      );
    return property;
  };
  const equality =
    (operator: string) =>
    (property: string, value: unknown): string => {
      if (value !== null && typeof value !== 'string')
        throw new TypeError(`${operator} on ${property} needs a string or null, got ${typeof value}`);
      return `${field(property, ['string', 'enum'], operator)} ${operator} ${value === null ? 'null' : `'${value.replaceAll("'", "''")}'`}`;
    };
  const range =
    (operator: string) =>
    (property: string, value: Date | string): string => {
      const text = value instanceof Date ? value.toISOString() : value;
      if (typeof text !== 'string' || !isoDateTime.test(text))
        throw new TypeError(
          `${operator} on ${property} needs a Date or an ISO date-time with a time zone, got ${String(value)}`,
        );
      return `${field(property, ['dateTime'], operator)} ${operator} ${text}`;
    };
  const join =
    (operator: string) =>
    (...filters: string[]): string =>
      filters.map((filter) => `(${filter})`).join(` ${operator} `);
  return {
    eq: equality('eq'),
    ne: equality('ne'),
    gt: range('gt'),
    ge: range('ge'),
    lt: range('lt'),
    le: range('le'),
    and: join('and'),
    or: join('or'),
  } as FilterBuilder<F>;
}

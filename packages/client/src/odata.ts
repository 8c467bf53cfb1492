/**
 * Types that make OData query options typed: the generated per-entity metadata (`incidentSelectableProperties`…)
 * plugs into these.
 */

/** `$orderby` items: a property, optionally followed by ` asc` or ` desc`. */
export type OrderBy<P extends string> = P | `${P} asc` | `${P} desc`;

/** Every Graph entity has the key `id`, which `$select` always returns. */
type EntityKey = 'id';

/**
 * The type of an entity read with `$select` and `$expand`:
 * - no `select`: every property except the navigation ones;
 * - `select`: only those properties, plus `id`;
 * - `expand`: the expanded navigation properties, present (`'*'` expands them all).
 */
export type Selected<T, S extends string, E extends string, Nav extends keyof T> = Simplify<
  ([S] extends [never] ? Omit<T, Nav> : Pick<T, Extract<S | EntityKey, keyof T>>) & {
    [K in '*' extends E ? Nav : Extract<E, Nav>]-?: NonNullable<T[K]>;
  }
>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

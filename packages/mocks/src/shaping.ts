import { type EnumDescriptor, visibleMember } from '@graph-incidents/types';
import { graphVersions } from './graph-versions.js';
import type { Projection } from './query.js';
import type { RequestContext } from './request-context.js';
import type { GraphMetadata, SchemaShape } from './shapes.js';

/** The same URL with `$skip` moved on, every other option kept in its place (on `/beta`, `skip` is `$skip`). */
export function nextLink(url: URL, skip: number, version?: string): string {
  const parts: string[] = [];
  let replaced = false;
  for (const [name, value] of new URLSearchParams(url.search)) {
    if (name === '$skip' || (version === 'beta' && name === 'skip')) {
      parts.push(`$skip=${skip}`);
      replaced = true;
    } else parts.push(`${encodeURIComponent(name).replaceAll('%24', '$')}=${encodeURIComponent(value)}`);
  }
  if (!replaced) parts.push(`$skip=${skip}`);
  return `${url.origin}${url.pathname}?${parts.join('&')}`;
}

/** `security/incidents`, `security/incidents(id,status)`, `security/incidents(alerts())` as Graph writes them. */
export function contextPath(projection: Projection): string {
  const parts = [...(projection.select ?? []), ...(projection.expandAlerts ? ['alerts()'] : [])];
  return `security/incidents${parts.length ? `(${parts.join(',')})` : ''}`;
}

/** An incident as `projection` asks for it, with its alerts when expanded, as the client sees its values. */
export function project(
  incident: Readonly<Record<string, unknown>>,
  projection: Projection,
  alerts: () => unknown[],
  context: RequestContext,
  metadata: GraphMetadata,
): Record<string, unknown> {
  const shown = present(incident, 'incident', context, metadata) as Record<string, unknown>;
  let body: Record<string, unknown> = shown;
  if (projection.select) {
    body = { id: shown['id'] };
    for (const name of projection.select) if (name in shown) body[name] = shown[name];
  }
  if (projection.expandAlerts)
    body['alerts'] = alerts().map((alert) => present(alert, 'alert', context, metadata));
  return body;
}

/**
 * What a client sees of a stored value: every enum member after `unknownFutureValue` reads as
 * `unknownFutureValue` unless the request sent `Prefer: include-unknown-enum-members`. Walks nested objects and
 * evidence kinds through the shapes generated from the version's description (default v1.0).
 */
export function present(
  value: unknown,
  schema: string,
  context: { readonly includeUnknownMembers: boolean },
  metadata: GraphMetadata = graphVersions['v1.0'],
): unknown {
  if (Array.isArray(value)) return value.map((item) => present(item, schema, context, metadata));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const shape = shapeOf(record, schema, metadata);
  const result: Record<string, unknown> = {};
  for (const name of Object.keys(record))
    result[name] = presentProperty(shape, name, record[name], context, metadata);
  return result;
}

/** The shape of `record` as an instance of `schema`: its concrete type's when `schema` is polymorphic. @internal */
export function shapeOf(
  record: Readonly<Record<string, unknown>>,
  schema: string,
  metadata: GraphMetadata,
): SchemaShape | undefined {
  const polymorphic = Object.hasOwn(metadata.polymorphicShapes, schema)
    ? metadata.polymorphicShapes[schema]
    : undefined;
  const concrete = polymorphic
    ? (polymorphic.mapping[String(record[polymorphic.propertyName])] ?? schema)
    : schema;
  return Object.hasOwn(metadata.schemaShapes, concrete) ? metadata.schemaShapes[concrete] : undefined;
}

/** What a client sees of the value of property `name` of an object of `shape` ({@link present}). @internal */
export function presentProperty(
  shape: SchemaShape | undefined,
  name: string,
  item: unknown,
  context: { readonly includeUnknownMembers: boolean },
  metadata: GraphMetadata,
): unknown {
  const property = shape && Object.hasOwn(shape, name) ? shape[name] : undefined;
  if (property?.enum) {
    const descriptor = property.enum;
    const include = context.includeUnknownMembers;
    return Array.isArray(item)
      ? item.map((member: unknown) => visible(descriptor, member, include))
      : visible(descriptor, item, include);
  }
  if (property?.object) return present(item, property.object, context, metadata);
  return item;
}

function visible(descriptor: EnumDescriptor, member: unknown, includeUnknownMembers: boolean): unknown {
  return typeof member === 'string' ? visibleMember(descriptor, member, includeUnknownMembers) : member;
}

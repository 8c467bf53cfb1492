import { type EnumDescriptor, normalizeMember } from '@graph-incidents/types';
import type { GraphRequest, GraphResponse, RequestContext } from './request-context.js';
import type { GraphMetadata, OperationShape, PropertyShape, SchemaShape } from './shapes.js';

/**
 * Graph's 400 for a body it cannot read as JSON: the same answer for a missing or non-JSON `Content-Type` and for
 * malformed JSON (facts.md §8, field reports from microsoft-graph-docs-contrib #6337 and msgraph-sdk-php #632).
 */
export const unreadableJsonMessage =
  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

/** The request body as a JSON object, or Graph's 400 when the Content-Type or the JSON is wrong. */
export function readBody(
  request: GraphRequest,
  operation: OperationShape,
  context: RequestContext,
): { value: Record<string, unknown> } | GraphResponse {
  const header = request.headers['content-type'] ?? '';
  const expected = operation.requestBody?.contentType ?? 'application/json';
  // The header as expected exactly (most clients) needs no splitting.
  if (header !== expected && header.split(';')[0]!.trim().toLowerCase() !== expected)
    return context.error(400, 'BadRequest', unreadableJsonMessage);
  let value: unknown;
  try {
    value = JSON.parse(request.body ?? '');
  } catch {
    return context.error(400, 'BadRequest', unreadableJsonMessage);
  }
  // *assumed*: no reference shows Graph's answer to a JSON body that is not an object.
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return context.error(400, 'BadRequest', 'The request body must be a JSON object.');
  return { value: value as Record<string, unknown> };
}

/** Per enum: every member and every member's lower case, to the member `normalizeMember` gives for it. */
const memberTables = new WeakMap<EnumDescriptor, ReadonlyMap<string, string>>();

/**
 * `normalizeMember(descriptor, value)`, from a table made once per enum: a PATCH's handler matched each enum value
 * three times, each time lower-casing every member (bench/README.md, issue 16).
 */
export function bodyMember(descriptor: EnumDescriptor, value: string): string | undefined {
  let table = memberTables.get(descriptor);
  if (table === undefined) {
    const entries = new Map<string, string>();
    for (const member of descriptor.members) {
      const normalized = normalizeMember(descriptor, member)!;
      entries.set(member, normalized);
      entries.set(member.toLowerCase(), normalized);
    }
    memberTables.set(descriptor, (table = entries));
  }
  return table.get(value) ?? table.get(value.toLowerCase());
}

/** Per request schema: the Graph type its body declares, that type's short name and the entity's shape. */
const declaredTypes = new WeakMap<
  SchemaShape,
  { typeName: string; shortName: string; entityShape: SchemaShape }
>();

/**
 * The Graph type a request body declares, read from the `@odata.type` values its schema allows
 * (`#microsoft.graph.security.incident` → `microsoft.graph.security.incident`).
 */
export function declaredType(shape: SchemaShape): string | undefined {
  const literals = Object.hasOwn(shape, '@odata.type') ? shape['@odata.type']?.literals : undefined;
  const first = literals?.find((literal): literal is string => typeof literal === 'string');
  return first?.replace(/^#/, '');
}

/**
 * Checks a body against a request schema's shape: no unknown properties, every value of the right type. Errors name
 * the Graph type the body declares (`microsoft.graph.security.alertComment` for a comment).
 */
export function checkBody(
  body: Readonly<Record<string, unknown>>,
  shape: SchemaShape,
  context: RequestContext,
  metadata: GraphMetadata,
): GraphResponse | undefined {
  let declared = declaredTypes.get(shape);
  if (declared === undefined) {
    const typeName = declaredType(shape) ?? 'microsoft.graph.security.incident';
    const shortName = typeName.replace(/^microsoft\.graph\.security\./, '');
    const entityShape = Object.hasOwn(metadata.schemaShapes, shortName)
      ? metadata.schemaShapes[shortName]!
      : {};
    declaredTypes.set(shape, (declared = { typeName, shortName, entityShape }));
  }
  const { typeName, entityShape } = declared;
  for (const name of Object.keys(body)) {
    const value = body[name];
    // Own properties only: `__proto__` or `constructor` in a body must not find Object.prototype.
    const property = Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (!property) {
      // *assumed*: the references do not show Graph's answer to a read-only or an unknown property.
      const readOnly = Object.hasOwn(entityShape, name);
      return context.error(
        400,
        'BadRequest',
        readOnly
          ? `The property '${name}' of type '${typeName}' is read-only and cannot be changed.`
          : `The property '${name}' does not exist on type '${typeName}'.`,
        {},
        name,
      );
    }
    // facts.md §8: an annotation that names the declared type, with or without `#`, is accepted; another is refused.
    if (name === '@odata.type' && property.literals && !property.literals.includes(value as string))
      return context.error(
        400,
        'BadRequest',
        `The type '${String(value)}' in '@odata.type' is not '${typeName}', the type of this request body.`,
        {},
        name,
      );
    const problem = typeProblem(value, property);
    if (problem)
      return context.error(400, problem.code, `Invalid value for '${name}': ${problem.message}`, {}, name);
    if (property.enum && typeof value === 'string') {
      const member = bodyMember(property.enum, value)!;
      if (property.enum.afterSentinel.includes(member) && !context.includeUnknownMembers)
        return context.error(
          400,
          'InvalidRequestBody',
          `The value '${member}' of '${name}' needs the header 'Prefer: include-unknown-enum-members'.`,
          {},
          name,
        );
    }
  }
  return undefined;
}

function typeProblem(value: unknown, shape: PropertyShape): { code: string; message: string } | undefined {
  if (value === null)
    return shape.nullable ? undefined : { code: 'BadRequest', message: 'null is not allowed.' };
  if (shape.array) {
    if (!Array.isArray(value)) return { code: 'BadRequest', message: 'expected an array.' };
    for (const item of value) {
      const problem = typeProblem(item, { ...shape, array: false, nullable: false });
      if (problem) return problem;
    }
    return undefined;
  }
  if (shape.enum) {
    if (typeof value !== 'string' || bodyMember(shape.enum, value) === undefined)
      return { code: 'InvalidRequestBody', message: `expected a member of ${shape.enum.name}.` };
    return undefined;
  }
  if (shape.literals)
    return shape.literals.includes(value as string)
      ? undefined
      : { code: 'BadRequest', message: `expected one of ${shape.literals.join(', ')}.` };
  switch (shape.type) {
    case 'string':
      return typeof value === 'string' ? undefined : { code: 'BadRequest', message: 'expected a string.' };
    case 'dateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? undefined
        : { code: 'BadRequest', message: 'expected a DateTimeOffset.' };
    case 'integer':
      return Number.isInteger(value) ? undefined : { code: 'BadRequest', message: 'expected an integer.' };
    case 'number':
      return typeof value === 'number' ? undefined : { code: 'BadRequest', message: 'expected a number.' };
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { code: 'BadRequest', message: 'expected a boolean.' };
    default:
      return typeof value === 'object' ? undefined : { code: 'BadRequest', message: 'expected an object.' };
  }
}

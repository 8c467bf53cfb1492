import type { JsonObject, JsonValue } from './load.ts';
import { asArray, asObject, setOwn } from './json.ts';
import { componentOf } from './json-pointer.ts';

/**
 * Slicing Microsoft's description: keep the paths that match a glob and the components they reach through `$ref`.
 * Discriminator mappings are not followed (Graph's `microsoft.graph.entity` maps to over a thousand types); they are
 * reduced to the types that are reachable anyway.
 */

/**
 * Compiles a path glob: `**` matches any suffix (slashes included), `*` one path segment (no slash), and a path
 * parameter `{name}` any path parameter, whatever its name: Microsoft's files write `{incident-id}` where the
 * imported description (and so a user reading it) writes `{incidentId}`.
 */
export function pathGlob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    const parameterEnd = char === '{' ? pattern.indexOf('}', i) : -1;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (parameterEnd > i && !pattern.slice(i + 1, parameterEnd).includes('/')) {
      source += '\\{[^/{}]+\\}';
      i = parameterEnd;
    } else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The path keys of `document` that match any of `patterns`, in document order. */
export function matchingPaths(document: JsonObject, patterns: readonly string[]): string[] {
  const globs = patterns.map(pathGlob);
  return Object.keys(asObject(document['paths'])).filter((path) => globs.some((glob) => glob.test(path)));
}

/**
 * Returns a new document with only the paths matching `patterns` and the components they reach, transitively.
 * Security schemes are kept whole (requirements name them, they are not `$ref`s); top-level tags are kept when an
 * operation uses them.
 */
export function sliceDocument(
  document: JsonObject,
  patterns: readonly string[],
  options: SliceOptions = {},
): JsonObject {
  const paths = asObject(document['paths']);
  const keptPaths: JsonObject = {};
  for (const path of matchingPaths(document, patterns)) setOwn(keptPaths, path, paths[path]!);

  const components = asObject(document['components']);
  const reached = reachableComponents(keptPaths, components, options);

  const slicedComponents: JsonObject = {};
  for (const section of Object.keys(components)) {
    const entries = asObject(components[section]);
    if (section === 'securitySchemes') {
      setOwn(slicedComponents, section, entries);
      continue;
    }
    // Own properties throughout: a component named `__proto__` is a name like any other (json.ts setOwn).
    const kept: JsonObject = {};
    for (const name of Object.keys(entries))
      if (reached.has(`${section}/${name}`)) setOwn(kept, name, entries[name]!);
    if (Object.keys(kept).length > 0) setOwn(slicedComponents, section, kept);
  }
  const schemas = slicedComponents['schemas'];
  if (schemas) slicedComponents['schemas'] = reduceDiscriminators(asObject(schemas), reached);

  const sliced: JsonObject = { ...document, paths: keptPaths, components: slicedComponents };
  if (Array.isArray(document['tags'])) {
    const used = new Set<string>();
    for (const item of Object.values(keptPaths))
      for (const operation of Object.values(asObject(item)))
        for (const tag of asArray(asObject(operation)['tags'])) used.add(String(tag));
    sliced['tags'] = document['tags'].filter((tag) => used.has(String(asObject(tag)['name'])));
  }
  return sliced;
}

export interface SliceOptions {
  /**
   * Follow discriminator mappings too. Right for a description whose mappings list only types the slice needs (one
   * converted from CSDL by `csdl-openapi.ts`); wrong for Microsoft's, where `microsoft.graph.entity` maps them all.
   */
  readonly followMappings?: boolean;
}

/** `section/name` of every component reached from `roots` through `$ref`, transitively (mappings only if asked). */
export function reachableComponents(
  roots: JsonValue,
  components: JsonObject,
  options: SliceOptions = {},
): Set<string> {
  const reached = new Set<string>();
  const queue: JsonValue[] = [roots];
  while (queue.length > 0) {
    for (const ref of localRefs(queue.pop()!, options.followMappings === true)) {
      const target = componentOf(ref);
      if (!target) continue;
      const id = `${target.section}/${target.name}`;
      const section = asObject(components[target.section]);
      // A dangling ref is left out here: validation reports it with its location.
      if (reached.has(id) || !Object.hasOwn(section, target.name)) continue;
      reached.add(id);
      queue.push(section[target.name]!);
    }
  }
  return reached;
}

/** Every `$ref` string under `value`; discriminator mapping targets only with `followMappings`. */
function localRefs(value: JsonValue, followMappings: boolean): string[] {
  const refs: string[] = [];
  const visit = (node: JsonValue) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === '$ref' && typeof child === 'string') refs.push(child);
        else if (key === 'mapping' && followMappings && child !== null && typeof child === 'object')
          refs.push(...Object.values(child).filter((ref): ref is string => typeof ref === 'string'));
        else visit(child);
      }
    }
  };
  visit(value);
  return refs;
}

/**
 * Keeps only the discriminator mapping entries whose target schema is in the slice, and drops a discriminator left
 * with no entry (an implicit mapping by schema key would name the wrong `@odata.type`).
 */
function reduceDiscriminators(schemas: JsonObject, reached: ReadonlySet<string>): JsonObject {
  const reduced: JsonObject = {};
  for (const [name, schema] of Object.entries(schemas)) setOwn(reduced, name, reduceIn(schema, reached));
  return reduced;
}

function reduceIn(schema: JsonValue, reached: ReadonlySet<string>): JsonValue {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  let result: JsonObject = schema;
  const discriminator = schema['discriminator'];
  if (discriminator !== undefined) {
    const { mapping, ...rest } = asObject(discriminator);
    const kept: JsonObject = {};
    for (const [value, ref] of Object.entries(asObject(mapping))) {
      const target = typeof ref === 'string' ? componentOf(ref) : undefined;
      if (target && reached.has(`${target.section}/${target.name}`)) setOwn(kept, value, ref);
    }
    const { discriminator: _dropped, ...withoutDiscriminator } = schema;
    result =
      Object.keys(kept).length > 0
        ? { ...withoutDiscriminator, discriminator: { ...rest, mapping: kept } }
        : withoutDiscriminator;
  }
  if (Array.isArray(result['allOf']))
    result = { ...result, allOf: result['allOf'].map((part) => reduceIn(part, reached)) };
  return result;
}

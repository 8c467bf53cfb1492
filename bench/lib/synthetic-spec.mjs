// Builds synthetic descriptions for the generation scaling series: the spec with every schema of
// components.schemas cloned `factor - 1` times under new names, so a factor-N description has N× the schemas.
import { parse, stringify } from 'yaml';

const schemaPrefix = '#/components/schemas/';

/**
 * `specText` with every schema cloned `factor - 1` times. Clone k of `a.b.name` is `a.b.nameCopyk`; its `$ref`s
 * (discriminator mappings included) point at clone k of their targets and its `x-ts-name` gets the same suffix, so
 * each clone set is a self-contained copy and every TypeScript name stays unique. Paths are left alone: the
 * clones are reached by no operation, which is what the emitters of named schemas see in a large module.
 */
export function multiplySchemas(specText, factor) {
  if (!Number.isInteger(factor) || factor < 1)
    throw new RangeError(`factor must be a positive integer, got ${factor}`);
  const document = parse(specText);
  const schemas = document.components.schemas;
  const originals = Object.entries(schemas);
  for (let k = 1; k < factor; k += 1) {
    const suffix = `Copy${k}`;
    for (const [key, schema] of originals) schemas[`${key}${suffix}`] = renameRefs(schema, suffix);
  }
  return { text: stringify(document, { lineWidth: 0 }), schemaCount: Object.keys(schemas).length };
}

function renameRefs(value, suffix) {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, suffix));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    if (
      typeof item === 'string' &&
      item.startsWith(schemaPrefix) &&
      (key === '$ref' || isMappingValue(value))
    )
      out[key] = `${item}${suffix}`;
    else if (key === 'x-ts-name' && typeof item === 'string') out[key] = `${item}${suffix}`;
    else out[key] = renameRefs(item, suffix);
  }
  return out;
}

/** A discriminator `mapping` object: every value is a schema reference. */
function isMappingValue(object) {
  return Object.values(object).every((v) => typeof v === 'string' && v.startsWith(schemaPrefix));
}

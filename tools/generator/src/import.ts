import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { csdlToOpenApi } from './csdl-openapi.ts';
import { CsdlError, looksLikeXml, readCsdl } from './csdl-read.ts';
import { loadModel } from './load-model.ts';
import { normalizeDocument } from './import-normalize.ts';
import { matchingPaths, sliceDocument } from './import-slice.ts';
import { canonicalize, type JsonObject, parseSpec, type SpecSource } from './load.ts';
import type { ApiModel } from './model.ts';
import { buildModel, checkReferences } from './model-build.ts';
import { applyOverlay, OverlayError, readOverlay } from './import-overlay.ts';
import { keepParsed, parseSpecCached } from './parse-cache.ts';
import { formatProblem, SpecError } from './spec-error.ts';

/** The overlay of facts Microsoft's metadata lacks, applied to every import unless `--overlay` names others. */
export const defaultOverlay = 'specs/overlays/incidents.overlay.yaml';
/** What Microsoft's OpenAPI copies lack that its metadata has (they lag it): applied first, to OpenAPI input only. */
export const openapiLagOverlay = 'specs/overlays/microsoft-openapi.overlay.yaml';
/** The overlays applied by default, by the kind of input. */
export const defaultOverlays = {
  openapi: [openapiLagOverlay, defaultOverlay],
  csdl: [defaultOverlay],
} as const;
/** The service root a CSDL file describes, unless `--server` says otherwise (the CSDL itself does not say). */
export const defaultServer = 'https://graph.microsoft.com/v1.0';

export interface ImportOptions {
  /** Path globs: `**` matches any suffix, `*` one segment, `{name}` any path parameter. */
  readonly paths: readonly string[];
  /** The overlay documents (already parsed), applied in order. */
  readonly overlays?: readonly unknown[];
  /** Follow discriminator mappings when slicing: true for a description converted from CSDL. */
  readonly followMappings?: boolean;
}

/** Microsoft's description as OpenAPI, whichever form it came in. */
export interface SourceDescription {
  readonly kind: 'openapi' | 'csdl';
  readonly document: JsonObject;
}

export interface ImportResult {
  /** The clean OpenAPI 3.1 description. */
  readonly document: JsonObject;
  /** Path keys the slice kept, before normalisation and the overlay. */
  readonly slicedPaths: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Slices Microsoft's description to `options.paths`, normalises its quirks, applies the overlay, then drops the
 * components nothing reaches any more (the overlay may have removed operations). A pure function of its input.
 */
export function importDescription(microsoft: JsonObject, options: ImportOptions): ImportResult {
  const slicedPaths = matchingPaths(microsoft, options.paths);
  if (slicedPaths.length === 0)
    throw new ImportError(`no path matches ${options.paths.map((p) => JSON.stringify(p)).join(', ')}`);
  const slice = { followMappings: options.followMappings === true };
  const normalized = normalizeDocument(sliceDocument(microsoft, options.paths, slice));
  if (!options.overlays?.length) return { document: normalized, slicedPaths, warnings: [] };
  let document = normalized;
  const warnings: string[] = [];
  for (const overlay of options.overlays) {
    const result = applyOverlay(document, readOverlay(overlay));
    document = result.document;
    warnings.push(...result.warnings);
  }
  return { document: sliceDocument(document, ['**'], slice), slicedPaths, warnings };
}

/**
 * Reads Microsoft's description, CSDL XML (`$metadata`) or OpenAPI (YAML or JSON), told apart by content. CSDL is
 * converted to OpenAPI (`csdl-openapi.ts`) for the paths matching `paths`.
 */
export async function readSource(
  text: string,
  file: string,
  options: { readonly paths: readonly string[]; readonly server?: string },
): Promise<SourceDescription> {
  if (!looksLikeXml(text)) return { kind: 'openapi', document: await parseDescription(text, file) };
  const model = readCsdl(text, file);
  return {
    kind: 'csdl',
    document: csdlToOpenApi(model, { paths: options.paths, server: options.server ?? defaultServer }),
  };
}

/**
 * Parses Microsoft's YAML or JSON. Redocly's js-yaml parser reads the 2 MB module files several times faster than
 * `yaml`. Redocly is loaded here, on demand: a CSDL import does not need it (its start-up is half of that import).
 */
export async function parseDescription(text: string, file: string): Promise<JsonObject> {
  let data: unknown;
  try {
    data = file.endsWith('.json')
      ? JSON.parse(text)
      : (await import('@redocly/openapi-core')).parseYaml(text);
  } catch (error) {
    throw new ImportError(`${file}: cannot parse: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new ImportError(`${file}: not an OpenAPI document`);
  if (!/^3\.[01]\./.test(String((data as JsonObject)['openapi'])))
    throw new ImportError(
      `${file}: expected openapi 3.0.x or 3.1.x, got ${String((data as JsonObject)['openapi'])}`,
    );
  return data as JsonObject;
}

/**
 * The description as YAML, in the form prettier gives every file in specs/ (single quotes, no line folding, sequences
 * indented), written directly by `yaml`: running prettier's YAML printer over an import of the evidence kinds
 * (110 KB) took longer than the whole rest of the import, and changed nothing. Tests check that prettier leaves each
 * real import as it is.
 */
export function descriptionText(document: JsonObject, header: string): string {
  const yaml = stringify(document, { lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true });
  const commented = header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');
  return `${commented}\n${yaml}`;
}

/** A bad argument or an input that cannot be imported. */
export class ImportError extends Error {
  override name = 'ImportError';
}

const usage = `Usage: npm run spec:import -- --from <file.csdl|file.xml|file.yaml|file.json> --paths <glob> --out <file>
         [--overlay <file>]... [--no-overlay] [--server <url>]

  Reads Microsoft's Graph metadata (CSDL XML, $metadata) or OpenAPI, told apart by content; converts CSDL to OpenAPI
  for the paths matching <glob>; slices to those paths and the schemas they reach, normalises to the OpenAPI 3.1 our
  generator reads, applies the overlays and checks that the result loads and models.
  --from <file>       e.g. msgraph-metadata schemas/v1.0-Prod.csdl, or msgraph-sdk-powershell openApiDocs/v1.0/Security.yml
  --paths <glob>      path glob, repeatable: ** any suffix, * one segment, {name} any path parameter
                      (e.g. '/security/incidents**', '/security/incidents/{incidentId}')
  --out <file>        where to write the imported description (YAML)
  --overlay <file>    an Overlay 1.0 file, repeatable, applied in order. Default: ${defaultOverlay}, preceded for
                      OpenAPI input by ${openapiLagOverlay}
  --no-overlay        write the normalised slice without applying an overlay
  --server <url>      the service root of a CSDL file (default ${defaultServer})`;

/** `spec:import`. Returns the exit code: 0 fine, 1 the result does not validate, 2 bad arguments or input. */
export async function main(
  args: readonly string[],
  root = process.cwd(),
  _generatorRoot?: string,
  /**
   * The launcher's caches (`bin/run-ts.mjs`): the parse of the description written is kept in `parseCache`, where
   * `npm run generate` finds it by the text's hash instead of parsing the file again.
   */
  launcher: { readonly parseCache?: string } = {},
): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        out: { type: 'string' },
        paths: { type: 'string', multiple: true, default: [] },
        server: { type: 'string' },
        overlay: { type: 'string', multiple: true },
        'no-overlay': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
    if (values['no-overlay'] && values.overlay)
      throw new Error('--no-overlay and --overlay exclude each other');
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const { from, out, paths, server } = values;
  let overlayFiles = values['no-overlay'] ? [] : values.overlay;
  if (!from || !out || paths.length === 0) {
    console.error(`--from, --paths and --out are required\n${usage}`);
    return 2;
  }

  const started = performance.now();
  const outPath = relative(root, resolve(root, out)).split('\\').join('/');
  let text: string;
  let checkedDocument: JsonObject;
  let ourOwnOutput = false;
  try {
    const source = await readSource(await readFile(resolve(root, from), 'utf8'), from, {
      paths,
      ...(server ? { server } : {}),
    });
    const microsoft = source.document;
    const parsed = performance.now();
    // Our converter's output with our own overlay only: checked without Redocly (see checkImport).
    ourOwnOutput = source.kind === 'csdl' && overlayFiles === undefined;
    overlayFiles ??= [...defaultOverlays[source.kind]];
    // Through the parse cache when the launcher gives one: the overlays rarely change between imports.
    const { parseCache } = launcher;
    const overlays = await Promise.all(
      overlayFiles.map(async (file) => {
        const overlay = { file, text: await readFile(resolve(root, file), 'utf8') };
        return parseCache ? parseSpecCached(overlay, parseCache) : parseSpec(overlay);
      }),
    );
    const result = importDescription(microsoft, {
      paths,
      overlays,
      followMappings: source.kind === 'csdl',
    });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    checkedDocument = result.document;
    text = descriptionText(
      result.document,
      [
        `Imported by \`npm run spec:import\` from ${from}`,
        `paths: ${paths.join(' ')}; overlay: ${overlayFiles.length ? overlayFiles.join(', ') : 'none'}.`,
        'Review the diff (npm run spec:diff) before copying it over a hand-written description.',
      ].join('\n'),
    );
    const operations = Object.values(result.document['paths'] as JsonObject).reduce<number>(
      (count, item) => count + Object.keys(item as JsonObject).filter((k) => k !== 'parameters').length,
      0,
    );
    const schemas = Object.keys(
      ((result.document['components'] as JsonObject | undefined)?.['schemas'] as JsonObject | undefined) ??
        {},
    ).length;
    console.log(
      `${from} (${source.kind === 'csdl' ? 'CSDL' : 'OpenAPI'}): ${Object.keys(microsoft['paths'] as JsonObject).length} paths → sliced ${result.slicedPaths.length}; ` +
        `result: ${Object.keys(result.document['paths'] as JsonObject).length} paths, ${operations} operations, ${schemas} schemas ` +
        `(${source.kind === 'csdl' ? 'parse and convert' : 'parse'} ${ms(parsed - started)}, slice, normalise, overlay, format ${ms(performance.now() - parsed)})`,
    );
  } catch (error) {
    if (error instanceof ImportError || error instanceof OverlayError || error instanceof CsdlError) {
      console.error(`spec:import: ${error.message}`);
      return 2;
    }
    // An overlay file that is not YAML: its file, line and pointer.
    if (error instanceof SpecError) {
      console.error(`spec:import: ${error.problems.map(formatProblem).join('\n')}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`spec:import: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }

  await mkdir(dirname(resolve(root, outPath)), { recursive: true });
  await writeFile(resolve(root, outPath), text);
  try {
    const model = await checkImport(
      { file: outPath, text },
      checkedDocument,
      ourOwnOutput,
      launcher.parseCache,
    );
    console.log(
      `wrote ${outPath}: ${ourOwnOutput ? 'models' : 'validates and models'} (${model.operations.map((op) => op.operationId).join(', ')}) in ${ms(performance.now() - started)} total`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SpecError) {
      console.error(`wrote ${outPath}, but it does not pass the generator's checks:`);
      console.error(error.problems.map(formatProblem).join('\n'));
      return 1;
    }
    throw error;
  }
}

/**
 * Checks that the written description loads and models as `npm run generate` will read it. Anything a person wrote
 * (Microsoft's OpenAPI, an overlay given with `--overlay`) goes through the generator's whole load, Redocly's
 * validation included. Our CSDL converter's output with our default overlay is modelled from the document in memory
 * (the same data as the text: `yaml` writes what it reads back, which csdl-import.test.ts checks on both CSDL files)
 * with the generator's own structural checks; Redocly is not loaded for it (its start-up was half of a CSDL import).
 * The tests hold that Redocly accepts the converter's output of both CSDL files, and `npm run generate` validates the
 * description again with Redocly before it generates anything. Either way the parse of the text is kept in
 * `parseCache` (for the converter's output, the document it was written from), so `generate` does not parse it again.
 */
async function checkImport(
  source: SpecSource,
  document: JsonObject,
  ourOwnOutput: boolean,
  parseCache: string | undefined,
): Promise<ApiModel> {
  if (!ourOwnOutput) return loadModel(source, parseCache ? { parseCache } : {});
  // Kept before modelling, while `document` is exactly what was written.
  if (parseCache) await keepParsed(source, document, parseCache);
  const canonical = canonicalize(document);
  checkReferences(source.file, canonical);
  return buildModel(source.file, canonical);
}

function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

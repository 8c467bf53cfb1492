import { parseYaml } from '@redocly/openapi-core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { loadModel } from './generate.ts';
import { normalizeDocument } from './import-normalize.ts';
import { matchingPaths, sliceDocument } from './import-slice.ts';
import type { JsonObject } from './load.ts';
import { applyOverlay, OverlayError, readOverlay } from './import-overlay.ts';
import { formatProblem, SpecError } from './spec-error.ts';

/** The overlay of facts Microsoft's metadata lacks, applied unless `--overlay` names another. */
export const defaultOverlay = 'specs/overlays/incidents.overlay.yaml';

export interface ImportOptions {
  /** Path globs: `**` matches any suffix, `*` one segment. */
  readonly paths: readonly string[];
  /** The overlay document (already parsed), if any. */
  readonly overlay?: unknown;
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
  const normalized = normalizeDocument(sliceDocument(microsoft, options.paths));
  if (options.overlay === undefined) return { document: normalized, slicedPaths, warnings: [] };
  const { document, warnings } = applyOverlay(normalized, readOverlay(options.overlay));
  return { document: sliceDocument(document, ['**']), slicedPaths, warnings };
}

/** Parses Microsoft's YAML or JSON. Redocly's js-yaml parser reads the 2 MB module files several times faster than `yaml`. */
export function parseDescription(text: string, file: string): JsonObject {
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
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

/** The description as YAML, formatted like every other file in specs/. */
export async function descriptionText(
  document: JsonObject,
  header: string,
  workspaceRoot: string,
): Promise<string> {
  const options = (await resolveConfig(`${workspaceRoot}/package.json`)) ?? {};
  const yaml = stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
  const commented = `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n${yaml}`;
  return format(commented, { ...options, parser: 'yaml' });
}

/** A bad argument or an input that cannot be imported. */
export class ImportError extends Error {
  override name = 'ImportError';
}

const usage = `Usage: npm run spec:import -- --from <file.yaml|file.json> --paths <glob> --out <file> [--overlay <file>|--no-overlay]

  Slices Microsoft's Graph OpenAPI to the paths matching <glob> and the schemas they reach, normalises it to the
  OpenAPI 3.1 our generator reads, applies the overlay and checks that the result loads and models.
  --from <file>       Microsoft's description (e.g. msgraph-sdk-powershell openApiDocs/v1.0/Security.yml)
  --paths <glob>      path glob, repeatable: ** any suffix, * one segment (e.g. '/security/incidents**')
  --out <file>        where to write the imported description (YAML)
  --overlay <file>    the Overlay 1.0 file with our facts (default ${defaultOverlay})
  --no-overlay        write the normalised slice without applying an overlay`;

/** `spec:import`. Returns the exit code: 0 fine, 1 the result does not validate, 2 bad arguments or input. */
export async function main(args: readonly string[], root = process.cwd()): Promise<number> {
  let from: string | undefined;
  let out: string | undefined;
  let overlayFile: string | undefined = defaultOverlay;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--from' && args[i + 1]) from = args[++i]!;
    else if (arg === '--out' && args[i + 1]) out = args[++i]!;
    else if (arg === '--paths' && args[i + 1]) paths.push(args[++i]!);
    else if (arg === '--overlay' && args[i + 1]) overlayFile = args[++i]!;
    else if (arg === '--no-overlay') overlayFile = undefined;
    else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      return 0;
    } else {
      console.error(`Unknown argument ${arg}\n${usage}`);
      return 2;
    }
  }
  if (!from || !out || paths.length === 0) {
    console.error(`--from, --paths and --out are required\n${usage}`);
    return 2;
  }

  const started = performance.now();
  const outPath = relative(root, resolve(root, out)).split('\\').join('/');
  let text: string;
  try {
    const microsoft = parseDescription(await readFile(resolve(root, from), 'utf8'), from);
    const parsed = performance.now();
    const overlay = overlayFile ? parseYaml(await readFile(resolve(root, overlayFile), 'utf8')) : undefined;
    const result = importDescription(microsoft, { paths, overlay });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    text = await descriptionText(
      result.document,
      [
        `Imported by \`npm run spec:import\` from ${from}`,
        `paths: ${paths.join(' ')}; overlay: ${overlayFile ?? 'none'}.`,
        'Review the diff (npm run spec:diff) before copying it over a hand-written description.',
      ].join('\n'),
      root,
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
      `${from}: ${Object.keys(microsoft['paths'] as JsonObject).length} paths → sliced ${result.slicedPaths.length}; ` +
        `result: ${Object.keys(result.document['paths'] as JsonObject).length} paths, ${operations} operations, ${schemas} schemas ` +
        `(parse ${ms(parsed - started)}, slice, normalise, overlay, format ${ms(performance.now() - parsed)})`,
    );
  } catch (error) {
    if (error instanceof ImportError || error instanceof OverlayError) {
      console.error(`spec:import: ${error.message}`);
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
    const model = await loadModel({ file: outPath, text });
    console.log(
      `wrote ${outPath}: validates and models (${model.operations.map((op) => op.operationId).join(', ')}) in ${ms(performance.now() - started)} total`,
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

function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Options } from 'prettier';
import type { GeneratedFiles } from './emit-support.ts';
import { planFormatting } from './format-members.ts';
import { cutIntoPieces, joinPieces, pieceSize } from './format-pieces.ts';
import { FormatPool } from './format-pool.ts';

// Loaded on first use: a `--check` run whose output is unchanged never needs prettier.
const prettier = () => import('prettier');

/**
 * Formats generated files with the workspace's prettier settings, as they are added: a large file is cut into
 * pieces of whole top-level statements (format-pieces.ts), a statement too large for one piece is cut among its
 * members (format-members.ts), and the parts are formatted on worker threads (format-pool.ts) while the caller
 * goes on emitting. `finish` joins the parts; the result is what prettier gives for each whole file.
 */
export class Formatter {
  readonly #pool = new FormatPool();
  readonly #files: Promise<[string, string]>[] = [];

  private constructor(
    private readonly workspaceRoot: string,
    private readonly util: typeof import('prettier').util,
  ) {}

  static async start(workspaceRoot: string): Promise<Formatter> {
    return new Formatter(workspaceRoot, (await prettier()).util);
  }

  /** Starts formatting `files`; returns once their parts are submitted and the threads' queue is short enough. */
  async add(files: GeneratedFiles): Promise<void> {
    for (const [path, text] of files) {
      const options: Options = { ...(await optionsFor(this.workspaceRoot, path)), filepath: path };
      const pieces = cutIntoPieces(path, text, this.util.isNextLineEmpty);
      const texts = pieces.map(async (piece) => {
        const plan = planFormatting(piece.text, pieceSize, this.util.isNextLineEmpty);
        const parts = await Promise.all(plan.texts.map((part) => this.#pool.submit(part, options)));
        // Parts prettier rejects, or a statement whose cut did not hold: the piece whole, which reports any error.
        return plan.join(parts) ?? (await (await prettier()).format(piece.text, options));
      });
      const file = Promise.all(texts).then((formatted): [string, string] => [
        path,
        joinPieces(pieces, formatted),
      ]);
      // `finish` reports a failure; until it is called, a rejected file must not count as unhandled.
      file.catch(() => undefined);
      this.#files.push(file);
      // Backpressure: the next file waits while the threads have a long queue (format-pool.ts).
      await this.#pool.room();
    }
  }

  /** Stops the threads without waiting for what they were formatting (the caller failed). */
  abandon(): void {
    this.#pool.close();
  }

  /** Every file added, formatted, sorted by path. */
  async finish(): Promise<GeneratedFiles> {
    try {
      await this.#pool.drain();
      const files = await Promise.all(this.#files);
      return new Map(files.sort(([a], [b]) => (a < b ? -1 : 1)));
    } finally {
      this.#pool.close();
    }
  }
}

/** Formats every generated file once ({@link Formatter}), with the workspace's prettier settings. Sorted by path. */
export async function formatFiles(files: GeneratedFiles, workspaceRoot: string): Promise<GeneratedFiles> {
  const formatter = await Formatter.start(workspaceRoot);
  await formatter.add(files);
  return formatter.finish();
}

async function optionsFor(workspaceRoot: string, path: string): Promise<Options> {
  const { resolveConfig } = await prettier();
  return (await resolveConfig(join(workspaceRoot, path))) ?? {};
}

/** What each generated file was made from, kept in the lock file: hashes of its text before and after prettier. */
export interface FormatManifest {
  /** Prettier's version: another version invalidates every entry. */
  readonly formatter: string;
  /** Per file: the unformatted text with its prettier options, and the formatted text. */
  readonly outputs: Readonly<Record<string, { readonly raw: string; readonly formatted: string }>>;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Formats like {@link formatFiles}, but reuses a file from disk when the manifest shows that prettier already turned
 * this exact unformatted text, with these options, into exactly what is on disk. Prettier is deterministic, so the
 * result is the same as formatting again; it only saves the time (prettier is most of a run). Anything else, a file
 * edited by hand included, is formatted again.
 */
export async function formatIncrementally(
  files: GeneratedFiles,
  workspaceRoot: string,
  previous: FormatManifest | undefined,
): Promise<{ files: GeneratedFiles; manifest: FormatManifest }> {
  const { version } = await import('prettier/package.json', { with: { type: 'json' } }).then(
    (module: { default: { version: string } }) => module.default,
  );
  const formatter = `prettier ${version}`;
  const rawHashes = new Map<string, string>();
  const reused: GeneratedFiles = new Map();
  const pending: GeneratedFiles = new Map();
  for (const [path, text] of files) {
    const raw = sha256(`${JSON.stringify(await optionsFor(workspaceRoot, path))}\n${text}`);
    rawHashes.set(path, raw);
    const entry = previous?.formatter === formatter ? previous.outputs[path] : undefined;
    const onDisk =
      entry?.raw === raw
        ? await readFile(join(workspaceRoot, path), 'utf8').catch(() => undefined)
        : undefined;
    if (onDisk !== undefined && sha256(onDisk) === entry?.formatted) reused.set(path, onDisk);
    else pending.set(path, text);
  }
  const formatted = pending.size > 0 ? await formatFiles(pending, workspaceRoot) : new Map<string, string>();
  const result: GeneratedFiles = new Map();
  const outputs: Record<string, { raw: string; formatted: string }> = {};
  for (const path of [...files.keys()].sort()) {
    const text = reused.get(path) ?? formatted.get(path)!;
    result.set(path, text);
    outputs[path] = { raw: rawHashes.get(path)!, formatted: sha256(text) };
  }
  return { files: result, manifest: { formatter, outputs } };
}

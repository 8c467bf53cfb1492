import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Options } from 'prettier';
import { type EmittedFiles, type EmittedText, type GeneratedFiles, partText } from './emit-support.ts';
import type { BatchedPart } from './format-jobs.ts';
import { mirrorsOpenApi, type OpenApiTypes } from './format-openapi.ts';
import { planFormatting } from './format-members.ts';
import { cutIntoPieces, joinPieces, type Piece, pieceSize } from './format-pieces.ts';
import { FormatPool } from './format-pool.ts';

/**
 * Drawing functions or named types' statements sent to the threads in one job: enough that a job's cost dwarfs its
 * message, few enough that the threads share a file's parts (at 100×, 10,300 of them).
 */
const batchSize = 256;

// Loaded on first use: a `--check` run whose output is unchanged never needs prettier.
const prettier = () => import('prettier');

/**
 * Formats generated files with the workspace's prettier settings, as they are added: a large file is cut into
 * pieces of whole top-level statements (format-pieces.ts), a statement too large for one piece is cut among its
 * members (format-members.ts), and the parts are formatted on worker threads (format-pool.ts) while the caller
 * goes on emitting. A data statement is printed on those threads too, in prettier's form, without prettier's
 * parser (format-literal.ts): this thread only hands its data over. `finish` joins the parts; the result is what
 * prettier gives for each whole file.
 */
export class Formatter {
  readonly #pool = new FormatPool();
  readonly #files: Promise<[string, string]>[] = [];

  private constructor(
    private readonly workspaceRoot: string,
    private readonly prettier: typeof import('prettier'),
  ) {}

  static async start(workspaceRoot: string): Promise<Formatter> {
    return new Formatter(workspaceRoot, await prettier());
  }

  /** Starts formatting `files`; returns once their parts are submitted and the threads' queue is short enough. */
  async add(files: EmittedFiles): Promise<void> {
    for (const [path, emitted] of files) {
      const options: Options = { ...(await optionsFor(this.workspaceRoot, path)), filepath: path };
      // Runs of text parts go to prettier. Drawing functions (format-drawing.ts), the named types' statements
      // (format-schema.ts), data statements (format-literal.ts) and openapi-typescript's statements
      // (format-openapi.ts) go to the threads' printers as data, the first two in batches of consecutive ones;
      // where a printer does not mirror prettier, the text comes back for prettier (consecutive batched parts as
      // one run, formatted together). Each part ends with its newline; a part that starts with an empty line
      // keeps it (prettier drops it at the start of what it formats).
      const runs: Promise<string>[] = [];
      let text = '';
      let batch: BatchedPart[] = [];
      const endRun = () => {
        if (text) runs.push(this.#formatPart(path, text, options, runs.length === 0));
        text = '';
      };
      const endBatch = () => {
        if (batch.length > 0) runs.push(this.#printBatch(path, batch, options, runs.length === 0));
        batch = [];
      };
      for (const part of typeof emitted === 'string' ? [emitted] : emitted) {
        if (typeof part !== 'string' && 'kind' in part && part.kind === 'openapi-types') {
          endBatch();
          endRun();
          runs.push(this.#printOpenApi(path, part, options, runs.length === 0));
          continue;
        }
        if (typeof part !== 'string' && 'kind' in part) {
          endRun();
          batch.push(part);
          if (batch.length === batchSize) endBatch();
          continue;
        }
        endBatch();
        if (typeof part === 'string') text += part;
        else {
          endRun();
          const first = runs.length === 0;
          runs.push(
            this.#pool
              .print(part, options)
              .then((data) =>
                'printed' in data ? data.printed : this.#formatPart(path, data.text, options, first),
              ),
          );
        }
      }
      endBatch();
      endRun();
      const file = Promise.all(runs).then((formatted): [string, string] => [path, formatted.join('')]);
      // `finish` reports a failure; until it is called, a rejected file must not count as unhandled.
      file.catch(() => undefined);
      this.#files.push(file);
      // Backpressure: the next file waits while the threads have a long queue (format-pool.ts).
      await this.#pool.room();
    }
  }

  /**
   * Consecutive batched parts printed on the threads; those the printers leave to prettier are formatted together,
   * each run of them as one text. The empty line before the first is dropped when it starts the file.
   */
  async #printBatch(
    path: string,
    batch: readonly BatchedPart[],
    options: Options,
    first: boolean,
  ): Promise<string> {
    const results = await this.#pool.printBatch(batch, options);
    const parts: Promise<string>[] = [];
    let text = '';
    const atStart = () => first && parts.length === 0;
    const endRun = () => {
      if (text) parts.push(this.#formatPart(path, text, options, atStart()));
      text = '';
    };
    for (const result of results) {
      if ('text' in result) text += result.text;
      else {
        endRun();
        parts.push(Promise.resolve(atStart() ? result.printed.replace(/^\n/, '') : result.printed));
      }
    }
    endRun();
    return (await Promise.all(parts)).join('');
  }

  /**
   * `openapi.gen.ts`'s statements printed on the threads (format-openapi.ts); where the printer does not mirror
   * prettier (other options, another shape), `astToString`'s text goes to prettier as before.
   */
  async #printOpenApi(path: string, part: OpenApiTypes, options: Options, first: boolean): Promise<string> {
    const printed = mirrorsOpenApi(options) ? await this.#pool.printOpenApi(part.statements, options) : null;
    return printed ?? this.#formatPart(path, part.text(), options, first);
  }

  /** A part of a file formatted, with the empty line it starts with kept unless it starts the file. */
  async #formatPart(path: string, text: string, options: Options, first: boolean): Promise<string> {
    const formatted = await this.#format(path, text, options);
    return !first && /^[ \t]*\n/.test(text) ? `\n${formatted}` : formatted;
  }

  /**
   * `text` (whole statements) formatted: cut into pieces and members, formatted on the threads, joined. The cuts
   * are not proven here by parsing each piece (at 100x the schemas that parse was 3.9 s of this thread, the critical
   * path; bench/README.md, session 5): the threads' prettier parses every piece anyway and rejects one that does not
   * parse, which is the proof. Only when a piece is rejected is the text cut again with each cut proven here.
   */
  async #format(path: string, text: string, options: Options): Promise<string> {
    const { isNextLineEmpty } = this.prettier.util;
    const unproven = cutIntoPieces(path, text, isNextLineEmpty, pieceSize, false);
    if (unproven.length > 1) {
      const formatted = await this.#formatPieces(unproven, options, false);
      if (formatted !== undefined) return formatted;
    }
    return (await this.#formatPieces(cutIntoPieces(path, text, isNextLineEmpty), options, true))!;
  }

  /**
   * The pieces formatted and joined. A piece whose parts prettier rejects, or whose member cut did not hold, is
   * formatted whole; when that fails too, `report` throws prettier's error, and otherwise the result is `undefined`.
   */
  async #formatPieces(
    pieces: readonly Piece[],
    options: Options,
    report: boolean,
  ): Promise<string | undefined> {
    const { isNextLineEmpty } = this.prettier.util;
    const texts = pieces.map(async (piece) => {
      const plan = planFormatting(piece.text, pieceSize, isNextLineEmpty);
      const parts = await Promise.all(plan.texts.map((part) => this.#pool.submit(part, options)));
      const joined = plan.join(parts);
      if (joined !== undefined) return joined;
      const whole = this.prettier.format(piece.text, options);
      return report ? whole : whole.catch(() => undefined);
    });
    const formatted = await Promise.all(texts);
    return formatted.every((text) => text !== undefined) ? joinPieces(pieces, formatted) : undefined;
  }

  /** Starts the formatting threads now: the caller expects more text than the threads' threshold (format-pool.ts). */
  startThreads(): void {
    this.#pool.startThreads();
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
export async function formatFiles(files: EmittedFiles, workspaceRoot: string): Promise<GeneratedFiles> {
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
 * edited by hand included, is formatted again. A file with data statements is printed partly by the generator's
 * own code (format-literal.ts), so its entry also holds `generator`, the fingerprint of that code
 * (`generatorFingerprint`): after a change to the generator, such a file is printed again.
 */
export async function formatIncrementally(
  files: EmittedFiles,
  workspaceRoot: string,
  previous: FormatManifest | undefined,
  generator: string,
): Promise<{ files: GeneratedFiles; manifest: FormatManifest }> {
  const { version } = await import('prettier/package.json', { with: { type: 'json' } }).then(
    (module: { default: { version: string } }) => module.default,
  );
  const formatter = `prettier ${version}`;
  const rawHashes = new Map<string, string>();
  const reused: GeneratedFiles = new Map();
  const pending: EmittedFiles = new Map();
  for (const [path, text] of files) {
    const raw = sha256(
      `${JSON.stringify(await optionsFor(workspaceRoot, path))}\n${rawKey(text, generator)}`,
    );
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

/**
 * What a file's formatted text is a function of, besides the options and prettier: its text, or for a file with data
 * statements, each part tagged as text or data and the generator's fingerprint (the data printer is its code).
 */
function rawKey(text: EmittedText, generator: string): string {
  if (typeof text === 'string') return text;
  const parts = text.map((part) =>
    typeof part === 'string'
      ? `\0text\0${part}`
      : 'kind' in part && part.kind === 'openapi-types'
        ? `\0${part.kind}\0${JSON.stringify(part.statements)}`
        : `\0${'kind' in part ? part.kind : 'data'}\0${partText(part)}`,
  );
  return `\0generator ${generator}${parts.join('')}`;
}

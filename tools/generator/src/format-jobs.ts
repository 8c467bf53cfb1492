import type { Options } from 'prettier';
import { type DrawingFunction, drawingFunctionText, printDrawingFunction } from './format-drawing.ts';
import { dataStatementText, type DataStatement, printDataStatement } from './format-literal.ts';
import {
  isSchemaStatement,
  printSchemaStatement,
  type SchemaStatement,
  schemaStatementText,
} from './format-schema.ts';
import { type OatStatement, printOpenApiStatements } from './format-openapi.ts';

/*
 * The work the formatting threads do (format-worker.ts), and this thread when too little comes to start them
 * (format-pool.ts): prettier over text, and the printers of data statements (format-literal.ts), drawing functions
 * (format-drawing.ts), the named types' statements (format-schema.ts) and openapi-typescript's statements
 * (format-openapi.ts), which lay out in prettier's form what the emitters hand over as data. Printing these on the
 * threads leaves this thread, which holds the model and every output and sets the pace at 100×, only
 * handing the data over (bench/README.md, session 6).
 */

/** A part printed in batches of consecutive ones: a drawing function or a statement of the named types. */
export type BatchedPart = DrawingFunction | SchemaStatement;

/** One unit of work, with the prettier options of the file it belongs to. */
export type FormatJob =
  | { readonly kind: 'text'; readonly text: string; readonly options: Options }
  | { readonly kind: 'data'; readonly statement: DataStatement; readonly options: Options }
  | { readonly kind: 'batch'; readonly parts: readonly BatchedPart[]; readonly options: Options }
  | { readonly kind: 'openapi'; readonly statements: readonly OatStatement[]; readonly options: Options };

/**
 * A data statement or drawing function printed, or, where the printer does not mirror prettier, its text for
 * prettier (the caller cuts it into pieces first, as any large text).
 */
export type PrintedData = { readonly printed: string } | { readonly text: string };

/** What each kind of job gives back (for text, `null` when prettier rejects it). */
export interface FormatResults {
  readonly text: string | null;
  readonly data: PrintedData;
  readonly batch: readonly PrintedData[];
  /** `openapi.gen.ts`'s statements printed (format-openapi.ts), or `null` where the printer does not mirror them. */
  readonly openapi: string | null;
}

/** The prettier module's parts the jobs use: `format`, and the doc builders and printer the printers use. */
export type Prettier = Pick<typeof import('prettier'), 'format' | 'doc' | 'util'>;

/** Runs one job. Throws only on a fault of the printers themselves (a rejected text gives `null`). */
export async function runJob(job: FormatJob, prettier: Prettier): Promise<FormatResults[FormatJob['kind']]> {
  switch (job.kind) {
    case 'text':
      return prettier.format(job.text, job.options).catch(() => null);
    case 'data': {
      const printed = printDataStatement(job.statement, job.options, prettier);
      return printed === undefined ? { text: dataStatementText(job.statement) } : { printed };
    }
    case 'batch':
      return job.parts.map((part) => {
        if (isSchemaStatement(part)) {
          const printed = printSchemaStatement(part, job.options, prettier);
          return printed === undefined ? { text: schemaStatementText(part) } : { printed };
        }
        const printed = printDrawingFunction(part, job.options, prettier);
        return printed === undefined ? { text: drawingFunctionText(part) } : { printed };
      });
    case 'openapi':
      return printOpenApiStatements(job.statements, job.options, prettier) ?? null;
  }
}

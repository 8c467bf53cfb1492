/** The recordings the analyses (`leastPrivilege`, `guidance`) take: in memory, or read from files and folders. */
import { findRecordings, readRecordingFile } from './files.js';
import { type InputProblem, parseRecording, type RecordedExchange } from './recording.js';
import { isJsonObject } from './json.js';

/** A recording with the file it came from, for messages. */
export interface NamedRecording {
  readonly file: string;
  readonly recording: unknown;
}

/**
 * One recording (a HAR, a `{ request, response }` exchange or an array of them), a {@link NamedRecording}, or an
 * array of HARs and named recordings. An array of exchanges is one recording.
 */
export type RecordingInput = unknown;

/** A recording parsed into exchanges. */
export interface LoadedRecording {
  readonly file?: string;
  readonly exchanges: readonly RecordedExchange[];
  readonly problems: readonly InputProblem[];
}

const isNamed = (value: unknown): value is NamedRecording =>
  isJsonObject(value) && typeof value['file'] === 'string' && 'recording' in value;
const isHar = (value: unknown): boolean => isJsonObject(value) && 'log' in value;

/** Splits the input into recordings and parses each. */
export function recordingList(input: RecordingInput): LoadedRecording[] {
  const items =
    Array.isArray(input) &&
    input.length > 0 &&
    input.every((item) => isHar(item) || isNamed(item) || Array.isArray(item))
      ? input
      : [input];
  return items.map((item) => {
    const { file, recording } = isNamed(item) ? item : { file: undefined, recording: item };
    return { ...(file === undefined ? {} : { file }), ...parseRecording(recording, file) };
  });
}

/** Reads recording files and folders (as `verify` does); what cannot be read or parsed becomes a problem. */
export async function readRecordings(paths: readonly string[]): Promise<LoadedRecording[]> {
  const { files, problems } = await findRecordings(paths);
  const loaded: LoadedRecording[] = problems.length > 0 ? [{ exchanges: [], problems }] : [];
  for (const file of files) {
    const read = await readRecordingFile(file);
    if ('problem' in read) {
      loaded.push({ file, exchanges: [], problems: [read.problem] });
      continue;
    }
    loaded.push({ file, ...parseRecording(read.data, file) });
  }
  return loaded;
}

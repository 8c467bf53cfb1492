import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Contract } from './contract-model.js';
import type { InputProblem } from './recording.js';
import { jsonProblem, type VerifyOptions, type VerifyResult, verifyRecording } from './verify.js';

/** The file name endings read from a folder. */
export const recordingExtensions = ['.har', '.json'] as const;

/**
 * Expands folders (recursively, `.har` and `.json` files, sorted) and keeps files as given. Symbolic links inside a
 * folder are followed, to files and to folders; each folder is walked once by its real path, so a link to a parent
 * cannot loop.
 */
export async function findRecordings(
  paths: readonly string[],
): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      problems.push({ code: 'unreadable', file: path, message: (error as Error).message });
      continue;
    }
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = (await recordingsIn(path, problems)).sort();
    if (found.length === 0)
      problems.push({
        code: 'unreadable',
        file: path,
        message: `no ${recordingExtensions.join(' or ')} files in this folder`,
      });
    for (const file of found) files.push(file);
  }
  return { files, problems };
}

function isRecordingName(name: string): boolean {
  return (recordingExtensions as readonly string[]).includes(extname(name).toLowerCase());
}

/** The recordings under `folder`, following symbolic links; what cannot be read becomes a problem. */
async function recordingsIn(folder: string, problems: InputProblem[]): Promise<string[]> {
  const found: string[] = [];
  const walked = new Set<string>();
  const unreadable = (file: string, error: unknown): void => {
    problems.push({ code: 'unreadable', file, message: (error as Error).message });
  };
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      const real = await realpath(dir);
      if (walked.has(real)) return;
      walked.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      return unreadable(dir, error);
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let kind: { isFile(): boolean; isDirectory(): boolean } = entry;
      if (entry.isSymbolicLink()) {
        try {
          kind = await stat(path);
        } catch (error) {
          // A dangling link matters only where a recording was meant to be.
          if (isRecordingName(entry.name)) unreadable(path, error);
          continue;
        }
      }
      if (kind.isDirectory()) await walk(path);
      else if (kind.isFile() && isRecordingName(entry.name)) found.push(path);
    }
  };
  await walk(folder);
  return found;
}

/** Reads and parses one recording file; what cannot be read or parsed becomes a located problem. */
export async function readRecordingFile(
  file: string,
): Promise<{ data: unknown } | { problem: InputProblem }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problem: { code: 'unreadable', file, message: (error as Error).message } };
  }
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (error) {
    const { message, ...position } = jsonProblem(text, error);
    return { problem: { code: 'invalid-json', file, message: `the file is ${message}`, ...position } };
  }
}

/** Verifies recording files and folders, and merges the results. */
export async function verifyFiles(
  paths: readonly string[],
  contract?: Contract,
  options: Pick<VerifyOptions, 'strict' | 'guidance'> = {},
): Promise<VerifyResult> {
  const { files, problems } = await findRecordings(paths);
  const merged = {
    exchanges: [] as VerifyResult['exchanges'][number][],
    findings: [] as VerifyResult['findings'][number][],
    problems,
    verified: 0,
    skipped: [] as VerifyResult['skipped'][number][],
  };
  for (const file of files) {
    const read = await readRecordingFile(file);
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    const { data } = read;
    let result: VerifyResult;
    try {
      result = verifyRecording(data, {
        file,
        ...(contract ? { contract } : {}),
        ...(options.strict ? { strict: true } : {}),
        ...(options.guidance ? { guidance: options.guidance } : {}),
      });
    } catch (error) {
      // verifyRecording reports bad input as problems; this is the last guard, so that the run still reports.
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      problems.push({ code: 'unverifiable', file, message: `this file could not be verified (${reason})` });
      continue;
    }
    // Loops, not push(...): a file can hold more entries than an argument list (~125,000) can.
    for (const exchange of result.exchanges) merged.exchanges.push(exchange);
    for (const finding of result.findings) merged.findings.push(finding);
    for (const problem of result.problems) problems.push(problem);
    merged.verified += result.verified;
    for (const skipped of result.skipped) merged.skipped.push(skipped);
  }
  return merged;
}

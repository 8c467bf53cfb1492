import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Contract } from './contract-model.js';
import type { InputProblem } from './recording.js';
import { jsonProblem, type VerifyResult, verifyRecording } from './verify.js';

/** The file name endings read from a folder. */
export const recordingExtensions = ['.har', '.json'] as const;

/** Expands folders (recursively, `.har` and `.json` files, sorted) and keeps files as given. */
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
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const found = entries
      .filter(
        (e) =>
          e.isFile() && (recordingExtensions as readonly string[]).includes(extname(e.name).toLowerCase()),
      )
      .map((e) => join(e.parentPath, e.name))
      .sort();
    if (found.length === 0)
      problems.push({
        code: 'unreadable',
        file: path,
        message: `no ${recordingExtensions.join(' or ')} files in this folder`,
      });
    files.push(...found);
  }
  return { files, problems };
}

/** Verifies recording files and folders, and merges the results. */
export async function verifyFiles(paths: readonly string[], contract?: Contract): Promise<VerifyResult> {
  const { files, problems } = await findRecordings(paths);
  const merged = {
    exchanges: [] as VerifyResult['exchanges'][number][],
    findings: [] as VerifyResult['findings'][number][],
    problems,
    verified: 0,
    skipped: [] as VerifyResult['skipped'][number][],
  };
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push({ code: 'unreadable', file, message: (error as Error).message });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      const { message, ...position } = jsonProblem(text, error);
      problems.push({ code: 'invalid-json', file, message: `the file is ${message}`, ...position });
      continue;
    }
    const result = verifyRecording(data, { file, ...(contract ? { contract } : {}) });
    merged.exchanges.push(...result.exchanges);
    merged.findings.push(...result.findings);
    problems.push(...result.problems);
    merged.verified += result.verified;
    merged.skipped.push(...result.skipped);
  }
  return merged;
}

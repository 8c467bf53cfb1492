// `guidance()` over whole recordings. Apart from guidance.ts (the rules), because reading recordings may touch the
// file system: verify.ts, and through it the browser-safe `/validators` entry, imports only the rules.
import { type GuidanceOptions, guidanceFor } from './guidance.js';
import { type LoadedRecording, recordingList, type RecordingInput } from './recording-input.js';
import type { Finding } from './verify.js';

/**
 * Guidance findings for recordings (HAR, exchanges, or arrays of HARs). Each recording is read on its own, in order.
 *
 * @example
 * const findings = guidance(JSON.parse(await readFile('traffic.har', 'utf8')), { environment: 'production' });
 * for (const f of findings) console.log(f.rule, f.method, f.url, f.fix);
 */
export function guidance(recordings: RecordingInput, options: GuidanceOptions = {}): Finding[] {
  return recordingList(recordings).flatMap((r: LoadedRecording) =>
    guidanceFor(r.exchanges, { ...options, ...(r.file === undefined ? {} : { file: r.file }) }),
  );
}

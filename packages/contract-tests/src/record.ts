import { createRequire } from 'node:module';
import { createHarRecorder } from './har-recorder.js';
import type { Har } from './har.js';
import { redactHar } from './redact.js';
import { runScenario, type ScenarioOptions, type StepOutcome } from './scenario.js';

export interface RecordOptions extends ScenarioOptions {
  /** Replace GUIDs and UPNs by consistent pseudonyms. Default `false`. */
  readonly pseudonymise?: boolean;
}

export interface RecordResult {
  /** The recording, already redacted: no token, cookie or `Authorization` value is left in it. */
  readonly har: Har;
  readonly steps: readonly StepOutcome[];
}

const { name, version } = createRequire(import.meta.url)('../package.json') as {
  name: string;
  version: string;
};

/**
 * Runs the contract scenario through a recording `fetch` and returns the redacted HAR. Each entry's `comment`
 * names its step.
 *
 * @example
 * const { har } = await recordScenario({ baseUrl: 'https://graph.microsoft.com/v1.0', token });
 * await writeFile('recordings/graph.har', JSON.stringify(har, null, 2));
 */
export async function recordScenario(options: RecordOptions): Promise<RecordResult> {
  const recorder = createHarRecorder(options.fetch ?? globalThis.fetch);
  const { steps } = await runScenario({ ...options, fetch: recorder.fetch });
  const raw = recorder.har(
    { name, version },
    `The graph-incidents contract scenario against ${new URL(options.baseUrl).origin}; credentials redacted${options.pseudonymise ? ', GUIDs and UPNs pseudonymised' : ''}.`,
  );
  // Every step that ran sent exactly one request, in order.
  const ran = steps.filter((step) => step.outcome !== 'skipped');
  if (ran.length === raw.log.entries.length)
    for (const [index, entry] of raw.log.entries.entries()) entry.comment = ran[index]!.name;
  const secrets = [options.token, ...(options.forbiddenToken === undefined ? [] : [options.forbiddenToken])];
  return {
    har: redactHar(raw, { secrets, ...(options.pseudonymise ? { pseudonymise: true } : {}) }),
    steps,
  };
}

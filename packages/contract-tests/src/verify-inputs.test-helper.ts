/**
 * What the tests of `verify` and its reports share: the exchanges they write as recordings, and the CLI run in
 * process with its output caught.
 */
import { main } from './cli.js';

/** Graph's incidents collection on v1.0. */
export const incidentsUrl = 'https://graph.microsoft.com/v1.0/security/incidents';

/** An incident with the properties specs/v1.0 requires of one, and no other. */
export const incident = {
  id: '7',
  createdDateTime: '2026-05-04T09:15:02Z',
  lastUpdateDateTime: '2026-05-04T09:15:02Z',
  severity: 'low',
  status: 'active',
};

/** A GET of `url` answered with `status` and `body`, as a JSON recording holds an exchange. */
export const getExchange = (url: string, body: unknown, status = 200) => ({
  request: { method: 'GET', url },
  response: { status, body },
});

/** Runs `graph-incidents-contract` with `args`; resolves to its exit code and the lines it wrote to each stream. */
export async function runCli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  // Guidance findings (on by default) have their own tests in guidance.test.ts; these check everything else.
  const argv = args[0] === 'verify' ? [...args, '--no-guidance'] : args;
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

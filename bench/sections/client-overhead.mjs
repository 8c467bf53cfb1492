// Figure 2: per-request time of 2,000 sequential PATCH round-trips on loopback through our client, against raw
// fetch, in a client process of its own against a bare node:http server in another.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { figure } from '../lib/figure.mjs';
import { startServerProcess } from '../lib/server-process.mjs';
import { median } from '../lib/stats.mjs';

const child = (name) => fileURLToPath(new URL(`../children/${name}`, import.meta.url));
const requests = 2000;
const repeats = 5;
const warmup = 500;

export async function measureClientOverhead() {
  const server = await startServerProcess(child('fixed-incident-server.mjs'));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [child('client-overhead.mjs'), server.url, String(requests), String(repeats), String(warmup)],
      { timeout: 150_000 },
    );
    const { medianMs } = JSON.parse(stdout);
    const raw = median(medianMs.rawFetch);
    const note = (name) =>
      `median of ${repeats} repeats of ${requests} requests; repeats: ${medianMs[name].map((ms) => ms.toFixed(3)).join(', ')} ms`;
    const row = (name, label, target, baseline = raw, baselineName = 'raw fetch') =>
      figure({
        name: `client overhead: PATCH round-trip, ${label}`,
        value: median(medianMs[name]),
        unit: 'ms',
        baseline,
        baselineName,
        target,
        note: note(name),
      });
    return [
      row('client', 'our client (default retry)', { of: 'ratio', op: '<=', limit: 1.3 }),
      // #16: also at most 1.05× plain openapi-fetch, measured in the same repeats.
      row(
        'client',
        'our client (default retry)',
        { of: 'ratio', op: '<=', limit: 1.05 },
        median(medianMs.openapiFetch),
        'plain openapi-fetch',
      ),
      row('clientWithoutRetryOrTimeout', 'our client (retry: false, timeoutMs: 0)', null),
      row('openapiFetch', 'plain openapi-fetch', null),
    ];
  } finally {
    await server.stop();
  }
}

// Figure 6: `tsc --noEmit` time and peak memory for a consumer program written with our types and client, against
// the same program written with raw fetch (bench/programs/typecheck/).
import { fileURLToPath } from 'node:url';
import { figure } from '../lib/figure.mjs';
import { median } from '../lib/stats.mjs';
import { describeFailure, timeNodeProcess } from '../lib/time-node-process.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;
const config = (name) =>
  fileURLToPath(new URL(`../programs/typecheck/tsconfig.${name}.json`, import.meta.url));
const repeats = 3;
const MB = 1e6;

export async function measureConsumerTypecheck() {
  const runs = { client: [], fetch: [] };
  for (let repeat = 0; repeat < repeats; repeat += 1)
    for (const name of repeat % 2 ? ['fetch', 'client'] : ['client', 'fetch']) {
      const run = await timeNodeProcess([tsc, '--noEmit', '-p', config(name)], { cwd: root });
      if (run.code !== 0) throw new Error(describeFailure(run, `tsc -p ${config(name)}`));
      runs[name].push(run);
    }
  const common = {
    baselineName: 'same program with raw fetch',
    note: `median of ${repeats}; skipLibCheck as in tsconfig.base.json`,
  };
  return [
    figure({
      name: 'consumer type-check (tsc --noEmit): wall time',
      value: median(runs.client.map((r) => r.wallMs)),
      unit: 'ms',
      baseline: median(runs.fetch.map((r) => r.wallMs)),
      ...common,
    }),
    figure({
      name: 'consumer type-check (tsc --noEmit): peak RSS',
      value: median(runs.client.map((r) => r.peakRssBytes)) / MB,
      unit: 'MB',
      baseline: median(runs.fetch.map((r) => r.peakRssBytes)) / MB,
      ...common,
    }),
  ];
}

#!/usr/bin/env node
// `npm run bench`: measures every figure of issue 8 against a baseline measured in the same run, prints a table and
// writes bench/results.json. `--only <section>` (repeatable) runs some sections and writes results.local.json
// instead; `--no-build` skips building the packages first; `--issue18-baseline <checkout>` times the module's import
// with the code of the day issue 18 was filed on from that checkout, instead of the one the `microsoft` section makes
// itself (bench/README.md says how).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { failedFigure } from './lib/figure.mjs';
import { filingDayCheckout } from './lib/filing-day.mjs';
import { machineInfo } from './lib/machine-info.mjs';
import { formatTable } from './lib/print-table.mjs';
import { writeResults } from './lib/write-results.mjs';
import { measureBundleSize } from './sections/bundle-size.mjs';
import { measureClientOverhead } from './sections/client-overhead.mjs';
import { measureConsumerTypecheck } from './sections/consumer-typecheck.mjs';
import { measureGeneration } from './sections/generation.mjs';
import { measureMicrosoftModule } from './sections/microsoft-module.mjs';
import { measureMockScale } from './sections/mock-scale.mjs';
import { measureMockThroughput } from './sections/mock-throughput.mjs';
import { measureVerifyErrors } from './sections/verify-errors.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const sections = {
  bundle: measureBundleSize,
  overhead: measureClientOverhead,
  mock: measureMockThroughput,
  scale: measureMockScale,
  generate: measureGeneration,
  microsoft: measureMicrosoftModule,
  typecheck: measureConsumerTypecheck,
  verify: measureVerifyErrors,
};

const args = readArguments();
const only = args.only;
const options = { issue18Baseline: args['issue18-baseline'] };
if (options.issue18Baseline) {
  try {
    filingDayCheckout(options.issue18Baseline);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
const unknown = only.filter((name) => !(name in sections));
if (unknown.length) {
  console.error(`Unknown section ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}

function readArguments() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string', multiple: true, default: [] },
        'no-build': { type: 'boolean', default: false },
        'issue18-baseline': { type: 'string' },
      },
    }).values;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

const started = performance.now();
if (!args['no-build']) {
  // The bench measures the built dist of the packages; nx's cache makes this quick when nothing changed.
  console.log('Building @graph-incidents/types, client, mocks and contract-tests…');
  const build = spawnSync(
    'npx',
    [
      'nx',
      'run-many',
      '-t',
      'build',
      '--projects=@graph-incidents/client,@graph-incidents/mocks,@graph-incidents/contract-tests',
      '--output-style=static',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
    },
  );
  if (build.status !== 0) {
    console.error(`The build failed (exit ${build.status ?? build.signal}); nothing was measured.`);
    process.exit(1);
  }
}

const figures = [];
const timings = {};
for (const [name, measure] of Object.entries(sections)) {
  if (only.length && !only.includes(name)) continue;
  const sectionStarted = performance.now();
  process.stdout.write(`Measuring ${name}… `);
  try {
    figures.push(...(await measure(options)));
  } catch (error) {
    figures.push(failedFigure(name, '', error instanceof Error ? error.message : error));
  }
  timings[name] = Math.round(performance.now() - sectionStarted);
  console.log(`${(timings[name] / 1000).toFixed(1)} s`);
}

const results = {
  machine: machineInfo(),
  durationMs: Math.round(performance.now() - started),
  sectionDurationsMs: timings,
  figures,
};
const file = `${root}bench/${only.length ? 'results.local.json' : 'results.json'}`;
await writeResults(file, results);
console.log(`\n${formatTable(figures)}\n`);
const { cpuModel, cores, memoryBytes, node } = results.machine;
console.log(`${cpuModel}, ${cores} cores, ${Math.round(memoryBytes / 2 ** 30)} GiB, Node ${node}`);
console.log(`${(results.durationMs / 1000).toFixed(0)} s in all; wrote ${file}`);
if (figures.some((f) => f.value === null)) process.exitCode = 1;

// Figure 5: Microsoft's whole Security module (919 KB): `spec:import` of the incident paths, then the generator's
// pipeline on the result, against openapi-typescript alone on the same file, in the same run. Then the same from
// Microsoft's whole v1.0 metadata (CSDL, 3.4 MB), against the module's import with the code of the day issue 18 was
// filed on (issue 18: no slower; lib/filing-day.mjs makes that checkout), and against the module's import as it is now.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheDir, parseCacheDir } from '../../tools/generator/bin/run-ts.mjs';
import { compileGenerator } from '../lib/compile-generator.mjs';
import { filingDayCheckout, madeFilingDayCheckout } from '../lib/filing-day.mjs';
import { failedFigure, figure } from '../lib/figure.mjs';
import { median } from '../lib/stats.mjs';
import { describeFailure, timeNodeProcess } from '../lib/time-node-process.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const module = fileURLToPath(
  new URL('../../../shared/graph-reference/spec/powershell-2023-01/Security.v1.0.yml', import.meta.url),
);
const csdl = fileURLToPath(
  new URL('../../../shared/graph-reference/spec/msgraph-metadata-f54f11b6/v1.0-Prod.csdl', import.meta.url),
);
const openapiTypescript = `${root}node_modules/openapi-typescript/bin/cli.js`;
const repeats = 3;
const MB = 1e6;

export async function measureMicrosoftModule({ issue18Baseline } = {}) {
  // Without the filing day's code (a shallow clone, no network) the rest is still measured; its row says why not.
  let filingDay = null;
  let filingDayError;
  try {
    filingDay = issue18Baseline ? filingDayCheckout(issue18Baseline) : madeFilingDayCheckout();
  } catch (error) {
    filingDayError = error instanceof Error ? error.message : String(error);
  }
  const compiled = await compileGenerator();
  const dir = mkdtempSync(join(tmpdir(), 'bench-microsoft-'));
  try {
    const ours = [];
    const baseline = [];
    let baselineError;
    const fromCsdl = [];
    const filingDayImports = [];
    // A checkout just made is read from disk for the first time on its first run; one import first keeps that
    // out of the figure, as the repeats above keep it out of ours.
    if (filingDay) await importWith(filingDay.root, module, join(dir, 'filing-day-warm-up.yaml'));
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      ours.push(await importAndGenerate(module, join(dir, `imported-${repeat}.yaml`), compiled));
      fromCsdl.push(await importAndGenerate(csdl, join(dir, `imported-csdl-${repeat}.yaml`), compiled));
      if (filingDay)
        filingDayImports.push(
          await importWith(filingDay.root, module, join(dir, `filing-day-${repeat}.yaml`)),
        );
      const oat = await timeNodeProcess([openapiTypescript, module, '-o', join(dir, 'security.ts')], {
        cwd: root,
      });
      // openapi-typescript failing on Microsoft's file would itself be the finding; keep measuring ours.
      if (oat.code === 0) baseline.push(oat);
      else baselineError = describeFailure(oat, 'openapi-typescript');
    }
    const oatWall = baseline.length ? median(baseline.map((r) => r.wallMs)) : null;
    const oatRss = baseline.length ? median(baseline.map((r) => r.peakRssBytes)) / MB : null;
    const baselineName = 'openapi-typescript on the whole file';
    const note = `median of ${repeats}${baselineError ? `; baseline failed: ${baselineError}` : ''}`;
    const row = (name, unit, value, base, target) =>
      figure({
        name: `Microsoft Security module: ${name}`,
        value,
        unit,
        baseline: base,
        baselineName,
        note,
        ...(target ? { target } : {}),
      });
    const figures = [
      // The developers' guide: import + generate of Microsoft's Security module <= 5 s.
      row(
        'spec:import + generate, wall time',
        'ms',
        median(ours.map((r) => r.importRun.wallMs + r.generateRun.wallMs)),
        oatWall,
        { of: 'value', op: '<=', limit: 5000 },
      ),
      row('spec:import, wall time', 'ms', median(ours.map((r) => r.importRun.wallMs)), oatWall),
      row('generate on the import, wall time', 'ms', median(ours.map((r) => r.generateRun.wallMs)), oatWall),
      row(
        'spec:import + generate, peak RSS (larger of the two)',
        'MB',
        median(ours.map((r) => Math.max(r.importRun.peakRssBytes, r.generateRun.peakRssBytes))) / MB,
        oatRss,
      ),
    ];
    if (!baseline.length)
      figures.push(failedFigure('openapi-typescript on the whole file', 'ms', baselineError));
    const moduleImport = median(ours.map((r) => r.importRun.wallMs));
    const csdlRow = (name, unit, value, base, target, baselineName = 'spec:import of the 919 KB module') =>
      figure({
        name: `Microsoft's v1.0 CSDL (3.4 MB): ${name}`,
        value,
        unit,
        baseline: base,
        baselineName,
        ...(target ? { target } : {}),
        note: `median of ${repeats}, interleaved with the module's runs`,
      });
    const csdlImportAndGenerate = median(fromCsdl.map((r) => r.importRun.wallMs + r.generateRun.wallMs));
    const filingDayName =
      'spec:import + generate, against the module’s import with the code issue 18 was filed on';
    figures.push(
      // Issue 18's target: "no longer than importing the 919 KB OpenAPI module does today", written on the day it was
      // filed, so that day's import is the baseline; our later work made the module's import ~4× faster, which must
      // not make the target ~4× stricter.
      filingDay
        ? csdlRow(
            filingDayName,
            'ms',
            csdlImportAndGenerate,
            median(filingDayImports.map((r) => r.wallMs)),
            { of: 'ratio', op: '<=', limit: 1 },
            `spec:import of the 919 KB module at ${filingDay.commit}`,
          )
        : failedFigure(`Microsoft's v1.0 CSDL (3.4 MB): ${filingDayName}`, 'ms', filingDayError),
      // The same against the module's import with today's code: what the CSDL path costs beside the import a user
      // runs now. Without a target: that import got faster after the issue was filed, which moved this baseline and
      // not the goal.
      csdlRow(
        'spec:import + generate, against the module’s import as it is now',
        'ms',
        csdlImportAndGenerate,
        moduleImport,
      ),
      // The loose reading: no longer than the module's import + generate. Reported, without a target of its own.
      csdlRow(
        'spec:import + generate, against the module’s import + generate',
        'ms',
        csdlImportAndGenerate,
        median(ours.map((r) => r.importRun.wallMs + r.generateRun.wallMs)),
        null,
        'spec:import + generate of the 919 KB module',
      ),
      csdlRow('spec:import, wall time', 'ms', median(fromCsdl.map((r) => r.importRun.wallMs)), moduleImport),
      csdlRow(
        'generate on the import, wall time',
        'ms',
        median(fromCsdl.map((r) => r.generateRun.wallMs)),
        moduleImport,
      ),
      csdlRow(
        'spec:import + generate, peak RSS (larger of the two)',
        'MB',
        median(fromCsdl.map((r) => Math.max(r.importRun.peakRssBytes, r.generateRun.peakRssBytes))) / MB,
        median(ours.map((r) => r.importRun.peakRssBytes)) / MB,
      ),
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `spec:import` of the incident paths of `from` into `imported`, then `generate()` on the result, each timed. The
 * generate child starts with the launcher's caches, as `npm run generate` after `spec:import` does: the parse the
 * import kept of what it wrote, and V8's code of the largest libraries (bench/README.md, session 5); never with a
 * record that the text was validated before, which only a second generate of the same text has.
 */
async function importAndGenerate(from, imported, compiled) {
  const importRun = await importWith(root, from, imported);
  // Each repeat imports the same text, which the generate before it recorded as validated (validate.ts, session 7).
  // A user's generate after importing a changed spec validates it, so every repeat does: the records go first.
  rmSync(join(parseCacheDir, 'validated'), { recursive: true, force: true });
  const generateRun = await timeNodeProcess(
    [
      fileURLToPath(new URL('../children/generate-spec.mjs', import.meta.url)),
      compiled,
      imported,
      root,
      '--parse-cache',
      parseCacheDir,
      '--code-cache',
      codeCacheDir,
    ],
    { cwd: root },
  );
  if (generateRun.code !== 0)
    throw new Error(describeFailure(generateRun, `generate on the import of ${from}`));
  return { importRun, generateRun };
}

/** `spec:import` of the incident paths of `from` into `imported` with the checkout at `checkout`, timed. */
async function importWith(checkout, from, imported) {
  const run = await timeNodeProcess(
    [
      'tools/generator/bin/spec-import.mjs',
      '--from',
      from,
      '--paths',
      '/security/incidents**',
      '--out',
      imported,
    ],
    { cwd: checkout },
  );
  if (run.code !== 0) throw new Error(describeFailure(run, `spec:import of ${from} in ${checkout}`));
  return run;
}

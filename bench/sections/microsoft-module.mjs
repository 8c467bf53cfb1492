// Figure 5: Microsoft's whole Security module (919 KB): `spec:import` of the incident paths, then the generator's
// pipeline on the result, against openapi-typescript alone on the same file, in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileGenerator } from '../lib/compile-generator.mjs';
import { failedFigure, figure } from '../lib/figure.mjs';
import { median } from '../lib/stats.mjs';
import { describeFailure, timeNodeProcess } from '../lib/time-node-process.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const module = fileURLToPath(
  new URL('../../../shared/graph-reference/spec/powershell-2023-01/Security.v1.0.yml', import.meta.url),
);
const openapiTypescript = `${root}node_modules/openapi-typescript/bin/cli.js`;
const repeats = 3;
const MB = 1e6;

export async function measureMicrosoftModule() {
  const compiled = compileGenerator();
  const dir = mkdtempSync(join(tmpdir(), 'bench-microsoft-'));
  try {
    const ours = [];
    const baseline = [];
    let baselineError;
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      const imported = join(dir, `imported-${repeat}.yaml`);
      const importRun = await timeNodeProcess(
        [
          'tools/generator/bin/spec-import.mjs',
          '--from',
          module,
          '--paths',
          '/security/incidents**',
          '--out',
          imported,
        ],
        { cwd: root },
      );
      if (importRun.code !== 0) throw new Error(describeFailure(importRun, 'spec:import'));
      const generateRun = await timeNodeProcess(
        [fileURLToPath(new URL('../children/generate-spec.mjs', import.meta.url)), compiled, imported, root],
        { cwd: root },
      );
      if (generateRun.code !== 0)
        throw new Error(describeFailure(generateRun, 'generate on the imported spec'));
      ours.push({ importRun, generateRun });
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
    const row = (name, unit, value, base) =>
      figure({ name: `Microsoft Security module: ${name}`, value, unit, baseline: base, baselineName, note });
    const figures = [
      row(
        'spec:import + generate, wall time',
        'ms',
        median(ours.map((r) => r.importRun.wallMs + r.generateRun.wallMs)),
        oatWall,
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
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

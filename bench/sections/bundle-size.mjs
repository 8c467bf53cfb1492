// Figure 1: min+gzip size of four programs (plus the standalone-function variant), against raw fetch and plain
// openapi-fetch. Sizes are deterministic, so one build each is enough.
import { fileURLToPath } from 'node:url';
import { figure } from '../lib/figure.mjs';
import { bundleSize, entryBundleSize } from '../lib/gzip-size.mjs';

const program = (name) => fileURLToPath(new URL(`../programs/${name}.ts`, import.meta.url));
const updateOnlyTarget = { of: 'value', op: '<=', limit: 4096 };

export async function measureBundleSize() {
  const [rawFetch, openapiFetch, client, standalone, full] = await Promise.all(
    ['update-fetch', 'update-openapi-fetch', 'update-client', 'update-standalone', 'update-list-filter'].map(
      (name) => bundleSize(program(name)),
    ),
  );
  const rows = [
    ['update only, client object', client, updateOnlyTarget],
    ['update only, standalone updateIncident(core)', standalone, updateOnlyTarget],
    ['update + iterateIncidents + filter builder', full, null],
  ];
  const figures = [
    figure({
      name: 'bundle: update only, plain openapi-fetch + paths',
      value: openapiFetch.gzip,
      unit: 'B gz',
      baseline: rawFetch.gzip,
      baselineName: 'raw fetch',
      note: `minified ${openapiFetch.minified} B; raw fetch minified ${rawFetch.minified} B`,
    }),
  ];
  for (const [name, size, target] of rows) {
    for (const [baselineName, baseline] of [
      ['raw fetch', rawFetch],
      ['openapi-fetch', openapiFetch],
    ])
      figures.push(
        figure({
          name: `bundle: ${name}`,
          value: size.gzip,
          unit: 'B gz',
          baseline: baseline.gzip,
          baselineName,
          target,
          note: `minified ${size.minified} B`,
        }),
      );
  }
  // Every browser-safe entry, whole (`export *`), as a dashboard bundles it; against openapi-fetch alone.
  for (const specifier of [
    '@graph-incidents/client',
    '@graph-incidents/mocks',
    '@graph-incidents/mocks/msw',
    '@graph-incidents/contract-tests/validators',
  ]) {
    const size = await entryBundleSize(specifier);
    figures.push(
      figure({
        name: `browser bundle: all of ${specifier}`,
        value: size.gzip,
        unit: 'B gz',
        baseline: openapiFetch.gzip,
        baselineName: 'openapi-fetch',
        note: `minified ${size.minified} B`,
      }),
    );
  }
  return figures;
}

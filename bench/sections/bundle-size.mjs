// Figure 1: min+gzip size of four programs (plus the standalone-function variant), against raw fetch and plain
// openapi-fetch. Sizes are deterministic, so one build each is enough.
import { fileURLToPath } from 'node:url';
import { figure } from '../lib/figure.mjs';
import { bundleSize, entryBundleSize, rolldownBundleSize } from '../lib/gzip-size.mjs';

const program = (name) => fileURLToPath(new URL(`../programs/${name}.ts`, import.meta.url));
// The target is for the form the client's README leads with, the standalone functions (#16); the client object
// cannot tree-shake its methods (or `raw`'s createClient) and is measured without a target.
const updateOnlyTarget = { of: 'value', op: '<=', limit: 4096 };
// Text only an unused feature brings in: an update-only program must not contain it.
const unusedFeatures = [
  ['paging', 'points to a page already read'],
  ['filter builder', 'does not apply'],
  ['next links', '@odata.nextLink'],
  ["openapi-fetch's createClient", 'Middleware must be an object'],
  ['OData query options and their serializer', '$select'],
];

export async function measureBundleSize() {
  const [rawFetch, openapiFetch, client, standalone, full] = await Promise.all(
    ['update-fetch', 'update-openapi-fetch', 'update-client', 'update-standalone', 'update-list-filter'].map(
      (name) => bundleSize(program(name)),
    ),
  );
  const rows = [
    ['update only, client object', client, null],
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
  // The same update-only programs through rolldown: the size must not depend on one bundler's tree-shaking, and
  // paging and the filter builder must stay out of the standalone program there too.
  const [rdFetch, rdOpenapiFetch, rdClient, rdStandalone] = await Promise.all(
    ['update-fetch', 'update-openapi-fetch', 'update-client', 'update-standalone'].map((name) =>
      rolldownBundleSize(program(name)),
    ),
  );
  const leftIn = unusedFeatures
    .filter(([, text]) => rdStandalone.text.includes(text))
    .map(([feature]) => feature);
  for (const [name, size, target, extra] of [
    ['update only, plain openapi-fetch + paths', rdOpenapiFetch, null, ''],
    ['update only, client object', rdClient, null, ''],
    [
      'update only, standalone updateIncident(core)',
      rdStandalone,
      updateOnlyTarget,
      leftIn.length
        ? `; NOT tree-shaken: ${leftIn.join(', ')}`
        : `; tree-shaken away: ${unusedFeatures.map(([feature]) => feature).join(', ')}`,
    ],
  ])
    figures.push(
      figure({
        name: `bundle (rolldown): ${name}`,
        value: size.gzip,
        unit: 'B gz',
        baseline: rdFetch.gzip,
        baselineName: 'raw fetch (rolldown)',
        target,
        note: `minified ${size.minified} B${extra}`,
      }),
    );
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

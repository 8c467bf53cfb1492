/**
 * The public API of this package: exactly the names each entry point of package.json `exports` exports at run time.
 * The lists are written out so that an accidental export, or a lost one, fails here and becomes a reviewed change
 * (types are checked by tsc and the type tests).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
};

const publicApi: Record<string, readonly string[]> = {
  '.': [
    'GraphClientError',
    'GraphError',
    'GraphNetworkError',
    'GraphOriginError',
    'GraphTimeoutError',
    'alertFilter',
    'alertFilterableProperties',
    'alertNavigationProperties',
    'alertSelectableProperties',
    'alertSortableProperties',
    'bindOperations',
    'countIncidentAlerts',
    'countIncidents',
    'createFilterBuilder',
    'createIncidentComment',
    'createIncidentsClient',
    'createIncidentsCore',
    'createRawClient',
    'defaultBaseUrl',
    'getIncident',
    'getIncidentAlert',
    'graphScope',
    'incidentFilter',
    'incidentFilterableProperties',
    'incidentNavigationProperties',
    'incidentSelectableProperties',
    'incidentSortableProperties',
    'isRetryable',
    'iterateIncidentAlerts',
    'iterateIncidents',
    'listIncidentAlerts',
    'listIncidents',
    'parseRetryAfter',
    'updateIncident',
  ],
  './beta': [
    'GraphClientError',
    'GraphError',
    'GraphNetworkError',
    'GraphOriginError',
    'GraphTimeoutError',
    'alertFilter',
    'alertFilterableProperties',
    'alertNavigationProperties',
    'alertSelectableProperties',
    'alertSortableProperties',
    'betaBaseUrl',
    'bindOperations',
    'countIncidentAlerts',
    'countIncidents',
    'createIncidentComment',
    'createIncidentsClient',
    'getIncident',
    'getIncidentAlert',
    'incidentFilter',
    'incidentFilterableProperties',
    'incidentNavigationProperties',
    'incidentSelectableProperties',
    'incidentSortableProperties',
    'iterateIncidentAlerts',
    'iterateIncidents',
    'listIncidentAlerts',
    'listIncidents',
    'updateIncident',
  ],
};

describe(`${manifest.name}'s public API`, () => {
  test('package.json exports exactly the entry points listed here, and ./package.json', () => {
    expect(Object.keys(manifest.exports).sort()).toEqual(
      [...Object.keys(publicApi), './package.json'].sort(),
    );
  });

  test.each(Object.keys(publicApi))('%s exports exactly its listed run-time names', async (entry) => {
    const specifier = entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`;
    const module = (await import(specifier)) as object;
    expect(Object.keys(module).sort()).toEqual([...publicApi[entry]!].sort());
  });
});

// A SOC dashboard's triage page, as a team would write it against our packages: bundled from the packed tarballs
// for the browser and run in headless Chromium by browser.test.ts. It reports what it saw in `window.report`.
import { createIncidentsClient, GraphError, incidentFilter as f } from '@graph-incidents/client';
import { buildEdgeCases, buildIncident, IncidentStore } from '@graph-incidents/mocks';
import { createHandlers } from '@graph-incidents/mocks/msw';
import { createContractValidator } from '@graph-incidents/contract-tests/validators';
import { setupWorker } from 'msw/browser';

interface Report {
  done: boolean;
  error?: string;
  steps: Record<string, unknown>;
}
const report: Report = { done: false, steps: {} };
(window as unknown as { report: Report }).report = report;

const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
// A JWT-shaped app token: the mock decodes it without checking the signature and checks its roles.
const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ roles: ['SecurityIncident.ReadWrite.All'] })}.sig`;

async function main(): Promise<void> {
  // Factories and edge cases from the main entry: what a Storybook story would render.
  const sample = buildIncident({}, { seed: 5 });
  report.steps['factory'] = {
    id: sample.id,
    status: sample.status,
    edgeCases: buildEdgeCases().incidents.length,
  };

  const store = new IncidentStore({ seed: 3, incidents: 60 });
  const worker = setupWorker(...createHandlers({ store }));
  await worker.start({
    quiet: true,
    onUnhandledRequest: 'error',
    serviceWorker: { url: '/mockServiceWorker.js' },
  });

  const graph = createIncidentsClient({ getAccessToken: () => token });
  const steps = report.steps;

  const firstPage = await graph.listIncidents({ top: 5 });
  steps['list'] = { count: firstPage.value.length, hasNextLink: firstPage.nextLink !== undefined };

  // A result of several pages (60 incidents, 50 a page) and one of a single page (a filter that matches fewer).
  const pageSizes: number[] = [];
  for await (const page of graph.iterateIncidents().pages()) pageSizes.push(page.value.length);
  steps['iterateSeveralPages'] = pageSizes;
  const active = store.list().filter((incident) => incident.status === 'active').length;
  let iterated = 0;
  for await (const incident of graph.iterateIncidents({ filter: f.eq('status', 'active') })) {
    if (incident.status !== 'active') throw new Error(`filter returned ${incident.status}`);
    iterated += 1;
  }
  steps['iterateOnePage'] = { iterated, expected: active };

  steps['count'] = { count: await graph.countIncidents(f.eq('status', 'active')), expected: active };

  const target = firstPage.value[0]!;
  const updated = await graph.updateIncident(target.id, {
    status: 'inProgress',
    assignedTo: 'analyst@contoso.com',
  });
  const readBack = await graph.getIncident(target.id);
  steps['update'] = { status: updated.status, readBack: readBack.status, assignedTo: readBack.assignedTo };

  const comments = await graph.createIncidentComment(target.id, { comment: 'Triaged from the dashboard' });
  steps['comment'] = { last: comments.at(-1)?.comment };

  try {
    await graph.getIncident('999999999');
    steps['notFound'] = 'no error';
  } catch (error) {
    steps['notFound'] =
      error instanceof GraphError ? { status: error.status, isGraphError: true } : { other: String(error) };
  }

  // The contract's run-time validators check a response body in the page as an application would.
  const validator = createContractValidator();
  steps['validator'] = validator.check('microsoft.graph.security.incident', readBack).valid;

  worker.stop();
}

main()
  .catch((error: unknown) => {
    report.error =
      error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  })
  .finally(() => {
    report.done = true;
    document.body.dataset['done'] = 'true';
    document.querySelector('pre')!.textContent = JSON.stringify(report, null, 2);
  });

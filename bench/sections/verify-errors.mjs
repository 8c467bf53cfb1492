// Figure: how verify's time grows with the errors in one body (issue 12, item 7). One list page of 5,000, 10,000,
// 20,000 and 40,000 incidents, each with one bad enum value, verified with the built @graph-incidents/contract-tests
// after a warm-up; median of 3 per size. The growth exponent is the log-log slope of time against items (1 =
// linear; before the fix ajv's allErrors made it about 2.6: 20,000 items 4 s, 40,000 items 25 s). Target <= 1.3.
import { performance } from 'node:perf_hooks';
import { figure } from '../lib/figure.mjs';
import { growthExponent, median } from '../lib/stats.mjs';

const sizes = [5_000, 10_000, 20_000, 40_000];
const repeats = 3;

function listOf(count) {
  const value = Array.from({ length: count }, (_, i) => ({
    id: String(i),
    createdDateTime: '2026-05-04T09:15:02Z',
    lastUpdateDateTime: '2026-05-04T09:15:02Z',
    severity: 'Severe',
    status: 'active',
  }));
  return {
    request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/security/incidents' },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { value } },
  };
}

export async function measureVerifyErrors() {
  const { verifyRecording } = await import('@graph-incidents/contract-tests');
  verifyRecording(listOf(1_000));
  const points = [];
  for (const count of sizes) {
    const recording = listOf(count);
    const times = [];
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      const started = performance.now();
      verifyRecording(recording);
      times.push(performance.now() - started);
    }
    points.push({ x: count, y: median(times) });
  }
  const first = points[0];
  const last = points.at(-1);
  return [
    ...points.map(({ x, y }) =>
      figure({
        name: `verify: ${x.toLocaleString('en')} bad items in one body`,
        value: y,
        unit: 'ms',
        ...(x === first.x
          ? {}
          : { baseline: first.y, baselineName: `${first.x.toLocaleString('en')} bad items` }),
        note: `median of ${repeats}`,
      }),
    ),
    figure({
      name: 'verify: growth exponent of time against bad items',
      value: growthExponent(points),
      unit: 'slope',
      target: { of: 'value', op: '<=', limit: 1.3 },
      note: `${first.x}…${last.x} items, log-log least squares`,
    }),
  ];
}

import { ratio } from './stats.mjs';

/**
 * One row of bench/results.json: a measured value, the baseline it was measured against in the same run and their
 * ratio. `target` (optional) states the goal, e.g. `<= 1.3` for the ratio or `<= 4096` for the value.
 */
export function figure({ name, value, unit, baseline = null, baselineName = null, target = null, note }) {
  return {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    baselineName,
    ratio: ratio(value, baseline),
    ...(target ? { target, met: meetsTarget(target, value, ratio(value, baseline)) } : {}),
    ...(note ? { note } : {}),
  };
}

/** `{ of: 'ratio' | 'value', op: '<=' | '>=', limit }` checked against the figure. */
function meetsTarget(target, value, figureRatio) {
  const actual = target.of === 'ratio' ? figureRatio : value;
  if (typeof actual !== 'number') return null;
  return target.op === '<=' ? actual <= target.limit : actual >= target.limit;
}

function round(n) {
  if (typeof n !== 'number') return n;
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}

/** A figure that could not be measured: it stays in the results with the reason, so a gap is never silent. */
export function failedFigure(name, unit, error) {
  return { name, value: null, unit, baseline: null, baselineName: null, ratio: null, error: String(error) };
}

// Summary statistics for repeated measurements. Medians, because a noisy machine skews means.

/** The median of a non-empty list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `value / baseline`, rounded to three decimals; `null` when there is no baseline to divide by. */
export function ratio(value, baseline) {
  if (typeof value !== 'number' || typeof baseline !== 'number' || baseline === 0) return null;
  return Math.round((value / baseline) * 1000) / 1000;
}

/** The least-squares slope of log(y) against log(x): about 1 for linear growth, 2 for quadratic. */
export function growthExponent(points) {
  const logs = points.map(({ x, y }) => ({ x: Math.log(x), y: Math.log(y) }));
  const meanX = logs.reduce((sum, p) => sum + p.x, 0) / logs.length;
  const meanY = logs.reduce((sum, p) => sum + p.y, 0) / logs.length;
  const numerator = logs.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const denominator = logs.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return denominator === 0 ? null : Math.round((numerator / denominator) * 100) / 100;
}

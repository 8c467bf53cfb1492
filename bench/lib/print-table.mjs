/** Renders figures as a Markdown table, for the console and bench/README.md. */
export function formatTable(figures) {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target'];
  const rows = figures.map((f) => [
    f.name,
    f.value === null ? `failed: ${f.error ?? ''}` : `${formatNumber(f.value)} ${f.unit}`,
    f.baseline === null ? '' : `${formatNumber(f.baseline)} ${f.unit} (${f.baselineName})`,
    f.ratio === null ? '' : `${f.ratio.toFixed(2)}×`,
    f.target ? `${f.target.of} ${f.target.op} ${f.target.limit}: ${f.met ? 'met' : 'MISSED'}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatNumber(n) {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

import { bumpFor, changelogLine, type Impact, type SpecChange, verdictFor } from './diff-rules.ts';

/** The packages generated from the spec: a spec change bumps all of them. */
export const publishedPackages = [
  '@graph-incidents/types',
  '@graph-incidents/client',
  '@graph-incidents/mocks',
  '@graph-incidents/contract-tests',
] as const;

/** The changes between one base and one head description. */
export interface DiffEntry {
  readonly base: string;
  readonly head: string;
  readonly changes: readonly SpecChange[];
}

const groups: readonly { impact: Impact; title: string }[] = [
  { impact: 'breaking', title: 'Breaking (major)' },
  { impact: 'non-breaking', title: 'Non-breaking (minor)' },
  { impact: 'patch', title: 'Documentation (patch)' },
];

/**
 * The report `spec:diff` prints: per description, the changes grouped by impact, each with its rule, direction,
 * reason and JSON pointer in both descriptions.
 */
export function reportText(entries: readonly DiffEntry[]): string {
  const lines: string[] = [];
  for (const entry of entries) {
    lines.push(`${entry.base} → ${entry.head}: ${entry.changes.length} change(s), ${bumpFor(entry.changes)}`);
    for (const { impact, title } of groups) {
      const changes = entry.changes.filter((c) => c.impact === impact);
      if (changes.length === 0) continue;
      lines.push(`  ${title}: ${changes.length}`);
      for (const c of changes) {
        const direction = c.direction === 'none' ? '' : ` [${c.direction}]`;
        lines.push(`    ${c.kind}${direction} ${c.location}: ${c.message}`);
        lines.push(`      why: ${verdictFor(c.kind, c.direction).why}`);
        lines.push(`      base: ${c.base === undefined ? '(absent)' : `${entry.base}${c.base}`}`);
        lines.push(`      head: ${c.head === undefined ? '(absent)' : `${entry.head}${c.head}`}`);
      }
    }
  }
  const all = entries.flatMap((entry) => entry.changes);
  const count = (impact: Impact) => all.filter((c) => c.impact === impact).length;
  lines.push(
    `Impact: ${bumpFor(all)} (${count('breaking')} breaking, ${count('non-breaking')} non-breaking, ${count('patch')} patch)`,
  );
  return lines.join('\n');
}

/**
 * A changeset bumping every published package, with the changes in a changelog's words (not rule ids), grouped as
 * a maintainer would: breaking changes first, then additions, then documentation.
 */
export function changesetText(entries: readonly DiffEntry[], bump: 'major' | 'minor' | 'patch'): string {
  const header = publishedPackages.map((name) => `'${name}': ${bump}`).join('\n');
  const sections = [
    { impact: 'breaking', title: 'Breaking changes' },
    { impact: 'non-breaking', title: 'Additions and other compatible changes' },
    { impact: 'patch', title: 'Documentation' },
  ] as const;
  const body = entries
    .filter((entry) => entry.changes.length > 0)
    .map((entry) => {
      const parts = [`Spec change ${entry.base} → ${entry.head}.`];
      for (const { impact, title } of sections) {
        const lines = [...new Set(entry.changes.filter((c) => c.impact === impact).map(changelogLine))];
        if (lines.length > 0) parts.push(`### ${title}\n\n${lines.map((line) => `- ${line}`).join('\n')}`);
      }
      return parts.join('\n\n');
    })
    .join('\n\n');
  return `---\n${header}\n---\n\n${body}\n`;
}

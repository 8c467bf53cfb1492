import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { diffModels } from './diff.ts';
import { bumpFor, type SpecChange } from './diff-rules.ts';
import { loadModel } from './generate.ts';
import { SpecError, formatProblem } from './spec-error.ts';

/** The packages generated from the spec: a spec change bumps all of them. */
export const publishedPackages = [
  '@graph-incidents/types',
  '@graph-incidents/client',
  '@graph-incidents/mocks',
  '@graph-incidents/contract-tests',
] as const;

const usage = `Usage: npm run spec:diff -- [--base <git-ref>|<file>] [--head <file>] [--changeset] [--fail-on breaking]

  Compares two descriptions and classifies every change as breaking, non-breaking or patch.
  By default it compares each specs/*/openapi.yaml in the working tree with HEAD's.
  --base <ref|file>     the old description: a git ref (the same path at that ref) or a file (default HEAD)
  --head <file>         the new description (default: every specs/*/openapi.yaml)
  --changeset           write .changeset/<slug>.md bumping the published packages, with the change list
  --fail-on breaking    exit 1 when a breaking change is found`;

/** `spec:diff`. Returns the exit code: 0, 1 (breaking with --fail-on breaking), or 2 (bad input). */
export async function main(args: readonly string[], root = process.cwd()): Promise<number> {
  let base = 'HEAD';
  let head: string | undefined;
  let writeChangeset = false;
  let failOn: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--base' && args[i + 1]) base = args[++i]!;
    else if (arg === '--head' && args[i + 1]) head = args[++i]!;
    else if (arg === '--changeset') writeChangeset = true;
    else if (arg === '--fail-on' && args[i + 1] === 'breaking') failOn = args[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      return 0;
    } else {
      console.error(`Unknown argument ${arg}\n${usage}`);
      return 2;
    }
  }
  const heads = head ? [head] : await specFiles(root);
  const all: { head: string; base: string; changes: SpecChange[] }[] = [];
  try {
    for (const headFile of heads) {
      const headPath = relative(root, resolve(root, headFile)).split('\\').join('/');
      const baseSource = await readBase(root, base, headPath);
      if (!baseSource) {
        console.log(`${headPath}: new description (nothing at ${base} to compare with)`);
        continue;
      }
      const headModel = await loadModel({
        file: headPath,
        text: await readFile(resolve(root, headPath), 'utf8'),
      });
      const baseModel = await loadModel(baseSource);
      all.push({ head: headPath, base: baseSource.file, changes: diffModels(baseModel, headModel) });
    }
  } catch (error) {
    if (error instanceof SpecError) {
      console.error(error.problems.map(formatProblem).join('\n'));
      return 2;
    }
    throw error;
  }

  const changes = all.flatMap((entry) => entry.changes);
  for (const entry of all) {
    console.log(
      `${entry.base} → ${entry.head}: ${entry.changes.length} change(s), ${bumpFor(entry.changes)}`,
    );
    for (const c of entry.changes)
      console.log(`  ${c.impact.padEnd(12)} ${c.kind.padEnd(34)} ${c.location}: ${c.message}`);
  }
  const bump = bumpFor(changes);
  const count = (impact: SpecChange['impact']) => changes.filter((c) => c.impact === impact).length;
  console.log(
    `Impact: ${bump} (${count('breaking')} breaking, ${count('non-breaking')} non-breaking, ${count('patch')} patch)`,
  );

  if (writeChangeset && bump !== 'none') {
    const text = changesetText(all, bump);
    const slug = `spec-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
    const path = join(root, '.changeset', `${slug}.md`);
    await writeFile(path, text);
    console.log(`Wrote ${relative(root, path)}`);
  }
  return failOn === 'breaking' && bump === 'major' ? 1 : 0;
}

/** A changeset bumping every published package, with the change list as the summary. */
export function changesetText(
  entries: readonly { head: string; base: string; changes: readonly SpecChange[] }[],
  bump: 'major' | 'minor' | 'patch',
): string {
  const header = publishedPackages.map((name) => `'${name}': ${bump}`).join('\n');
  const body = entries
    .filter((entry) => entry.changes.length > 0)
    .map(
      (entry) =>
        `Spec change ${entry.base} → ${entry.head}:\n\n${entry.changes.map((c) => `- ${c.impact}: ${c.location}: ${c.message}`).join('\n')}`,
    )
    .join('\n\n');
  return `---\n${header}\n---\n\n${body}\n`;
}

async function specFiles(root: string): Promise<string[]> {
  const dirs = await readdir(join(root, 'specs'), { withFileTypes: true });
  return dirs
    .filter((d) => d.isDirectory() && existsSync(join(root, 'specs', d.name, 'openapi.yaml')))
    .map((d) => `specs/${d.name}/openapi.yaml`)
    .sort();
}

async function readBase(
  root: string,
  base: string,
  headPath: string,
): Promise<{ file: string; text: string } | undefined> {
  if (existsSync(resolve(root, base)))
    return {
      file: relative(root, resolve(root, base)).split('\\').join('/'),
      text: await readFile(resolve(root, base), 'utf8'),
    };
  try {
    const text = execFileSync('git', ['show', `${base}:${headPath}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { file: `${base}:${headPath}`, text };
  } catch {
    return undefined;
  }
}

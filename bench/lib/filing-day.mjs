// The code of the day issue 18 was filed on, for the `microsoft` section: issue 18 item 6 asks that importing the CSDL and
// generating take "no longer than importing the 919 KB OpenAPI module does today", and "today" is the day it was
// written. The bench makes that checkout itself, once per machine, from the repository's own history; or
// `--issue18-baseline` names one made by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The last commit before issue 18 was filed (2026-12-01, before `d82a04f` added the CSDL import), in full: a short
 * hash can become ambiguous as the history grows.
 */
export const issue18FilingCommit = 'a148a7d909c0f722d793a654e0105aa21a9381a1';
const short = issue18FilingCommit.slice(0, 7);

const folder = join(root, 'node_modules/.cache/graph-incidents-bench/issue18-filing-day');
// Written last, so a checkout cut short (no network, Ctrl-C) is made again rather than measured.
const marker = join(folder, '.graph-incidents-filing-day');
const byHand = `pass --issue18-baseline <a checkout of ${short} with npm ci done>`;

/**
 * The bench's own checkout of the filing day's commit with its dependencies, made unless the marker says it was. The
 * files come from `git archive` (a `git worktree` would write into the user's .git) and the dependencies from
 * `npm ci --ignore-scripts`: the filing day's postinstall only installs the other Node versions and TypeScript 7 of
 * its consumer test, and esbuild's binary, all its `spec:import` needs beyond JavaScript, is an optional dependency
 * that needs no script. Throws an error naming the fix when the history lacks the commit or the install fails.
 */
export function madeFilingDayCheckout() {
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === issue18FilingCommit)
    return { root: folder, commit: short };
  checkHistory();
  const started = performance.now();
  process.stderr.write(
    `making the filing day's checkout of ${short} for issue 18's baseline (once): git archive and ` +
      `npm ci --ignore-scripts in ${relative(root, folder)}… `,
  );
  try {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', issue18FilingCommit], {
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', folder], { input: archive });
    const install = spawnSync(
      'npm',
      ['ci', '--prefix', folder, '--ignore-scripts', '--no-audit', '--no-fund'],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    if (install.status !== 0) {
      // npm's last lines, on one line: the reason goes into a row of the table.
      const tail = (install.stderr || String(install.error)).trim().split('\n').slice(-3).join(' | ');
      throw new Error(
        `npm ci in the filing day's checkout of ${short} failed (exit ${install.status ?? install.signal}), ` +
          `so issue 18's baseline was not measured: ${tail}; ` +
          `run the bench again once npm ci can reach the registry, or ${byHand}`,
      );
    }
    writeFileSync(marker, `${issue18FilingCommit}\n`);
    process.stderr.write(`made in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return { root: folder, commit: short };
  } catch (error) {
    process.stderr.write(`failed after ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    throw error;
  }
}

/** Fails with the fix when the repository's history cannot give the filing day's commit. */
function checkHistory() {
  const git = (...args) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  if (git('cat-file', '-e', `${issue18FilingCommit}^{commit}`).status === 0) return;
  const why =
    git('rev-parse', '--is-shallow-repository').stdout?.trim() === 'true'
      ? 'this is a shallow clone: run git fetch --unshallow'
      : git('rev-parse', '--git-dir').status === 0
        ? `fetch the history that holds ${short}`
        : `this is not a git repository (or git is missing): clone the repository with its history`;
  throw new Error(
    `the repository's history lacks ${short}, the commit issue 18 was filed on, ` +
      `so issue 18's baseline was not measured; ${why}, or ${byHand}`,
  );
}

/**
 * The checkout `--issue18-baseline` names, which must be the commit issue 18 was filed on with its dependencies
 * installed: anything else would measure some other code under that name.
 */
export function filingDayCheckout(dir) {
  const how =
    `make it with: git worktree add --detach ${dir} ${short} && (cd ${dir} && npm ci), ` +
    'or leave the option out and the bench makes its own';
  if (!existsSync(join(dir, 'tools/generator/bin/spec-import.mjs')) || !existsSync(join(dir, 'node_modules')))
    throw new Error(`--issue18-baseline ${dir} is not a checkout with its dependencies installed; ${how}`);
  const commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  if (commit !== issue18FilingCommit)
    throw new Error(`--issue18-baseline ${dir} is at ${commit.slice(0, 7)}, not ${short}; ${how}`);
  return { root: dir, commit: short };
}

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const preload = fileURLToPath(new URL('./report-peak-rss.cjs', import.meta.url));

/**
 * Runs `node <args>` to completion and returns its wall time (ms, spawn to exit), peak RSS (bytes, from the child's
 * own getrusage, so no /usr/bin/time is needed), exit code and output. Killed after `timeoutMs`.
 */
export async function timeNodeProcess(args, { cwd, timeoutMs = 300_000, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(dir, 'peak-rss');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', preload, ...args], {
      cwd,
      env: { ...process.env, ...env, BENCH_PEAK_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const { code, signal } = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    clearTimeout(timer);
    const wallMs = performance.now() - started;
    let peakRssBytes = null;
    try {
      peakRssBytes = Number(readFileSync(rssFile, 'utf8')) || null;
    } catch {
      // Killed before its exit handler ran.
    }
    return { wallMs, peakRssBytes, code, signal, stdout, stderr, timedOut: signal === 'SIGKILL' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The error message of a run that did not exit as expected, with the tail of its stderr. */
export function describeFailure(run, what) {
  const reason = run.timedOut ? 'timed out' : `exited with ${run.code ?? run.signal}`;
  const tail = (run.stderr || run.stdout).trim().split('\n').slice(-4).join(' | ');
  return `${what} ${reason}: ${tail}`;
}

// Prism (@stoplight/prism-cli), the mock people would run instead of ours, for the `mock` section (#16). It is not a
// workspace dependency (heavy, and every `npm ci` would pay for it): bench/prism/package.json pins it and its
// committed lock fixes every transitive version; the first run installs it with `npm ci` into bench/prism/node_modules
// (git-ignored), and again whenever the lock changes.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../prism/', import.meta.url));
const stamp = join(folder, 'node_modules', '.bench-lock-sha256');

/** Installs the pinned Prism unless the installed copy came from the same lock. */
export function installPrism() {
  const lock = createHash('sha256')
    .update(readFileSync(join(folder, 'package-lock.json')))
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) return;
  process.stdout.write('(installing Prism into bench/prism/node_modules) ');
  // No install scripts: Prism needs none (its only one is @scarf/scarf's download analytics).
  const install = spawnSync(
    'npm',
    ['ci', '--prefix', folder, '--workspaces=false', '--ignore-scripts', '--no-audit', '--no-fund'],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  if (install.status !== 0)
    throw new Error(
      `npm ci --prefix bench/prism failed (exit ${install.status}): ${install.stderr.slice(-500)}`,
    );
  writeFileSync(stamp, lock);
}

/** The version the lock installed, for the figure's note. */
export function prismVersion() {
  return JSON.parse(readFileSync(join(folder, 'node_modules/@stoplight/prism-cli/package.json'), 'utf8'))
    .version;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `prism mock <spec>` on loopback in its own process: static mode (Prism's default: each response built
 * from the schema, the same every time) or, with `dynamic`, `-d` (values drawn per request). Resolves once Prism
 * says it listens, with its URL and `stop()`.
 */
export async function startPrism(spec, { dynamic = false, timeoutMs = 120_000 } = {}) {
  const port = await freePort();
  const bin = join(folder, 'node_modules/@stoplight/prism-cli/dist/index.js');
  const args = [bin, 'mock', '-h', '127.0.0.1', '-p', String(port), ...(dynamic ? ['-d'] : []), spec];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Prism did not start in ${timeoutMs} ms: ${output.slice(-500)}`)),
      timeoutMs,
    );
    const listen = (chunk) => {
      output += chunk;
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.setEncoding('utf8').on('data', listen);
    child.stderr.setEncoding('utf8').on('data', listen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code} before listening: ${output.slice(-500)}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  child.removeAllListeners('exit');
  // Prism logs every request; drain it so a full pipe never blocks it.
  child.stdout.removeAllListeners('data').resume();
  child.stderr.removeAllListeners('data').resume();
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

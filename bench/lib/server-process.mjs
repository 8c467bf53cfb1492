import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `node <script>` as a server in its own process (so it never shares an event loop with the load it serves)
 * and resolves to the JSON of its first stdout line plus `stop()`. Gives up after `timeoutMs`.
 */
export async function startServerProcess(script, { timeoutMs = 30_000, args = [] } = {}) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  child.removeAllListeners('exit');
  return {
    ...info,
    /** The server's process id (for its CPU time in /proc). */
    pid: child.pid,
    /** Closes the server's stdin, which makes it close and exit; killed if it has not exited within 5 s. */
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

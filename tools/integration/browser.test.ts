// What a SOC dashboard imports, in a real browser: the page in browser/dashboard.ts is bundled from the packed
// tarballs for `--platform=browser` (esbuild, and rolldown as a second bundler), served on loopback with MSW's worker,
// and run in Debian's Chromium driven by playwright-core (which never downloads a browser).
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publishedPackages, repoRoot, run } from './workspace.js';

/** Where the browser comes from: Debian's `chromium` package, or `CHROMIUM_PATH`. */
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** The screenshot CI keeps as an artefact. */
export const artifactsDir = join(repoRoot, 'tools/integration/artifacts');

let project: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(
      `No Chromium at ${chromiumPath}. Install Debian's package (sudo apt-get install -y chromium), ` +
        'as .ci/run does, or point CHROMIUM_PATH at a Chromium binary.',
    );
  // Our packages exactly as published: each packed tarball unpacked into the project's node_modules. Third-party
  // dependencies (msw, openapi-fetch, faker, ajv) resolve from the workspace's own install through `nodePaths`, so
  // nothing is fetched and no registry metadata is needed.
  project = await mkdtemp(join(tmpdir(), 'graph-incidents-browser-'));
  const tarballs = join(project, 'tarballs');
  await mkdir(tarballs);
  for (const name of publishedPackages)
    run('npm', ['pack', '--pack-destination', tarballs, '--silent'], {
      cwd: join(repoRoot, 'packages', name),
    });
  for (const file of await readdir(tarballs)) {
    const name = publishedPackages.find((p) => file.startsWith(`graph-incidents-${p}-`))!;
    const target = join(project, 'node_modules/@graph-incidents', name);
    await mkdir(target, { recursive: true });
    run('tar', ['-xzf', join(tarballs, file), '-C', target, '--strip-components=1']);
  }
  await copyFile(join(repoRoot, 'tools/integration/browser/dashboard.ts'), join(project, 'dashboard.ts'));
});

describe.each(['esbuild', 'rolldown'] as const)('the dashboard bundled by %s', (bundler) => {
  test('bundles for the browser with no Node built-in', async () => {
    const out = await bundle(bundler, project);
    const text = await readFile(out, 'utf8');
    expect(text).not.toMatch(/["']node:[a-z_/]+["']/);
    expect(text).toContain('graph-incidents');
  });
});

describe('the dashboard in headless Chromium', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const site = join(project, 'site');
    await mkdir(site, { recursive: true });
    await copyFile(await bundle('esbuild', project), join(site, 'dashboard.js'));
    // What `npx msw init` writes: the worker script MSW ships, served from the page's origin.
    await copyFile(
      join(repoRoot, 'node_modules/msw/lib/mockServiceWorker.js'),
      join(site, 'mockServiceWorker.js'),
    );
    await writeFile(
      join(site, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>Triage</title><pre></pre><script type="module" src="/dashboard.js"></script>',
    );
    server = createServer(async (request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const file = join(site, path === '/' ? 'index.html' : path.slice(1));
      if (!file.startsWith(site) || !existsSync(file)) return void response.writeHead(404).end();
      const type =
        { '.html': 'text/html', '.js': 'text/javascript' }[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(await readFile(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  test('lists, iterates, filters, counts, updates, reads back, comments and gets a GraphError', async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      // Chromium as root needs --no-sandbox; the rest keep it off this machine's closed network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const consoleErrors: string[] = [];
    try {
      const page = await browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
      await page.goto(origin);
      await page.waitForSelector('body[data-done="true"]', { timeout: 60_000 });
      const report = (await page.evaluate('window.report')) as {
        error?: string;
        steps: Record<string, unknown>;
      };
      await mkdir(artifactsDir, { recursive: true });
      await page.screenshot({ path: join(artifactsDir, 'browser-dashboard.png'), fullPage: true });

      expect(report.error).toBeUndefined();
      const steps = report.steps;
      expect(steps['factory']).toMatchObject({ id: expect.any(String), status: expect.any(String) });
      expect((steps['factory'] as { edgeCases: number }).edgeCases).toBeGreaterThan(0);
      expect(steps['list']).toEqual({ count: 5, hasNextLink: true });
      expect(steps['iterateSeveralPages']).toEqual([50, 10]);
      const onePage = steps['iterateOnePage'] as { iterated: number; expected: number };
      expect(onePage.expected).toBeGreaterThan(0);
      expect(onePage.expected).toBeLessThan(50);
      expect(onePage.iterated).toBe(onePage.expected);
      const count = steps['count'] as { count: number; expected: number };
      expect(count.count).toBe(count.expected);
      expect(steps['update']).toEqual({
        status: 'inProgress',
        readBack: 'inProgress',
        assignedTo: 'analyst@contoso.com',
      });
      expect(steps['comment']).toEqual({ last: 'Triaged from the dashboard' });
      expect(steps['notFound']).toEqual({ status: 404, isGraphError: true });
      expect(steps['validator']).toBe(true);
      // The 404 above is expected; anything else the console reports is a failure of our code.
      expect(consoleErrors.filter((text) => !/status of 404/.test(text))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** Bundles the dashboard page for the browser; returns the output file. */
async function bundle(bundler: 'esbuild' | 'rolldown', dir: string): Promise<string> {
  const entry = join(dir, 'dashboard.ts');
  const out = join(dir, `out-${bundler}`, 'dashboard.js');
  const nodePaths = [join(repoRoot, 'node_modules')];
  if (bundler === 'esbuild') {
    await build({
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      nodePaths,
      logLevel: 'silent',
    });
  } else {
    const result = await rolldown({
      input: entry,
      platform: 'browser',
      resolve: { modules: [join(dir, 'node_modules'), ...nodePaths] },
      logLevel: 'silent',
      onwarn() {},
    });
    await result.write({ file: out, format: 'esm' });
    await result.close();
  }
  return out;
}

// Reusable launcher for a real VS Code (code-server 4.100.3) and a real Chromium.
// start() runs code-server in its own process group on 127.0.0.1 with a fresh profile and
// returns the workbench URL carrying the `payload` (extensionDevelopmentPath,
// extensionTestsPath); stop() kills the whole group.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
const CACHE = process.env.ATTENTION_LENS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'attention-lens');
export const CODE_SERVER_DIR = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Installs code-server into the cache when its completion marker is missing. */
export function ensureCodeServer() {
  if (existsSync(path.join(CODE_SERVER_DIR, '.install-complete')) && existsSync(CODE_SERVER_BIN)) return;
  execFileSync('bash', [path.join(REPO, 'test/tools/install-code-server.sh')], { stdio: 'inherit' });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** User settings that keep the workbench quiet and deterministic for tests. */
const TEST_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.hover.delay': 300,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

/**
 * @param {{ workspace: string, extensionDevelopmentPath?: string, extensionTestsPath?: string,
 *           env?: Record<string,string>, port?: number, settings?: Record<string, unknown>, quiet?: boolean }} o
 */
export async function start(o) {
  ensureCodeServer();
  const port = o.port ?? (await freePort());
  const home = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-cs-'));
  const userDataDir = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...TEST_SETTINGS, ...o.settings }, null, 2));
  const args = [
    '--config', '/dev/null',
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  let log = '';
  const proc = spawn(CODE_SERVER_BIN, args, {
    detached: true, // own process group, so stop() can kill code-server and every extension host
    stdio: ['ignore', 'pipe', 'pipe'],
    // No marketplace: point the gallery at a closed loopback port instead of the internet.
    env: { ...process.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items' }), ...o.env },
  });
  const onData = (/** @type {Buffer} */ b) => {
    log += b.toString();
    if (!o.quiet && process.env.ATTENTION_LENS_VERBOSE) process.stderr.write(b);
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  let exited = false;
  proc.on('exit', () => (exited = true));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start:\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${base} within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  // The remote extension host only runs development extensions and tests given as
  // vscode-remote URIs whose authority is the workbench's host:port.
  const remote = (/** @type {string} */ p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  /** @type {[string, string][]} */
  const payload = [];
  if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: o.workspace });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  const url = `${base}/?${query}`;

  async function stop() {
    if (!exited) {
      try {
        process.kill(-(/** @type {number} */ (proc.pid)), 'SIGTERM');
      } catch {
        /* already gone */
      }
      const until = Date.now() + 5000;
      while (!exited && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      try {
        process.kill(-(/** @type {number} */ (proc.pid)), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    rmSync(home, { recursive: true, force: true });
  }
  return { url, port, base, proc, stop, log: () => log, userDataDir };
}

/** A fresh headless Debian Chromium driven by playwright-core (no browser download). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

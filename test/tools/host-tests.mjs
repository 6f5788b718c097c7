// Extension-host integration layer under code-server: loads the extension and the mocha
// suite (out/test/host/index.js) through the workbench URL payload, opens the workbench in
// Chromium (which also renders the webviews), and waits for the suite's JSON results.
// Prints "host: N passed, N failed"; exit code 1 on any failure.
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO, start, launchBrowser } from './codeServer.mjs';

const TIMEOUT_MS = 5 * 60_000;

export async function runHostTests({ build = true } = {}) {
  if (build) execFileSync(process.execPath, [path.join(REPO, 'src/tools/build.mjs')], { stdio: 'inherit' });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-host-'));
  const workspace = path.join(tmp, 'workspace');
  execFileSync('cp', ['-r', path.join(REPO, 'test/workspace'), workspace]);
  const results = path.join(tmp, 'results.json');
  const cs = await start({
    workspace,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out/test/host/index.js'),
    env: { ATTENTION_LENS_TEST_RESULTS: results },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(cs.url);
    const t0 = Date.now();
    // The workbench closes its window when the extension host's test run ends; a closed
    // page without a results file means the suite crashed (wait briefly for the file).
    let closedAt = 0;
    while (!existsSync(results) && Date.now() - t0 < TIMEOUT_MS) {
      if (page.isClosed()) {
        closedAt ||= Date.now();
        if (Date.now() - closedAt > 10_000) break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    if (!existsSync(results)) {
      console.error(cs.log().slice(-4000));
      return { passed: 0, failed: 1, tests: [{ title: 'extension-host suite', state: 'failed', error: closedAt ? 'the workbench closed without test results (extension host crashed?)' : 'no results within 5 minutes' }] };
    }
    await new Promise((r) => setTimeout(r, 200)); // the file is written in one call; let it land
    return JSON.parse(readFileSync(results, 'utf8'));
  } finally {
    await browser.close();
    await cs.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function printHost(r) {
  for (const t of r.tests) console.log(`  ${t.state === 'passed' ? '✓' : '✗'} ${t.title}${t.error ? `\n      ${t.error.split('\n').slice(0, 6).join('\n      ')}` : ''}`);
  console.log(`extension host: ${r.passed} passed, ${r.failed} failed`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runHostTests();
  printHost(r);
  const out = process.env.ATTENTION_LENS_LAYER_RESULT;
  if (out) writeFileSync(out, JSON.stringify(r));
  process.exit(r.failed > 0 || r.passed === 0 ? 1 : 0);
}

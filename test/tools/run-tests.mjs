// `npm test`: build + typecheck, then the three layers — unit (vitest), extension host
// (mocha inside code-server's extension host), UI end-to-end (playwright-core + Chromium
// against code-server). Ends with one line "tests: N passed, N failed"; exit 1 on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, ensureCodeServer, CHROMIUM } from './codeServer.mjs';
import { runHostTests, printHost } from './host-tests.mjs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-tests-'));
/** @type {{ layer: string, passed: number, failed: number }[]} */
const layers = [];
const bin = (name) => path.join(REPO, 'node_modules/.bin', name);
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit', env: { ...process.env, ...env } }).status;

function step(title) {
  console.log(`\n━━ ${title} ━━`);
}

// 0. Build and typecheck: a broken build fails the run (counted as one failed check).
step('build + typecheck');
const built = run(process.execPath, ['src/tools/build.mjs']) === 0 && run(bin('tsc'), ['-p', '.']) === 0;
layers.push({ layer: 'build', passed: built ? 1 : 0, failed: built ? 0 : 1 });

/** Runs a vitest config and reads its JSON report. */
function vitest(layer, config, env = {}) {
  step(layer);
  const report = path.join(tmp, `${layer}.json`);
  const status = run(bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env);
  if (!existsSync(report)) return layers.push({ layer, passed: 0, failed: 1 });
  const r = JSON.parse(readFileSync(report, 'utf8'));
  // A suite that fails to load has no test results but failed files: count those too.
  const failedFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  const failed = r.numFailedTests + failedFiles + (status !== 0 && r.numFailedTests + failedFiles === 0 ? 1 : 0);
  layers.push({ layer, passed: r.numPassedTests, failed });
}

if (built) {
  vitest('unit', 'test/unit/vitest.config.ts');

  step('extension host (code-server)');
  let toolsOk = true;
  try {
    ensureCodeServer();
  } catch (e) {
    console.error(`cannot install code-server: ${e}`);
    toolsOk = false;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    toolsOk = false;
  }
  if (toolsOk) {
    try {
      const r = await runHostTests({ build: false });
      printHost(r);
      layers.push({ layer: 'host', passed: r.passed, failed: r.failed });
    } catch (e) {
      console.error(e);
      layers.push({ layer: 'host', passed: 0, failed: 1 });
    }
    vitest('e2e', 'test/e2e/vitest.config.ts', { ATTENTION_LENS_SKIP_BUILD: '1' });
  } else {
    layers.push({ layer: 'host', passed: 0, failed: 1 }, { layer: 'e2e', passed: 0, failed: 1 });
  }
}
rmSync(tmp, { recursive: true, force: true });

console.log('');
for (const l of layers) console.log(`  layer ${l.layer.padEnd(6)} ${l.passed} passed, ${l.failed} failed`);
const passed = layers.reduce((s, l) => s + l.passed, 0);
const failed = layers.reduce((s, l) => s + l.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

// In-host test entry (extensionTestsPath): runs the mocha suites inside the VS Code
// extension host with the real vscode API. Used by both launchers (test-electron and
// code-server). Results also go to $ATTENTION_LENS_TEST_RESULTS as JSON, because under
// code-server the extension host's exit code does not reach the launcher.
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const f of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const outcomes: Outcome[] = [];
  const resultsPath = process.env.ATTENTION_LENS_TEST_RESULTS;
  const write = (extra: Record<string, unknown> = {}) => {
    if (!resultsPath) return;
    const passed = outcomes.filter((o) => o.state === 'passed').length;
    writeFileSync(resultsPath, JSON.stringify({ passed, failed: outcomes.length - passed, tests: outcomes, ...extra }, null, 2));
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed' }));
      runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }));
    } catch (e) {
      write({ crashed: String(e) });
      reject(e);
    }
  });
}

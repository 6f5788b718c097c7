// Desktop launcher for the same extension-host suite: @vscode/test-electron downloads a
// desktop VS Code and runs out/test/host/index.js in it. Needs network access to the
// VS Code update servers (not available on the CI machine, which uses host-tests.mjs).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO } from './codeServer.mjs';

execFileSync(process.execPath, [path.join(REPO, 'src/tools/build.mjs')], { stdio: 'inherit' });
const workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'attention-lens-host-')), 'workspace');
cpSync(path.join(REPO, 'test/workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out/test/host/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`extension-host tests failed: ${e}`);
  process.exit(1);
}

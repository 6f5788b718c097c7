// `npm start`: installs dependencies if needed, builds, and opens the extension in a real
// VS Code on the example workspace — desktop `code --extensionDevelopmentPath` when `code`
// is on PATH, otherwise code-server on 127.0.0.1 (the URL is printed; Ctrl+C stops it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKSPACE = path.join(REPO, 'test/workspace');
const sh = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: REPO, stdio: 'inherit', env: { ...process.env, ...env } });

if (!existsSync(path.join(REPO, 'node_modules/esbuild'))) sh('npm', ['ci', '--no-audit', '--no-fund'], { ONNXRUNTIME_NODE_INSTALL: 'skip' });
sh(process.execPath, ['src/tools/build.mjs']);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.ATTENTION_LENS_USE_CODE_SERVER) {
  sh('code', [`--extensionDevelopmentPath=${REPO}`, WORKSPACE]);
  console.log('Opened VS Code with Attention Lens (Extension Development Host).');
} else {
  const { start } = await import('../../test/tools/codeServer.mjs');
  const port = Number(process.env.PORT ?? 8080);
  const cs = await start({ workspace: WORKSPACE, extensionDevelopmentPath: REPO, port });
  console.log(`\nAttention Lens is running in code-server (VS Code ${'1.100.3'}). Open:\n\n  ${cs.url}\n`);
  console.log('Select text in example.txt, then F1 → "Attention Lens: Show Positional Encodings". Ctrl+C stops.');
  const quit = async () => {
    await cs.stop();
    process.exit(0);
  };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  cs.proc.on('exit', (code) => {
    console.error(`code-server exited (${code}):\n${cs.log().slice(-2000)}`);
    process.exit(1);
  });
}

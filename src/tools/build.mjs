// esbuild: the extension (node), the webview (browser), the CLI (node), and the
// extension-host test suite (node, into out/). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { mkdir, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// Native or runtime-provided modules are loaded from node_modules, never bundled.
const nodeExternal = ['vscode', 'onnxruntime-node', 'tokenizers', 'mocha'];

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', absWorkingDir: root };
const hostTests = existsSync(path.join(root, 'test/host'))
  ? (await readdir(path.join(root, 'test/host'))).filter((f) => f.endsWith('.ts')).map((f) => `test/host/${f}`)
  : [];

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['webview/style.css'], outfile: 'dist/webview.css' },
  existsSync(path.join(root, 'src/cli.ts')) && { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal, banner: { js: '#!/usr/bin/env node' } },
].filter(Boolean);
if (!production && hostTests.length) {
  builds.push({ ...common, entryPoints: hostTests, outdir: 'out/test/host', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal });
}

await mkdir(path.join(root, 'dist'), { recursive: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

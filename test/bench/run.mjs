// `npm run bench` (issue #7): speed and memory of the run path, as ratios measured in one
// run on one machine. Not part of `npm test`: no assertions, it only measures and reports.
//   npm run bench                 # table
//   npm run bench -- --json       # one JSON object
//   options: --sentences N (200) --repeat K (3) --threads N (half the cores, at most 4, as the extension)
//            --only p1,p3,p4,p5,p6 --no-build
// Sentences: the first N of test_2016_flickr.en.gz in $MULTI30K or ../shared/data/multi30k.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { REPO } from '../tools/codeServer.mjs';

const argv = process.argv.slice(2);
const flag = (n) => argv.includes(`--${n}`);
const opt = (n, d) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : d;
};
const JSON_OUT = flag('json');
const N = Number(opt('sentences', 200));
const REPEAT = Number(opt('repeat', 3));
const THREADS = Number(opt('threads', Math.max(1, Math.min(Math.floor((os.availableParallelism?.() ?? os.cpus().length) / 2), 4))));
const ONLY = opt('only', 'p1,p3,p4,p5,p6').split(',');
const PY = process.env.PYTHON ?? '/usr/bin/python3';
const OUT = path.join(REPO, 'test-results/bench');
mkdirSync(OUT, { recursive: true });
const log = (s) => process.stderr.write(`[bench] ${s}\n`);

if (!flag('no-build')) {
  log('building');
  const r = spawnSync(process.execPath, [path.join(REPO, 'src/tools/build.mjs')], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('build failed');
}
// Bundled inside the repo so that onnxruntime-node and tokenizers resolve from node_modules.
await esbuild.build({
  entryPoints: [path.join(REPO, 'test/bench/core.ts')], outfile: path.join(OUT, 'core.js'), bundle: true,
  platform: 'node', format: 'cjs', target: 'node20', external: ['onnxruntime-node', 'tokenizers', 'vscode'], logLevel: 'error',
});

function core(section, args, nodeFlags = []) {
  const f = path.join(OUT, `${section}-args.json`);
  writeFileSync(f, JSON.stringify({ repo: REPO, threads: THREADS, repeat: REPEAT, ...args }));
  const r = spawnSync(process.execPath, [...nodeFlags, path.join(OUT, 'core.js'), section, f], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`core ${section} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function sentences(n) {
  const dir = process.env.MULTI30K ?? path.resolve(REPO, '../shared/data/multi30k');
  const file = path.join(dir, 'test_2016_flickr.en.gz');
  if (!existsSync(file)) throw new Error(`${file} not found (set MULTI30K to the folder with test_2016_flickr.en.gz)`);
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter((l) => l.trim()).slice(0, n);
}

const result = {
  machine: `${os.cpus()[0]?.model?.trim()} × ${os.cpus().length} (${THREADS} threads used), ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}, Node ${process.version}`,
  date: new Date().toISOString(),
  settings: { sentences: N, repeat: REPEAT, threads: THREADS },
};
const detail = {};
const lines = sentences(N);

if (ONLY.includes('p1')) {
  log(`tokenizing ${lines.length} sentences`);
  const { ids } = core('prep', { sentences: lines });
  const idsFile = path.join(OUT, 'ids.json');
  writeFileSync(idsFile, JSON.stringify(ids));
  log(`PyTorch eager (${THREADS} threads, ${REPEAT} repeats)`);
  const py = spawnSync(PY, ['bench_torch.py', '--model', '../en-de', '--ids', idsFile, '--threads', String(THREADS), '--repeat', String(REPEAT)], { cwd: path.join(REPO, 'models/train'), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (py.status !== 0) throw new Error(`bench_torch.py failed: ${py.stderr}`);
  const torch = JSON.parse(py.stdout.trim().split('\n').pop());
  log(`ONNX Runtime (${THREADS} threads, ${REPEAT} repeats)`);
  const ours = core('translation', { ids, sentences: lines });
  const agree = ours.outputs.filter((o, i) => JSON.stringify(o) === JSON.stringify(torch.outputs[i])).length / ids.length;
  const tokPerS = ours.outputTokens / (ours.logitsOnlyMedianMs / 1000);
  Object.assign(result, {
    p1_speedup_vs_torch: (torch.seconds_median * 1000) / ours.logitsOnlyMedianMs,
    p2_capture_overhead: ours.capturedMedianMs / ours.logitsOnlyMedianMs,
    decode_tokens_per_s: tokPerS,
    decode_fraction_of_limit: (tokPerS * 2 * ours.parameters) / (torch.matmul_gflops * 1e9),
  });
  detail.p1 = {
    torch_ms_median: torch.seconds_median * 1000, torch_ms: torch.seconds.map((s) => s * 1000), torch_threads: torch.threads,
    ours_logits_only_ms_median: ours.logitsOnlyMedianMs, ours_logits_only_ms: ours.logitsOnlyMs,
    ours_captured_ms_median: ours.capturedMedianMs, ours_captured_ms: ours.capturedMs,
    ours_translate_ms_median: ours.translateMedianMs, ours_threads: ours.threads,
    speedup_with_capture: (torch.seconds_median * 1000) / ours.capturedMedianMs,
    output_agreement: agree, capture_same_outputs: ours.captureSameOutputs, output_tokens: ours.outputTokens, torch_output_tokens: torch.output_tokens,
    matmul_gflops: torch.matmul_gflops, parameters: ours.parameters,
  };
}

if (ONLY.includes('p3')) {
  log('KV cache vs full recompute (30 tokens)');
  const { ids } = detail.p1 ? { ids: JSON.parse(readFileSync(path.join(OUT, 'ids.json'), 'utf8')) } : core('prep', { sentences: lines });
  const kv = core('kv', { ids: ids.slice(0, Math.min(20, ids.length)), tokens: 30 });
  result.p3_kv_speedup = kv.fullMedianMs / kv.cacheMedianMs;
  detail.p3 = kv;
}

if (ONLY.includes('p6')) {
  log('peak RSS of a 1024-token continuation with attention capture');
  const r = core('rss', { tokens: Number(opt('rss-tokens', 1024)) }, ['--expose-gc']);
  result.p6_rss_mb = r.overBaselineMB;
  detail.p6 = r;
}

if (ONLY.includes('p4')) {
  log('explorer paint in headless Chromium');
  const { paintBench } = await import('./paint.mjs');
  const runFile = path.join(OUT, 'real-run.js');
  detail.p4_run = core('p4run', { sentences: lines.length >= 50 ? lines : sentences(1000), out: runFile });
  const p = await paintBench({ realRunFile: runFile, repeat: REPEAT });
  Object.assign(result, { p4_paint_small_ms: p.small?.paintMs, p4_paint_large_ms: p.large?.paintMs, p4_head_switch_ms: p.headSwitchMs });
  detail.p4 = p;
}

if (ONLY.includes('p5')) {
  log('activation and first translation in code-server');
  const { vscodeBench } = await import('./vscode.mjs');
  const v = await vscodeBench({ repeat: REPEAT });
  Object.assign(result, { p5_activation_ms: v.activationMs, p5_first_translation_ms: v.firstTranslationMs });
  detail.p5 = v;
}

const GOALS = [
  ['p1_speedup_vs_torch', '≥ 5', (v) => v >= 5, 'greedy translation, 200 sentences: PyTorch eager time / ours (ORT, KV cache)'],
  ['p2_capture_overhead', '≤ 1.15', (v) => v <= 1.15, 'all attention maps captured / logits only'],
  ['p3_kv_speedup', '≥ 3', (v) => v >= 3, 'full-prefix recompute / KV cache, 30 tokens'],
  ['p4_paint_small_ms', '≤ 100', (v) => v <= 100, 'first paint, model view, en-de run T=32'],
  ['p4_paint_large_ms', '≤ 1000', (v) => v <= 1000, 'first paint, model view, 12×12 heads T=1024'],
  ['p4_head_switch_ms', '≤ 16', (v) => v <= 16, 'switch the head detail'],
  ['p5_activation_ms', '≤ 50', (v) => v <= 50, 'extension activation (code-server)'],
  ['p5_first_translation_ms', '≤ 1000', (v) => v <= 1000, 'first translation incl. model load'],
  ['p6_rss_mb', '≤ 300', (v) => v <= 300, 'peak RSS over baseline, 1024-token continuation with capture'],
  ['decode_tokens_per_s', 'report', () => true, 'greedy decoding throughput (logits only)'],
  ['decode_fraction_of_limit', 'report', () => true, 'of 2×params FLOP/token at the measured matmul rate'],
];
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ ...result, detail }, null, 2));
if (JSON_OUT) {
  process.stdout.write(JSON.stringify({ ...result, detail }) + '\n');
} else {
  const fmt = (v) => (typeof v !== 'number' ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
  console.log(`machine: ${result.machine}\ndate: ${result.date}\n`);
  console.log('| key | value | goal | met | what |\n|---|---|---|---|---|');
  for (const [k, goal, ok, what] of GOALS) {
    const v = result[k];
    console.log(`| \`${k}\` | ${fmt(v)} | ${goal} | ${v === undefined ? '–' : goal === 'report' ? '' : ok(v) ? 'yes' : '**no**'} | ${what} |`);
  }
  console.log(`\ndetails: ${path.relative(REPO, path.join(OUT, 'results.json'))}`);
}

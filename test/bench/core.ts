// Core (Node) side of `npm run bench`: p1/p2 (translation speed, attention capture
// overhead), p3 (KV cache vs full-prefix recompute), p6 (peak RSS of a long continuation)
// and the real en-de run that p4 paints. Bundled by test/bench/run.mjs and run as
//   node core.js <section> <args.json>
// Each section prints one JSON object on stdout.
import * as fs from 'fs';
import * as path from 'path';
import { attentionFromGraph } from '../../src/core/attentionCapture';
import { batchGreedyIds } from '../../src/core/decoding/batchGreedy';
import { generate } from '../../src/core/decoding/greedy';
import { continueText, translate } from '../../src/core/engine';
import { getModel, LoadedModel } from '../../src/core/model';
import { resolveModel, scanModels } from '../../src/core/modelRegistry';
import type { AttentionTensor } from '../../src/core/run';
import { encodeText } from '../../src/core/tokenization';

interface Args {
  repo: string;
  threads: number;
  repeat: number;
  sentences?: string[];
  ids?: number[][];
  out?: string;
  tokens?: number;
}

const args: Args = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

async function load(name: string): Promise<LoadedModel> {
  const reg = scanModels({ bundledDir: path.join(args.repo, 'models') });
  return getModel(resolveModel(name, reg), 'cpu', { threads: args.threads });
}

/** Source ids as translate() feeds them: tokenizer ids (whitespace-normalized) + </s>. */
async function tokenize(model: LoadedModel, lines: string[]): Promise<number[][]> {
  const eos = model.manifest.specialTokens.eos;
  const out: number[][] = [];
  for (const l of lines) out.push([...(await encodeText(model.tokenizer, l, model.manifest.specialTokens.unk)).ids, eos]);
  return out;
}

/** The same cap as models/train/bench_torch.py: len(source incl. </s>) + 50 new tokens. */
const maxNewFor = (src: number[]) => src.length + 50;

/** Logits only: the product's fast path (CLI --input) at batch 1: KV cache, argmax, no records. */
async function logitsOnly(model: LoadedModel, src: number[]): Promise<number[]> {
  return (await batchGreedyIds(model, [src], { maxNewTokens: () => maxNewFor(src) }))[0];
}

/** Every attention map captured: what translate() does after tokenizing (greedy with step records,
 *  encoder self / decoder self / cross attention assembled into [L][H][Q][K] tensors). */
async function captured(model: LoadedModel, src: number[]): Promise<{ ids: number[]; attention: AttentionTensor[] }> {
  const { layers: L, heads: H, specialTokens: st } = model.manifest;
  const enc = await model.encode([src]);
  const g = await generate(model, { enc, prompt: [st.bos] }, { maxNewTokens: maxNewFor(src) });
  const n = g.self.queries;
  const attention = [
    attentionFromGraph('encoderSelf', enc.encSelfAttn, L, 1, H, enc.S, enc.S, 'source', 'source'),
    g.self.build('decoderSelf', n, 'decoder', 'decoder'),
    g.cross!.build('cross', enc.S, 'decoder', 'source'),
  ];
  return { ids: g.ids, attention };
}

async function prep() {
  const model = await load('en-de');
  return { ids: await tokenize(model, args.sentences!) };
}

/** p1 (ours) and p2: interleaved repeats of the logits-only and the capturing path. */
async function translation() {
  const model = await load('en-de');
  const srcs = args.ids!;
  for (const s of srcs.slice(0, 3)) { await logitsOnly(model, s); await captured(model, s); } // warm-up
  const lo: number[] = [];
  const cap: number[] = [];
  let loOuts: number[][] = [];
  let capOuts: number[][] = [];
  // Interleaved per sentence, alternating which path goes first (ABBA), so that drift in the
  // machine's load hits both paths alike; each repeat sums the per-sentence times.
  for (let r = 0; r < args.repeat; r++) {
    let a = 0;
    let b = 0;
    const ao: number[][] = [];
    const bo: number[][] = [];
    for (let i = 0; i < srcs.length; i++) {
      const first = (i + r) % 2 === 0;
      for (const which of first ? ['lo', 'cap'] : ['cap', 'lo']) {
        const t = now();
        if (which === 'lo') {
          ao[i] = await logitsOnly(model, srcs[i]);
          a += now() - t;
        } else {
          bo[i] = (await captured(model, srcs[i])).ids;
          b += now() - t;
        }
      }
    }
    lo.push(a);
    cap.push(b);
    loOuts = ao;
    capOuts = bo;
  }
  const same = loOuts.filter((o, i) => JSON.stringify(o) === JSON.stringify(capOuts[i])).length;
  // product path, end to end (tokenize, capture, detokenize, build the Run), for reference
  const texts = args.sentences ?? [];
  const tr: number[] = [];
  for (let r = 0; r < (texts.length ? args.repeat : 0); r++) {
    const t = now();
    for (const s of texts) await translate(model, s, {}); // product defaults (at most 64 new tokens)
    tr.push(now() - t);
  }
  const outputTokens = loOuts.reduce((n, o) => n + o.length, 0);
  return {
    threads: model.threads,
    provider: model.provider,
    parameters: model.manifest.parameters,
    logitsOnlyMs: lo,
    capturedMs: cap,
    translateMs: tr,
    logitsOnlyMedianMs: median(lo),
    capturedMedianMs: median(cap),
    translateMedianMs: tr.length ? median(tr) : null,
    outputTokens,
    captureSameOutputs: same / srcs.length,
    outputs: loOuts,
  };
}

/** p3: exactly N new tokens (no stop at </s>), KV cache vs full-prefix recompute, logits only. */
async function kv() {
  const model = await load('en-de');
  const N = args.tokens ?? 30;
  const srcs = args.ids!;
  const bos = model.manifest.specialTokens.bos;
  const run = async (src: number[], useCache: boolean) => {
    const enc = await model.encode([src]);
    const t = now();
    let past = null;
    const seq = [bos];
    for (let i = 0; i < N; i++) {
      const out = await model.decode([useCache && past ? [seq[seq.length - 1]] : seq], useCache ? past : null, enc);
      past = out.present;
      const off = (out.Tnew - 1) * out.V;
      let best = 0;
      for (let j = 1; j < out.V; j++) if (out.logits[off + j] > out.logits[off + best]) best = j;
      seq.push(best);
    }
    return { ms: now() - t, seq };
  };
  for (const s of srcs.slice(0, 2)) { await run(s, true); await run(s, false); }
  const cache: number[] = [];
  const full: number[] = [];
  let agree = 0;
  for (let r = 0; r < args.repeat; r++) {
    let a = 0, b = 0;
    agree = 0;
    for (const s of srcs) {
      const x = await run(s, true);
      const y = await run(s, false);
      a += x.ms;
      b += y.ms;
      if (JSON.stringify(x.seq) === JSON.stringify(y.seq)) agree++;
    }
    cache.push(a);
    full.push(b);
  }
  return { tokens: N, sentences: srcs.length, cacheMs: cache, fullMs: full, cacheMedianMs: median(cache), fullMedianMs: median(full), sameOutputs: agree / srcs.length };
}

function status(): Record<string, number> {
  const o: Record<string, number> = {};
  for (const l of fs.readFileSync('/proc/self/status', 'utf8').split('\n')) {
    const m = /^(VmRSS|VmHWM):\s+(\d+) kB/.exec(l);
    if (m) o[m[1]] = Number(m[2]) / 1024;
  }
  return o;
}

/** p6: peak RSS of one continuation of `tokens` new tokens with attention capture. */
async function rss() {
  const gc = (globalThis as { gc?: () => void }).gc;
  const beforeLoad = status();
  const model = await load('en-lm');
  const prompt = 'A man in a blue shirt is standing on a ladder cleaning windows.';
  await continueText(model, prompt, { maxNewTokens: 16 }); // warm-up (ORT arenas, JIT)
  gc?.();
  const afterLoad = status();
  // reset the peak (VmHWM) to the current RSS: Linux "clear_refs" 5
  let reset = true;
  try { fs.writeFileSync('/proc/self/clear_refs', '5'); } catch { reset = false; }
  const base = status();
  const t = now();
  const run = await continueText(model, prompt, { maxNewTokens: args.tokens ?? 1024, stopAtEos: false });
  const ms = now() - t;
  const peak = status();
  const att = run.attention.map((a) => `${a.kind} ${a.layers}x${a.heads}x${a.queries}x${a.keys}`);
  return {
    tokens: run.outputTokens.length,
    sequence: run.attention[0].queries + 1,
    attention: att,
    attentionMB: run.attention.reduce((n, a) => n + a.data.byteLength, 0) / 2 ** 20,
    ms,
    peakResetOk: reset,
    rssBeforeLoadMB: beforeLoad.VmRSS,
    rssAfterLoadMB: afterLoad.VmRSS,
    baselineMB: base.VmRSS,
    peakMB: peak.VmHWM,
    overBaselineMB: peak.VmHWM - base.VmRSS,
  };
}

/** The real run p4 paints: en-de translation of a sentence with 31 source tokens + </s>. */
async function p4run() {
  const model = await load('en-de');
  const ids = await tokenize(model, args.sentences!);
  const i = ids.findIndex((s) => s.length === 32);
  const text = i >= 0 ? args.sentences![i] : args.sentences!.reduce((a, b) => (b.length > a.length ? b : a));
  const run = await translate(model, text, { maxNewTokens: 64 });
  const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  const json = { ...run, attention: run.attention.map((a) => ({ ...a, data: b64(a.data) })) };
  fs.writeFileSync(args.out!, `window.__realRun = ${JSON.stringify(json)};\n`);
  return { text, sourceTokens: run.sourceTokens.length, outputTokens: run.outputTokens.length, attention: run.attention.map((a) => `${a.kind} ${a.layers}x${a.heads}x${a.queries}x${a.keys}`) };
}

const sections: Record<string, () => Promise<unknown>> = { prep, translation, kv, rss, p4run };
sections[process.argv[2]]()
  .then((r) => {
    process.stdout.write(JSON.stringify(r) + '\n');
    process.exit(0);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });

// A stand-in extension host for the explorer webview in a plain Chromium page:
// acquireVsCodeApi() answers the ready handshake with a synthetic Run of any
// size (through the real toWire / layerData), so rendering and speed can be
// checked without VS Code. Used by test/tools/explorer-bench.mjs.
import type { AttentionKind, AttentionTensor, Run, TokenSpan } from '../../../src/core/run';
import { layerData, layerRows, toWire } from '../../../src/explorer/wire';
import { parseWebviewMessage, type HostToWebview, type ViewState } from '../../../src/protocol';

interface Spec { kind: 'seq2seq' | 'causal'; T: number; out: number; L: number; H: number; inline: boolean; tab: ViewState['tab'] }

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function tokens(n: number, prefix: string, specialFirst?: string): TokenSpan[] {
  const out: TokenSpan[] = [];
  let pos = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 && specialFirst) {
      out.push({ id: 1, piece: specialFirst, text: '', start: -1, end: -1, special: true });
      continue;
    }
    const w = `${prefix}${i}`;
    out.push({ id: 10 + i, piece: '▁' + w, text: w, start: pos, end: pos + w.length });
    pos += w.length + 1;
  }
  return out;
}

function attention(kind: AttentionKind, L: number, H: number, q: number, k: number, causal: boolean, qt: AttentionTensor['queryTokens'], kt: AttentionTensor['keyTokens'], r: () => number): AttentionTensor {
  const data = new Float32Array(L * H * q * k);
  const row = new Float32Array(k);
  for (let m = 0; m < L * H; m++) {
    const offsetPeak = Math.floor(r() * 5) - 2;
    for (let i = 0; i < q; i++) {
      const lim = causal ? Math.min(k, i + 1) : k;
      let s = 0;
      for (let j = 0; j < lim; j++) {
        const d = j - Math.round((i * k) / Math.max(q, 1)) - offsetPeak;
        row[j] = Math.exp(-Math.abs(d) * (0.3 + (m % 4) * 0.4)) + 0.02 * r();
        s += row[j];
      }
      const base = (m * q + i) * k;
      for (let j = 0; j < lim; j++) data[base + j] = row[j] / s;
    }
  }
  return { kind, layers: L, heads: H, queries: q, keys: k, queryTokens: qt, keyTokens: kt, data };
}

export function syntheticRun(s: Spec): Run {
  const r = rng(42);
  const src = s.kind === 'seq2seq' ? [...tokens(s.T - 1, 'w'), { id: 2, piece: '</s>', text: '', start: -1, end: -1, special: true }] : tokens(s.T, 'w', '<s>');
  const outputs = tokens(s.out, 'y');
  const dec = s.kind === 'seq2seq' ? [{ id: 1, piece: '<s>', text: '', start: -1, end: -1, special: true }, ...outputs.slice(0, -1)] : [...src, ...outputs.slice(0, -1)];
  const att: AttentionTensor[] =
    s.kind === 'seq2seq'
      ? [
          attention('encoderSelf', s.L, s.H, src.length, src.length, false, 'source', 'source', r),
          attention('decoderSelf', s.L, s.H, dec.length, dec.length, true, 'decoder', 'decoder', r),
          attention('cross', s.L, s.H, dec.length, src.length, false, 'decoder', 'source', r),
        ]
      : [attention('self', s.L, s.H, dec.length, dec.length, true, 'sequence', 'sequence', r)];
  const steps = outputs.map((t, i) => {
    const ps = [0.5, 0.2, 0.1, 0.05, 0.03].map((p) => p * (0.6 + 0.8 * r()));
    const topK = ps.map((p, j) => ({ id: j === 0 ? t.id : 900 + j, piece: j === 0 ? t.piece : `▁alt${i}_${j}`, text: j === 0 ? t.text : `alt${i}_${j}`, prob: p }));
    return { topK, chosen: { ...topK[0], rank: 0 }, entropy: 1 + r() * 3 };
  });
  const text = src.filter((t) => !t.special).map((t) => t.text).join(' ');
  return {
    id: `synthetic-${s.kind}-${s.T}`, model: `synthetic-${s.L}x${s.H}`, modelKind: s.kind, provider: 'cpu',
    sourceText: text, outputText: outputs.map((t) => t.text).join(' '),
    sourceTokens: src, outputTokens: outputs, decoderTokens: dec, attention: att, steps,
    layers: s.L, heads: s.H, dModel: 64 * s.H, positionalEncoding: { kind: 'sinusoidal', n: 10000, d: 64 * s.H },
    timings: { loadMs: 0, encodeMs: 0, decodeMs: 0, totalMs: 0 }, warnings: [],
  };
}

declare global {
  interface Window {
    acquireVsCodeApi: () => unknown;
    __sent: unknown[];
    __state: ViewState | undefined;
    __spec: Spec;
  }
}

const spec: Spec = { kind: 'seq2seq', T: 12, out: 8, L: 2, H: 4, inline: true, tab: 'model', ...JSON.parse(new URLSearchParams(location.search).get('spec') ?? '{}') };
window.__spec = spec;
window.__sent = [];
const t0 = performance.now();
const run = syntheticRun(spec);
(window as unknown as { __genMs: number }).__genMs = performance.now() - t0;
const wire = toWire(run, spec.inline ? Number.MAX_SAFE_INTEGER : 0);
let state: ViewState = { tab: spec.tab, positional: { text: '', d: 16, n: 10000 } };
const toWebview = (m: HostToWebview) => window.postMessage(m, '*');
window.acquireVsCodeApi = () => ({
  getState: () => undefined,
  setState: () => undefined,
  postMessage(raw: unknown) {
    const msg = parseWebviewMessage(raw);
    window.__sent.push(msg ? { ...msg, data: undefined } : { rejected: true });
    if (!msg) return;
    switch (msg.type) {
      case 'ready':
        toWebview({ type: 'state', state });
        toWebview({ type: 'runs', runs: [{ id: run.id, model: run.model, label: 'synthetic run' }], selected: run.id });
        toWebview({ type: 'run', run: wire });
        break;
      case 'stateChanged':
        state = msg.state;
        window.__state = state;
        break;
      case 'requestAttention': {
        const d = msg.query === undefined ? layerData(run, msg.kind, msg.layer) : layerRows(run, msg.kind, msg.layer, msg.query);
        setTimeout(() => toWebview(typeof d === 'string' ? { type: 'attention', id: msg.id, ok: false, error: d } : { type: 'attention', id: msg.id, ok: true, runId: run.id, kind: msg.kind, layer: msg.layer, data: d }), 5);
        break;
      }
      default:
        break;
    }
  },
});

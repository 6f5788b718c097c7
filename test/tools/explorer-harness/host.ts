// A stand-in extension host for the explorer webview in a plain Chromium page:
// acquireVsCodeApi() answers the ready handshake with a synthetic Run of any
// size (through the real toWire / layerData), so rendering and speed can be
// checked without VS Code. Used by test/tools/explorer-bench.mjs.
import type { AttentionKind, AttentionTensor, Run, TokenSpan } from '../../../src/core/run';
import { layerData, layerRows, toWire } from '../../../src/explorer/wire';
import { parseWebviewMessage, type HostToWebview, type ViewState } from '../../../src/protocol';

/** inline: true = every value in the run message, false = thumbnails + layers on request, 'auto' = the extension's own limit. */
interface Spec { kind: 'seq2seq' | 'causal'; T: number; out: number; L: number; H: number; inline: boolean | 'auto'; tab: ViewState['tab']; deferRun?: boolean }

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
    /** A real run from the core (test/bench/core.ts p4run), tensors as base64 float32. */
    __realRun?: Omit<Run, 'attention'> & { attention: (Omit<AttentionTensor, 'data'> & { data: string })[] };
    /** Benchmark marks (performance.now()): run message posted, every model-view grid painted. */
    __marks: { toWireMs?: number; runPostedAt?: number; paintedAt?: number };
    /** spec.deferRun: the page opens empty and the run comes when this is called (explorer already open). */
    __postRun: () => void;
  }
}

const spec: Spec = { kind: 'seq2seq', T: 12, out: 8, L: 2, H: 4, inline: true, tab: 'model', ...JSON.parse(new URLSearchParams(location.search).get('spec') ?? '{}') };
window.__spec = spec;
window.__sent = [];
window.__marks = {};
function fromBase64(b64: string): Float32Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
const t0 = performance.now();
const real = window.__realRun;
const run: Run = real ? { ...real, attention: real.attention.map((a) => ({ ...a, data: fromBase64(a.data) })) } : syntheticRun(spec);
(window as unknown as { __genMs: number }).__genMs = performance.now() - t0;
const tw = performance.now();
const wire = spec.inline === 'auto' ? toWire(run) : toWire(run, spec.inline ? Number.MAX_SAFE_INTEGER : 0);
window.__marks.toWireMs = performance.now() - tw;

/** Polls (one macrotask apart, not one frame) until every attention kind's grid is painted. */
function watchPaint(): void {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    // model.ts sets the overlay's data-thumb right after blitting a kind's thumbnails
    const grids = Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.xp-grid'));
    if (grids.length === run.attention.length && grids.every((c) => c.dataset.thumb)) window.__marks.paintedAt = performance.now();
    else if (performance.now() - window.__marks.runPostedAt! < 120_000) ch.port2.postMessage(0);
  };
  ch.port2.postMessage(0);
}
let state: ViewState = { tab: spec.tab, positional: { text: '', d: 16, n: 10000 } };
const toWebview = (m: HostToWebview) => window.postMessage(m, '*');
window.__postRun = () => {
  toWebview({ type: 'runs', runs: [{ id: run.id, model: run.model, label: 'synthetic run' }], selected: run.id });
  window.__marks.runPostedAt = performance.now();
  toWebview({ type: 'run', run: wire });
  watchPaint();
};
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
        if (!spec.deferRun) window.__postRun();
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

// Run → what the explorer webview receives (pure; no vscode import, unit-tested).
// Small runs ship all attention at once; large ones ship max-pooled thumbnails
// and the webview asks for one (kind, layer) at a time. Always typed arrays.
import type { AttentionKind, AttentionTensor, Run } from '../core/run';
import type { RunSummary, WireAttention, WireRun } from '../protocol';

/** Ship attention inline when a run holds at most this many values in all (16 MiB of float32). */
export const INLINE_LIMIT = 4 * 1024 * 1024;
/** Thumbnails are max-pooled to at most this many rows and columns per head. */
export const THUMB_MAX = 64;

/**
 * Max-pools every head of an [L][H][q][k] tensor to [L][H][rows][cols]
 * (rows = min(q, max), cols = min(k, max)), so a sharp peak stays visible.
 */
export function poolThumbnails(t: Pick<AttentionTensor, 'layers' | 'heads' | 'queries' | 'keys' | 'data'>, max = THUMB_MAX): { rows: number; cols: number; data: Float32Array } {
  const { layers, heads, queries: q, keys: k, data } = t;
  const rows = Math.min(q, max);
  const cols = Math.min(k, max);
  const out = new Float32Array(layers * heads * rows * cols);
  if (rows === 0 || cols === 0) return { rows, cols, data: out };
  const c0 = new Int32Array(cols);
  const c1 = new Int32Array(cols);
  for (let c = 0; c < cols; c++) {
    c0[c] = Math.floor((c * k) / cols);
    c1[c] = Math.max(c0[c] + 1, Math.floor(((c + 1) * k) / cols));
  }
  for (let m = 0; m < layers * heads; m++) {
    const src = m * q * k;
    const dst = m * rows * cols;
    for (let r = 0; r < rows; r++) {
      const r0 = Math.floor((r * q) / rows);
      const r1 = Math.max(r0 + 1, Math.floor(((r + 1) * q) / rows));
      const o = dst + r * cols;
      for (let rr = r0; rr < r1; rr++) {
        const base = src + rr * k;
        for (let c = 0; c < cols; c++) {
          let v = out[o + c];
          for (let i = base + c0[c], e = base + c1[c]; i < e; i++) if (data[i] > v) v = data[i];
          out[o + c] = v;
        }
      }
    }
  }
  return { rows, cols, data: out };
}

export function attentionValues(run: Pick<Run, 'attention'>): number {
  return run.attention.reduce((n, a) => n + a.data.length, 0);
}

export function toWire(run: Run, inlineLimit = INLINE_LIMIT): WireRun {
  const inline = attentionValues(run) <= inlineLimit;
  const attention: WireAttention[] = run.attention.map((a) => {
    const thumb = poolThumbnails(a);
    const w: WireAttention = {
      kind: a.kind,
      layers: a.layers,
      heads: a.heads,
      queries: a.queries,
      keys: a.keys,
      queryTokens: a.queryTokens,
      keyTokens: a.keyTokens,
      thumbRows: thumb.rows,
      thumbCols: thumb.cols,
      thumbs: thumb.data,
    };
    // a copy, so that a view of a bigger buffer never drags the whole buffer along
    if (inline) w.data = a.data.slice();
    return w;
  });
  return {
    id: run.id,
    model: run.model,
    modelKind: run.modelKind,
    sourceText: run.sourceText,
    outputText: run.outputText,
    sourceTokens: run.sourceTokens.map(token),
    outputTokens: run.outputTokens.map(token),
    decoderTokens: run.decoderTokens.map(token),
    steps: run.steps.map((s) => ({ topK: s.topK.map(candidate), chosen: { ...candidate(s.chosen), rank: s.chosen.rank }, entropy: s.entropy })),
    attention,
    layers: run.layers,
    heads: run.heads,
    dModel: run.dModel,
    positionalEncoding: { kind: 'sinusoidal', n: run.positionalEncoding.n, d: run.positionalEncoding.d },
    linked: !!run.origin,
  };
}

function token(t: Run['sourceTokens'][number]) {
  const o: { id: number; piece: string; text: string; start: number; end: number; special?: boolean } = { id: t.id, piece: t.piece, text: t.text, start: t.start, end: t.end };
  if (t.special) o.special = true;
  return o;
}

function candidate(c: { id: number; piece: string; text: string; prob: number }) {
  return { id: c.id, piece: c.piece, text: c.text, prob: c.prob };
}

/** One layer [H][q][k] of a kind, copied into its own buffer for postMessage. */
export function layerData(run: Run, kind: AttentionKind, layer: number): Float32Array | string {
  const a = run.attention.find((x) => x.kind === kind);
  if (!a) return `run ${run.id} has no ${kind} attention`;
  if (layer < 0 || layer >= a.layers) return `layer ${layer} out of 0..${a.layers - 1}`;
  const size = a.heads * a.queries * a.keys;
  return a.data.slice(layer * size, (layer + 1) * size);
}

/** Query row `query` of every head of one layer: [H][k] (what the Steps tab needs per layer). */
export function layerRows(run: Run, kind: AttentionKind, layer: number, query: number): Float32Array | string {
  const a = run.attention.find((x) => x.kind === kind);
  if (!a) return `run ${run.id} has no ${kind} attention`;
  if (layer < 0 || layer >= a.layers) return `layer ${layer} out of 0..${a.layers - 1}`;
  if (query < 0 || query >= a.queries) return `query ${query} out of 0..${a.queries - 1}`;
  const out = new Float32Array(a.heads * a.keys);
  for (let h = 0; h < a.heads; h++) {
    const start = ((layer * a.heads + h) * a.queries + query) * a.keys;
    out.set(a.data.subarray(start, start + a.keys), h * a.keys);
  }
  return out;
}

export function summary(run: Run): RunSummary {
  const src = run.sourceText.replace(/\s+/g, ' ').trim();
  const label = `${run.modelKind === 'seq2seq' ? 'Translate' : 'Continue'}: ${src.length > 48 ? src.slice(0, 47) + '…' : src}`;
  return { id: run.id, model: run.model, label };
}

/** Base64 of a float32 array's little-endian bytes (the JSON export's encoding for tensors). */
export function float32Base64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.from(bytes).toString('base64');
}

/**
 * The run as JSON text. Attention tensors are written as
 * { dtype: "float32", shape: [L, H, q, k], byteOrder: "little", base64 } so that a
 * 512-token run stays a few times smaller than a list of decimal numbers;
 * numpy: np.frombuffer(base64.b64decode(x["base64"]), "<f4").reshape(x["shape"]).
 */
export function runToJson(run: Run): string {
  const { attention, ...rest } = run;
  return JSON.stringify(
    {
      format: 'attention-lens-run',
      version: 1,
      ...rest,
      attention: attention.map(({ data, ...meta }) => ({
        ...meta,
        dtype: 'float32',
        shape: [meta.layers, meta.heads, meta.queries, meta.keys],
        byteOrder: 'little',
        base64: float32Base64(data),
      })),
    },
    null,
    1,
  );
}

/** Reads the JSON export back into a Run (undefined when it is not one of ours or is damaged). */
export function runFromJson(text: string): Run | undefined {
  try {
    const j = JSON.parse(text) as Record<string, unknown> & { attention?: unknown[] };
    if (j.format !== 'attention-lens-run' || j.version !== 1 || !Array.isArray(j.attention)) return undefined;
    const attention: AttentionTensor[] = [];
    for (const raw of j.attention) {
      const a = raw as Omit<AttentionTensor, 'data'> & { base64?: string; dtype?: string };
      if (a.dtype !== 'float32' || typeof a.base64 !== 'string') return undefined;
      const bytes = Buffer.from(a.base64, 'base64');
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      const data = new Float32Array(copy.buffer);
      if (data.length !== a.layers * a.heads * a.queries * a.keys) return undefined;
      attention.push({ kind: a.kind, layers: a.layers, heads: a.heads, queries: a.queries, keys: a.keys, queryTokens: a.queryTokens, keyTokens: a.keyTokens, data });
    }
    const { format: _f, version: _v, ...rest } = j;
    const run = { ...(rest as unknown as Run), attention };
    return typeof run.id === 'string' && Array.isArray(run.sourceTokens) && Array.isArray(run.steps) ? run : undefined;
  } catch {
    return undefined;
  }
}

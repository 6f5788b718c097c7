// A small seq2seq Run for the explorer unit tests (2 layers × 2 heads, T source tokens).
import type { Run } from '../../src/core/run';

const tok = (piece: string, start: number, special = false) => ({ id: 5, piece, text: special ? '' : piece, start: special ? -1 : start, end: special ? -1 : start + piece.length, ...(special ? { special } : {}) });

export function fakeRun(T = 3, L = 2, H = 2): Run {
  const src = Array.from({ length: T }, (_, i) => tok('w' + i, 3 * i));
  const dec = [tok('<s>', -1, true), tok('v0', 0), tok('v1', 3)];
  const make = (kind: 'encoderSelf' | 'decoderSelf' | 'cross', q: number, k: number) => {
    const data = new Float32Array(L * H * q * k);
    for (let i = 0; i < data.length; i++) data[i] = (i % k) / k;
    return { kind, layers: L, heads: H, queries: q, keys: k, queryTokens: (kind === 'encoderSelf' ? 'source' : 'decoder') as 'source' | 'decoder', keyTokens: (kind === 'decoderSelf' ? 'decoder' : 'source') as 'source' | 'decoder', data };
  };
  const cand = (p: number) => ({ id: 1, piece: 'v', text: 'v', prob: p });
  return {
    id: 'r1', model: 'tiny', modelKind: 'seq2seq', provider: 'cpu',
    sourceText: src.map((t) => t.piece).join(' '), outputText: 'v0 v1',
    sourceTokens: src, outputTokens: [tok('v0', 0), tok('v1', 3), tok('</s>', -1, true)], decoderTokens: dec,
    attention: [make('encoderSelf', T, T), make('decoderSelf', 3, 3), make('cross', 3, T)],
    steps: [0, 1, 2].map(() => ({ topK: [cand(0.6), cand(0.3)], chosen: { ...cand(0.6), rank: 0 }, entropy: 0.8 })),
    layers: L, heads: H, dModel: 8, positionalEncoding: { kind: 'sinusoidal', n: 10000, d: 8 },
    origin: { uri: 'file:///x.txt', startOffset: 10, documentVersion: 1 },
    timings: { loadMs: 0, encodeMs: 0, decodeMs: 0, totalMs: 0 }, warnings: [],
  };
}


// Collects attention rows as decoding produces them ([L,B,H,Tnew,K] per call) and assembles
// full [layer][head][query][key] matrices in one Float32Array. Missing keys (future) are 0.
import type { AttentionKind, AttentionTensor } from './run';

export class AttentionAccumulator {
  /** rows[q] = L*H*K_q values for query q, laid out [l][h][k]. */
  private rows: { keys: number; data: Float32Array }[] = [];
  constructor(
    readonly layers: number,
    readonly heads: number,
  ) {}

  get queries(): number {
    return this.rows.length;
  }

  /** Appends the Tnew query rows of batch entry `b` from a graph output laid out [L,B,H,Tnew,K]. */
  addRows(src: Float32Array, B: number, Tnew: number, K: number, b = 0, onlyLast = false): void {
    const { layers: L, heads: H } = this;
    for (let q = onlyLast ? Tnew - 1 : 0; q < Tnew; q++) {
      const row = new Float32Array(L * H * K);
      for (let l = 0; l < L; l++) {
        for (let h = 0; h < H; h++) {
          const from = (((l * B + b) * H + h) * Tnew + q) * K;
          row.set(src.subarray(from, from + K), (l * H + h) * K);
        }
      }
      this.rows.push({ keys: K, data: row });
    }
  }

  build(
    kind: AttentionKind,
    keys: number,
    queryTokens: AttentionTensor['queryTokens'],
    keyTokens: AttentionTensor['keyTokens'],
    queries = this.rows.length,
  ): AttentionTensor {
    const { layers: L, heads: H } = this;
    const Q = Math.min(queries, this.rows.length);
    const data = new Float32Array(L * H * Q * keys);
    for (let q = 0; q < Q; q++) {
      const { keys: Kq, data: row } = this.rows[q];
      const n = Math.min(Kq, keys);
      for (let lh = 0; lh < L * H; lh++) data.set(row.subarray(lh * Kq, lh * Kq + n), (lh * Q + q) * keys);
    }
    return { kind, layers: L, heads: H, queries: Q, keys, queryTokens, keyTokens, data };
  }
}

/** A full graph output [L,B,H,Q,K] for batch entry b, as an AttentionTensor. */
export function attentionFromGraph(
  kind: AttentionKind,
  src: Float32Array,
  L: number,
  B: number,
  H: number,
  Q: number,
  K: number,
  queryTokens: AttentionTensor['queryTokens'],
  keyTokens: AttentionTensor['keyTokens'],
  b = 0,
): AttentionTensor {
  const acc = new AttentionAccumulator(L, H);
  acc.addRows(src, B, Q, K, b);
  return acc.build(kind, K, queryTokens, keyTokens);
}

/** Value at [l][h][q][k]. */
export function attentionAt(t: AttentionTensor, l: number, h: number, q: number, k: number): number {
  return t.data[((l * t.heads + h) * t.queries + q) * t.keys + k];
}

/** Nested [L][H][Q][K] arrays (for JSON output only). */
export function attentionToNested(t: AttentionTensor, digits = 6): number[][][][] {
  const f = 10 ** digits;
  const out: number[][][][] = [];
  for (let l = 0; l < t.layers; l++) {
    const hs: number[][][] = [];
    for (let h = 0; h < t.heads; h++) {
      const qs: number[][] = [];
      for (let q = 0; q < t.queries; q++) {
        const base = ((l * t.heads + h) * t.queries + q) * t.keys;
        qs.push(Array.from(t.data.subarray(base, base + t.keys), (v) => Math.round(v * f) / f));
      }
      hs.push(qs);
    }
    out.push(hs);
  }
  return out;
}

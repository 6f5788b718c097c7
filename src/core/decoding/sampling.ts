// Sampling with temperature, top-k and top-p (nucleus), reproducible with a seed.

export interface SamplingOptions {
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
}

/** mulberry32: small, fast, seedable PRNG in [0,1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a token from logits[offset..offset+V) under the options; `rand` in [0,1). */
export function sampleToken(logits: Float32Array, offset: number, V: number, opts: SamplingOptions, rand: () => number): number {
  const T = opts.temperature ?? 1;
  if (T <= 0) {
    let best = 0;
    for (let j = 1; j < V; j++) if (logits[offset + j] > logits[offset + best]) best = j;
    return best;
  }
  // Candidates sorted by logit, descending.
  const order = Array.from({ length: V }, (_, j) => j).sort((a, b) => logits[offset + b] - logits[offset + a]);
  let n = opts.topK && opts.topK > 0 ? Math.min(opts.topK, V) : V;
  const mx = logits[offset + order[0]] / T;
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    w[i] = Math.exp(logits[offset + order[i]] / T - mx);
    sum += w[i];
  }
  const p = opts.topP ?? 1;
  if (p > 0 && p < 1) {
    let cum = 0;
    for (let i = 0; i < n; i++) {
      cum += w[i] / sum;
      if (cum >= p) {
        n = i + 1;
        break;
      }
    }
    sum = 0;
    for (let i = 0; i < n; i++) sum += w[i];
  }
  let r = rand() * sum;
  for (let i = 0; i < n; i++) {
    r -= w[i];
    if (r <= 0) return order[i];
  }
  return order[n - 1];
}

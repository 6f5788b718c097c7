// Next-token distribution helpers: log-softmax, top-k, entropy, rank.

/** log-softmax of logits[offset .. offset+V), in float64. */
export function logSoftmax(logits: Float32Array, offset: number, V: number, temperature = 1): Float64Array {
  const out = new Float64Array(V);
  let mx = -Infinity;
  for (let j = 0; j < V; j++) {
    const x = logits[offset + j] / temperature;
    out[j] = x;
    if (x > mx) mx = x;
  }
  let s = 0;
  for (let j = 0; j < V; j++) s += Math.exp(out[j] - mx);
  const lse = mx + Math.log(s);
  for (let j = 0; j < V; j++) out[j] -= lse;
  return out;
}

/** log p(id) under softmax(logits[offset .. offset+V)), without allocating. */
export function logProbOf(logits: Float32Array, offset: number, V: number, id: number): number {
  let mx = -Infinity;
  for (let j = 0; j < V; j++) if (logits[offset + j] > mx) mx = logits[offset + j];
  let s = 0;
  for (let j = 0; j < V; j++) s += Math.exp(logits[offset + j] - mx);
  return logits[offset + id] - mx - Math.log(s);
}

export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < a.length; j++) if (a[j] > a[best]) best = j;
  return best;
}

/** Indices of the k largest values, largest first (ties: lower index first). One pass; after the
 *  first k, an entry costs one comparison with the k-th largest unless it displaces it. */
export function topK(a: ArrayLike<number>, k: number): number[] {
  k = Math.min(k, a.length);
  const idx: number[] = [];
  // insertion into the sorted candidates: strictly larger moves up, so ties keep index order
  const insert = (j: number, v: number, p: number) => {
    while (p > 0 && a[idx[p - 1]] < v) {
      idx[p] = idx[p - 1];
      p--;
    }
    idx[p] = j;
  };
  for (let j = 0; j < k; j++) insert(j, a[j], idx.push(0) - 1);
  if (k === 0) return idx;
  let kth = a[idx[k - 1]];
  for (let j = k; j < a.length; j++) {
    const v = a[j];
    if (v > kth) {
      insert(j, v, k - 1);
      kth = a[idx[k - 1]];
    }
  }
  return idx;
}

/** Entropy in nats of the distribution given by log-probabilities. */
export function entropy(logp: Float64Array): number {
  let h = 0;
  for (let j = 0; j < logp.length; j++) {
    const p = Math.exp(logp[j]);
    if (p > 0) h -= p * logp[j];
  }
  return h;
}

/** 0-based rank of `id` (number of tokens strictly more probable). */
export function rankOf(logp: Float64Array, id: number): number {
  const v = logp[id];
  let r = 0;
  for (let j = 0; j < logp.length; j++) if (logp[j] > v) r++;
  return r;
}

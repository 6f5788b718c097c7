// Aggregation over heads on attention blocks A = softmax(QKᵀ/√d_k).
// A layer block is row-major [head][query][key] (one layer of the run's
// [layer][head][query][key] tensor, or what requestAttention returns).

export type HeadMode = 'head' | 'mean' | 'max';

export interface LayerBlock {
  heads: number;
  queries: number;
  keys: number;
  /** length heads × queries × keys */
  data: Float32Array;
}

/** The [layer] slice of a full [L][H][q][k] tensor, without copying. */
export function layerBlock(data: Float32Array, layers: number, heads: number, queries: number, keys: number, layer: number): LayerBlock {
  if (layer < 0 || layer >= layers) throw new RangeError(`layer ${layer} out of 0..${layers - 1}`);
  const size = heads * queries * keys;
  if (data.length < layers * size) throw new RangeError(`attention data has ${data.length} values, expected ${layers * size}`);
  return { heads, queries, keys, data: data.subarray(layer * size, (layer + 1) * size) };
}

/** One head's q × k matrix, without copying. */
export function headMatrix(block: LayerBlock, head: number): Float32Array {
  const size = block.queries * block.keys;
  if (head < 0 || head >= block.heads) throw new RangeError(`head ${head} out of 0..${block.heads - 1}`);
  return block.data.subarray(head * size, (head + 1) * size);
}

/**
 * The q × k matrix shown by the head detail: one head, or the mean or max over
 * the given heads (all heads when `heads` is omitted or empty).
 */
export function aggregateHeads(block: LayerBlock, mode: HeadMode, head = 0, heads?: readonly number[]): Float32Array {
  if (mode === 'head') return headMatrix(block, head);
  const list = heads && heads.length ? heads.filter((h) => h >= 0 && h < block.heads) : range(block.heads);
  const size = block.queries * block.keys;
  const out = new Float32Array(size);
  if (list.length === 0) return out;
  if (mode === 'max') {
    out.set(headMatrix(block, list[0]));
    for (let i = 1; i < list.length; i++) {
      const m = headMatrix(block, list[i]);
      for (let j = 0; j < size; j++) if (m[j] > out[j]) out[j] = m[j];
    }
    return out;
  }
  for (const h of list) {
    const m = headMatrix(block, h);
    for (let j = 0; j < size; j++) out[j] += m[j];
  }
  const inv = 1 / list.length;
  for (let j = 0; j < size; j++) out[j] *= inv;
  return out;
}

/** Row `query` of every head of a block: [head][key] (the step view's attention rows). */
export function queryRows(block: LayerBlock, query: number): Float32Array[] {
  if (query < 0 || query >= block.queries) throw new RangeError(`query ${query} out of 0..${block.queries - 1}`);
  const rows: Float32Array[] = [];
  const size = block.queries * block.keys;
  for (let h = 0; h < block.heads; h++) {
    const start = h * size + query * block.keys;
    rows.push(block.data.subarray(start, start + block.keys));
  }
  return rows;
}

/** Column `key` of a q × k matrix (how much every query attends to this key). */
export function column(m: Float32Array, queries: number, keys: number, key: number): Float32Array {
  const out = new Float32Array(queries);
  for (let q = 0; q < queries; q++) out[q] = m[q * keys + key];
  return out;
}

export function maxOf(m: ArrayLike<number>): number {
  let best = 0;
  for (let i = 0; i < m.length; i++) if (m[i] > best) best = m[i];
  return best;
}

/** Shannon entropy in nats of a probability row (ignores zeros). */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
}

export function argmax(p: ArrayLike<number>): number {
  let best = -1;
  let v = -Infinity;
  for (let i = 0; i < p.length; i++) if (p[i] > v) { v = p[i]; best = i; }
  return best;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

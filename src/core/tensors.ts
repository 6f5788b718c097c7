// Small tensor helpers over ORT tensors (batch gather/repeat for beam search and batching).
import type { Tensor } from 'onnxruntime-node';
import { ort } from './providers';

export function int64(rows: number[][]): Tensor {
  const B = rows.length;
  const T = rows[0]?.length ?? 0;
  const data = new BigInt64Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) data[b * T + t] = BigInt(rows[b][t]);
  return new (ort().Tensor)('int64', data, [B, T]);
}

export function zerosF32(dims: number[]): Tensor {
  return new (ort().Tensor)('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
}

/** Picks batch entries `idx` along `axis` (new batch size idx.length). Works for float32 and int64. */
export function gatherBatch(t: Tensor, idx: number[], axis: number): Tensor {
  const dims = t.dims as number[];
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const B = dims[axis];
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const src = t.data as Float32Array | BigInt64Array;
  const Ctor = src.constructor as { new (n: number): Float32Array | BigInt64Array };
  const out = new Ctor(outer * idx.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      const from = (o * B + idx[j]) * inner;
      (out as Float32Array).set((src as Float32Array).subarray(from, from + inner), (o * idx.length + j) * inner);
    }
  }
  const newDims = dims.slice();
  newDims[axis] = idx.length;
  return new (ort().Tensor)(t.type as 'float32', out as Float32Array, newDims);
}

export function repeatBatch(t: Tensor, times: number, axis: number): Tensor {
  return gatherBatch(t, new Array(times).fill(0), axis);
}

import { describe, expect, it } from 'vitest';
import { aggregateHeads, argmax, column, entropy, headMatrix, layerBlock, queryRows } from '../../webview/explorer/aggregate';

// [L=2][H=3][q=2][k=2]: value = 1000*l + 100*h + 10*q + k
function tensor(): Float32Array {
  const d = new Float32Array(2 * 3 * 2 * 2);
  let i = 0;
  for (let l = 0; l < 2; l++) for (let h = 0; h < 3; h++) for (let q = 0; q < 2; q++) for (let k = 0; k < 2; k++) d[i++] = 1000 * l + 100 * h + 10 * q + k;
  return d;
}

describe('aggregation over heads', () => {
  it('slices layers and heads without copying', () => {
    const d = tensor();
    const b = layerBlock(d, 2, 3, 2, 2, 1);
    expect(b.data.buffer).toBe(d.buffer);
    expect(Array.from(headMatrix(b, 2))).toEqual([1200, 1201, 1210, 1211]);
    expect(() => layerBlock(d, 2, 3, 2, 2, 2)).toThrow(RangeError);
    expect(() => headMatrix(b, 3)).toThrow(RangeError);
  });

  it('mean and max over all heads or a filtered subset', () => {
    const b = layerBlock(tensor(), 2, 3, 2, 2, 0);
    expect(Array.from(aggregateHeads(b, 'mean'))).toEqual([100, 101, 110, 111]);
    expect(Array.from(aggregateHeads(b, 'max'))).toEqual([200, 201, 210, 211]);
    expect(Array.from(aggregateHeads(b, 'max', 0, [0, 1]))).toEqual([100, 101, 110, 111]);
    expect(Array.from(aggregateHeads(b, 'mean', 0, [0, 2]))).toEqual([100, 101, 110, 111]);
    expect(Array.from(aggregateHeads(b, 'head', 1))).toEqual([100, 101, 110, 111]);
    expect(Array.from(aggregateHeads(b, 'mean', 0, [7]))).toEqual([0, 0, 0, 0]);
  });

  it('mean of softmax rows is still a distribution', () => {
    const d = new Float32Array([0.2, 0.8, 1, 0, 0.5, 0.5, 0.9, 0.1]); // H=2,q=2,k=2
    const m = aggregateHeads({ heads: 2, queries: 2, keys: 2, data: d }, 'mean');
    expect(m[0] + m[1]).toBeCloseTo(1);
    expect(m[2] + m[3]).toBeCloseTo(1);
  });

  it('query rows for a step, columns, entropy, argmax', () => {
    const b = layerBlock(tensor(), 2, 3, 2, 2, 1);
    const rows = queryRows(b, 1);
    expect(rows.map((r) => Array.from(r))).toEqual([[1010, 1011], [1110, 1111], [1210, 1211]]);
    expect(Array.from(column(headMatrix(b, 0), 2, 2, 1))).toEqual([1001, 1011]);
    expect(entropy([0.5, 0.5])).toBeCloseTo(Math.log(2));
    expect(entropy([1, 0])).toBe(0);
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
  });
});

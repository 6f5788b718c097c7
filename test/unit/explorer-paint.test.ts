import { describe, expect, it } from 'vitest';
import { getLut, makeScale } from '../../webview/explorer/colormap';
import { makeTarget, paintLegend, paintMatrix } from '../../webview/explorer/paint';

const lut = getLut('viridis');
const lin = makeScale('linear', 0, 1);

describe('heat-map painter', () => {
  it('upsamples with nearest neighbour', () => {
    const t = makeTarget(4, 4);
    paintMatrix(new Float32Array([0, 1, 1, 0]), 2, 2, t, 0, 0, 4, 4, lin, lut);
    expect(t.pixels[0]).toBe(lut.abgr[0]);
    expect(t.pixels[3]).toBe(lut.abgr[255]);
    expect(t.pixels[3 * 4]).toBe(lut.abgr[255]);
    expect(t.pixels[15]).toBe(lut.abgr[0]);
  });

  it('downsampling keeps a single sharp peak (max-pool)', () => {
    const n = 1024;
    const m = new Float32Array(n * n);
    m[777 * n + 333] = 1;
    const t = makeTarget(100, 100);
    paintMatrix(m, n, n, t, 0, 0, 100, 100, lin, lut);
    const hot = [];
    for (let i = 0; i < t.pixels.length; i++) if (t.pixels[i] === lut.abgr[255]) hot.push(i);
    expect(hot).toEqual([Math.floor((777 * 100) / n) * 100 + Math.floor((333 * 100) / n)]);
  });

  it('paints into a sub-rectangle only and clips to the target', () => {
    const t = makeTarget(10, 10);
    paintMatrix(new Float32Array([1]), 1, 1, t, 8, 8, 5, 5, lin, lut);
    expect(t.pixels[99]).toBe(lut.abgr[255]);
    expect(t.pixels[0]).toBe(0);
  });

  it('log scale separates small probabilities that linear crushes', () => {
    const t = makeTarget(2, 1);
    const m = new Float32Array([1e-3, 3e-3]);
    paintMatrix(m, 1, 2, t, 0, 0, 2, 1, lin, lut);
    expect(t.pixels[0]).toBe(t.pixels[1]);
    paintMatrix(m, 1, 2, t, 0, 0, 2, 1, makeScale('log', 0, 1), lut);
    expect(t.pixels[0]).not.toBe(t.pixels[1]);
    expect(t.pixels[1]).toBe(lut.abgr[makeScale('log', 0, 1).index(3e-3)]);
  });

  it('legend runs from the low to the high colour', () => {
    const t = makeTarget(256, 2);
    paintLegend(t, 0, 0, 256, 2, lut);
    expect(t.pixels[0]).toBe(lut.abgr[0]);
    expect(t.pixels[255]).toBe(lut.abgr[255]);
  });

  it('paints T = 1024 into 900² and into 64² thumbnails without losing a single-cell peak', () => {
    // Speed is measured in the benchmark (test/tools/explorer-bench.mjs), not asserted here.
    const n = 1024;
    const m = new Float32Array(n * n);
    m[517 * n + 301] = 1; // one sharp peak among zeros
    const t = makeTarget(900, 900);
    paintMatrix(m, n, n, t, 0, 0, 900, 900, lin, lut);
    expect(t.pixels.filter((p) => p === lut.abgr[255]).length).toBeGreaterThan(0);
    expect(t.pixels.every((p) => p !== 0)).toBe(true);
    const grid = makeTarget(64, 64);
    paintMatrix(m, n, n, grid, 0, 0, 64, 64, lin, lut);
    expect(grid.pixels.filter((p) => p === lut.abgr[255]).length).toBe(1);
  });
});

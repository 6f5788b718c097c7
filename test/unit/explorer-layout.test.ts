import { describe, expect, it } from 'vitest';
import { barLayout, gridCell, gridLayout, heatLayout, hitGrid, hitHeat, labelStep, pixelSpan, thinLabels } from '../../webview/explorer/layout';

describe('thumbnail grid', () => {
  it('fits H columns into the width, L rows, clamped thumb size', () => {
    const g = gridLayout(6, 8, 28 + 8 * 60 + 7 * 4, { gap: 4, labelW: 28, labelH: 16 });
    expect(g.thumb).toBe(60);
    expect(g.width).toBe(28 + 8 * 60 + 7 * 4);
    expect(g.height).toBe(16 + 6 * 60 + 5 * 4);
    expect(gridLayout(12, 12, 100).thumb).toBe(24); // min
    expect(gridLayout(1, 1, 5000).thumb).toBe(160); // max
  });

  it('hit testing round-trips with cell rectangles and ignores gaps', () => {
    const g = gridLayout(6, 8, 600);
    for (const [l, h] of [[0, 0], [5, 7], [2, 3]]) {
      const r = gridCell(g, l, h);
      expect(hitGrid(g, r.x + 1, r.y + 1)).toEqual({ layer: l, head: h });
      expect(hitGrid(g, r.x + r.w - 0.5, r.y + r.h - 0.5)).toEqual({ layer: l, head: h });
      expect(hitGrid(g, r.x + r.w + g.gap / 2, r.y + 1)).toBeNull();
    }
    expect(hitGrid(g, 2, 2)).toBeNull();
    expect(hitGrid(g, g.width + 10, 20)).toBeNull();
  });
});

describe('heat map layout', () => {
  it('square cells, capped for short inputs', () => {
    const l = heatLayout(5, 5, 1000, 1000, { rowLabelW: 80, colLabelH: 64, maxCell: 28 });
    expect(l.cellW).toBe(28);
    expect(l.rowStep).toBe(1);
    expect(hitHeat(l, 80 + 28 * 2 + 1, 64 + 28 * 4 + 1)).toEqual({ row: 4, col: 2 });
    expect(hitHeat(l, 79, 70)).toBeNull();
  });

  it('sub-pixel cells and thinned labels for T = 1024', () => {
    const l = heatLayout(1024, 1024, 600, 700, { rowLabelW: 80, colLabelH: 64, minLabelPx: 12 });
    expect(l.cellW).toBeLessThan(1);
    expect(l.plot.w).toBeLessThanOrEqual(600 - 80);
    expect(l.rowStep * l.cellW).toBeGreaterThanOrEqual(12);
    expect((l.rowStep - 1) * l.cellW).toBeLessThan(12);
    const hit = hitHeat(l, l.plot.x + l.plot.w - 0.01, l.plot.y + l.plot.h - 0.01);
    expect(hit).toEqual({ row: 1023, col: 1023 });
  });

  it('label steps and thinning keep the focus label', () => {
    expect(labelStep(20, 12)).toBe(1);
    expect(labelStep(12, 12)).toBe(1);
    expect(labelStep(5, 12)).toBe(3);
    expect(thinLabels(10, 3)).toEqual([0, 3, 6, 9]);
    expect(thinLabels(10, 3, 4)).toEqual([0, 4, 9]);
    expect(thinLabels(10, 3, 6)).toEqual([0, 3, 6, 9]);
  });

  it('pixel spans partition the source exactly', () => {
    for (const [pixels, count] of [[100, 1024], [300, 7], [512, 512]]) {
      let next = 0;
      for (let p = 0; p < pixels; p++) {
        const [s, e] = pixelSpan(p, pixels, count);
        expect(e).toBeGreaterThan(s);
        if (count >= pixels) expect(s).toBe(next);
        next = e;
      }
      expect(next).toBe(count);
    }
  });

  it('bars scale to the most probable candidate', () => {
    const bars = barLayout([0.5, 0.25, 0.05], 200, 18, 2);
    expect(bars.map((b) => b.w)).toEqual([200, 100, 20]);
    expect(bars[2].y).toBe(40);
  });
});

// Canvas heat map of a row-major matrix with row labels on the left.
import type { Matrix } from '../../src/core/positional';
import { cssColor, diverging } from './colormap';

export interface HeatmapOptions {
  rowLabels: string[];
  /** Symmetric colour limit: -limit is blue, +limit is red. */
  limit: number;
  maxWidth: number;
  cellHeight?: number;
}

const LABEL_W = 70;

/**
 * Draws the matrix and records its geometry on the canvas (data-* attributes) so that
 * tests and tooltips can find the cell under a point.
 */
export function drawHeatmap(canvas: HTMLCanvasElement, m: Matrix, o: HeatmapOptions): void {
  const cellW = Math.max(1, Math.min(40, Math.floor((o.maxWidth - LABEL_W) / Math.max(1, m.cols))));
  const cellH = o.cellHeight ?? Math.max(2, Math.min(22, Math.floor(400 / Math.max(1, m.rows))));
  const width = LABEL_W + cellW * m.cols;
  const height = cellH * m.rows;
  canvas.width = width;
  canvas.height = Math.max(1, height);
  canvas.dataset.cellWidth = String(cellW);
  canvas.dataset.cellHeight = String(cellH);
  canvas.dataset.originX = String(LABEL_W);
  canvas.dataset.rows = String(m.rows);
  canvas.dataset.cols = String(m.cols);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      ctx.fillStyle = cssColor(diverging(m.data[r * m.cols + c], o.limit));
      ctx.fillRect(LABEL_W + c * cellW, r * cellH, cellW, cellH);
    }
  }
  if (cellH >= 9) {
    ctx.fillStyle = getComputedStyle(canvas).color || '#888';
    ctx.font = `${Math.min(12, cellH - 2)}px sans-serif`;
    ctx.textBaseline = 'middle';
    o.rowLabels.forEach((label, r) => ctx.fillText(truncate(label, 9), 2, r * cellH + cellH / 2, LABEL_W - 4));
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

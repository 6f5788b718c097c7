// Per-dimension curves: P[x, j] as a continuous function of position x, with dots at the tokens.
import { encodingAt, type PositionalParams } from '../../src/core/positional';
import { PALETTE } from './colormap';

export function drawCurves(canvas: HTMLCanvasElement, T: number, p: PositionalParams, dims: number[], width: number): void {
  const height = 160;
  const pad = 14;
  canvas.width = Math.max(100, width);
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const w = canvas.width - 2 * pad;
  const h = height - 2 * pad;
  const xMax = Math.max(1, T - 1);
  const X = (x: number) => pad + (x / xMax) * w;
  const Y = (y: number) => pad + ((1 - y) / 2) * h;
  ctx.clearRect(0, 0, canvas.width, height);
  ctx.strokeStyle = '#8888';
  ctx.beginPath();
  ctx.moveTo(pad, Y(0));
  ctx.lineTo(pad + w, Y(0));
  ctx.stroke();
  dims.forEach((j, idx) => {
    const colour = PALETTE[idx % PALETTE.length];
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (let s = 0; s <= 200; s++) {
      const x = (s / 200) * xMax;
      const y = encodingAt(x, j, p);
      if (s === 0) ctx.moveTo(X(x), Y(y));
      else ctx.lineTo(X(x), Y(y));
    }
    ctx.stroke();
    for (let k = 0; k < T; k++) {
      ctx.beginPath();
      ctx.arc(X(k), Y(encodingAt(k, j, p)), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
}

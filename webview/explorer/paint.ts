// The heat-map painter: writes a q × k matrix into a packed RGBA pixel buffer
// (ImageData's Uint8ClampedArray viewed as Uint32Array). No DOM, so it is unit
// tested and benchmarked in Node. Downsampling (cells < 1 px) max-pools each
// pixel's block so that a single sharp attention peak is never lost; upsampling
// is nearest-neighbour.

import { Lut, Scale } from './colormap';

export interface PixelTarget {
  /** Packed 0xAABBGGRR pixels, row-major, `width` per row. */
  pixels: Uint32Array;
  width: number;
  height: number;
}

export function makeTarget(width: number, height: number): PixelTarget {
  return { pixels: new Uint32Array(width * height), width, height };
}

/**
 * Paint matrix m (rows × cols, row-major) into the rectangle (x0, y0, w, h) of
 * the target (integers, in device pixels).
 */
export function paintMatrix(
  m: Float32Array,
  rows: number,
  cols: number,
  target: PixelTarget,
  x0: number,
  y0: number,
  w: number,
  h: number,
  scale: Scale,
  lut: Lut,
): void {
  w = Math.max(0, Math.min(w, target.width - x0));
  h = Math.max(0, Math.min(h, target.height - y0));
  if (w === 0 || h === 0 || rows === 0 || cols === 0) return;
  if (w === cols && h === rows) return paintCells(m, rows, cols, target, x0, y0, scale, lut);
  const c0 = new Int32Array(w);
  const c1 = new Int32Array(w);
  for (let px = 0; px < w; px++) {
    const s = Math.floor((px * cols) / w);
    c0[px] = Math.min(s, cols - 1);
    c1[px] = Math.min(cols, Math.max(s + 1, Math.floor(((px + 1) * cols) / w)));
  }
  const pix = target.pixels;
  const tw = target.width;
  const abgr = lut.abgr;
  const log = scale.mode === 'log';
  const lin0 = scale.min;
  const linK = scale.max > scale.min ? 255 / (scale.max - scale.min) : 0;
  const logLo = Math.log(Math.max(scale.min, scale.floor));
  const logK = 255 / Math.max(Math.log(Math.max(scale.max, scale.floor * 10)) - logLo, 1e-12);
  const pooled = cols > w; // more than one column per pixel somewhere
  const rowBuf = new Float32Array(w);
  let prevRs = -1;
  let prevRe = -1;
  let prevO = 0;
  for (let py = 0; py < h; py++) {
    const rs = Math.min(Math.floor((py * rows) / h), rows - 1);
    const re = Math.min(rows, Math.max(rs + 1, Math.floor(((py + 1) * rows) / h)));
    // Upsampling: a pixel row covering the same matrix rows as the one above is a copy of it.
    if (rs === prevRs && re === prevRe) {
      const to = (y0 + py) * tw + x0;
      pix.copyWithin(to, prevO, prevO + w);
      continue;
    }
    prevRs = rs;
    prevRe = re;
    prevO = (y0 + py) * tw + x0;
    // max over the block's rows and columns for every pixel of this row
    rowBuf.fill(-Infinity);
    for (let r = rs; r < re; r++) {
      const base = r * cols;
      if (pooled) {
        for (let px = 0; px < w; px++) {
          let v = rowBuf[px];
          for (let c = base + c0[px], e = base + c1[px]; c < e; c++) if (m[c] > v) v = m[c];
          rowBuf[px] = v;
        }
      } else {
        for (let px = 0; px < w; px++) {
          const v = m[base + c0[px]];
          if (v > rowBuf[px]) rowBuf[px] = v;
        }
      }
    }
    let o = (y0 + py) * tw + x0;
    if (log) {
      for (let px = 0; px < w; px++, o++) {
        const v = rowBuf[px];
        let i = v > 0 ? (Math.log(v) - logLo) * logK : 0;
        i = i <= 0 ? 0 : i >= 255 ? 255 : i | 0;
        pix[o] = abgr[i];
      }
    } else {
      for (let px = 0; px < w; px++, o++) {
        let i = (rowBuf[px] - lin0) * linK;
        i = i <= 0 || i !== i ? 0 : i >= 255 ? 255 : i | 0;
        pix[o] = abgr[i];
      }
    }
  }
}

/** paintMatrix at one pixel per cell (same colours): one pass, no pooling or run bookkeeping. */
function paintCells(m: Float32Array, rows: number, cols: number, target: PixelTarget, x0: number, y0: number, scale: Scale, lut: Lut): void {
  const pix = target.pixels;
  const abgr = lut.abgr;
  const lin0 = scale.min;
  const linK = scale.max > scale.min ? 255 / (scale.max - scale.min) : 0;
  const logLo = Math.log(Math.max(scale.min, scale.floor));
  const logK = 255 / Math.max(Math.log(Math.max(scale.max, scale.floor * 10)) - logLo, 1e-12);
  const log = scale.mode === 'log';
  for (let r = 0, k = 0; r < rows; r++) {
    let o = (y0 + r) * target.width + x0;
    for (let e = k + cols; k < e; k++, o++) {
      const v = m[k];
      // NaN takes index 0, as in paintMatrix (its max over a block starts from -Infinity)
      let i = log ? (v > 0 ? (Math.log(v) - logLo) * logK : 0) : (v - lin0) * linK;
      i = i <= 0 || i !== i ? 0 : i >= 255 ? 255 : i | 0;
      pix[o] = abgr[i];
    }
  }
}

/** Paint a 1 × n row (a step's attention row, a colour bar) into the given rectangle. */
export function paintRow(row: Float32Array, target: PixelTarget, x0: number, y0: number, w: number, h: number, scale: Scale, lut: Lut): void {
  paintMatrix(row, 1, row.length, target, x0, y0, w, h, scale, lut);
}

/** A horizontal legend: LUT left → right over the rectangle. */
export function paintLegend(target: PixelTarget, x0: number, y0: number, w: number, h: number, lut: Lut): void {
  for (let px = 0; px < w; px++) {
    const c = lut.abgr[Math.min(255, Math.floor((px * 256) / w))];
    for (let py = 0; py < h; py++) target.pixels[(y0 + py) * target.width + x0 + px] = c;
  }
}

// Pure colour and scale helpers for the canvas plots (unit-tested).

export type RGB = [number, number, number];

const NEG: RGB = [59, 76, 192]; // blue
const MID: RGB = [242, 242, 242]; // near white
const POS: RGB = [180, 4, 38]; // red

/** Diverging colour for v in [-limit, limit]: blue, white at 0, red. Values outside are clamped. */
export function diverging(v: number, limit: number): RGB {
  const t = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0;
  const [a, b] = t < 0 ? [MID, NEG] : [MID, POS];
  const s = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * s)) as RGB;
}

export function cssColor([r, g, b]: RGB): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** Largest |x| in the data (0 for empty data): the symmetric limit for `diverging`. */
export function absMax(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

/** Distinct line colours for the per-dimension curves. */
export const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324'];

// Layout maths for the explorer's canvases: the L × H thumbnail grid, the head
// detail heat map (cell sizes for T up to 1024, label thinning), hit testing and
// the top-k bar chart. Pure functions, CSS pixels; the canvas code multiplies by
// devicePixelRatio.

export interface Rect { x: number; y: number; w: number; h: number; }

export interface GridOptions {
  gap?: number;
  /** Left margin for the layer labels ("L0" …). */
  labelW?: number;
  /** Top margin for the head labels ("H0" …). */
  labelH?: number;
  minThumb?: number;
  maxThumb?: number;
}

export interface GridLayout {
  layers: number;
  heads: number;
  thumb: number;
  gap: number;
  labelW: number;
  labelH: number;
  width: number;
  height: number;
}

/** Thumbnails fill the available width: rows = layers, columns = heads. */
export function gridLayout(layers: number, heads: number, availableWidth: number, opts: GridOptions = {}): GridLayout {
  const gap = opts.gap ?? 4;
  const labelW = opts.labelW ?? 28;
  const labelH = opts.labelH ?? 16;
  const minThumb = opts.minThumb ?? 24;
  const maxThumb = opts.maxThumb ?? 160;
  const fit = Math.floor((availableWidth - labelW - gap * Math.max(heads - 1, 0)) / Math.max(heads, 1));
  const thumb = Math.max(minThumb, Math.min(maxThumb, fit));
  const width = labelW + heads * thumb + Math.max(heads - 1, 0) * gap;
  const height = labelH + layers * thumb + Math.max(layers - 1, 0) * gap;
  return { layers, heads, thumb, gap, labelW, labelH, width, height };
}

export function gridCell(g: GridLayout, layer: number, head: number): Rect {
  return { x: g.labelW + head * (g.thumb + g.gap), y: g.labelH + layer * (g.thumb + g.gap), w: g.thumb, h: g.thumb };
}

/** The thumbnail under (x, y), or null in the gaps and margins. */
export function hitGrid(g: GridLayout, x: number, y: number): { layer: number; head: number } | null {
  const cx = x - g.labelW;
  const cy = y - g.labelH;
  if (cx < 0 || cy < 0) return null;
  const pitch = g.thumb + g.gap;
  const head = Math.floor(cx / pitch);
  const layer = Math.floor(cy / pitch);
  if (head >= g.heads || layer >= g.layers) return null;
  if (cx - head * pitch >= g.thumb || cy - layer * pitch >= g.thumb) return null;
  return { layer, head };
}

export interface HeatOptions {
  /** Width reserved for the row (query) labels. */
  rowLabelW?: number;
  /** Height reserved for the column (key) labels, drawn rotated. */
  colLabelH?: number;
  /** Smallest gap between two drawn labels, in px (≈ the font's line height). */
  minLabelPx?: number;
  /** Largest cell, so that a 5-token run does not become five giant squares. */
  maxCell?: number;
}

export interface HeatLayout {
  rows: number;
  cols: number;
  /** The matrix area. */
  plot: Rect;
  cellW: number;
  cellH: number;
  /** Draw every rowStep-th row label / colStep-th column label. */
  rowStep: number;
  colStep: number;
  width: number;
  height: number;
}

/**
 * Square cells when possible: cell = min(free width / cols, free height / rows),
 * capped at maxCell; below 1 px per cell (T up to 1024 in a narrow panel) the
 * painter max-pools several cells into one pixel and the labels are thinned.
 */
export function heatLayout(rows: number, cols: number, width: number, height: number, opts: HeatOptions = {}): HeatLayout {
  const rowLabelW = opts.rowLabelW ?? 80;
  const colLabelH = opts.colLabelH ?? 64;
  const minLabelPx = opts.minLabelPx ?? 12;
  const maxCell = opts.maxCell ?? 28;
  const freeW = Math.max(width - rowLabelW - 4, 16);
  const freeH = Math.max(height - colLabelH - 4, 16);
  const cell = Math.max(Math.min(freeW / Math.max(cols, 1), freeH / Math.max(rows, 1), maxCell), 1 / 64);
  const plot = { x: rowLabelW, y: colLabelH, w: cell * cols, h: cell * rows };
  return {
    rows,
    cols,
    plot,
    cellW: cell,
    cellH: cell,
    rowStep: labelStep(cell, minLabelPx),
    colStep: labelStep(cell, minLabelPx),
    width: Math.ceil(rowLabelW + plot.w + 4),
    height: Math.ceil(colLabelH + plot.h + 4),
  };
}

/** Smallest step such that labels drawn every `step` cells are ≥ minLabelPx apart. */
export function labelStep(cellPx: number, minLabelPx: number): number {
  if (cellPx <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.ceil(minLabelPx / cellPx - 1e-9));
}

/** Which labels to draw: every step-th index, always including `focus` when given. */
export function thinLabels(n: number, step: number, focus?: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  if (focus !== undefined && focus >= 0 && focus < n && focus % step !== 0) {
    // replace the neighbours that would overlap the focused label
    const kept = out.filter((i) => Math.abs(i - focus) >= step);
    kept.push(focus);
    kept.sort((a, b) => a - b);
    return kept;
  }
  return out;
}

export function hitHeat(l: HeatLayout, x: number, y: number): { row: number; col: number } | null {
  const cx = x - l.plot.x;
  const cy = y - l.plot.y;
  if (cx < 0 || cy < 0 || cx >= l.plot.w || cy >= l.plot.h) return null;
  return { row: Math.min(l.rows - 1, Math.floor(cy / l.cellH)), col: Math.min(l.cols - 1, Math.floor(cx / l.cellW)) };
}

/** Source index range [start, end) covered by destination pixel p of n pixels over `count` items. */
export function pixelSpan(p: number, pixels: number, count: number): [number, number] {
  const start = Math.floor((p * count) / pixels);
  const end = Math.max(start + 1, Math.floor(((p + 1) * count) / pixels));
  return [Math.min(start, count - 1), Math.min(end, count)];
}

export interface Bar { index: number; y: number; h: number; w: number; }

/** Horizontal bars for top-k candidates: width ∝ probability (scaled to the largest). */
export function barLayout(probs: readonly number[], width: number, rowH = 18, gap = 3): Bar[] {
  const max = Math.max(...probs, 1e-12);
  return probs.map((p, index) => ({ index, y: index * (rowH + gap), h: rowH, w: Math.max(1, (p / max) * width) }));
}

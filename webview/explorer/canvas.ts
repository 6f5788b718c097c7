// Canvas plumbing for the explorer: HiDPI sizing, theme colours, blitting a
// painted PixelTarget, and PNG export of what a tab shows.
import type { PixelTarget } from './paint';

export interface Sized {
  ctx: CanvasRenderingContext2D;
  dpr: number;
  width: number;
  height: number;
}

/** The device pixel ratio the explorer draws at (1 … 3). */
export function pixelRatio(): number {
  return Math.max(1, Math.min(3, window.devicePixelRatio || 1));
}

/** Sizes a canvas to CSS width × height at the device pixel ratio; the context draws in CSS px. */
export function sizeCanvas(c: HTMLCanvasElement, width: number, height: number): Sized {
  const dpr = pixelRatio();
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (c.width !== w) c.width = w;
  if (c.height !== h) c.height = h;
  setCssSize(c, width, height);
  const ctx = c.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, dpr, width, height };
}

/** CSS size, written only when it changes (a write invalidates style even when equal). */
function setCssSize(c: HTMLCanvasElement, width: number, height: number): void {
  const w = `${width}px`;
  const h = `${height}px`;
  if (c.style.width !== w) c.style.width = w;
  if (c.style.height !== h) c.style.height = h;
}

/**
 * A canvas that shows nothing at CSS width × height (an overlay with no hover, cursor or
 * highlight): a 1 × 1 transparent backing store stretched over the area instead of a full
 * one cleared, so that an idle overlay costs neither memory nor compositing. (Setting the
 * size clears the bitmap; a 1 × 1 one is only ever drawn into after sizeCanvas resized it.)
 */
export function blankCanvas(c: HTMLCanvasElement, width: number, height: number): void {
  if (c.width !== 1) c.width = 1;
  if (c.height !== 1) c.height = 1;
  setCssSize(c, width, height);
}

/** Puts painted pixels at device-pixel position (x, y), ignoring the context transform. */
export function blit(ctx: CanvasRenderingContext2D, t: PixelTarget, x: number, y: number): void {
  if (t.width === 0 || t.height === 0) return;
  const img = new ImageData(new Uint8ClampedArray(t.pixels.buffer as ArrayBuffer, t.pixels.byteOffset, t.pixels.length * 4), t.width, t.height);
  ctx.putImageData(img, Math.round(x), Math.round(y));
}

let scratch: HTMLCanvasElement | undefined;

/** A detached canvas of at least width × height device pixels, shared, for staging pixels to drawImage from. */
export function scratchCanvas(width: number, height: number): HTMLCanvasElement {
  scratch ??= document.createElement('canvas');
  if (scratch.width < width) scratch.width = width;
  if (scratch.height < height) scratch.height = height;
  return scratch;
}

export interface Theme {
  fg: string;
  muted: string;
  focus: string;
  bg: string;
  highlight: string;
  font: string;
  mono: string;
}

export function theme(): Theme {
  const s = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  const family = v('--vscode-font-family', 'sans-serif');
  return {
    fg: v('--vscode-foreground', '#ccc'),
    muted: v('--vscode-descriptionForeground', '#999'),
    focus: v('--vscode-focusBorder', '#007fd4'),
    bg: v('--vscode-editor-background', v('--vscode-sideBar-background', '#1e1e1e')),
    highlight: v('--vscode-editor-findMatchBorder', v('--vscode-contrastActiveBorder', '#f38518')),
    font: family,
    mono: v('--vscode-editor-font-family', 'monospace'),
  };
}

/** Stacks the given canvases (as drawn, at device pixels) on the theme background and encodes a PNG. */
export async function canvasesToPng(canvases: readonly HTMLCanvasElement[]): Promise<Uint8Array> {
  const shown = canvases.filter((c) => c.width > 1 && c.height > 1 && c.isConnected && c.offsetParent !== null);
  const pad = 8;
  const w = Math.max(1, ...shown.map((c) => c.width)) + 2 * pad;
  const h = shown.reduce((n, c) => n + c.height + pad, pad);
  const out = document.createElement('canvas');
  out.width = w;
  out.height = Math.max(1, h);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = theme().bg;
  ctx.fillRect(0, 0, w, out.height);
  let y = pad;
  for (const c of shown) {
    ctx.drawImage(c, pad, y);
    y += c.height + pad;
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('could not encode the PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

/** Calls fn at most once per animation frame. */
export function frameThrottle(fn: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

export function truncate(s: string, px: number, ctx: CanvasRenderingContext2D): string {
  if (ctx.measureText(s).width <= px) return s;
  let t = s;
  while (t.length > 1 && ctx.measureText(t + '…').width > px) t = t.slice(0, -1);
  return t + '…';
}

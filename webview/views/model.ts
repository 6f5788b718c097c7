// Model tab: for every attention kind of the run, a layers × heads grid of
// thumbnails of A = softmax(QKᵀ/√d_k). Click / Enter opens the head detail.
import type { AttentionKindId, ViewState, WireAttention } from '../../src/protocol';
import { el } from '../dom';
import { getLut, makeScale } from '../explorer/colormap';
import { blankCanvas, blit, pixelRatio, scratchCanvas, sizeCanvas, theme, type Theme } from '../explorer/canvas';
import { gridCell, gridLayout, hitGrid, type GridLayout } from '../explorer/layout';
import { makeTarget, paintMatrix } from '../explorer/paint';
import { header, KIND_NAMES } from '../explorer/header';
import { session } from '../explorer/session';
import { wireRedraw } from '../explorer/redraw';
import { axisIndexOf } from '../explorer/tokens';
import { checkbox, select, type Checkbox } from '../explorer/ui';
import type { TabContext, TabView } from './types';

interface Pane {
  kind: AttentionKindId;
  section: HTMLElement;
  base: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  layout?: GridLayout;
  layers: number[];
  heads: number[];
  /** Keyboard cursor (indices into layers/heads) and pointer position. */
  cursor: { r: number; c: number };
  hover?: { r: number; c: number };
  /** What the base canvas shows (see draw), so that an unchanged grid is not painted again. */
  painted?: string;
  /** The attention block painted (a new run object with the same id repaints too). */
  paintedFrom?: WireAttention;
}

export const modelView: TabView = {
  id: 'model',
  title: 'Model',
  mount(container: HTMLElement, _ctx: TabContext) {
    const panes: Pane[] = [];
    const head = header('model', () => panes.flatMap((p) => [p.base]), () => `attention-grid-${session.run?.id ?? 'run'}`);
    const scale = select<'linear' | 'log'>('Scale', (v) => session.setUi({ scale: v }), 'model-scale');
    const cmap = select<'viridis' | 'cividis'>('Colours', (v) => session.setUi({ colormap: v }), 'model-colormap');
    const layerBoxes = el('div', { className: 'xp-filter', attrs: { role: 'group', 'aria-label': 'Layers shown' } });
    const headBoxes = el('div', { className: 'xp-filter', attrs: { role: 'group', 'aria-label': 'Heads shown' } });
    const controls = el('div', { className: 'xp-controls' }, [scale.el, cmap.el, layerBoxes, headBoxes]);
    const readout = el('p', { className: 'xp-readout', id: 'model-readout', attrs: { 'aria-live': 'polite' } });
    const grids = el('div', { className: 'xp-grids' });
    container.append(head.el, controls, head.strips, readout, grids);
    let runId = '';
    let filterKey = '';
    let layerChecks: Checkbox[] = [];
    let headChecks: Checkbox[] = [];
    let last: ViewState | undefined;

    const redraw = wireRedraw(container, { draw: () => draw(false), overlay: () => panes.forEach((p) => drawOverlay(p)), mark: () => head.mark() });

    function filters(): void {
      const run = session.run;
      if (!run) return;
      const key = `${run.id}/${run.layers}/${run.heads}`;
      if (key !== filterKey) {
        filterKey = key;
        const toggle = (which: 'layerFilter' | 'headFilter', n: number, i: number, on: boolean) => {
          const cur = session.ui[which].length ? session.ui[which] : Array.from({ length: n }, (_, k) => k);
          const next = on ? [...new Set([...cur, i])].sort((a, b) => a - b) : cur.filter((k) => k !== i);
          if (next.length === 0) return; // keep at least one
          session.setUi({ [which]: next.length === n ? [] : next });
        };
        layerChecks = Array.from({ length: run.layers }, (_, i) => checkbox(`L${i}`, (on) => toggle('layerFilter', run.layers, i, on), `model-layer-${i}`));
        headChecks = Array.from({ length: run.heads }, (_, i) => checkbox(`H${i}`, (on) => toggle('headFilter', run.heads, i, on), `model-head-${i}`));
        layerBoxes.replaceChildren(el('span', { text: 'Layers ℓ' }), ...layerChecks.map((c) => c.el));
        headBoxes.replaceChildren(el('span', { text: 'Heads h' }), ...headChecks.map((c) => c.el));
      }
      const ui = session.ui;
      layerChecks.forEach((c, i) => c.set(!ui.layerFilter.length || ui.layerFilter.includes(i)));
      headChecks.forEach((c, i) => c.set(!ui.headFilter.length || ui.headFilter.includes(i)));
    }

    function buildPanes(): void {
      const run = session.run;
      panes.length = 0;
      grids.replaceChildren();
      if (!run) return;
      for (const a of run.attention) {
        const base = el('canvas', { className: 'xp-base', attrs: { 'data-kind': a.kind } });
        const overlay = el('canvas', {
          className: 'xp-overlay xp-grid',
          attrs: { tabindex: '0', role: 'application', 'aria-roledescription': 'thumbnail grid', 'data-kind': a.kind, 'aria-label': `${KIND_NAMES[a.kind]}: ${a.layers} layers × ${a.heads} heads. Arrow keys move, Enter opens the head.` },
        });
        const section = el('section', { className: 'xp-kind' }, [
          el('h3', { text: `${KIND_NAMES[a.kind]} — L × H = ${a.layers} × ${a.heads}` }),
          el('p', { className: 'note', text: `rows: ${a.queryTokens} queries (${a.queries}) · columns: ${a.keyTokens} keys (${a.keys})` }),
          el('div', { className: 'xp-stack' }, [base, overlay]),
        ]);
        grids.append(section);
        const pane: Pane = { kind: a.kind, section, base, overlay, layers: [], heads: [], cursor: { r: 0, c: 0 } };
        panes.push(pane);
        wire(pane);
      }
    }

    function open(p: Pane, r: number, c: number): void {
      session.openTab('head', { kind: p.kind, layer: p.layers[r], head: p.heads[c], mode: 'head' });
    }

    function describe(p: Pane, r: number, c: number): string {
      return `${KIND_NAMES[p.kind]}, layer ${p.layers[r]}, head ${p.heads[c]} — click or Enter to open`;
    }

    function wire(p: Pane): void {
      const at = (e: MouseEvent) => {
        if (!p.layout) return null;
        const rect = p.overlay.getBoundingClientRect();
        const hit = hitGrid(p.layout, e.clientX - rect.left, e.clientY - rect.top);
        return hit ? { r: hit.layer, c: hit.head } : null;
      };
      p.overlay.addEventListener('pointermove', (e) => {
        const h = at(e) ?? undefined;
        if (h?.r === p.hover?.r && h?.c === p.hover?.c) return;
        p.hover = h;
        p.overlay.style.cursor = h ? 'pointer' : '';
        if (h) readout.textContent = describe(p, h.r, h.c);
        drawOverlay(p);
      });
      p.overlay.addEventListener('pointerleave', () => {
        p.hover = undefined;
        drawOverlay(p);
      });
      p.overlay.addEventListener('click', (e) => {
        const h = at(e);
        if (h) open(p, h.r, h.c);
      });
      p.overlay.addEventListener('focus', () => drawOverlay(p));
      p.overlay.addEventListener('blur', () => drawOverlay(p));
      p.overlay.addEventListener('keydown', (e) => {
        const { r, c } = p.cursor;
        const moves: Record<string, [number, number]> = { ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1], Home: [r, 0], End: [r, p.heads.length - 1] };
        if (e.key in moves) {
          e.preventDefault();
          const [nr, nc] = moves[e.key];
          p.cursor = { r: Math.max(0, Math.min(p.layers.length - 1, nr)), c: Math.max(0, Math.min(p.heads.length - 1, nc)) };
          readout.textContent = describe(p, p.cursor.r, p.cursor.c);
          p.overlay.setAttribute('aria-label', describe(p, p.cursor.r, p.cursor.c));
          drawOverlay(p);
        } else if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open(p, p.cursor.r, p.cursor.c);
        }
      });
    }

    function draw(_full: boolean): void {
      const run = session.run;
      head.render();
      if (!run) {
        if (panes.length) buildPanes();
        controls.hidden = true;
        return;
      }
      controls.hidden = false;
      if (run.id !== runId) {
        runId = run.id;
        buildPanes();
      }
      filters();
      const ui = session.ui;
      scale.set([{ value: 'linear', label: 'linear' }, { value: 'log', label: 'log' }], ui.scale);
      cmap.set([{ value: 'viridis', label: 'viridis' }, { value: 'cividis', label: 'cividis' }], ui.colormap);
      const width = Math.max(160, redraw.width() - 4);
      const t = theme();
      for (const p of panes) {
        const a = session.attention(p.kind);
        if (!a) continue;
        p.layers = ui.layerFilter.length ? ui.layerFilter.filter((l) => l < a.layers) : range(a.layers);
        p.heads = ui.headFilter.length ? ui.headFilter.filter((h) => h < a.heads) : range(a.heads);
        p.cursor = { r: Math.min(p.cursor.r, p.layers.length - 1), c: Math.min(p.cursor.c, p.heads.length - 1) };
        // the thumbnails depend on these only: a redraw for another reason (the run event that
        // follows a render, a resize that kept the width) repaints just the overlay
        const key = [runId, p.layers.join(','), p.heads.join(','), width, ui.scale, ui.colormap, pixelRatio(), session.themeVersion, t.fg, t.font].join('|');
        if (key !== p.painted || a !== p.paintedFrom) {
          paintGrid(p, a, width, t);
          p.painted = key;
          p.paintedFrom = a;
        }
        drawOverlay(p, t);
      }
    }

    function paintGrid(p: Pane, a: WireAttention, width: number, t: Theme): void {
      const ui = session.ui;
      const g = gridLayout(p.layers.length, p.heads.length, width, { labelW: 28, labelH: 16, gap: 4, minThumb: 16, maxThumb: 140 });
      p.layout = g;
      const { ctx, dpr } = sizeCanvas(p.base, g.width, g.height);
      // Each thumbnail is painted once at its own resolution (max-pooled down when the cell
      // has fewer device pixels than the thumbnail has cells) into a small atlas; the canvas
      // scales it up to the cell, nearest-neighbour. A T=32 run at 140 px cells thus paints
      // 32 × 32 values per head in JS instead of 140 × 140 pixels.
      const rows = a.thumbRows;
      const cols = a.thumbCols;
      const size = rows * cols;
      const rects = p.layers.map((_, r) =>
        p.heads.map((_, c) => {
          const cell = gridCell(g, r, c);
          const x = Math.round(cell.x * dpr);
          const y = Math.round(cell.y * dpr);
          return { x, y, w: Math.round((cell.x + cell.w) * dpr) - x, h: Math.round((cell.y + cell.h) * dpr) - y };
        }),
      );
      let slotW = 0;
      let slotH = 0;
      for (const row of rects)
        for (const d of row) {
          slotW = Math.max(slotW, Math.min(cols, d.w));
          slotH = Math.max(slotH, Math.min(rows, d.h));
        }
      const atlas = makeTarget(slotW * p.heads.length, slotH * p.layers.length);
      const lut = getLut(ui.colormap);
      const sc = makeScale(ui.scale, 0, 1);
      p.layers.forEach((l, r) =>
        p.heads.forEach((h, c) => {
          const d = rects[r][c];
          const m = a.thumbs.subarray((l * a.heads + h) * size, (l * a.heads + h + 1) * size);
          paintMatrix(m, rows, cols, atlas, c * slotW, r * slotH, Math.min(cols, d.w), Math.min(rows, d.h), sc, lut);
        }),
      );
      const src = scratchCanvas(atlas.width, atlas.height);
      blit(src.getContext('2d')!, atlas, 0, 0);
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.imageSmoothingEnabled = false;
      p.layers.forEach((_, r) =>
        p.heads.forEach((_, c) => {
          const d = rects[r][c];
          ctx.drawImage(src, c * slotW, r * slotH, Math.min(cols, d.w), Math.min(rows, d.h), d.x, d.y, d.w, d.h);
        }),
      );
      ctx.restore();
      ctx.fillStyle = t.fg;
      ctx.font = `11px ${t.font}`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      p.layers.forEach((l, r) => ctx.fillText(`L${l}`, 2, gridCell(g, r, 0).y + g.thumb / 2));
      ctx.textAlign = 'center';
      p.heads.forEach((h, c) => ctx.fillText(`H${h}`, gridCell(g, 0, c).x + g.thumb / 2, 8));
      Object.assign(p.overlay.dataset, {
        layers: p.layers.join(','),
        heads: p.heads.join(','),
        thumb: String(g.thumb),
        gap: String(g.gap),
        labelW: String(g.labelW),
        labelH: String(g.labelH),
      });
    }

    function drawOverlay(p: Pane, t: Theme = theme()): void {
      const g = p.layout;
      const run = session.run;
      const a = session.attention(p.kind);
      if (!g || !run || !a) return;
      const hl = session.highlight;
      const qi = axisIndexOf(run, a.queryTokens, hl);
      const ki = axisIndexOf(run, a.keyTokens, hl);
      const focused = document.activeElement === p.overlay;
      if (qi < 0 && ki < 0 && !p.hover && !focused) return blankCanvas(p.overlay, g.width, g.height);
      const { ctx } = sizeCanvas(p.overlay, g.width, g.height);
      if (qi >= 0 || ki >= 0) {
        ctx.strokeStyle = t.highlight;
        ctx.lineWidth = 1;
        for (let r = 0; r < p.layers.length; r++)
          for (let c = 0; c < p.heads.length; c++) {
            const cell = gridCell(g, r, c);
            ctx.beginPath();
            if (qi >= 0) {
              const y = cell.y + ((qi + 0.5) * cell.h) / a.queries;
              ctx.moveTo(cell.x, y);
              ctx.lineTo(cell.x + cell.w, y);
            }
            if (ki >= 0) {
              const x = cell.x + ((ki + 0.5) * cell.w) / a.keys;
              ctx.moveTo(x, cell.y);
              ctx.lineTo(x, cell.y + cell.h);
            }
            ctx.stroke();
          }
      }
      const ring = (r: number, c: number, colour: string, w: number) => {
        const cell = gridCell(g, r, c);
        ctx.strokeStyle = colour;
        ctx.lineWidth = w;
        ctx.strokeRect(cell.x - 1.5, cell.y - 1.5, cell.w + 3, cell.h + 3);
      };
      if (p.hover) ring(p.hover.r, p.hover.c, t.fg, 1);
      if (focused) ring(p.cursor.r, p.cursor.c, t.focus, 2);
    }

    return {
      render(state: ViewState) {
        last = state;
        void last;
        draw(true);
      },
    };
  },
};

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

// Head tab: one attention matrix A = softmax(QKᵀ/√d_k) large, with token labels
// on both axes, the value under the cursor, row/column highlight, one head or
// the mean / max over heads, linear or log colour scale.
import type { AttentionKindId, HeadModeId, ViewState } from '../../src/protocol';
import { el } from '../dom';
import { aggregateHeads, type LayerBlock } from '../explorer/aggregate';
import { getLut, makeScale } from '../explorer/colormap';
import { blit, sizeCanvas, theme, truncate } from '../explorer/canvas';
import { heatLayout, hitHeat, thinLabels, type HeatLayout } from '../explorer/layout';
import { makeTarget, paintLegend, paintMatrix } from '../explorer/paint';
import { header, KIND_NAMES } from '../explorer/header';
import { session } from '../explorer/session';
import { wireRedraw } from '../explorer/redraw';
import { axisIndexOf, axisTokens, refOfAxis, tokenLabel } from '../explorer/tokens';
import { select } from '../explorer/ui';
import type { TabContext, TabView } from './types';

const MODES: { value: HeadModeId; label: string }[] = [
  { value: 'head', label: 'one head' },
  { value: 'mean', label: 'mean over heads' },
  { value: 'max', label: 'max over heads' },
];

export const headView: TabView = {
  id: 'head',
  title: 'Head',
  mount(container: HTMLElement, _ctx: TabContext) {
    const base = el('canvas', { className: 'xp-base', id: 'head-heatmap' });
    const overlay = el('canvas', {
      className: 'xp-overlay',
      id: 'head-overlay',
      attrs: { tabindex: '0', role: 'application', 'aria-roledescription': 'heat map', 'aria-label': 'attention heat map; arrow keys move the cell cursor, Enter focuses the key token' },
    });
    const legend = el('canvas', { id: 'head-legend', attrs: { 'aria-hidden': 'true' } });
    const hdr = header('head', () => [base, legend], () => {
      const u = session.ui;
      return `attention-${u.kind ?? ''}-L${u.layer}-${u.mode === 'head' ? `H${u.head}` : u.mode}`;
    });
    const kind = select<AttentionKindId>('Attention', (v) => session.setUi({ kind: v }), 'head-kind');
    const layer = select<string>('Layer ℓ', (v) => session.setUi({ layer: Number(v) }), 'head-layer');
    const headSel = select<string>('Head h', (v) => session.setUi({ head: Number(v) }), 'head-head');
    const mode = select<HeadModeId>('Heads', (v) => session.setUi({ mode: v }), 'head-mode');
    const scale = select<'linear' | 'log'>('Scale', (v) => session.setUi({ scale: v }), 'head-scale');
    const cmap = select<'viridis' | 'cividis'>('Colours', (v) => session.setUi({ colormap: v }), 'head-colormap');
    const controls = el('div', { className: 'xp-controls' }, [kind.el, layer.el, headSel.el, mode.el, scale.el, cmap.el]);
    const title = el('p', { className: 'formula', id: 'head-title' });
    const readout = el('p', { className: 'xp-readout', id: 'head-readout', attrs: { 'aria-live': 'polite' } });
    const status = el('p', { className: 'note', id: 'head-status' });
    const stack = el('div', { className: 'xp-stack' }, [base, overlay]);
    container.append(hdr.el, controls, title, hdr.strips, readout, status, stack, legend);

    let layout: HeatLayout | undefined;
    let matrix: Float32Array | undefined;
    let matrixKey = '';
    let hover: { row: number; col: number } | undefined;
    let cursor = { row: 0, col: 0 };
    const redraw = wireRedraw(container, { draw: () => draw(), overlay: () => drawOverlay(), mark: () => hdr.mark() });

    const current = () => {
      const run = session.run;
      const ui = session.ui;
      const a = session.attention(ui.kind) ?? run?.attention[0];
      return run && a ? { run, ui, a, layer: Math.min(ui.layer, a.layers - 1), head: Math.min(ui.head, a.heads - 1) } : undefined;
    };

    function getMatrix(): Float32Array | undefined {
      const c = current();
      if (!c) return undefined;
      const key = `${c.run.id}/${c.a.kind}/${c.layer}/${c.ui.mode}/${c.ui.mode === 'head' ? c.head : c.ui.headFilter.join(',')}`;
      if (key === matrixKey && matrix) return matrix;
      const block: LayerBlock | undefined = session.cachedLayer(c.a.kind, c.layer);
      if (!block) {
        status.textContent = `Loading layer ${c.layer} of ${KIND_NAMES[c.a.kind]}…`;
        session.layer(c.a.kind, c.layer).catch((e: unknown) => (status.textContent = `Could not load attention: ${String(e)}`));
        return undefined;
      }
      status.textContent = '';
      matrix = aggregateHeads(block, c.ui.mode, c.head, c.ui.headFilter);
      matrixKey = key;
      return matrix;
    }

    function draw(): void {
      hdr.render();
      const c = current();
      controls.hidden = !c;
      title.hidden = !c;
      stack.hidden = !c;
      legend.hidden = !c;
      if (!c) return;
      const { run, ui, a } = c;
      kind.set(run.attention.map((x) => ({ value: x.kind, label: KIND_NAMES[x.kind] })), a.kind);
      layer.set(Array.from({ length: a.layers }, (_, i) => ({ value: String(i), label: String(i) })), String(c.layer));
      headSel.set(Array.from({ length: a.heads }, (_, i) => ({ value: String(i), label: String(i) })), String(c.head));
      headSel.setDisabled(ui.mode !== 'head');
      mode.set(MODES, ui.mode);
      scale.set([{ value: 'linear', label: 'linear' }, { value: 'log', label: 'log' }], ui.scale);
      cmap.set([{ value: 'viridis', label: 'viridis' }, { value: 'cividis', label: 'cividis' }], ui.colormap);
      const dk = run.heads ? run.dModel / run.heads : run.dModel;
      const which = ui.mode === 'head' ? `head h=${c.head}` : ui.mode === 'mean' ? `mean over ${ui.headFilter.length || a.heads} heads` : `max over ${ui.headFilter.length || a.heads} heads`;
      title.textContent = `A = softmax(QKᵀ/√d_k), d_k = ${dk} — ${KIND_NAMES[a.kind]}, layer ℓ=${c.layer}, ${which} · rows: queries (${a.queryTokens}), columns: keys (${a.keyTokens})`;

      const m = getMatrix();
      const rowTokens = axisTokens(run, a.queryTokens);
      const colTokens = axisTokens(run, a.keyTokens);
      const width = Math.max(200, redraw.width() - 4);
      const height = Math.max(240, Math.min(window.innerHeight - 60, width + 90));
      const probe = base.getContext('2d')!;
      const t = theme();
      probe.font = `12px ${t.font}`;
      const longest = (tokens: readonly { piece: string; text: string; start: number; end: number; special?: boolean }[]) =>
        tokens.reduce((w, tok) => Math.max(w, probe.measureText(tokenLabel(tok, 14)).width), 0);
      const rowLabelW = Math.min(100, Math.ceil(longest(rowTokens)) + 10);
      const colLabelH = Math.min(90, Math.ceil(longest(colTokens)) + 10);
      layout = heatLayout(a.queries, a.keys, width, height, { rowLabelW, colLabelH, minLabelPx: 12, maxCell: 32 });
      const L = layout;
      const { ctx, dpr } = sizeCanvas(base, L.width, L.height);
      sizeCanvas(overlay, L.width, L.height);
      cursor = { row: Math.min(cursor.row, a.queries - 1), col: Math.min(cursor.col, a.keys - 1) };
      if (m) {
        const x0 = Math.round(L.plot.x * dpr);
        const y0 = Math.round(L.plot.y * dpr);
        const w = Math.max(1, Math.round((L.plot.x + L.plot.w) * dpr) - x0);
        const h = Math.max(1, Math.round((L.plot.y + L.plot.h) * dpr) - y0);
        const target = makeTarget(w, h);
        const t0 = performance.now();
        paintMatrix(m, a.queries, a.keys, target, 0, 0, w, h, makeScale(ui.scale, 0, 1), getLut(ui.colormap));
        blit(ctx, target, x0, y0);
        base.dataset.paintMs = (performance.now() - t0).toFixed(1);
      }
      // axis labels, thinned so they never overlap; the focused token's label always shows
      const hl = session.ui.focus;
      const fontPx = Math.max(9, Math.min(12, Math.floor(L.cellH) - 1));
      ctx.font = `${fontPx}px ${t.font}`;
      ctx.fillStyle = t.fg;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'right';
      for (const r of thinLabels(a.queries, L.rowStep, axisIndexOf(run, a.queryTokens, hl))) {
        ctx.fillText(truncate(tokenLabel(rowTokens[r] ?? { piece: '?', text: '?', start: -1, end: -1 }, 14), L.plot.x - 6, ctx), L.plot.x - 4, L.plot.y + (r + 0.5) * L.cellH);
      }
      ctx.textAlign = 'left';
      for (const k of thinLabels(a.keys, L.colStep, axisIndexOf(run, a.keyTokens, hl))) {
        ctx.save();
        ctx.translate(L.plot.x + (k + 0.5) * L.cellW, L.plot.y - 4);
        ctx.rotate(-Math.PI / 2);
        ctx.fillText(truncate(tokenLabel(colTokens[k] ?? { piece: '?', text: '?', start: -1, end: -1 }, 14), L.plot.y - 6, ctx), 0, 0);
        ctx.restore();
      }
      Object.assign(overlay.dataset, {
        kind: a.kind,
        layer: String(c.layer),
        head: String(c.head),
        mode: ui.mode,
        rows: String(a.queries),
        cols: String(a.keys),
        plotX: String(L.plot.x),
        plotY: String(L.plot.y),
        cell: String(L.cellW),
        rowLabels: JSON.stringify(rowTokens.map((x) => tokenLabel(x, 40))),
        colLabels: JSON.stringify(colTokens.map((x) => tokenLabel(x, 40))),
        ready: m ? 'true' : 'false',
      });
      drawLegend(ui.scale, ui.colormap, Math.min(L.width, 320));
      drawOverlay();
    }

    function drawLegend(mode: 'linear' | 'log', name: 'viridis' | 'cividis', width: number): void {
      const { ctx, dpr } = sizeCanvas(legend, width, 30);
      const barW = Math.round((width - 20) * dpr);
      const target = makeTarget(barW, Math.round(10 * dpr));
      paintLegend(target, 0, 0, barW, target.height, getLut(name));
      blit(ctx, target, Math.round(10 * dpr), 0);
      const t = theme();
      ctx.fillStyle = t.fg;
      ctx.font = `10px ${t.font}`;
      ctx.textBaseline = 'top';
      const sc = makeScale(mode, 0, 1);
      const ticks = mode === 'log' ? [0, 0.25, 0.5, 0.75, 1] : [0, 0.5, 1];
      for (const tk of ticks) {
        const v = sc.valueAt(tk);
        ctx.textAlign = tk === 0 ? 'left' : tk === 1 ? 'right' : 'center';
        ctx.fillText(mode === 'log' ? `1e${Math.round(Math.log10(v))}` : v.toFixed(1), 10 + tk * (width - 20), 13);
      }
    }

    function drawOverlay(): void {
      const c = current();
      const L = layout;
      if (!c || !L) return;
      const { ctx } = sizeCanvas(overlay, L.width, L.height);
      const t = theme();
      const hl = session.highlight;
      const qi = axisIndexOf(c.run, c.a.queryTokens, hl);
      const ki = axisIndexOf(c.run, c.a.keyTokens, hl);
      const minBand = Math.max(L.cellH, 2);
      ctx.strokeStyle = t.highlight;
      ctx.lineWidth = 1.5;
      if (qi >= 0) ctx.strokeRect(L.plot.x - 0.5, L.plot.y + qi * L.cellH - 0.5, L.plot.w + 1, minBand + 1);
      if (ki >= 0) ctx.strokeRect(L.plot.x + ki * L.cellW - 0.5, L.plot.y - 0.5, Math.max(L.cellW, 2) + 1, L.plot.h + 1);
      const cell = hover ?? (document.activeElement === overlay ? cursor : undefined);
      if (cell) {
        ctx.strokeStyle = t.fg;
        ctx.lineWidth = 1;
        ctx.setLineDash([3, 3]);
        ctx.strokeRect(L.plot.x, L.plot.y + cell.row * L.cellH, L.plot.w, L.cellH);
        ctx.strokeRect(L.plot.x + cell.col * L.cellW, L.plot.y, L.cellW, L.plot.h);
        ctx.setLineDash([]);
      }
      if (document.activeElement === overlay) {
        ctx.strokeStyle = t.focus;
        ctx.lineWidth = 2;
        ctx.strokeRect(L.plot.x + cursor.col * L.cellW - 1, L.plot.y + cursor.row * L.cellH - 1, Math.max(L.cellW, 3) + 2, Math.max(L.cellH, 3) + 2);
      }
      if (cell) describeCell(cell.row, cell.col);
    }

    function describeCell(row: number, col: number): void {
      const c = current();
      if (!c || !matrix) return;
      const q = axisTokens(c.run, c.a.queryTokens)[row];
      const k = axisTokens(c.run, c.a.keyTokens)[col];
      const v = matrix[row * c.a.keys + col];
      const text = `A[q=${row} “${q ? tokenLabel(q, 24) : '?'}”, k=${col} “${k ? tokenLabel(k, 24) : '?'}”] = ${v === undefined ? '?' : v.toPrecision(4)}`;
      readout.textContent = text;
      overlay.setAttribute('aria-label', `${text}. Arrow keys move, Enter focuses the key token.`);
    }

    const pos = (e: MouseEvent) => {
      const r = overlay.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    /** The token whose label is under (x, y), if any. */
    const labelAt = (x: number, y: number) => {
      const c = current();
      const L = layout;
      if (!c || !L) return undefined;
      if (x < L.plot.x && y >= L.plot.y && y < L.plot.y + L.plot.h) return refOfAxis(c.run, c.a.queryTokens, Math.floor((y - L.plot.y) / L.cellH));
      if (y < L.plot.y && x >= L.plot.x && x < L.plot.x + L.plot.w) return refOfAxis(c.run, c.a.keyTokens, Math.floor((x - L.plot.x) / L.cellW));
      return undefined;
    };
    overlay.addEventListener('pointermove', (e) => {
      const { x, y } = pos(e);
      const hit = layout ? hitHeat(layout, x, y) : null;
      const label = labelAt(x, y);
      session.setHover(label);
      overlay.style.cursor = hit || label ? 'pointer' : '';
      if (hit?.row !== hover?.row || hit?.col !== hover?.col) {
        hover = hit ?? undefined;
        drawOverlay();
      }
    });
    overlay.addEventListener('pointerleave', () => {
      hover = undefined;
      session.setHover(undefined);
      drawOverlay();
    });
    overlay.addEventListener('click', (e) => {
      const { x, y } = pos(e);
      const c = current();
      const hit = layout ? hitHeat(layout, x, y) : null;
      const ref = hit && c ? refOfAxis(c.run, c.a.keyTokens, hit.col) : labelAt(x, y);
      if (hit) cursor = hit;
      if (ref) session.focus(ref, true);
    });
    overlay.addEventListener('focus', () => drawOverlay());
    overlay.addEventListener('blur', () => drawOverlay());
    overlay.addEventListener('keydown', (e) => {
      const c = current();
      if (!c) return;
      const step = e.shiftKey ? 10 : 1;
      const moves: Record<string, [number, number]> = {
        ArrowUp: [-step, 0], ArrowDown: [step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step],
      };
      if (e.key in moves) {
        e.preventDefault();
        const [dr, dc] = moves[e.key];
        cursor = { row: Math.max(0, Math.min(c.a.queries - 1, cursor.row + dr)), col: Math.max(0, Math.min(c.a.keys - 1, cursor.col + dc)) };
        drawOverlay();
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        const ref = refOfAxis(c.run, c.a.keyTokens, cursor.col);
        if (ref) session.focus(ref, true);
      }
    });

    return {
      render(_state: ViewState) {
        draw();
      },
    };
  },
};

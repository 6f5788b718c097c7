// Steps tab: for every generated step the top-k next-token candidates as bars
// (chosen token marked, entropy in nats); the selected step shows its query
// row of A for every layer and head of each decoder-side attention kind.
import type { ViewState, WireAttention, WireStep } from '../../src/protocol';
import { el } from '../dom';
import { getLut, makeScale } from '../explorer/colormap';
import { blit, sizeCanvas, theme, truncate } from '../explorer/canvas';
import { labelStep, thinLabels } from '../explorer/layout';
import { makeTarget, paintMatrix } from '../explorer/paint';
import { header, KIND_NAMES } from '../explorer/header';
import { session } from '../explorer/session';
import { wireRedraw } from '../explorer/redraw';
import { axisIndexOf, axisTokens, refOfAxis, stepQuery, tokenLabel } from '../explorer/tokens';
import type { TabContext, TabView } from './types';

interface RowPane {
  kind: WireAttention['kind'];
  canvas: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  geo?: { x: number; y: number; cellW: number; rowH: number; rows: number; cols: number };
}

export const stepsView: TabView = {
  id: 'steps',
  title: 'Steps',
  mount(container: HTMLElement, _ctx: TabContext) {
    const rowPanes: RowPane[] = [];
    const hdr = header('steps', () => rowPanes.map((p) => p.canvas), () => `step-${session.ui.step}-${session.run?.id ?? 'run'}`);
    const summaryLine = el('p', { className: 'note', id: 'steps-summary' });
    const list = el('div', { className: 'steps-list', id: 'steps-list', attrs: { role: 'listbox', 'aria-label': 'Generated steps: top-k next-token candidates', tabindex: '0' } });
    const detailTitle = el('h3', { id: 'steps-detail-title' });
    const status = el('p', { className: 'note' });
    const readout = el('p', { className: 'xp-readout', id: 'steps-readout', attrs: { 'aria-live': 'polite' } });
    const detail = el('div', { className: 'steps-detail', id: 'steps-detail' });
    const split = el('div', { className: 'steps-split' }, [list, el('div', { className: 'steps-right' }, [detailTitle, status, readout, detail])]);
    container.append(hdr.el, hdr.strips, summaryLine, split);
    let runId = '';
    let items: HTMLElement[] = [];
    let selected = -1;
    wireRedraw(container, { draw: () => draw(), overlay: () => rowPanes.forEach(drawOverlay), mark: () => hdr.mark() });

    list.addEventListener('click', (e) => {
      const item = (e.target as HTMLElement).closest('[data-step]') as HTMLElement | null;
      if (item) session.setUi({ step: Number(item.dataset.step) });
    });
    list.addEventListener('keydown', (e) => {
      const n = items.length;
      const moves: Record<string, number> = { ArrowDown: selected + 1, ArrowUp: selected - 1, Home: 0, End: n - 1, PageDown: selected + 10, PageUp: selected - 10 };
      if (e.key in moves && n) {
        e.preventDefault();
        session.setUi({ step: Math.max(0, Math.min(n - 1, moves[e.key])) });
      }
    });

    function stepItem(s: WireStep, i: number, outputLabel: string): HTMLElement {
      const chosenInTop = s.topK.some((c) => c.id === s.chosen.id);
      const cands = chosenInTop ? s.topK : [...s.topK, s.chosen];
      const head = el('div', { className: 'step-head' }, [
        el('span', { className: 'step-t', text: `t=${i}` }),
        el('span', { className: 'step-chosen', text: `→ ${outputLabel}` }),
        el('span', { className: 'step-meta', text: `p=${s.chosen.prob.toFixed(3)} · rank ${s.chosen.rank + 1} · H=${s.entropy.toFixed(2)} nats` }),
      ]);
      const bars = el('div', { className: 'bars' });
      const max = Math.max(...cands.map((c) => c.prob), 1e-9);
      for (const c of cands) {
        const chosen = c.id === s.chosen.id;
        const fill = el('span', { className: 'bar-fill' });
        fill.style.width = `${Math.max(0.5, (100 * c.prob) / max)}%`;
        bars.append(
          el('div', { className: chosen ? 'bar chosen' : 'bar', attrs: { 'data-token-id': String(c.id) } }, [
            el('span', { className: 'bar-label', text: `${chosen ? '✓ ' : ''}${tokenLabel({ piece: c.piece, text: c.text, start: 0, end: 0 }, 18)}` }),
            el('span', { className: 'bar-track' }, [fill]),
            el('span', { className: 'bar-p', text: (100 * c.prob).toFixed(1) + '%' }),
          ]),
        );
      }
      const item = el('div', {
        className: 'step',
        attrs: { role: 'option', 'data-step': String(i), 'aria-selected': 'false', 'aria-label': `step ${i}: chose ${outputLabel} with probability ${s.chosen.prob.toFixed(3)}, entropy ${s.entropy.toFixed(2)} nats` },
      }, [head, bars]);
      return item;
    }

    function buildList(): void {
      const run = session.run!;
      items = run.steps.map((s, i) => stepItem(s, i, run.outputTokens[i] ? tokenLabel(run.outputTokens[i], 20) : '?'));
      list.replaceChildren(...items);
      const meanH = run.steps.reduce((a, s) => a + s.entropy, 0) / Math.max(1, run.steps.length);
      summaryLine.textContent = `${run.steps.length} generated steps · top-${run.steps[0]?.topK.length ?? 0} candidates each · mean entropy ${meanH.toFixed(2)} nats`;
      selected = -1;
      rowPanes.length = 0;
      detail.replaceChildren();
      for (const a of run.attention) {
        if (a.queryTokens === 'source') continue; // encoder rows are not per step
        const canvas = el('canvas', { className: 'xp-base', attrs: { 'data-kind': a.kind } });
        const overlay = el('canvas', { className: 'xp-overlay', attrs: { 'data-kind': a.kind, 'aria-hidden': 'true' } });
        detail.append(el('h3', { text: KIND_NAMES[a.kind] }), el('div', { className: 'xp-stack' }, [canvas, overlay]));
        const pane: RowPane = { kind: a.kind, canvas, overlay };
        rowPanes.push(pane);
        overlay.addEventListener('pointermove', (e) => hoverRow(pane, e));
        overlay.addEventListener('pointerleave', () => session.setHover(undefined));
        overlay.addEventListener('click', (e) => {
          const hit = hitRow(pane, e);
          const ref = hit && refOfAxis(session.run!, session.attention(pane.kind)!.keyTokens, hit.col);
          if (ref) session.focus(ref, true);
        });
      }
    }

    function hitRow(p: RowPane, e: MouseEvent) {
      const g = p.geo;
      if (!g) return null;
      const r = p.overlay.getBoundingClientRect();
      const x = e.clientX - r.left - g.x;
      const y = e.clientY - r.top - g.y;
      if (x < 0 || y < 0 || x >= g.cellW * g.cols || y >= g.rowH * g.rows) return null;
      return { row: Math.floor(y / g.rowH), col: Math.floor(x / g.cellW) };
    }

    function hoverRow(p: RowPane, e: MouseEvent): void {
      const hit = hitRow(p, e);
      const run = session.run;
      const a = session.attention(p.kind);
      if (!hit || !run || !a) return;
      const layer = Math.floor(hit.row / a.heads);
      const head = hit.row % a.heads;
      const rows = session.rows(p.kind, layer, stepQuery(run, session.ui.step));
      const v = rows ? rows[head * a.keys + hit.col] : undefined;
      const key = axisTokens(run, a.keyTokens)[hit.col];
      readout.textContent = `${KIND_NAMES[p.kind]} ℓ=${layer} h=${head}: step ${session.ui.step} attends to k=${hit.col} “${key ? tokenLabel(key, 24) : '?'}” with ${v === undefined ? '?' : v.toPrecision(4)}`;
      session.setHover(refOfAxis(run, a.keyTokens, hit.col));
    }

    function draw(): void {
      hdr.render();
      const run = session.run;
      split.hidden = !run;
      summaryLine.hidden = !run;
      if (!run) return;
      if (run.id !== runId) {
        runId = run.id;
        buildList();
      }
      const step = Math.min(session.ui.step, run.steps.length - 1);
      if (step !== selected) {
        items[selected]?.setAttribute('aria-selected', 'false');
        items[selected]?.classList.remove('selected');
        selected = step;
        if (items[step]) {
          items[step].setAttribute('aria-selected', 'true');
          items[step].classList.add('selected');
          list.setAttribute('aria-activedescendant', (items[step].id ||= `step-item-${step}`));
          items[step].scrollIntoView?.({ block: 'nearest' });
        }
      }
      if (step < 0) {
        detailTitle.textContent = 'No generated steps.';
        return;
      }
      const out = run.outputTokens[step];
      detailTitle.textContent = `Step t=${step} → “${out ? tokenLabel(out, 24) : '?'}”: row q=${stepQuery(run, step)} of A for every layer ℓ and head h`;
      let missing = 0;
      const width = Math.max(200, (detail.clientWidth || container.clientWidth) - 4);
      for (const p of rowPanes) {
        const a = session.attention(p.kind)!;
        const q = stepQuery(run, step);
        const perLayer = Array.from({ length: a.layers }, (_, l) => session.rows(p.kind, l, q));
        if (perLayer.some((r) => !r)) {
          missing++;
          continue;
        }
        const m = new Float32Array(a.layers * a.heads * a.keys);
        perLayer.forEach((r, l) => m.set(r!, l * a.heads * a.keys));
        paintRows(p, a, m, width);
      }
      status.textContent = missing ? 'Loading attention…' : '';
      rowPanes.forEach(drawOverlay);
    }

    function paintRows(p: RowPane, a: WireAttention, m: Float32Array, width: number): void {
      const run = session.run!;
      const ui = session.ui;
      const t = theme();
      const labelW = 52;
      const labelH = 60;
      const rows = a.layers * a.heads;
      const cellW = Math.max(0.25, Math.min(28, (width - labelW - 4) / a.keys));
      const rowH = Math.max(4, Math.min(16, 320 / rows));
      const w = Math.ceil(labelW + cellW * a.keys + 4);
      const h = Math.ceil(labelH + rowH * rows + 2);
      const { ctx, dpr } = sizeCanvas(p.canvas, w, h);
      sizeCanvas(p.overlay, w, h);
      p.geo = { x: labelW, y: labelH, cellW, rowH, rows, cols: a.keys };
      const x0 = Math.round(labelW * dpr);
      const y0 = Math.round(labelH * dpr);
      const target = makeTarget(Math.max(1, Math.round((labelW + cellW * a.keys) * dpr) - x0), Math.max(1, Math.round((labelH + rowH * rows) * dpr) - y0));
      paintMatrix(m, rows, a.keys, target, 0, 0, target.width, target.height, makeScale(ui.scale, 0, 1), getLut(ui.colormap));
      blit(ctx, target, x0, y0);
      ctx.fillStyle = t.fg;
      ctx.font = `${Math.min(11, Math.max(8, rowH - 1))}px ${t.font}`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'right';
      const rstep = labelStep(rowH, 10);
      for (let r = 0; r < rows; r += rstep) ctx.fillText(`L${Math.floor(r / a.heads)} H${r % a.heads}`, labelW - 4, labelH + (r + 0.5) * rowH);
      ctx.strokeStyle = t.muted;
      ctx.globalAlpha = 0.6;
      for (let l = 1; l < a.layers; l++) {
        ctx.beginPath();
        ctx.moveTo(labelW, labelH + l * a.heads * rowH);
        ctx.lineTo(labelW + cellW * a.keys, labelH + l * a.heads * rowH);
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      const keys = axisTokens(run, a.keyTokens);
      ctx.textAlign = 'left';
      ctx.font = `11px ${t.font}`;
      for (const k of thinLabels(a.keys, labelStep(cellW, 12))) {
        ctx.save();
        ctx.translate(labelW + (k + 0.5) * cellW, labelH - 4);
        ctx.rotate(-Math.PI / 2);
        ctx.fillText(truncate(tokenLabel(keys[k], 12), labelH - 6, ctx), 0, 0);
        ctx.restore();
      }
      p.canvas.dataset.rows = String(rows);
      p.canvas.dataset.cols = String(a.keys);
      p.canvas.dataset.step = String(ui.step);
    }

    function drawOverlay(p: RowPane): void {
      const g = p.geo;
      const run = session.run;
      const a = session.attention(p.kind);
      if (!g || !run || !a) return;
      const { ctx } = sizeCanvas(p.overlay, Math.ceil(g.x + g.cellW * g.cols + 4), Math.ceil(g.y + g.rowH * g.rows + 2));
      const ki = axisIndexOf(run, a.keyTokens, session.highlight);
      if (ki < 0) return;
      ctx.strokeStyle = theme().highlight;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(g.x + ki * g.cellW - 0.5, g.y - 0.5, Math.max(g.cellW, 2) + 1, g.rowH * g.rows + 1);
    }

    return {
      render(_state: ViewState) {
        draw();
      },
    };
  },
};

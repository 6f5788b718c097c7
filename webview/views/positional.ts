// Positional encodings tab: inputs (text, d, n), formula, heat map, table, curves, P·Pᵀ.
import { checkPositionalParams, positionalMatrix, similarity, LIMITS } from '../../src/core/positional';
import { whitespaceTokens } from '../../src/core/whitespaceTokens';
import type { ViewState } from '../../src/protocol';
import { el } from '../dom';
import { parseNumberField } from '../state';
import { absMax } from '../render/colormap';
import { drawHeatmap } from '../render/heatmap';
import { drawCurves } from '../render/curves';
import { renderTable, MAX_TABLE_COLS } from '../render/table';
import { PALETTE } from '../render/colormap';
import { frameThrottle } from '../explorer/canvas';
import { watchTheme } from '../explorer/redraw';
import { session } from '../explorer/session';
import type { TabContext, TabView } from './types';

const MAX_CURVES = 6;

export const positionalView: TabView = {
  id: 'positional',
  title: 'Positional encodings',
  mount(container: HTMLElement, ctx: TabContext) {
    const text = el('textarea', { id: 'pe-text', attrs: { rows: '2', placeholder: 'Text (split on whitespace)', 'aria-label': 'text' } });
    const d = el('input', { id: 'pe-d', attrs: { type: 'number', min: '1', max: String(LIMITS.maxD), step: '1', 'aria-label': 'd' } });
    const n = el('input', { id: 'pe-n', attrs: { type: 'number', min: '1', step: 'any', 'aria-label': 'n' } });
    const useSel = el('button', { id: 'pe-use-selection', text: 'Use editor selection', attrs: { type: 'button' } });
    const error = el('p', { id: 'pe-error', className: 'error', attrs: { role: 'alert' } });
    const formula = el('div', { id: 'pe-formula', className: 'formula' });
    const heatmap = el('canvas', { id: 'pe-heatmap', attrs: { 'aria-label': 'heat map of P' } });
    const table = el('table', { id: 'pe-table', className: 'matrix' });
    const tableNote = el('p', { className: 'note' });
    const curves = el('canvas', { id: 'pe-curves', attrs: { 'aria-label': 'per-dimension curves' } });
    const legend = el('ul', { id: 'pe-legend', className: 'legend' });
    const sim = el('canvas', { id: 'pe-similarity', attrs: { 'aria-label': 'similarity P times P transposed' } });
    const results = el('div', { id: 'pe-results' }, [
      formula,
      el('h3', { text: 'P (T × d) heat map' }),
      heatmap,
      el('h3', { text: 'P values' }),
      el('div', { className: 'scroll' }, [table]),
      tableNote,
      el('h3', { text: 'Per-dimension curves P[k, j]' }),
      curves,
      legend,
      el('h3', { text: 'Similarity P·Pᵀ' }),
      sim,
    ]);
    container.append(
      el('div', { className: 'inputs' }, [
        el('label', { className: 'wide' }, ['Text ', text]),
        el('label', {}, ['d ', d]),
        el('label', {}, ['n ', n]),
        useSel,
      ]),
      error,
      results,
    );

    // d and n are read as typed; a bad value shows a message and keeps the last good drawing out of view.
    const onInput = () => {
      const dv = parseNumberField('d', d.value);
      const nv = parseNumberField('n', n.value);
      if (typeof dv === 'string' || typeof nv === 'string') return showError(typeof dv === 'string' ? dv : (nv as string));
      ctx.update((s) => ({ ...s, positional: { text: text.value, d: dv, n: nv } }));
    };
    text.addEventListener('input', onInput);
    d.addEventListener('input', onInput);
    n.addEventListener('input', onInput);
    useSel.addEventListener('click', () => {
      ctx.request('getSelection').then(
        (r) => ctx.update((s) => ({ ...s, positional: { ...s.positional, text: r.text } })),
        (e: unknown) => showError(e instanceof Error ? e.message : String(e)),
      );
    });

    function showError(message: string): void {
      error.textContent = message;
      error.hidden = false;
      results.hidden = true;
    }

    // a colour theme switch repaints the canvases (label and curve colours come from the theme);
    // a hidden tab repaints when it is shown anyway
    let last: ViewState | undefined;
    const repaint = frameThrottle(() => last && !container.hidden && view.render(last));
    watchTheme();
    session.subscribe((why) => why === 'theme' && repaint());

    const view = {
      render(state: ViewState) {
        last = state;
        const p = state.positional;
        // Only overwrite fields whose value differs, so typing is not disturbed.
        if (text.value !== p.text) text.value = p.text;
        if (Number(d.value) !== p.d) d.value = String(p.d);
        if (Number(n.value) !== p.n) n.value = String(p.n);
        const tokens = whitespaceTokens(p.text).map((t) => t.text);
        const problem =
          checkPositionalParams(p) ??
          (tokens.length === 0 ? 'Type some text, or select text in the editor and run "Attention Lens: Show Positional Encodings".' : undefined) ??
          (tokens.length > LIMITS.maxT ? `Too many words (${tokens.length}); at most ${LIMITS.maxT}.` : undefined);
        if (problem) return showError(problem);
        error.hidden = true;
        results.hidden = false;
        const T = tokens.length;
        const P = positionalMatrix(T, p);
        const width = Math.max(160, container.clientWidth - 8);
        formula.replaceChildren(
          el('div', {}, ['P[k, 2i] = sin(k / n', el('sup', { text: '2i/d' }), ')']),
          el('div', {}, ['P[k, 2i+1] = cos(k / n', el('sup', { text: '2i/d' }), ')']),
          el('div', { id: 'pe-params', className: 'params', text: `d = ${p.d}, n = ${p.n}, T = ${T} tokens (k = 0…${T - 1}), i = 0…${Math.ceil(p.d / 2) - 1}` }),
        );
        drawHeatmap(heatmap, P, { rowLabels: tokens, limit: 1, maxWidth: width });
        renderTable(table, P, tokens);
        tableNote.textContent = p.d > MAX_TABLE_COLS ? `Showing the first ${MAX_TABLE_COLS} of ${p.d} dimensions; the heat map shows all.` : '';
        const dims = Array.from({ length: Math.min(MAX_CURVES, p.d) }, (_, j) => j);
        drawCurves(curves, T, p, dims, width);
        legend.replaceChildren(
          ...dims.map((j, idx) => {
            const swatch = el('span', { className: 'swatch' });
            swatch.style.backgroundColor = PALETTE[idx % PALETTE.length];
            return el('li', {}, [swatch, `j = ${j} (${j % 2 ? 'cos' : 'sin'}, i = ${Math.floor(j / 2)})`]);
          }),
        );
        const S = similarity(P);
        drawHeatmap(sim, S, { rowLabels: tokens, limit: absMax(S.data), maxWidth: Math.min(width, 70 + 22 * T) });
      },
    };
    return view;
  },
};

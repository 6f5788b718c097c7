// The numeric T×d table (two decimals), limited to the first columns for wide d.
import { fmt2, type Matrix } from '../../src/core/positional';
import { el } from '../dom';

export const MAX_TABLE_COLS = 32;

export function renderTable(table: HTMLTableElement, m: Matrix, tokens: string[]): void {
  const cols = Math.min(m.cols, MAX_TABLE_COLS);
  const head = el('tr', {}, [el('th', { text: 'k' }), el('th', { text: 'token' })]);
  for (let j = 0; j < cols; j++) head.append(el('th', { text: String(j), attrs: { title: `${j % 2 ? 'cos' : 'sin'}, i = ${Math.floor(j / 2)}` } }));
  const body = tokens.map((t, k) => {
    const tr = el('tr', { attrs: { 'data-k': String(k) } }, [el('td', { text: String(k) }), el('th', { text: t, className: 'token' })]);
    for (let j = 0; j < cols; j++) tr.append(el('td', { text: fmt2(m.data[k * m.cols + j]), className: 'num' }));
    return tr;
  });
  table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, body));
  table.dataset.truncated = String(cols < m.cols);
}

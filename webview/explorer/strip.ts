// Token strips for the input and the output: one focusable list per side
// (roving tabindex, arrows/Home/End to move, Enter/Space to focus the token).
// Hover or keyboard focus highlights the token everywhere; click/Enter also
// selects its range in the editor.
import type { WireToken } from '../../src/protocol';
import { session } from './session';
import { sameRef, tokenLabel, type TokenList, type TokenRef } from './tokens';

export interface Strip {
  el: HTMLElement;
  render(tokens: readonly WireToken[]): void;
  /** Re-apply highlight classes after hover / focus changed. */
  mark(): void;
}

export function tokenStrip(list: TokenList, label: string): Strip {
  const el = document.createElement('div');
  el.className = 'strip';
  const caption = document.createElement('span');
  caption.className = 'strip-caption';
  caption.textContent = label;
  const box = document.createElement('div');
  box.className = 'strip-tokens';
  box.setAttribute('role', 'listbox');
  box.setAttribute('aria-label', `${label} tokens`);
  box.setAttribute('aria-orientation', 'horizontal');
  box.dataset.list = list;
  el.append(caption, box);
  let items: HTMLElement[] = [];
  let active = 0;
  let marked: HTMLElement[] = [];

  const ref = (i: number): TokenRef => ({ list, index: i });
  const indexOf = (t: EventTarget | null): number => {
    const e = (t as HTMLElement | null)?.closest?.('[data-index]') as HTMLElement | null;
    return e ? Number(e.dataset.index) : -1;
  };
  const move = (i: number, focus = true) => {
    if (!items.length) return;
    i = Math.max(0, Math.min(items.length - 1, i));
    items[active]?.setAttribute('tabindex', '-1');
    active = i;
    items[i].setAttribute('tabindex', '0');
    if (focus) items[i].focus();
  };

  box.addEventListener('pointerover', (e) => {
    const i = indexOf(e.target);
    if (i >= 0) session.setHover(ref(i));
  });
  box.addEventListener('pointerleave', () => session.setHover(undefined));
  box.addEventListener('click', (e) => {
    const i = indexOf(e.target);
    if (i < 0) return;
    move(i, false);
    session.focus(ref(i), true);
  });
  box.addEventListener('focusin', (e) => {
    const i = indexOf(e.target);
    if (i >= 0) session.setHover(ref(i));
  });
  box.addEventListener('focusout', () => session.setHover(undefined));
  box.addEventListener('keydown', (e) => {
    const keys: Record<string, number> = { ArrowRight: active + 1, ArrowLeft: active - 1, Home: 0, End: items.length - 1, ArrowDown: active + 1, ArrowUp: active - 1 };
    if (e.key in keys) {
      e.preventDefault();
      move(keys[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      session.focus(ref(active), true);
    }
  });

  return {
    el,
    render(tokens) {
      const frag = document.createDocumentFragment();
      items = tokens.map((t, i) => {
        const s = document.createElement('span');
        s.className = t.special ? 'tok special' : 'tok';
        s.textContent = tokenLabel(t, 24);
        s.dataset.index = String(i);
        s.setAttribute('role', 'option');
        s.setAttribute('tabindex', i === 0 ? '0' : '-1');
        s.setAttribute('aria-label', `${label} token ${i + 1} of ${tokens.length}: ${t.special ? t.piece : t.text || t.piece}`);
        s.title = `${t.piece}  (id ${t.id}${t.start >= 0 ? `, chars ${t.start}–${t.end}` : ''})`;
        frag.append(s);
        return s;
      });
      active = 0;
      marked = [];
      box.replaceChildren(frag);
      el.hidden = tokens.length === 0;
      this.mark();
    },
    mark() {
      for (const m of marked) m.classList.remove('hl', 'focused');
      marked = [];
      const hl = session.highlight;
      const focus = session.ui.focus;
      if (hl?.list === list && items[hl.index]) {
        items[hl.index].classList.add('hl');
        marked.push(items[hl.index]);
      }
      if (focus?.list === list && items[focus.index]) {
        const f = items[focus.index];
        f.classList.add('focused');
        f.setAttribute('aria-selected', 'true');
        marked.push(f);
        if (!sameRef(focus, hl) || document.activeElement !== f) f.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
      }
      for (const it of items) if (it.getAttribute('aria-selected') === 'true' && !(focus?.list === list && items[focus.index] === it)) it.removeAttribute('aria-selected');
    },
  };
}

// The explorer's only door to a component library. Views call button(),
// select(), checkbox() and never name a custom element, so that the archived
// @vscode/webview-ui-toolkit can be swapped for @vscode-elements/elements (or
// plain HTML: set KIT = 'native') by editing this file alone.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption } from '@vscode/webview-ui-toolkit';

type Kit = 'toolkit' | 'native';
const KIT: Kit = 'toolkit';

let registered = false;
function ensure(): void {
  if (registered || KIT !== 'toolkit') return;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption());
  registered = true;
}

export interface ButtonOptions {
  id?: string;
  title?: string;
  secondary?: boolean;
}

export function button(label: string, onClick: () => void, o: ButtonOptions = {}): HTMLElement {
  ensure();
  const b = document.createElement(KIT === 'toolkit' ? 'vscode-button' : 'button');
  b.textContent = label;
  if (KIT === 'native') b.setAttribute('type', 'button');
  if (o.secondary) b.setAttribute('appearance', 'secondary');
  if (o.id) b.id = o.id;
  if (o.title) {
    b.title = o.title;
    b.setAttribute('aria-label', o.title);
  }
  b.addEventListener('click', onClick);
  return b;
}

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export interface Select<T extends string> {
  el: HTMLElement;
  /** Replace the options and the current value (no change event). */
  set(options: readonly Choice<T>[], value: T): void;
  setDisabled(disabled: boolean): void;
}

/** A labelled drop-down. `onChange` fires on user changes only. */
export function select<T extends string>(label: string, onChange: (value: T) => void, id?: string): Select<T> {
  ensure();
  const wrap = document.createElement('label');
  wrap.className = 'ui-select';
  const caption = document.createElement('span');
  caption.textContent = label;
  const box = document.createElement(KIT === 'toolkit' ? 'vscode-dropdown' : 'select') as HTMLElement & { value: string; disabled: boolean };
  if (id) box.id = id;
  box.setAttribute('aria-label', label);
  wrap.append(caption, box);
  let current = '';
  let key = '';
  let silent = false;
  let settling = false;
  box.addEventListener('change', () => {
    if (silent || box.value === current) return;
    current = box.value;
    onChange(box.value as T);
  });
  return {
    el: wrap,
    set(options, value) {
      const k = options.map((o) => `${o.value}\u0000${o.label}`).join('\u0001');
      const fresh = k !== key;
      // same options, value shown and nothing pending: nothing to do
      if (!fresh && !settling && value === current && box.value === value) return;
      silent = true;
      if (fresh) {
        key = k;
        box.replaceChildren(
          ...options.map((o) => {
            const opt = document.createElement(KIT === 'toolkit' ? 'vscode-option' : 'option') as HTMLElement & { value: string };
            opt.setAttribute('value', o.value);
            opt.textContent = o.label;
            return opt;
          }),
        );
      }
      current = value;
      box.value = value;
      // options unchanged and the value taken at once: user changes count again right away
      if (!fresh && !settling && box.value === value) {
        silent = false;
        return;
      }
      // the web component applies a value only once its options are upgraded: until the
      // next frame, re-apply it then and ignore the change events of that settling
      if (settling) return;
      settling = true;
      requestAnimationFrame(() => {
        settling = false;
        if (box.value !== current) box.value = current;
        silent = false;
      });
    },
    setDisabled(disabled) {
      box.disabled = disabled;
    },
  };
}

export interface Checkbox {
  el: HTMLElement;
  set(checked: boolean): void;
}

export function checkbox(label: string, onChange: (checked: boolean) => void, id?: string): Checkbox {
  ensure();
  if (KIT === 'toolkit') {
    const c = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
    c.textContent = label;
    if (id) c.id = id;
    let silent = false;
    c.addEventListener('change', () => {
      if (!silent) onChange(c.checked);
    });
    return {
      el: c,
      set(checked) {
        if (c.checked === checked) return;
        silent = true;
        c.checked = checked;
        silent = false;
      },
    };
  }
  const wrap = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'checkbox';
  if (id) input.id = id;
  input.addEventListener('change', () => onChange(input.checked));
  wrap.append(input, ` ${label}`);
  return { el: wrap, set: (checked) => void (input.checked = checked) };
}

// Webview entry: tab bar, state restore, ready handshake, message routing.
import { describeRejected, parseHostMessage, type ViewState } from '../src/protocol';
import { vscode } from './vscodeApi';
import { restoreState } from './state';
import { Requests } from './requests';
import { VIEWS } from './views';
import { el } from './dom';
import { session as explorerSession } from './explorer/session';

let state: ViewState = restoreState(vscode.getState());
const requests = new Requests((m) => vscode.postMessage(m));

const app = document.getElementById('app') ?? document.body;
const tabBar = el('div', { className: 'tabs', attrs: { role: 'tablist' } });
const panels = el('div', { className: 'panels' });
app.replaceChildren(tabBar, panels);

const ctx = {
  update(change: (s: ViewState) => ViewState) {
    setState(change(state), true);
  },
  request: (method: 'getSelection') => requests.send(method),
};
explorerSession.connect((m) => vscode.postMessage(m), ctx.update);
explorerSession.setViewState(state);

const mounted = VIEWS.map((view) => {
  const button = el('button', { className: 'tab', text: view.title, attrs: { role: 'tab', 'data-tab': view.id, type: 'button' } });
  const panel = el('section', { className: 'panel', attrs: { role: 'tabpanel', 'data-tab': view.id } });
  button.addEventListener('click', () => ctx.update((s) => ({ ...s, tab: view.id })));
  tabBar.append(button);
  panels.append(panel);
  return { view, button, panel, instance: view.mount(panel, ctx) };
});

/** Applies a state; `fromUser` changes are reported to the host, host changes are not echoed. */
function setState(next: ViewState, fromUser: boolean): void {
  state = next;
  explorerSession.setViewState(state);
  vscode.setState(state);
  if (fromUser) vscode.postMessage({ type: 'stateChanged', state });
  render();
}

function render(): void {
  for (const m of mounted) {
    const active = m.view.id === state.tab;
    m.button.setAttribute('aria-selected', String(active));
    m.panel.hidden = !active;
    if (active) m.instance.render(state);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseHostMessage(event.data);
  if (!msg) return console.warn(`[attention-lens] ${describeRejected(event.data)}`);
  if (msg.type === 'state') setState(msg.state, false);
  else if (msg.type === 'reply') {
    if (!requests.resolve(msg)) console.warn(`[attention-lens] reply for unknown request ${msg.id}`);
  } else explorerSession.handle(msg);
});

render();
vscode.postMessage({ type: 'ready' });

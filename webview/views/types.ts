import type { RequestMethod, TabId, ViewState } from '../../src/protocol';

/** What a tab may do: change the shared state and ask the host for data. */
export interface TabContext {
  update(change: (s: ViewState) => ViewState): void;
  request(method: RequestMethod): Promise<{ text: string }>;
}

/** One tab of the explorer webview. Add a file per tab and list it in views/index.ts. */
export interface TabView {
  id: TabId;
  title: string;
  mount(container: HTMLElement, ctx: TabContext): { render(state: ViewState): void };
}

// The one typed protocol for every message between the extension host and the webview.
// Imported by both sides (no vscode import). Every incoming message goes through a
// parse function: unknown or malformed messages give undefined and are logged and ignored.

export type TabId = 'positional';
export const TAB_IDS: readonly TabId[] = ['positional'];

/** What the positional tab shows; the maths is recomputed from this on either side. */
export interface PositionalInput {
  text: string;
  d: number;
  n: number;
}

export interface ViewState {
  tab: TabId;
  positional: PositionalInput;
}

// ---- webview → host ----
export type RequestMethod = 'getSelection';

export type WebviewToHost =
  /** Sent once the webview script has loaded; the host answers with `state`. */
  | { type: 'ready' }
  /** The user changed the tab or the inputs; the host keeps it as the new state. */
  | { type: 'stateChanged'; state: ViewState }
  /** Request/reply: the host answers with a `reply` carrying the same id. */
  | { type: 'request'; id: number; method: RequestMethod };

// ---- host → webview ----
export type HostToWebview =
  | { type: 'state'; state: ViewState }
  | { type: 'reply'; id: number; ok: true; result: { text: string } }
  | { type: 'reply'; id: number; ok: false; error: string };

// ---- validation ----
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const MAX_TEXT = 100_000;

export function parsePositionalInput(v: unknown): PositionalInput | undefined {
  if (!isObj(v) || typeof v.text !== 'string' || v.text.length > MAX_TEXT) return undefined;
  if (!isNum(v.d) || !isNum(v.n)) return undefined;
  return { text: v.text, d: v.d, n: v.n };
}

export function parseViewState(v: unknown): ViewState | undefined {
  if (!isObj(v) || !TAB_IDS.includes(v.tab as TabId)) return undefined;
  const positional = parsePositionalInput(v.positional);
  return positional ? { tab: v.tab as TabId, positional } : undefined;
}

export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'stateChanged': {
      const state = parseViewState(v.state);
      return state && { type: 'stateChanged', state };
    }
    case 'request':
      return isId(v.id) && v.method === 'getSelection' ? { type: 'request', id: v.id, method: v.method } : undefined;
    default:
      return undefined;
  }
}

export function parseHostMessage(v: unknown): HostToWebview | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'state': {
      const state = parseViewState(v.state);
      return state && { type: 'state', state };
    }
    case 'reply':
      if (!isId(v.id)) return undefined;
      if (v.ok === true && isObj(v.result) && typeof v.result.text === 'string') {
        return { type: 'reply', id: v.id, ok: true, result: { text: v.result.text } };
      }
      if (v.ok === false && typeof v.error === 'string') return { type: 'reply', id: v.id, ok: false, error: v.error };
      return undefined;
    default:
      return undefined;
  }
}

/** Short description of a rejected message for logs (never the whole payload). */
export function describeRejected(v: unknown): string {
  const type = isObj(v) && typeof v.type === 'string' ? v.type : typeof v;
  return `ignored malformed or unknown message (type: ${type.slice(0, 40)})`;
}

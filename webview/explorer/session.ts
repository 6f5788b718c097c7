// The explorer's run data on the webview side: the run list, the shown run,
// attention blocks (inline or fetched per (kind, layer) with requestAttention),
// and the transient hover. Views subscribe and redraw; persistent choices
// (layer, head, focus token, …) live in ViewState.explorer like every other tab.
import {
  DEFAULT_EXPLORER_UI,
  type AttentionKindId,
  type ExplorerUi,
  type HostToExplorer,
  type RunSummary,
  type TokenRefMsg,
  type ViewState,
  type WireAttention,
  type WireRun,
  type WebviewToHost,
} from '../../src/protocol';
import type { LayerBlock } from './aggregate';
import { sameRef, tokenLabel, type TokenRef } from './tokens';

type Post = (m: WebviewToHost) => void;
/** Why the session changed: 'theme' is a colour theme switch (see watchTheme in redraw.ts). */
export type Why = 'run' | 'data' | 'hover' | 'focus' | 'theme';
type Update = (change: (s: ViewState) => ViewState) => void;

/** Keep at most this many floats of fetched layers (≈ 256 MiB). */
const CACHE_FLOATS = 64 * 1024 * 1024;

export class ExplorerSession {
  runs: RunSummary[] = [];
  run: WireRun | undefined;
  /** The token under the pointer or keyboard focus in a strip/axis (not persisted). */
  hover: TokenRef | undefined;
  private state: ViewState | undefined;
  private update: Update | undefined;
  private post: Post = () => undefined;
  /** Bumped on every theme change, for caches keyed on what was painted with theme colours. */
  themeVersion = 0;
  private readonly listeners = new Set<(why: Why) => void>();
  private readonly blocks = new Map<string, Float32Array>();
  private readonly pending = new Map<number, { key: string; resolve: (d: Float32Array) => void; reject: (e: Error) => void }>();
  private readonly inflight = new Map<string, Promise<LayerBlock>>();
  private readonly rowCache = new Map<string, Float32Array>();
  private readonly inflightRows = new Set<string>();
  private nextId = 1;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;

  connect(post: Post, update: Update): void {
    this.post = post;
    this.update = update;
  }

  /** Called by the shell on every state change (host or user). */
  setViewState(state: ViewState): void {
    this.state = state;
  }

  get ui(): ExplorerUi {
    return this.state?.explorer ?? DEFAULT_EXPLORER_UI;
  }

  setUi(change: Partial<ExplorerUi>): void {
    this.update?.((s) => ({ ...s, explorer: { ...(s.explorer ?? DEFAULT_EXPLORER_UI), ...change } }));
  }

  openTab(tab: ViewState['tab'], change: Partial<ExplorerUi> = {}): void {
    this.update?.((s) => ({ ...s, tab, explorer: { ...(s.explorer ?? DEFAULT_EXPLORER_UI), ...change } }));
  }

  subscribe(fn: (why: Why) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(why: Why): void {
    for (const fn of this.listeners) fn(why);
  }

  /** VS Code switched the colour theme (body class / --vscode-* variables): every view repaints. */
  themeChanged(): void {
    this.themeVersion++;
    this.emit('theme');
  }

  handle(msg: HostToExplorer): void {
    switch (msg.type) {
      case 'runs':
        this.runs = msg.runs;
        this.emit('run');
        break;
      case 'run':
        this.setRun(msg.run);
        break;
      case 'attention': {
        const p = this.pending.get(msg.id);
        if (!p) return console.warn(`[attention-lens] attention reply for unknown request ${msg.id}`);
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.data);
        else p.reject(new Error(msg.error));
        break;
      }
      case 'focusToken':
        if (this.run && msg.runId === this.run.id) this.focus({ list: msg.list, index: msg.index }, false);
        break;
    }
  }

  private setRun(run: WireRun): void {
    const fresh = this.ui.runId !== run.id;
    if (this.run?.id !== run.id) {
      this.blocks.clear();
      this.inflight.clear();
      this.rowCache.clear();
      this.inflightRows.clear();
    }
    this.run = run;
    this.hover = undefined;
    if (fresh) {
      // a new run: start at its first kind, and feed the model's tokens and P to the positional tab
      const ui: Partial<ExplorerUi> = { runId: run.id, kind: run.attention[0]?.kind, layer: 0, head: 0, step: 0, focus: undefined, layerFilter: [], headFilter: [] };
      const text = run.sourceTokens.map((t) => tokenLabel(t, 40).trim().replace(/\s+/g, '_') || '·').join(' ');
      this.update?.((s) => ({
        ...s,
        tab: s.tab === 'head' || s.tab === 'steps' ? s.tab : 'model',
        positional: { text, d: run.positionalEncoding.d, n: run.positionalEncoding.n },
        explorer: { ...(s.explorer ?? DEFAULT_EXPLORER_UI), ...ui },
      }));
    }
    this.emit('run');
  }

  attention(kind: AttentionKindId | undefined): WireAttention | undefined {
    return this.run?.attention.find((a) => a.kind === kind);
  }

  /** A layer block if it is at hand right now (inline or already fetched). */
  cachedLayer(kind: AttentionKindId, layer: number): LayerBlock | undefined {
    const a = this.attention(kind);
    if (!a || layer < 0 || layer >= a.layers) return undefined;
    const size = a.heads * a.queries * a.keys;
    const data = a.data ? a.data.subarray(layer * size, (layer + 1) * size) : this.blocks.get(`${kind}/${layer}`);
    return data && data.length === size ? { heads: a.heads, queries: a.queries, keys: a.keys, data } : undefined;
  }

  /** A layer block, fetched from the host when the run did not ship it inline. */
  layer(kind: AttentionKindId, layer: number): Promise<LayerBlock> {
    const hit = this.cachedLayer(kind, layer);
    if (hit) return Promise.resolve(hit);
    const run = this.run;
    const a = this.attention(kind);
    if (!run || !a) return Promise.reject(new Error(`no ${kind} attention in this run`));
    const key = `${kind}/${layer}`;
    const existing = this.inflight.get(key);
    if (existing) return existing;
    const id = this.nextId++;
    const p = new Promise<Float32Array>((resolve, reject) => {
      this.pending.set(id, { key, resolve, reject });
      this.post({ type: 'requestAttention', id, runId: run.id, kind, layer });
    }).then((data) => {
      this.inflight.delete(key);
      if (this.run !== run) throw new Error('the run changed');
      if (data.length !== a.heads * a.queries * a.keys) throw new Error(`attention ${key}: ${data.length} values, expected ${a.heads * a.queries * a.keys}`);
      this.store(key, data);
      this.emit('data');
      return { heads: a.heads, queries: a.queries, keys: a.keys, data };
    }, (e: unknown) => {
      this.inflight.delete(key);
      throw e;
    });
    this.inflight.set(key, p);
    return p;
  }

  /**
   * Row `query` of every head of one layer, [H][k], if at hand (inline, a fetched layer, or
   * fetched rows); otherwise asks the host for just those rows and returns undefined
   * (a 'data' event follows). The Steps tab uses this, so a 1024-token run never needs
   * whole layers there.
   */
  rows(kind: AttentionKindId, layer: number, query: number): Float32Array | undefined {
    const a = this.attention(kind);
    const run = this.run;
    if (!a || !run || layer < 0 || layer >= a.layers || query < 0 || query >= a.queries) return undefined;
    const block = this.cachedLayer(kind, layer);
    if (block) {
      const out = new Float32Array(a.heads * a.keys);
      for (let h = 0; h < a.heads; h++) out.set(block.data.subarray((h * a.queries + query) * a.keys, (h * a.queries + query + 1) * a.keys), h * a.keys);
      return out;
    }
    const key = `${kind}/${layer}/q${query}`;
    const hit = this.rowCache.get(key);
    if (hit) return hit;
    if (this.inflightRows.has(key)) return undefined;
    this.inflightRows.add(key);
    const id = this.nextId++;
    new Promise<Float32Array>((resolve, reject) => {
      this.pending.set(id, { key, resolve, reject });
      this.post({ type: 'requestAttention', id, runId: run.id, kind, layer, query });
    }).then(
      (data) => {
        this.inflightRows.delete(key);
        if (this.run !== run || data.length !== a.heads * a.keys) return;
        if (this.rowCache.size > 4096) this.rowCache.clear();
        this.rowCache.set(key, data);
        this.emit('data');
      },
      (e: unknown) => {
        this.inflightRows.delete(key);
        console.warn(`[attention-lens] attention rows ${key}: ${String(e)}`);
      },
    );
    return undefined;
  }

  private store(key: string, data: Float32Array): void {
    let total = data.length;
    for (const d of this.blocks.values()) total += d.length;
    for (const [k, d] of this.blocks) {
      if (total <= CACHE_FLOATS) break;
      this.blocks.delete(k); // oldest first (Map keeps insertion order)
      total -= d.length;
    }
    this.blocks.set(key, data);
  }

  /** The token to highlight everywhere: the hovered one, else the focused one. */
  get highlight(): TokenRef | undefined {
    return this.hover ?? this.ui.focus;
  }

  /** Pointer over a token (strip, axis label): highlight it and let the editor show its range. */
  setHover(ref: TokenRef | undefined): void {
    if (sameRef(ref, this.hover) || (!ref && !this.hover)) return;
    this.hover = ref;
    this.emit('hover');
    clearTimeout(this.hoverTimer);
    const run = this.run;
    if (ref && run && ref.index >= 0) {
      // a short delay so sweeping the pointer across a strip does not flood the editor
      this.hoverTimer = setTimeout(() => this.post({ type: 'revealToken', runId: run.id, list: ref.list, index: ref.index, select: false }), 60);
    }
  }

  /** Click / Enter on a token, or the editor cursor (fromUser = false): focus it in every view. */
  focus(ref: TokenRefMsg | undefined, fromUser: boolean): void {
    const run = this.run;
    if (!run) return;
    if (!sameRef(ref, this.ui.focus)) this.setUi({ focus: ref });
    if (fromUser && ref && ref.index >= 0) this.post({ type: 'revealToken', runId: run.id, list: ref.list, index: ref.index, select: true });
    this.emit('focus');
  }

  selectRun(runId: string): void {
    this.post({ type: 'selectRun', runId });
  }

  exportJson(): void {
    if (this.run) this.post({ type: 'exportJson', runId: this.run.id });
  }

  savePng(name: string, data: Uint8Array): void {
    this.post({ type: 'savePng', name, data });
  }
}

export const session = new ExplorerSession();

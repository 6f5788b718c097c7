// The one typed protocol for every message between the extension host and the webview.
// Imported by both sides (no vscode import). Every incoming message goes through a
// parse function: unknown or malformed messages give undefined and are logged and ignored.
import type { TokenSpan } from './core/run';

export type TabId = 'positional' | 'model' | 'head' | 'steps';
export const TAB_IDS: readonly TabId[] = ['positional', 'model', 'head', 'steps'];

/** What the positional tab shows; the maths is recomputed from this on either side. */
export interface PositionalInput {
  text: string;
  d: number;
  n: number;
}

export interface ViewState {
  tab: TabId;
  positional: PositionalInput;
  /** The attention explorer tabs (model, head, steps); absent until first used. */
  explorer?: ExplorerUi;
}

// ---- webview → host ----
export type RequestMethod = 'getSelection';

export type WebviewToHost =
  /** Sent once the webview script has loaded; the host answers with `state`. */
  | { type: 'ready' }
  /** The user changed the tab or the inputs; the host keeps it as the new state. */
  | { type: 'stateChanged'; state: ViewState }
  /** Request/reply: the host answers with a `reply` carrying the same id. */
  | { type: 'request'; id: number; method: RequestMethod }
  | ExplorerToHost;

// ---- host → webview ----
export type HostToWebview =
  | { type: 'state'; state: ViewState }
  | { type: 'reply'; id: number; ok: true; result: { text: string } }
  | { type: 'reply'; id: number; ok: false; error: string }
  | HostToExplorer;

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
  if (!positional) return undefined;
  const explorer = parseExplorerUi(v.explorer);
  return explorer ? { tab: v.tab as TabId, positional, explorer } : { tab: v.tab as TabId, positional };
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
      return parseExplorerToHost(v);
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
      return parseHostToExplorer(v);
  }
}

/** Short description of a rejected message for logs (never the whole payload). */
export function describeRejected(v: unknown): string {
  const type = isObj(v) && typeof v.type === 'string' ? v.type : typeof v;
  return `ignored malformed or unknown message (type: ${type.slice(0, 40)})`;
}

// ==== Attention explorer (issue #5): runs, attention on demand, token linking ====
// Big numbers travel as typed arrays (structured clone), never as JSON arrays.

export type AttentionKindId = 'encoderSelf' | 'decoderSelf' | 'cross' | 'self';
export const ATTENTION_KINDS: readonly AttentionKindId[] = ['encoderSelf', 'decoderSelf', 'cross', 'self'];
export type AxisId = 'source' | 'decoder' | 'sequence';
const AXES: readonly AxisId[] = ['source', 'decoder', 'sequence'];
export type HeadModeId = 'head' | 'mean' | 'max';
export type ColourScaleId = 'linear' | 'log';
export type ColormapId = 'viridis' | 'cividis';
export type TokenListId = 'source' | 'output';

export interface TokenRefMsg {
  list: TokenListId;
  index: number;
}

/** What the explorer tabs show; kept by the host like the rest of ViewState. */
export interface ExplorerUi {
  runId?: string;
  kind?: AttentionKindId;
  layer: number;
  head: number;
  mode: HeadModeId;
  scale: ColourScaleId;
  colormap: ColormapId;
  step: number;
  focus?: TokenRefMsg;
  /** Shown layers / heads in the grid; empty = all. */
  layerFilter: number[];
  headFilter: number[];
}

export const DEFAULT_EXPLORER_UI: ExplorerUi = { layer: 0, head: 0, mode: 'head', scale: 'linear', colormap: 'viridis', step: 0, layerFilter: [], headFilter: [] };

/** Tokens travel as they are in the run (plain data). */
export type WireToken = TokenSpan;

export interface WireCandidate {
  id: number;
  piece: string;
  text: string;
  prob: number;
}

export interface WireStep {
  topK: WireCandidate[];
  chosen: WireCandidate & { rank: number };
  entropy: number;
}

/** One attention kind of a run: shape, max-pooled thumbnails [L][H][thumbRows][thumbCols], and the full data when small. */
export interface WireAttention {
  kind: AttentionKindId;
  layers: number;
  heads: number;
  queries: number;
  keys: number;
  queryTokens: AxisId;
  keyTokens: AxisId;
  thumbRows: number;
  thumbCols: number;
  thumbs: Float32Array;
  /** [L][H][q][k] when the run is small enough to ship at once; otherwise fetched per layer with requestAttention. */
  data?: Float32Array;
}

export interface WireRun {
  id: string;
  model: string;
  modelKind: 'seq2seq' | 'causal';
  sourceText: string;
  outputText: string;
  sourceTokens: WireToken[];
  outputTokens: WireToken[];
  decoderTokens: WireToken[];
  steps: WireStep[];
  attention: WireAttention[];
  layers: number;
  heads: number;
  dModel: number;
  positionalEncoding: { kind: 'sinusoidal'; n: number; d: number };
  /** True when the run's source text is linked to an editor range. */
  linked: boolean;
}

export interface RunSummary {
  id: string;
  model: string;
  label: string;
}

export type ExplorerToHost =
  | { type: 'selectRun'; runId: string }
  /** Reply: `attention` with the same id, data [H][q][k] of one layer, or [H][k] when `query` names one query row. */
  | { type: 'requestAttention'; id: number; runId: string; kind: AttentionKindId; layer: number; query?: number }
  /** select: false = hover (highlight only), true = click (select the range in the editor). */
  | { type: 'revealToken'; runId: string; list: TokenListId; index: number; select: boolean }
  | { type: 'exportJson'; runId: string }
  | { type: 'savePng'; name: string; data: Uint8Array };

export type HostToExplorer =
  | { type: 'runs'; runs: RunSummary[]; selected?: string }
  | { type: 'run'; run: WireRun }
  | { type: 'attention'; id: number; ok: true; runId: string; kind: AttentionKindId; layer: number; data: Float32Array }
  | { type: 'attention'; id: number; ok: false; error: string }
  | { type: 'focusToken'; runId: string; list: TokenListId; index: number };

const MAX_TOKENS = 8192;
const MAX_DIM = 4096;
const isStr = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const isKind = (v: unknown): v is AttentionKindId => ATTENTION_KINDS.includes(v as AttentionKindId);
const isList = (v: unknown): v is TokenListId => v === 'source' || v === 'output';
const isF32 = (v: unknown, length: number): v is Float32Array => v instanceof Float32Array && v.length === length;

export function parseTokenRef(v: unknown): TokenRefMsg | undefined {
  return isObj(v) && isList(v.list) && isInt(v.index, -1, MAX_TOKENS) ? { list: v.list, index: v.index } : undefined;
}

function intList(v: unknown): number[] | undefined {
  return Array.isArray(v) && v.length <= 256 && v.every((x) => isInt(x, 0, 1024)) ? [...(v as number[])] : undefined;
}

/** A malformed explorer part falls back field by field to the defaults (it never rejects the whole view state). */
export function parseExplorerUi(v: unknown): ExplorerUi | undefined {
  if (!isObj(v)) return undefined;
  const d = DEFAULT_EXPLORER_UI;
  const ui: ExplorerUi = {
    layer: isInt(v.layer, 0, 1024) ? v.layer : d.layer,
    head: isInt(v.head, 0, 1024) ? v.head : d.head,
    mode: v.mode === 'mean' || v.mode === 'max' || v.mode === 'head' ? v.mode : d.mode,
    scale: v.scale === 'log' || v.scale === 'linear' ? v.scale : d.scale,
    colormap: v.colormap === 'cividis' || v.colormap === 'viridis' ? v.colormap : d.colormap,
    step: isInt(v.step, 0, MAX_TOKENS) ? v.step : d.step,
    layerFilter: intList(v.layerFilter) ?? [],
    headFilter: intList(v.headFilter) ?? [],
  };
  if (isStr(v.runId, 200)) ui.runId = v.runId;
  if (isKind(v.kind)) ui.kind = v.kind;
  const focus = parseTokenRef(v.focus);
  if (focus) ui.focus = focus;
  return ui;
}

function parseToken(v: unknown): WireToken | undefined {
  if (!isObj(v) || !isInt(v.id, 0) || !isStr(v.piece, 1000) || !isStr(v.text, 1000)) return undefined;
  if (!isInt(v.start, -1) || !isInt(v.end, -1)) return undefined;
  const t: WireToken = { id: v.id, piece: v.piece, text: v.text, start: v.start, end: v.end };
  if (v.special === true) t.special = true;
  return t;
}

function tokenList(v: unknown): WireToken[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_TOKENS) return undefined;
  const out: WireToken[] = [];
  for (const x of v) {
    const t = parseToken(x);
    if (!t) return undefined;
    out.push(t);
  }
  return out;
}

function parseCandidate(v: unknown): WireCandidate | undefined {
  if (!isObj(v) || !isInt(v.id, 0) || !isStr(v.piece, 1000) || !isStr(v.text, 1000) || !isNum(v.prob) || v.prob < 0 || v.prob > 1 + 1e-6) return undefined;
  return { id: v.id, piece: v.piece, text: v.text, prob: v.prob };
}

function parseStep(v: unknown): WireStep | undefined {
  if (!isObj(v) || !Array.isArray(v.topK) || v.topK.length > 100 || !isNum(v.entropy)) return undefined;
  const topK: WireCandidate[] = [];
  for (const c of v.topK) {
    const p = parseCandidate(c);
    if (!p) return undefined;
    topK.push(p);
  }
  const chosen = parseCandidate(v.chosen);
  if (!chosen || !isObj(v.chosen) || !isInt(v.chosen.rank, 0)) return undefined;
  return { topK, chosen: { ...chosen, rank: v.chosen.rank }, entropy: v.entropy };
}

function parseWireAttention(v: unknown): WireAttention | undefined {
  if (!isObj(v) || !isKind(v.kind)) return undefined;
  const { layers, heads, queries, keys, thumbRows, thumbCols } = v;
  if (!isInt(layers, 1, 256) || !isInt(heads, 1, 256) || !isInt(queries, 0, MAX_TOKENS) || !isInt(keys, 0, MAX_TOKENS)) return undefined;
  if (!isInt(thumbRows, 0, queries) || !isInt(thumbCols, 0, keys)) return undefined;
  if (!AXES.includes(v.queryTokens as AxisId) || !AXES.includes(v.keyTokens as AxisId)) return undefined;
  if (!isF32(v.thumbs, layers * heads * thumbRows * thumbCols)) return undefined;
  const a: WireAttention = { kind: v.kind, layers, heads, queries, keys, queryTokens: v.queryTokens as AxisId, keyTokens: v.keyTokens as AxisId, thumbRows, thumbCols, thumbs: v.thumbs };
  if (v.data !== undefined) {
    if (!isF32(v.data, layers * heads * queries * keys)) return undefined;
    a.data = v.data;
  }
  return a;
}

export function parseWireRun(v: unknown): WireRun | undefined {
  if (!isObj(v) || !isStr(v.id, 200) || !isStr(v.model, 200) || (v.modelKind !== 'seq2seq' && v.modelKind !== 'causal')) return undefined;
  if (!isStr(v.sourceText) || !isStr(v.outputText)) return undefined;
  const sourceTokens = tokenList(v.sourceTokens);
  const outputTokens = tokenList(v.outputTokens);
  const decoderTokens = tokenList(v.decoderTokens);
  if (!sourceTokens || !outputTokens || !decoderTokens) return undefined;
  if (!Array.isArray(v.steps) || v.steps.length > MAX_TOKENS || !Array.isArray(v.attention) || v.attention.length > 4) return undefined;
  const steps: WireStep[] = [];
  for (const s of v.steps) {
    const p = parseStep(s);
    if (!p) return undefined;
    steps.push(p);
  }
  const attention: WireAttention[] = [];
  for (const a of v.attention) {
    const p = parseWireAttention(a);
    if (!p) return undefined;
    attention.push(p);
  }
  if (!isInt(v.layers, 0, 256) || !isInt(v.heads, 0, 256) || !isInt(v.dModel, 0, 65536)) return undefined;
  const pe = v.positionalEncoding;
  if (!isObj(pe) || pe.kind !== 'sinusoidal' || !isNum(pe.n) || !isInt(pe.d, 1, MAX_DIM)) return undefined;
  return {
    id: v.id, model: v.model, modelKind: v.modelKind, sourceText: v.sourceText, outputText: v.outputText,
    sourceTokens, outputTokens, decoderTokens, steps, attention,
    layers: v.layers, heads: v.heads, dModel: v.dModel,
    positionalEncoding: { kind: 'sinusoidal', n: pe.n, d: pe.d },
    linked: v.linked === true,
  };
}

export function parseExplorerToHost(v: Obj): ExplorerToHost | undefined {
  switch (v.type) {
    case 'selectRun':
      return isStr(v.runId, 200) ? { type: 'selectRun', runId: v.runId } : undefined;
    case 'requestAttention':
      if (!(isId(v.id) && isStr(v.runId, 200) && isKind(v.kind) && isInt(v.layer, 0, 1024))) return undefined;
      if (v.query === undefined) return { type: 'requestAttention', id: v.id, runId: v.runId, kind: v.kind, layer: v.layer };
      return isInt(v.query, 0, MAX_TOKENS) ? { type: 'requestAttention', id: v.id, runId: v.runId, kind: v.kind, layer: v.layer, query: v.query } : undefined;
    case 'revealToken':
      return isStr(v.runId, 200) && isList(v.list) && isInt(v.index, 0, MAX_TOKENS) && typeof v.select === 'boolean'
        ? { type: 'revealToken', runId: v.runId, list: v.list, index: v.index, select: v.select }
        : undefined;
    case 'exportJson':
      return isStr(v.runId, 200) ? { type: 'exportJson', runId: v.runId } : undefined;
    case 'savePng': {
      const data = v.data instanceof ArrayBuffer ? new Uint8Array(v.data) : v.data;
      const png = data instanceof Uint8Array && data.length > 8 && data.length < 64 * 1024 * 1024 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
      return png && isStr(v.name, 200) && /^[\w .()-]+$/.test(v.name) ? { type: 'savePng', name: v.name, data: data as Uint8Array } : undefined;
    }
    default:
      return undefined;
  }
}

export function parseHostToExplorer(v: Obj): HostToExplorer | undefined {
  switch (v.type) {
    case 'runs': {
      if (!Array.isArray(v.runs) || v.runs.length > 100) return undefined;
      const runs: RunSummary[] = [];
      for (const r of v.runs) {
        if (!isObj(r) || !isStr(r.id, 200) || !isStr(r.model, 200) || !isStr(r.label, 200)) return undefined;
        runs.push({ id: r.id, model: r.model, label: r.label });
      }
      const msg: HostToExplorer = { type: 'runs', runs };
      if (isStr(v.selected, 200)) msg.selected = v.selected;
      return msg;
    }
    case 'run': {
      const run = parseWireRun(v.run);
      return run && { type: 'run', run };
    }
    case 'attention':
      if (!isId(v.id)) return undefined;
      if (v.ok === true && isStr(v.runId, 200) && isKind(v.kind) && isInt(v.layer, 0, 1024) && v.data instanceof Float32Array) {
        return { type: 'attention', id: v.id, ok: true, runId: v.runId, kind: v.kind, layer: v.layer, data: v.data };
      }
      if (v.ok === false && isStr(v.error, 1000)) return { type: 'attention', id: v.id, ok: false, error: v.error };
      return undefined;
    case 'focusToken':
      return isStr(v.runId, 200) && isList(v.list) && isInt(v.index, -1, MAX_TOKENS)
        ? { type: 'focusToken', runId: v.runId, list: v.list, index: v.index }
        : undefined;
    default:
      return undefined;
  }
}

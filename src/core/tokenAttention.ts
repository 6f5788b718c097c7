// What one token attends to and what attends to it, for the editor hover and the
// heat decorations (issue #6). Pure: no vscode import, unit-tested in test/unit.
//
// Which attention row belongs to a token (the same convention everywhere in the editor):
// - a source token s of a seq2seq run: encoder self-attention row s (its own position);
// - a generated token y_i of a seq2seq run: row i of decoder self / cross attention,
//   i.e. the decoder step that *wrote* y_i (Run.decoderTokens: row t predicted y_{t+1},
//   with y_0 the first output) — "the source tokens it drew on";
// - causal runs: positional (BertViz convention): the token at sequence position p owns
//   row p; the last generated token was never fed back, so it has no row.
// A token's key column is its own position on the key axis (seq2seq: y_i sits at decoder
// position i + 1). Rows are labelled with the token that owns them.
import type { AttentionKind, AttentionTensor, Run, TokenSpan } from './run';
import { axisIndexOf, refOfAxis, tokenAtOffset, type AxisList, type TokenRef } from '../../webview/explorer/tokens';

export { tokenAtOffset };
export type { TokenRef };

export type HeadMode = 'head' | 'mean' | 'max';

/** Which attention to read: one head of a layer, or the mean / max over a layer's heads. */
export interface AttentionChoice {
  layer: number;
  mode: HeadMode;
  /** Used when mode is 'head'. */
  head: number;
}

/** The setting attentionLens.attentionHover.aggregation. */
export type AggregationSetting = 'mean' | 'max' | 'explorer';

/** What the explorer shows (ViewState.explorer), as far as the hover needs it. */
export interface ExplorerChoice {
  runId?: string;
  layer: number;
  head: number;
  mode: HeadMode;
}

/**
 * The choice for a run: mean/max over the heads of the last layer (the default), or the
 * explorer's layer and head when the setting says so and the explorer has been used
 * (clamped to the run's shape).
 */
export function resolveChoice(run: Pick<Run, 'layers' | 'heads'>, setting: AggregationSetting, explorer?: ExplorerChoice): AttentionChoice {
  const last = Math.max(0, run.layers - 1);
  if (setting === 'explorer' && explorer) {
    const layer = Math.min(Math.max(0, explorer.layer | 0), last);
    const head = Math.min(Math.max(0, explorer.head | 0), Math.max(0, run.heads - 1));
    return { layer, head, mode: explorer.mode };
  }
  return { layer: last, head: 0, mode: setting === 'max' ? 'max' : 'mean' };
}

export function describeChoice(c: AttentionChoice, run: Pick<Run, 'heads'>): string {
  if (c.mode === 'head') return `layer ${c.layer + 1}, head ${c.head + 1}`;
  return `layer ${c.layer + 1}, ${c.mode} of ${run.heads} heads`;
}

/** One element [layer][head][q][k]. */
function at(t: AttentionTensor, layer: number, head: number, q: number, k: number): number {
  return t.data[((layer * t.heads + head) * t.queries + q) * t.keys + k];
}

function combine(t: AttentionTensor, c: AttentionChoice, q: number, k: number): number {
  if (c.mode === 'head') return at(t, c.layer, Math.min(c.head, t.heads - 1), q, k);
  let acc = c.mode === 'max' ? -Infinity : 0;
  for (let h = 0; h < t.heads; h++) {
    const v = at(t, c.layer, h, q, k);
    acc = c.mode === 'max' ? Math.max(acc, v) : acc + v;
  }
  return c.mode === 'max' ? acc : acc / t.heads;
}

/** Row `q` (one weight per key) under the choice. */
export function attentionRow(t: AttentionTensor, c: AttentionChoice, q: number): Float32Array {
  if (q < 0 || q >= t.queries) throw new RangeError(`query ${q} out of 0..${t.queries - 1}`);
  if (c.layer < 0 || c.layer >= t.layers) throw new RangeError(`layer ${c.layer} out of 0..${t.layers - 1}`);
  const out = new Float32Array(t.keys);
  for (let k = 0; k < t.keys; k++) out[k] = combine(t, c, q, k);
  return out;
}

/** Column `k` (one weight per query) under the choice. */
export function attentionColumn(t: AttentionTensor, c: AttentionChoice, k: number): Float32Array {
  if (k < 0 || k >= t.keys) throw new RangeError(`key ${k} out of 0..${t.keys - 1}`);
  if (c.layer < 0 || c.layer >= t.layers) throw new RangeError(`layer ${c.layer} out of 0..${t.layers - 1}`);
  const out = new Float32Array(t.queries);
  for (let q = 0; q < t.queries; q++) out[q] = combine(t, c, q, k);
  return out;
}

type RunLike = Pick<Run, 'modelKind' | 'sourceTokens' | 'outputTokens' | 'decoderTokens'>;

/** The query row a token owns on this tensor, or -1. */
export function queryRowOf(run: RunLike, t: Pick<AttentionTensor, 'queryTokens' | 'queries'>, ref: TokenRef): number {
  let q = -1;
  if (t.queryTokens === 'decoder') q = ref.list === 'output' ? ref.index : -1;
  else q = axisIndexOf(run, t.queryTokens as AxisList, ref);
  return q >= 0 && q < t.queries ? q : -1;
}

/** The token that owns query row q (inverse of queryRowOf). */
export function rowOwner(run: RunLike, t: Pick<AttentionTensor, 'queryTokens'>, q: number): TokenRef | undefined {
  if (t.queryTokens === 'decoder') return q >= 0 && q < run.outputTokens.length ? { list: 'output', index: q } : undefined;
  return refOfAxis(run, t.queryTokens as AxisList, q);
}

/** The key column of a token on this tensor, or -1. */
export function keyColumnOf(run: RunLike, t: Pick<AttentionTensor, 'keyTokens' | 'keys'>, ref: TokenRef): number {
  const k = axisIndexOf(run, t.keyTokens as AxisList, ref);
  return k >= 0 && k < t.keys ? k : -1;
}

/** The token at key column k (seq2seq decoder key 0 is <s>: output index -1). */
export function keyOwner(run: RunLike, t: Pick<AttentionTensor, 'keyTokens'>, k: number): TokenRef | undefined {
  return refOfAxis(run, t.keyTokens as AxisList, k);
}

/** The token a ref points at (output -1 = the decoder's <s>). */
export function tokenOf(run: RunLike, ref: TokenRef): TokenSpan | undefined {
  if (ref.list === 'source') return run.sourceTokens[ref.index];
  if (ref.index === -1) return run.decoderTokens[0];
  return run.outputTokens[ref.index];
}

export interface WeightedToken {
  ref: TokenRef;
  token: TokenSpan;
  weight: number;
}

export interface AttentionSection {
  kind: AttentionKind;
  /** 'to': what the token attends to (its row); 'from': who attends to it (its column). */
  direction: 'to' | 'from';
  title: string;
  /** Every entry of the row/column, in axis order (for the heat strip and the decorations). */
  all: WeightedToken[];
  /** The k largest, strongest first. */
  top: WeightedToken[];
}

/** The k largest entries, strongest first; ties keep axis order. Zero weights (masked keys) are left out. */
export function topK(entries: readonly WeightedToken[], k: number): WeightedToken[] {
  return entries
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.weight > 0)
    .sort((a, b) => b.e.weight - a.e.weight || a.i - b.i)
    .slice(0, Math.max(0, k))
    .map(({ e }) => e);
}

function entriesOf(run: RunLike, values: Float32Array, owner: (i: number) => TokenRef | undefined): WeightedToken[] {
  const out: WeightedToken[] = [];
  for (let i = 0; i < values.length; i++) {
    const ref = owner(i);
    const token = ref && tokenOf(run, ref);
    if (ref && token) out.push({ ref, token, weight: values[i] });
  }
  return out;
}

const TITLES: Record<AttentionKind, { to: string; from: string }> = {
  encoderSelf: { to: 'Attends to (encoder self-attention)', from: 'Attended by source tokens (encoder self-attention)' },
  cross: { to: 'Drew on source (cross-attention, the step that wrote it)', from: 'Attended by output tokens (cross-attention)' },
  decoderSelf: { to: 'Attends to earlier output (decoder self-attention)', from: 'Attended by later output (decoder self-attention)' },
  self: { to: 'Attends to (self-attention)', from: 'Attended by (self-attention)' },
};

/** Which (tensor, direction) pairs describe a token, most useful first. */
function plan(run: RunLike, ref: TokenRef): { kind: AttentionKind; direction: 'to' | 'from' }[] {
  if (run.modelKind === 'causal') return [{ kind: 'self', direction: 'to' }, { kind: 'self', direction: 'from' }];
  if (ref.list === 'source') return [{ kind: 'encoderSelf', direction: 'to' }, { kind: 'cross', direction: 'from' }, { kind: 'encoderSelf', direction: 'from' }];
  return [{ kind: 'cross', direction: 'to' }, { kind: 'decoderSelf', direction: 'to' }, { kind: 'decoderSelf', direction: 'from' }];
}

/** The hover's sections for one token: top-k attended / attending under the choice. */
export function tokenAttention(run: Pick<Run, 'modelKind' | 'sourceTokens' | 'outputTokens' | 'decoderTokens' | 'attention'>, ref: TokenRef, choice: AttentionChoice, k: number): AttentionSection[] {
  const sections: AttentionSection[] = [];
  for (const p of plan(run, ref)) {
    const t = run.attention.find((a) => a.kind === p.kind);
    if (!t || choice.layer >= t.layers) continue;
    let all: WeightedToken[];
    if (p.direction === 'to') {
      const q = queryRowOf(run, t, ref);
      if (q < 0) continue;
      all = entriesOf(run, attentionRow(t, choice, q), (i) => keyOwner(run, t, i));
    } else {
      const c = keyColumnOf(run, t, ref);
      if (c < 0) continue;
      all = entriesOf(run, attentionColumn(t, choice, c), (i) => rowOwner(run, t, i));
    }
    sections.push({ kind: p.kind, direction: p.direction, title: TITLES[p.kind][p.direction], all, top: topK(all, k) });
  }
  return sections;
}

/**
 * The sections whose weights the editor paints while a token is focused: what it attends
 * to, and for a seq2seq source token also the output tokens that attended to it.
 */
export function decoratedSections(run: Pick<Run, 'modelKind'>, ref: TokenRef, sections: readonly AttentionSection[]): AttentionSection[] {
  const first = sections.find((s) => s.direction === 'to');
  const out = first ? [first] : [];
  if (run.modelKind === 'seq2seq' && ref.list === 'source') {
    const cross = sections.find((s) => s.kind === 'cross' && s.direction === 'from');
    if (cross) out.push(cross);
  }
  if (run.modelKind === 'seq2seq' && ref.list === 'output') {
    const dec = sections.find((s) => s.kind === 'decoderSelf' && s.direction === 'to');
    if (dec) out.push(dec);
  }
  return out;
}

// ---- weight → opacity (the decorations use a few buckets, not one type per token) ----

export const OPACITY_BUCKETS = 8;
/** Weights below this fraction of the strongest are not painted. */
export const MIN_RELATIVE_WEIGHT = 1 / 16;

/** Bucket 0..buckets-1 for a weight relative to the section's strongest, or -1 (too weak to paint). */
export function opacityBucket(weight: number, max: number, buckets = OPACITY_BUCKETS): number {
  if (!(max > 0) || !(weight > 0)) return -1;
  const r = Math.min(1, weight / max);
  if (r < MIN_RELATIVE_WEIGHT) return -1;
  return Math.min(buckets - 1, Math.max(0, Math.ceil(r * buckets) - 1));
}

/** The opacity painted for a bucket: evenly spaced from faint to 0.9. */
export function bucketOpacity(bucket: number, buckets = OPACITY_BUCKETS): number {
  return Math.round(((bucket + 1) / buckets) * 0.9 * 1000) / 1000;
}

/** A left-to-right strip of at most `width` cells (max-pooled) for a row of weights. */
export function heatStrip(values: readonly number[], width = 48): number[] {
  if (values.length <= width) return [...values];
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const a = Math.floor((i * values.length) / width);
    const b = Math.max(a + 1, Math.floor(((i + 1) * values.length) / width));
    let m = 0;
    for (let j = a; j < b; j++) m = Math.max(m, values[j]);
    out.push(m);
  }
  return out;
}

/**
 * The visible part of a token's [start, end): without the whitespace a leading "▁" covers
 * (source tokens begin at the collapsed space, tab or line break before the word).
 */
export function visibleSpan(token: Pick<TokenSpan, 'text' | 'start' | 'end'>): { start: number; end: number } {
  const lead = token.text.length - token.text.trimStart().length;
  const trail = token.text.length - token.text.trimEnd().length;
  if (lead + trail >= token.text.length) return { start: token.start, end: token.end };
  return { start: token.start + lead, end: token.end - trail };
}

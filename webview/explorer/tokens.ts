// Token bookkeeping shared by every explorer view (pure, unit-tested).
//
// The user points at tokens in two lists: 'source' (Run.sourceTokens: the
// encoder input or the prompt) and 'output' (Run.outputTokens: y1 … yn).
// Attention axes are indexed by other lists (AttentionTensor.queryTokens /
// keyTokens): 'source', 'decoder' (seq2seq decoder inputs [<s>, y1, …]) and
// 'sequence' (causal: prompt ++ outputs[:-1]). These functions convert both ways.

export type TokenList = 'source' | 'output';
export type AxisList = 'source' | 'decoder' | 'sequence';

export interface TokenRef {
  list: TokenList;
  /** -1 with list 'output' is the decoder's start token <s>. */
  index: number;
}

export interface TokenLike {
  piece: string;
  text: string;
  start: number;
  end: number;
  special?: boolean;
}

export interface RunTokens {
  modelKind: 'seq2seq' | 'causal';
  sourceTokens: readonly TokenLike[];
  outputTokens: readonly TokenLike[];
  decoderTokens: readonly TokenLike[];
}

export function axisTokens(run: RunTokens, axis: AxisList): readonly TokenLike[] {
  return axis === 'source' ? run.sourceTokens : run.decoderTokens;
}

/** The user-facing token at position i of an attention axis. */
export function refOfAxis(run: RunTokens, axis: AxisList, i: number): TokenRef | undefined {
  if (i < 0) return undefined;
  if (axis === 'source') return i < run.sourceTokens.length ? { list: 'source', index: i } : undefined;
  if (axis === 'decoder') return i < run.decoderTokens.length ? { list: 'output', index: i - 1 } : undefined;
  const n = run.sourceTokens.length;
  if (i >= run.decoderTokens.length) return undefined;
  return i < n ? { list: 'source', index: i } : { list: 'output', index: i - n };
}

/** Position of a token on an attention axis, or -1 when that axis does not hold it. */
export function axisIndexOf(run: RunTokens, axis: AxisList, ref: TokenRef | undefined): number {
  if (!ref) return -1;
  let i = -1;
  if (axis === 'source') i = ref.list === 'source' ? ref.index : -1;
  else if (axis === 'decoder') i = ref.list === 'output' ? ref.index + 1 : -1;
  else i = ref.list === 'source' ? ref.index : ref.index >= 0 ? run.sourceTokens.length + ref.index : -1;
  const len = axis === 'source' ? run.sourceTokens.length : run.decoderTokens.length;
  return i >= 0 && i < len ? i : -1;
}

/**
 * The query row of the attention tensors that produced generated step s
 * (the prediction of outputTokens[s]).
 */
export function stepQuery(run: RunTokens, step: number): number {
  return run.modelKind === 'seq2seq' ? step : run.sourceTokens.length - 1 + step;
}

/** Inverse of stepQuery on the decoder / sequence axis: the step a query row predicted, or -1. */
export function queryStep(run: RunTokens, query: number): number {
  const s = run.modelKind === 'seq2seq' ? query : query - (run.sourceTokens.length - 1);
  return s >= 0 && s < run.outputTokens.length ? s : -1;
}

/** Short label for axes and strips: specials as their piece, "▁" word starts shown as a leading space. */
export function tokenLabel(t: TokenLike, max = 16): string {
  let s = t.special || t.start < 0 ? t.piece : t.text || t.piece.replace(/^▁/, ' ');
  s = s.replace(/\n/g, '⏎').replace(/\t/g, '⇥');
  if (s.trim() === '') s = s.length ? '␣'.repeat(Math.min(s.length, 3)) : '∅';
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** The source token covering a text offset (relative to Run.sourceText); ties at a boundary go to the token that starts there. */
export function tokenAtOffset(tokens: readonly TokenLike[], offset: number): number {
  let touching = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.start < 0 || t.special) continue;
    if (offset >= t.start && offset < t.end) return i;
    if (offset === t.end) touching = i;
  }
  return touching;
}

export function sameRef(a: TokenRef | undefined, b: TokenRef | undefined): boolean {
  return !!a && !!b && a.list === b.list && a.index === b.index;
}

// Issue #6 pure logic: token lookup by offset, top-k attended / attending for a
// (layer, head | mean | max) choice, range tracking through edits, weight → opacity, hover text.
import { afterAll, describe, expect, it } from 'vitest';
import type { AttentionTensor, Run, TokenSpan } from '../../src/core/run';
import {
  attentionColumn,
  attentionRow,
  bucketOpacity,
  decoratedSections,
  heatStrip,
  keyColumnOf,
  opacityBucket,
  queryRowOf,
  resolveChoice,
  rowOwner,
  tokenAtOffset,
  tokenAttention,
  topK,
  visibleSpan,
  OPACITY_BUCKETS,
} from '../../src/core/tokenAttention';
import { applyEdit, applyEdits, rangeHolds, type TrackedRange } from '../../src/core/rangeTracking';
import { codeSpan, commandUri, heatStripHtml, hoverMarkdown, PIN_COMMAND, SHOW_IN_EXPLORER_COMMAND, staleMarkdown } from '../../src/core/attentionHoverText';
import { translate, continueText } from '../../src/core/engine';
import { releaseAllModels } from '../../src/core/model';
import { FIXTURES, loadModelDir } from './modelsUnderTest';
import path from 'node:path';

afterAll(() => releaseAllModels());

const tok = (text: string, start: number, id = 1): TokenSpan => ({ id, piece: '▁' + text, text, start, end: start + text.length });
const special = (piece: string): TokenSpan => ({ id: 0, piece, text: piece, start: -1, end: -1, special: true });

/** Tensor [L][H][q][k] from nested arrays. */
function tensor(kind: AttentionTensor['kind'], q: AttentionTensor['queryTokens'], k: AttentionTensor['keyTokens'], v: number[][][][]): AttentionTensor {
  return { kind, layers: v.length, heads: v[0].length, queries: v[0][0].length, keys: v[0][0][0].length, queryTokens: q, keyTokens: k, data: Float32Array.from(v.flat(3)) };
}

// "a house" → "ein Haus": source [a, house, </s>], outputs [ein, Haus, </s>], decoder [<s>, ein, Haus]
function seq2seqRun(): Run {
  const L0 = (m: number[][]) => m;
  const enc = [
    [L0([[0.5, 0.5, 0], [0.2, 0.8, 0], [0.3, 0.3, 0.4]]), L0([[1, 0, 0], [0, 1, 0], [0, 0, 1]])],
    [L0([[0.1, 0.9, 0], [0.6, 0.2, 0.2], [0.3, 0.3, 0.4]]), L0([[0.3, 0.7, 0], [0.8, 0.2, 0], [0, 0, 1]])],
  ];
  const cross = [
    [L0([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), L0([[1, 0, 0], [0, 1, 0], [0, 0, 1]])],
    [L0([[0.9, 0.1, 0], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8]]), L0([[0.7, 0.3, 0], [0, 0.9, 0.1], [0.2, 0.2, 0.6]])],
  ];
  const dec = [
    [L0([[1, 0, 0], [0.5, 0.5, 0], [0.2, 0.3, 0.5]]), L0([[1, 0, 0], [0.5, 0.5, 0], [0.2, 0.3, 0.5]])],
    [L0([[1, 0, 0], [0.4, 0.6, 0], [0.1, 0.6, 0.3]]), L0([[1, 0, 0], [0.8, 0.2, 0], [0.1, 0.2, 0.7]])],
  ];
  return {
    id: 'r1', model: 'toy', modelKind: 'seq2seq', provider: 'cpu',
    sourceText: 'a house', outputText: 'ein Haus',
    sourceTokens: [tok('a', 0, 10), tok('house', 2, 11), special('</s>')],
    outputTokens: [tok('ein', 0, 20), tok('Haus', 4, 21), special('</s>')],
    decoderTokens: [special('<s>'), tok('ein', 0, 20), tok('Haus', 4, 21)],
    attention: [tensor('encoderSelf', 'source', 'source', enc), tensor('decoderSelf', 'decoder', 'decoder', dec), tensor('cross', 'decoder', 'source', cross)],
    steps: [], layers: 2, heads: 2, dModel: 8, positionalEncoding: { kind: 'sinusoidal', n: 10000, d: 8 },
    timings: { loadMs: 0, encodeMs: 0, decodeMs: 0, totalMs: 0 }, warnings: [],
  };
}

describe('token lookup by offset', () => {
  const tokens = [tok('a', 0), { ...tok('house', 1), text: ' house', end: 7 }, special('</s>')]; // "a house": ▁house covers the space
  it('finds the token under an offset; a boundary goes to the token that starts there; specials never', () => {
    expect(tokenAtOffset(tokens, 0)).toBe(0);
    expect(tokenAtOffset(tokens, 1)).toBe(1);
    expect(tokenAtOffset(tokens, 4)).toBe(1);
    expect(tokenAtOffset(tokens, 7)).toBe(1); // end of the text: the last token touches it
    expect(tokenAtOffset(tokens, 8)).toBe(-1);
  });
  it('paints only the visible part: the collapsed space / CRLF + tab before a word is left out', () => {
    expect(visibleSpan({ text: ' house', start: 1, end: 7 })).toEqual({ start: 2, end: 7 });
    expect(visibleSpan({ text: '\r\n\tplay', start: 8, end: 15 })).toEqual({ start: 11, end: 15 });
    expect(visibleSpan({ text: 'a', start: 0, end: 1 })).toEqual({ start: 0, end: 1 });
    expect(visibleSpan({ text: '  ', start: 3, end: 5 })).toEqual({ start: 3, end: 5 });
  });
});

describe('attention for a (layer, head | mean | max) choice', () => {
  const run = seq2seqRun();
  const enc = run.attention[0];
  it('rows and columns per head, mean and max over heads', () => {
    expect(Array.from(attentionRow(enc, { layer: 0, mode: 'head', head: 0 }, 1))).toEqual([0.2, 0.8, 0].map(Math.fround));
    expect(Array.from(attentionRow(enc, { layer: 1, mode: 'mean', head: 0 }, 0)).map((v) => +v.toFixed(4))).toEqual([0.2, 0.8, 0]);
    expect(Array.from(attentionRow(enc, { layer: 1, mode: 'max', head: 0 }, 1)).map((v) => +v.toFixed(4))).toEqual([0.8, 0.2, 0.2]);
    expect(Array.from(attentionColumn(enc, { layer: 1, mode: 'mean', head: 0 }, 0)).map((v) => +v.toFixed(4))).toEqual([0.2, 0.7, 0.15]);
    expect(() => attentionRow(enc, { layer: 2, mode: 'mean', head: 0 }, 0)).toThrow(RangeError);
  });

  it('default choice: mean over the heads of the last layer; explorer choice is clamped', () => {
    expect(resolveChoice(run, 'mean')).toEqual({ layer: 1, head: 0, mode: 'mean' });
    expect(resolveChoice(run, 'max')).toEqual({ layer: 1, head: 0, mode: 'max' });
    expect(resolveChoice(run, 'explorer')).toEqual({ layer: 1, head: 0, mode: 'mean' }); // explorer never used
    expect(resolveChoice(run, 'explorer', { layer: 0, head: 1, mode: 'head' })).toEqual({ layer: 0, head: 1, mode: 'head' });
    expect(resolveChoice(run, 'explorer', { layer: 9, head: 9, mode: 'max' })).toEqual({ layer: 1, head: 1, mode: 'max' });
  });

  it('rows belong to tokens: seq2seq output y_i owns the decoder row that wrote it', () => {
    const [encT, decT, crossT] = run.attention;
    expect(queryRowOf(run, encT, { list: 'source', index: 1 })).toBe(1);
    expect(queryRowOf(run, crossT, { list: 'output', index: 1 })).toBe(1);
    expect(queryRowOf(run, crossT, { list: 'source', index: 1 })).toBe(-1);
    expect(rowOwner(run, decT, 2)).toEqual({ list: 'output', index: 2 });
    expect(keyColumnOf(run, decT, { list: 'output', index: 0 })).toBe(1); // y_0 is decoder input 1
    expect(keyColumnOf(run, decT, { list: 'output', index: 2 })).toBe(-1); // final </s> never fed back
  });

  it('hovering an output word: the source tokens it drew on (cross), strongest first', () => {
    const s = tokenAttention(run, { list: 'output', index: 1 }, { layer: 1, mode: 'mean', head: 0 }, 2);
    expect(s.map((x) => `${x.kind}/${x.direction}`)).toEqual(['cross/to', 'decoderSelf/to', 'decoderSelf/from']);
    expect(s[0].top.map((e) => [e.token.text, +e.weight.toFixed(3)])).toEqual([['house', 0.8], ['a', 0.1]]);
    expect(s[0].all).toHaveLength(3);
    // decoder self: keys are [<s>, ein, Haus]; <s> shows as output -1
    expect(s[1].top.map((e) => [e.ref.index, +e.weight.toFixed(2)])).toEqual([[-1, 0.6], [0, 0.4]]);
    expect(s[1].all[0].token.piece).toBe('<s>');
  });

  it('hovering a source word: what it attends to and the output tokens that attended to it', () => {
    const s = tokenAttention(run, { list: 'source', index: 0 }, { layer: 1, mode: 'head', head: 1 }, 5);
    expect(s.map((x) => `${x.kind}/${x.direction}`)).toEqual(['encoderSelf/to', 'cross/from', 'encoderSelf/from']);
    expect(s[0].top.map((e) => e.token.text)).toEqual(['house', 'a']); // 0.7, 0.3; zero weight left out
    expect(s[1].top.map((e) => [e.ref.index, +e.weight.toFixed(2)])).toEqual([[0, 0.7], [2, 0.2]]);
    const painted = decoratedSections(run, { list: 'source', index: 0 }, s);
    expect(painted.map((x) => `${x.kind}/${x.direction}`)).toEqual(['encoderSelf/to', 'cross/from']);
  });

  it('topK keeps ties in axis order and drops zeros', () => {
    const e = (w: number, i: number) => ({ ref: { list: 'source' as const, index: i }, token: tok('x', i), weight: w });
    expect(topK([e(0.2, 0), e(0.5, 1), e(0.2, 2), e(0, 3)], 3).map((x) => x.ref.index)).toEqual([1, 0, 2]);
    expect(topK([e(0.2, 0)], 0)).toEqual([]);
  });
});

describe('weight → opacity buckets', () => {
  it('maps weight relative to the strongest into 8 buckets, drops the faint', () => {
    expect(OPACITY_BUCKETS).toBe(8);
    expect(opacityBucket(1, 1)).toBe(7);
    expect(opacityBucket(0.5, 1)).toBe(3);
    expect(opacityBucket(0.51, 1)).toBe(4);
    expect(opacityBucket(0.13, 1)).toBe(1);
    expect(opacityBucket(0.05, 1)).toBe(-1);
    expect(opacityBucket(0.2, 0.4)).toBe(3);
    expect(opacityBucket(0, 0)).toBe(-1);
    expect(opacityBucket(NaN, 1)).toBe(-1);
    const ops = Array.from({ length: 8 }, (_, b) => bucketOpacity(b));
    expect(ops[7]).toBe(0.9);
    for (let b = 1; b < 8; b++) expect(ops[b]).toBeGreaterThan(ops[b - 1]);
  });

  it('heat strip max-pools long rows', () => {
    expect(heatStrip([0.1, 0.2], 48)).toEqual([0.1, 0.2]);
    const long = Array.from({ length: 100 }, (_, i) => (i === 57 ? 1 : 0));
    const s = heatStrip(long, 10);
    expect(s).toHaveLength(10);
    expect(s.filter((v) => v === 1)).toHaveLength(1);
  });
});

describe('range tracking through edits', () => {
  const r: TrackedRange = { start: 10, end: 20, stale: false };
  it('shifts on edits before, ignores edits after, goes stale on edits inside', () => {
    expect(applyEdit(r, { offset: 0, length: 0, text: 'abc' })).toEqual({ start: 13, end: 23, stale: false });
    expect(applyEdit(r, { offset: 2, length: 5, text: '' })).toEqual({ start: 5, end: 15, stale: false });
    expect(applyEdit(r, { offset: 5, length: 5, text: 'xy' })).toEqual({ start: 7, end: 17, stale: false }); // deletion ending at the start
    expect(applyEdit(r, { offset: 10, length: 0, text: '\r\n' })).toEqual({ start: 12, end: 22, stale: false }); // typed at the start
    expect(applyEdit(r, { offset: 20, length: 0, text: '\nout' })).toBe(r); // insertAfter output
    expect(applyEdit(r, { offset: 25, length: 3, text: '' })).toBe(r);
    expect(applyEdit(r, { offset: 12, length: 0, text: 'x' }).stale).toBe(true);
    expect(applyEdit(r, { offset: 8, length: 4, text: '' }).stale).toBe(true); // overlaps the start
    expect(applyEdit(r, { offset: 19, length: 3, text: '' }).stale).toBe(true); // overlaps the end
    expect(applyEdit(r, { offset: 10, length: 10, text: 'replaced' }).stale).toBe(true); // replace mode
  });

  it('applies the changes of one event in order; stale stays stale', () => {
    // two cursors: typing at 30 then at 2 (VS Code lists later positions first)
    expect(applyEdits(r, [{ offset: 30, length: 0, text: 'x' }, { offset: 2, length: 0, text: 'y' }])).toEqual({ start: 11, end: 21, stale: false });
    const stale = applyEdit(r, { offset: 15, length: 1, text: '' });
    expect(applyEdit(stale, { offset: 0, length: 0, text: 'abc' })).toBe(stale);
  });

  it('checks the text still holds', () => {
    expect(rangeHolds('0123456789abcdefghijXYZ', r, 'abcdefghij')).toBe(true);
    expect(rangeHolds('0123456789abcdefghiJXYZ', r, 'abcdefghij')).toBe(false);
  });
});

describe('hover markdown', () => {
  const run = seq2seqRun();
  const ref = { list: 'output' as const, index: 1 };
  const choice = { layer: 1, mode: 'mean' as const, head: 0 };
  const md = hoverMarkdown({ run, ref, token: run.outputTokens[1], choice, sections: tokenAttention(run, ref, choice, 2), where: { line: 3, character: 5 } });
  it('says which token, which attention, the top-k with weights, and links', () => {
    expect(md).toContain('`Haus` · id 21 · generated token 1 · Ln 3, Col 5');
    expect(md).toContain('layer 2, mean of 2 heads · toy');
    expect(md).toContain('**Drew on source (cross-attention, the step that wrote it)**');
    expect(md).toMatch(/1\. `house` 0\.80 · src 1\n2\. `a` 0\.10 · src 0/);
    // the other sections on one line each, with their own strip
    expect(md).toMatch(/\*\*Attends to earlier output \(decoder self-attention\)\*\* (<span[^>]*>█<\/span>){3}\n\n`<s>` 0\.60 \(out -1\) · `ein` 0\.40 \(out 0\)/);
    expect(md).toContain(`[Show in explorer](command:${SHOW_IN_EXPLORER_COMMAND}?`);
    expect(md).toContain(`[Pin](command:${PIN_COMMAND}?`);
    expect(decodeURIComponent(commandUri(PIN_COMMAND, { runId: 'r1', list: 'output', index: 1 }).split('?')[1])).toBe('[{"runId":"r1","list":"output","index":1}]');
  });
  it('heat strip: one coloured cell per key, strongest = yellow end of viridis', () => {
    const html = heatStripHtml([0, 0.5, 1]);
    expect(html.match(/<span style="color:#[0-9a-f]{6};">█<\/span>/g)).toHaveLength(3);
    expect(html).toContain('color:#fde725;'); // viridis 1.0
    expect(html).toContain('color:#440154;'); // viridis 0.0
  });
  it('escapes token text for code spans; a stale run says so', () => {
    expect(codeSpan('a`b|c')).toBe('`aʼb¦c`');
    expect(codeSpan(' ')).toBe('`␣`');
    expect(staleMarkdown(run, undefined)).toMatch(/stale run.*\n\n⚠ The analysed text changed/);
  });
});

describe('on real runs (tiny fixture models, ONNX Runtime)', () => {
  it('seq2seq: every output token has a cross row over the source that sums to 1; CRLF/tab/emoji offsets map back', async () => {
    const model = await loadModelDir(path.join(FIXTURES, 'tiny-seq2seq'));
    const text = 'Two\tdogs\r\nplay 🐶 in snow';
    const run = await translate(model, text, { maxNewTokens: 6 });
    const choice = resolveChoice(run, 'mean');
    for (let i = 0; i < run.outputTokens.length; i++) {
      const s = tokenAttention(run, { list: 'output', index: i }, choice, 3);
      const cross = s.find((x) => x.kind === 'cross' && x.direction === 'to')!;
      expect(cross.all).toHaveLength(run.sourceTokens.length);
      expect(cross.all.reduce((a, e) => a + e.weight, 0)).toBeCloseTo(1, 4);
      expect(cross.top.length).toBeLessThanOrEqual(3);
    }
    const dogs = text.indexOf('dogs');
    const i = tokenAtOffset(run.sourceTokens, dogs + 1);
    expect(run.sourceText.slice(run.sourceTokens[i].start, run.sourceTokens[i].end)).toContain('dogs'.slice(0, run.sourceTokens[i].end - dogs));
    const fromOut = tokenAttention(run, { list: 'source', index: i }, choice, 100).find((x) => x.kind === 'cross')!;
    expect(fromOut.direction).toBe('from');
    expect(fromOut.all).toHaveLength(run.outputTokens.length);
  });

  it('causal: positional rows; the last generated token has no row', async () => {
    const model = await loadModelDir(path.join(FIXTURES, 'tiny-causal'));
    const run = await continueText(model, 'the cat sat', { maxNewTokens: 4 });
    const choice = resolveChoice(run, 'max');
    const last = run.outputTokens.length - 1;
    const lastSections = tokenAttention(run, { list: 'output', index: last }, choice, 3);
    expect(lastSections.find((x) => x.direction === 'to')).toBeUndefined();
    const first = tokenAttention(run, { list: 'source', index: 1 }, choice, 10)[0];
    expect(first.direction).toBe('to');
    expect(first.top.every((e) => e.ref.list === 'source' && e.ref.index <= 1)).toBe(true); // causal mask
  });
});

import { describe, expect, it } from 'vitest';
import { axisIndexOf, queryStep, refOfAxis, stepQuery, tokenAtOffset, tokenLabel, type RunTokens } from '../../webview/explorer/tokens';

const tok = (text: string, start: number, special = false) => ({ piece: special ? text : '▁' + text, text, start: special ? -1 : start, end: special ? -1 : start + text.length, special });

// "a house": source [a, house, </s>], outputs [ein, Haus, </s>], decoder [<s>, ein, Haus]
const seq2seq: RunTokens = {
  modelKind: 'seq2seq',
  sourceTokens: [tok('a', 0), tok('house', 2), tok('</s>', -1, true)],
  outputTokens: [tok('ein', 0), tok('Haus', 4), tok('</s>', -1, true)],
  decoderTokens: [tok('<s>', -1, true), tok('ein', 0), tok('Haus', 4)],
};
// prompt [<s>, the, cat], outputs [sat, down], sequence [<s>, the, cat, sat]
const causal: RunTokens = {
  modelKind: 'causal',
  sourceTokens: [tok('<s>', -1, true), tok('the', 0), tok('cat', 4)],
  outputTokens: [tok('sat', 0), tok('down', 4)],
  decoderTokens: [tok('<s>', -1, true), tok('the', 0), tok('cat', 4), tok('sat', 0)],
};

describe('token refs ⇄ attention axes', () => {
  it('seq2seq: decoder row t is output t-1, <s> is output -1', () => {
    expect(refOfAxis(seq2seq, 'decoder', 0)).toEqual({ list: 'output', index: -1 });
    expect(refOfAxis(seq2seq, 'decoder', 2)).toEqual({ list: 'output', index: 1 });
    expect(axisIndexOf(seq2seq, 'decoder', { list: 'output', index: 1 })).toBe(2);
    expect(axisIndexOf(seq2seq, 'decoder', { list: 'output', index: 2 })).toBe(-1); // final </s> never fed back
    expect(axisIndexOf(seq2seq, 'source', { list: 'output', index: 0 })).toBe(-1);
    expect(axisIndexOf(seq2seq, 'source', { list: 'source', index: 1 })).toBe(1);
  });

  it('causal: the sequence axis is prompt then outputs', () => {
    expect(refOfAxis(causal, 'sequence', 2)).toEqual({ list: 'source', index: 2 });
    expect(refOfAxis(causal, 'sequence', 3)).toEqual({ list: 'output', index: 0 });
    expect(refOfAxis(causal, 'sequence', 4)).toBeUndefined();
    expect(axisIndexOf(causal, 'sequence', { list: 'output', index: 0 })).toBe(3);
    expect(axisIndexOf(causal, 'sequence', { list: 'output', index: 1 })).toBe(-1);
  });

  it('round-trips every axis position', () => {
    for (const [run, axis] of [[seq2seq, 'source'], [seq2seq, 'decoder'], [causal, 'sequence']] as const) {
      const n = axis === 'source' ? run.sourceTokens.length : run.decoderTokens.length;
      for (let i = 0; i < n; i++) expect(axisIndexOf(run, axis, refOfAxis(run, axis, i))).toBe(i);
    }
  });

  it('steps map to the query rows that predicted them', () => {
    expect(stepQuery(seq2seq, 0)).toBe(0);
    expect(stepQuery(causal, 0)).toBe(2); // "cat" predicted "sat"
    expect(stepQuery(causal, 1)).toBe(3);
    expect(queryStep(causal, 3)).toBe(1);
    expect(queryStep(causal, 0)).toBe(-1);
    expect(queryStep(seq2seq, 2)).toBe(2);
  });

  it('labels and offsets', () => {
    expect(tokenLabel(tok('</s>', -1, true))).toBe('</s>');
    expect(tokenLabel({ piece: '▁x', text: '', start: 0, end: 0 })).toBe(' x');
    expect(tokenLabel({ piece: 'a', text: 'abcdefghijklmnopqrstuvwxyz', start: 0, end: 26 }, 8)).toBe('abcdefg…');
    expect(tokenLabel({ piece: '\n', text: '\n', start: 0, end: 1 })).toBe('⏎');
    expect(tokenAtOffset(seq2seq.sourceTokens, 0)).toBe(0);
    expect(tokenAtOffset(seq2seq.sourceTokens, 1)).toBe(0); // just after "a": touching
    expect(tokenAtOffset(seq2seq.sourceTokens, 3)).toBe(1);
    expect(tokenAtOffset(seq2seq.sourceTokens, 7)).toBe(1);
    expect(tokenAtOffset(seq2seq.sourceTokens, 50)).toBe(-1);
  });
});

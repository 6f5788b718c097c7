// Offsets: tokenizer code-point offsets → UTF-16 offsets in the original text (mid-line selections,
// CRLF, tabs, emoji outside the BMP, CJK, right-to-left), and round-trips.
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { codePointOffsets, decodeWithSpans, encodeText, loadTokenizer, normalizeWhitespace, unknownWarning } from '../../src/core/tokenization';
import { FIXTURES } from './modelsUnderTest';

const tok = loadTokenizer(path.join(FIXTURES, 'tiny-seq2seq', 'tokenizer.json'));
const UNK = 3;

/** Every token's [start,end) covers a piece of the original; words are recovered exactly. */
function checkRoundTrip(text: string, enc: Awaited<ReturnType<typeof encodeText>>) {
  let last = 0;
  for (const t of enc.tokens) {
    expect(t.start).toBeGreaterThanOrEqual(last);
    expect(t.end).toBeGreaterThanOrEqual(t.start);
    expect(t.end).toBeLessThanOrEqual(text.length);
    expect(t.text).toBe(text.slice(t.start, t.end));
    // never split a surrogate pair
    for (const o of [t.start, t.end]) {
      const c = text.charCodeAt(o);
      expect(c >= 0xdc00 && c <= 0xdfff && o > 0 && o < text.length).toBe(false);
    }
    last = t.end;
  }
  // concatenating the tokens' texts, ignoring whitespace, gives back the text without whitespace
  const strip = (s: string) => s.replace(/\s+/g, '');
  expect(strip(enc.tokens.map((t) => t.text).join(''))).toBe(strip(text));
}

describe('tokenization offsets', () => {
  it('code point → UTF-16 table', () => {
    expect(codePointOffsets('a🍕b')).toEqual([0, 1, 3, 4]);
    expect(codePointOffsets('')).toEqual([0]);
  });

  it('collapses whitespace runs and maps back', () => {
    const n = normalizeWhitespace('  A\tman\r\n in ');
    expect(n.text).toBe('A man in');
    expect(n.map[0]).toBe(2);
    expect(n.map[2]).toBe(4); // "m"
    expect(n.map[1]).toBe(3); // the collapsed space starts at the tab
  });

  it('plain sentence: offsets as in the tokenizer', async () => {
    const text = 'Two dogs play in the snow.';
    const e = await encodeText(tok, text, UNK);
    expect(e.tokens.map((t) => t.text)).toEqual(['Two', ' dogs', ' play', ' in', ' the', ' snow', '.']);
    checkRoundTrip(text, e);
  });

  it('same ids whatever the whitespace (tabs, CRLF, mid-line selection with leading spaces)', async () => {
    const base = (await encodeText(tok, 'A man in a hat.', UNK)).ids;
    for (const text of ['A man\tin a hat.', 'A man\r\nin  a\r\n\r\nhat.', '   A man in a hat.  ', 'A\u00a0man in a hat.']) {
      const e = await encodeText(tok, text, UNK);
      expect(e.ids, JSON.stringify(text)).toEqual(base);
      checkRoundTrip(text, e);
    }
    const crlf = 'A man\r\nin a hat.';
    const e = await encodeText(tok, crlf, UNK);
    const inTok = e.tokens.find((t) => t.piece === '▁in')!;
    expect(crlf.slice(inTok.start, inTok.end)).toBe('\r\nin'); // the ▁ covers the line break, mapped to the document
    expect(inTok.end).toBe(crlf.indexOf('in') + 2);
  });

  it('emoji, CJK and right-to-left text: <unk> tokens with exact UTF-16 offsets and a warning', async () => {
    const text = 'I love 🍕 and 東京 שלום';
    const e = await encodeText(tok, text, UNK);
    checkRoundTrip(text, e);
    const unk = e.tokens.filter((t) => t.id === UNK).map((t) => t.text);
    expect(unk).toEqual(['🍕', '東京', 'שלום']);
    const pizza = e.tokens.find((t) => t.text === '🍕')!;
    expect([pizza.start, pizza.end]).toEqual([7, 9]);
    expect(text.slice(e.tokens[e.tokens.length - 1].start)).toBe('שלום');
    expect(unknownWarning(e)).toMatch(/outside the model's vocabulary/);
    const mostlyForeign = await encodeText(tok, '東京 大阪 京都 Tokyo', UNK);
    expect(unknownWarning(mostlyForeign)).toMatch(/unreliable/);
    expect(unknownWarning(await encodeText(tok, 'A dog.', UNK))).toBeUndefined();
  });

  it('offsets relative to the selection map to document offsets by adding the selection start', async () => {
    const doc = 'Line one.\r\n\tSome people\u00a0walk 🚶 here.\r\nEnd';
    const selStart = doc.indexOf('Some');
    const selEnd = doc.indexOf('\r\nEnd');
    const sel = doc.slice(selStart, selEnd);
    const e = await encodeText(tok, sel, UNK);
    for (const t of e.tokens) expect(doc.slice(selStart + t.start, selStart + t.end)).toBe(t.text);
  });

  it('decoded output tokens: spans cover the detokenized text exactly', async () => {
    const ids = (await encodeText(tok, 'Zwei Hunde spielen im Schnee.', UNK)).ids;
    const { text, spans } = await decodeWithSpans(tok, [...ids, 2], new Set([0, 1, 2]));
    expect(text).toBe('Zwei Hunde spielen im Schnee.');
    for (const s of spans.filter((x) => !x.special)) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(spans.map((s) => s.text)).toEqual(['Zwei', 'Hunde', 'spielen', 'im', 'Schnee', '.', '</s>']);
    expect(spans[spans.length - 1].special).toBe(true);
  });
});

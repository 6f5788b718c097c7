// Tokenization with the HF `tokenizers` package, and offsets in JS/VS Code terms.
// The tokenizer counts offsets in Unicode code points; JS strings and VS Code count UTF-16
// code units. Whitespace runs (tabs, CR/LF, NBSP…) are collapsed to one space before
// encoding, the way the training data looked; every offset is mapped back to the original.
import type { Tokenizer } from 'tokenizers';
import { UserError, describeError } from './errors';
import type { TokenSpan } from './run';

/** Python str.isspace() ∪ JS \s, one UTF-16 unit each. */
const WS = /[\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

export interface NormalizedText {
  text: string;
  /** map[i] = index in the original of normalized UTF-16 unit i; map[text.length] = end of the last kept unit. */
  map: number[];
}

/** Collapse whitespace runs to one space and trim, keeping a map to original UTF-16 offsets. */
export function normalizeWhitespace(original: string): NormalizedText {
  let text = '';
  const map: number[] = [];
  let pendingSpace = -1;
  let lastEnd = 0;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i];
    if (WS.test(ch)) {
      if (text.length > 0 && pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0) {
      text += ' ';
      map.push(pendingSpace);
      pendingSpace = -1;
    }
    text += ch;
    map.push(i);
    lastEnd = i + 1;
  }
  map.push(lastEnd);
  return { text, map };
}

/** cp[i] = UTF-16 index of code point i in s; cp[count] = s.length. */
export function codePointOffsets(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    out.push(i);
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  out.push(s.length);
  return out;
}

export function loadTokenizer(file: string): Tokenizer {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tokenizer } = require('tokenizers') as typeof import('tokenizers');
    return Tokenizer.fromFile(file);
  } catch (e) {
    throw new UserError('model-invalid', `${file}: not a valid tokenizer (${describeError(e).split('\n')[0]})`, { file });
  }
}

export interface EncodedText {
  ids: number[];
  /** Text tokens with [start,end) into the original string (UTF-16). */
  tokens: TokenSpan[];
  unknownTokens: number;
  /** Non-space characters covered by <unk> tokens. */
  unknownChars: number;
  /** Non-space characters in the input. */
  chars: number;
}

export async function encodeText(tok: Tokenizer, original: string, unkId: number): Promise<EncodedText> {
  const norm = normalizeWhitespace(original);
  const enc = await tok.encode(norm.text, null, { addSpecialTokens: false });
  const ids = enc.getIds();
  const pieces = enc.getTokens();
  const offsets = enc.getOffsets();
  const cp = codePointOffsets(norm.text);
  const toNorm = (c: number) => cp[Math.min(Math.max(c, 0), cp.length - 1)];
  const tokens: TokenSpan[] = [];
  let unknownTokens = 0;
  let unknownChars = 0;
  for (let i = 0; i < ids.length; i++) {
    const [a, b] = offsets[i];
    const ns = toNorm(a);
    const ne = toNorm(b);
    // A leading "▁" covers the collapsed space before the word: keep it, but begin at the space's original position.
    const start = norm.map[ns];
    const end = ne > ns ? norm.map[ne - 1] + 1 : start;
    const text = original.slice(start, end);
    if (ids[i] === unkId) {
      unknownTokens++;
      unknownChars += text.replace(new RegExp(WS.source, 'g'), '').length;
    }
    tokens.push({ id: ids[i], piece: pieces[i], text, start, end });
  }
  const chars = norm.text.replace(/ /g, '').length;
  return { ids, tokens, unknownTokens, unknownChars, chars };
}

/** Warning text when much of the input is outside the vocabulary, else undefined. */
export function unknownWarning(e: EncodedText): string | undefined {
  if (e.unknownTokens === 0) return undefined;
  const frac = e.chars ? e.unknownChars / e.chars : 0;
  const msg = `${e.unknownTokens} token(s) (${e.unknownChars} of ${e.chars} characters) are outside the model's vocabulary and are read as <unk>`;
  return frac >= 0.2 ? `${msg}: the model cannot read much of this text, so the output is unreliable.` : `${msg}.`;
}

/**
 * Detokenizes generated ids (specials dropped) and gives each token its [start,end) in the text.
 * Uses prefix decoding so spans agree exactly with the tokenizer's own decoder.
 */
export async function decodeWithSpans(
  tok: Tokenizer,
  ids: number[],
  specials: Set<number>,
): Promise<{ text: string; spans: TokenSpan[] }> {
  const spans: TokenSpan[] = [];
  const kept: number[] = [];
  let prev = '';
  for (const id of ids) {
    const piece = tok.idToToken(id) ?? `<${id}>`;
    if (specials.has(id)) {
      spans.push({ id, piece, text: piece, start: -1, end: -1, special: true });
      continue;
    }
    kept.push(id);
    const cur = await tok.decode(kept, true);
    let start = prev.length;
    if (!cur.startsWith(prev)) {
      // Decoder rewrote earlier text (does not happen with Metaspace); fall back to common prefix.
      let k = 0;
      while (k < prev.length && k < cur.length && prev[k] === cur[k]) k++;
      start = k;
    }
    // A leading space belongs between tokens, not to the token's visible text.
    let s = start;
    while (s < cur.length && cur[s] === ' ' && s > 0) s++;
    spans.push({ id, piece, text: cur.slice(s), start: s, end: cur.length });
    prev = cur;
  }
  return { text: prev, spans };
}

/** Display text of a single vocabulary piece (for candidate lists). */
export function pieceText(piece: string): string {
  return piece.replace(/\u2581/g, ' ');
}

// Whitespace tokenization: a stand-in for the model tokenizer in the positional view,
// with offsets so the editor can map tokens back to text.

export interface WordToken {
  text: string;
  /** [start, end) in UTF-16 code units of the input string. */
  start: number;
  end: number;
}

export function whitespaceTokens(text: string): WordToken[] {
  const out: WordToken[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Index k of the token that covers `offset`, or -1 when offset is in whitespace. */
export function tokenIndexAt(tokens: WordToken[], offset: number): number {
  return tokens.findIndex((t) => offset >= t.start && offset < t.end);
}

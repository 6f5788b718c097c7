// Corpus BLEU, compatible with sacreBLEU's defaults: 13a tokenizer, 4-grams, 'exp' smoothing,
// no lowercasing, one reference. Same spec as models/train/bleu.py (tests compare the two).

const RULES: [RegExp, string][] = [
  [/([\{-\~\[-\` -\&\(-\+\:-\@\/])/g, ' $1 '],
  [/([^0-9])([\.,])/g, '$1 $2 '],
  [/([\.,])([^0-9])/g, ' $1 $2'],
  [/([0-9])(-)/g, '$1 $2 '],
];

/** Python str.split() whitespace. */
const PY_WS = /[\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

export function tokenize13a(line: string): string {
  line = line.split('<skipped>').join('').split('-\n').join('').split('\n').join(' ');
  if (line.includes('&')) {
    line = line.split('&quot;').join('"').split('&amp;').join('&').split('&lt;').join('<').split('&gt;').join('>');
  }
  line = ` ${line} `;
  for (const [rx, sub] of RULES) line = line.replace(rx, sub);
  return line.split(PY_WS).filter((w) => w.length > 0).join(' ');
}

function ngramCounts(words: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const key = words.slice(i, i + n).join('\u0001');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

export interface BleuResult {
  score: number;
  precisions: number[];
  bp: number;
  hypLen: number;
  refLen: number;
  counts: number[];
  totals: number[];
}

export function corpusBleu(hyps: string[], refs: string[]): BleuResult {
  if (hyps.length !== refs.length) throw new Error(`hypothesis and reference have different line counts (${hyps.length} vs ${refs.length})`);
  const correct = [0, 0, 0, 0];
  const total = [0, 0, 0, 0];
  let hypLen = 0;
  let refLen = 0;
  for (let i = 0; i < hyps.length; i++) {
    const hw = tokenize13a(hyps[i]).split(' ').filter(Boolean);
    const rw = tokenize13a(refs[i]).split(' ').filter(Boolean);
    hypLen += hw.length;
    refLen += rw.length;
    for (let n = 1; n <= 4; n++) {
      const hc = ngramCounts(hw, n);
      const rc = ngramCounts(rw, n);
      for (const [g, c] of hc) correct[n - 1] += Math.min(c, rc.get(g) ?? 0);
      total[n - 1] += Math.max(hw.length - n + 1, 0);
    }
  }
  const precisions = [0, 0, 0, 0];
  let smooth = 1;
  let zero = hypLen === 0;
  for (let n = 0; n < 4; n++) {
    if (total[n] === 0) {
      zero = true;
      break;
    }
    if (correct[n] === 0) {
      smooth *= 2;
      precisions[n] = 100 / (smooth * total[n]);
    } else precisions[n] = (100 * correct[n]) / total[n];
  }
  const bp = hypLen === 0 ? 0 : hypLen >= refLen ? 1 : Math.exp(1 - refLen / hypLen);
  const score = zero ? 0 : bp * Math.exp(precisions.reduce((a, p) => a + Math.log(p), 0) / 4);
  return { score, precisions, bp, hypLen, refLen, counts: correct, totals: total };
}

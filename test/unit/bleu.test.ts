// Corpus BLEU (sacreBLEU 13a, exp smoothing): compared with the Python port models/train/bleu.py
// on the same files, and on hand-checked cases.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { describe, expect, it } from 'vitest';
import { corpusBleu, tokenize13a } from '../../src/core/bleu';
import { ROOT } from './modelsUnderTest';

const PY = '/usr/bin/python3';
const DATA = '/work/shared/data/multi30k';
const hasPy = fs.existsSync(PY);

function pyBleu(hypFile: string, refFile: string): number {
  const code = `import sys; sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'models', 'train'))})
from bleu import corpus_bleu
h = open(sys.argv[1], encoding='utf-8').read().split('\\n')[:-1]
r = open(sys.argv[2], encoding='utf-8').read().split('\\n')[:-1]
print(repr(corpus_bleu(h, r)))`;
  return Number(execFileSync(PY, ['-c', code, hypFile, refFile], { encoding: 'utf8' }).trim());
}

function pyTokenize(lines: string[]): string[] {
  const code = `import sys, json; sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'models', 'train'))})
from bleu import tokenize_13a
print(json.dumps([tokenize_13a(l) for l in json.load(sys.stdin)]))`;
  return JSON.parse(execFileSync(PY, ['-c', code], { input: JSON.stringify(lines), encoding: 'utf8' }));
}

const tricky = [
  'Ein Mann (mit Hut) sagt: "Hallo!" &quot;ja&quot; &amp; 3.5 Äpfel, 1,000 Leute; 10-20 Jahre.',
  'U.S.A. e-mail, x.y,z 1.a a.1 -- [test] {braces} ~tilde~ `tick` @at #hash $5 %p ^c *s +p =e |p \\b',
  'Tabs\tand  spaces\u00a0nbsp\u3000ideographic <skipped> end',
  'Emoji 🍕 東京 שלום — “quotes” ‘single’ … ellipsis',
  '',
];

describe('BLEU', () => {
  it('perfect match is 100; disjoint gets only the exp smoothing; empty hypothesis is 0', () => {
    expect(corpusBleu(['a b c d e'], ['a b c d e']).score).toBeCloseTo(100, 10);
    // exp smoothing: p_n = 100 / (2^n · total_n) → (10 · 6.25 · 4.1667 · 3.125)^(1/4)
    expect(corpusBleu(['v w x y z'], ['a b c d e']).score).toBeCloseTo(Math.pow(10 * 6.25 * (100 / 24) * 3.125, 0.25), 10);
    expect(corpusBleu([''], ['a b c']).score).toBe(0);
  });

  it('13a tokenization by hand', () => {
    expect(tokenize13a('Hello, world.')).toBe('Hello , world .');
    expect(tokenize13a('3.5 and 1,000')).toBe('3.5 and 1,000');
    expect(tokenize13a('&quot;x&quot; a-b 10-20')).toBe('" x " a-b 10 - 20');
  });

  it.skipIf(!hasPy)('13a tokenization equals the Python port on tricky lines', () => {
    expect(tricky.map(tokenize13a)).toEqual(pyTokenize(tricky));
  });

  it.skipIf(!hasPy || !fs.existsSync(DATA))('corpus BLEU equals the Python port on Multi30k files', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'al-bleu-'));
    const read = (f: string) => zlib.gunzipSync(fs.readFileSync(path.join(DATA, f))).toString('utf8').split('\n').filter((_, i, a) => i < a.length - 1 || a[i] !== '');
    const ref = read('test_2016_flickr.de.gz');
    const val = read('val.de.gz').slice(0, ref.length);
    // a plausible "system": every 3rd word dropped, every 5th line swapped with the next
    const noisy = ref.map((l, i) => (i % 5 === 0 && i + 1 < ref.length ? ref[i + 1] : l).split(' ').filter((_, j) => j % 3 !== 2).join(' '));
    const write = (name: string, lines: string[]) => {
      const p = path.join(tmp, name);
      fs.writeFileSync(p, lines.map((l) => l + '\n').join(''));
      return p;
    };
    const refFile = write('ref.de', ref);
    for (const [name, hyp] of [['val', val], ['noisy', noisy], ['same', ref], ['tricky', [...tricky, ...ref.slice(0, 20)]]] as [string, string[]][]) {
      const r = name === 'tricky' ? [...tricky.map((t) => t.split(' ').reverse().join(' ')), ...ref.slice(0, 20)] : ref;
      const hf = write(`${name}.hyp`, hyp);
      const rf = name === 'tricky' ? write('tricky.ref', r) : refFile;
      const ts = corpusBleu(hyp, r).score;
      const py = pyBleu(hf, rf);
      expect(Math.abs(ts - py), name).toBeLessThan(1e-9);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});

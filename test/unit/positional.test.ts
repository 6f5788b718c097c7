import { describe, expect, it } from 'vitest';
import { angle, checkPositionalParams, encodingAt, fmt2, positionalMatrix, row, similarity, wavelength } from '../../src/core/positional';
import { whitespaceTokens } from '../../src/core/whitespaceTokens';

describe('positional encodings P[k, j]', () => {
  it('reproduces the lecture example "I am a robot", d=4, n=100 to two decimals', () => {
    const tokens = whitespaceTokens('I am a robot').map((t) => t.text);
    const P = positionalMatrix(tokens.length, { d: 4, n: 100 });
    const table = tokens.map((_, k) => row(P, k).map(fmt2));
    expect(table).toEqual([
      ['0.00', '1.00', '0.00', '1.00'],
      ['0.84', '0.54', '0.10', '1.00'],
      ['0.91', '-0.42', '0.20', '0.98'],
      ['0.14', '-0.99', '0.30', '0.96'],
    ]);
  });

  it('uses sin for even and cos for odd columns with the angle k / n^(2i/d)', () => {
    const p = { d: 6, n: 10000 };
    expect(angle(3, 1, p)).toBeCloseTo(3 / Math.pow(10000, 2 / 6), 12);
    expect(encodingAt(3, 2, p)).toBeCloseTo(Math.sin(3 / Math.pow(10000, 2 / 6)), 12);
    expect(encodingAt(3, 3, p)).toBeCloseTo(Math.cos(3 / Math.pow(10000, 2 / 6)), 12);
  });

  it('handles odd d: the last column is a sin', () => {
    const P = positionalMatrix(2, { d: 3, n: 100 });
    expect(P.cols).toBe(3);
    expect(P.data[1 * 3 + 2]).toBeCloseTo(Math.sin(1 / Math.pow(100, 2 / 3)), 12);
  });

  it('P·Pᵀ is symmetric with d/2 on the diagonal and depends on |a−b| only (sinusoid identity)', () => {
    const d = 8;
    const S = similarity(positionalMatrix(6, { d, n: 10000 }));
    for (let a = 0; a < 6; a++) {
      expect(S.data[a * 6 + a]).toBeCloseTo(d / 2, 10);
      for (let b = 0; b < 6; b++) expect(S.data[a * 6 + b]).toBeCloseTo(S.data[b * 6 + a], 12);
    }
    // cos(x−y) identity: S[a,b] = Σ_i cos((a−b)/n^(2i/d))
    expect(S.data[1 * 6 + 3]).toBeCloseTo(S.data[2 * 6 + 4], 10);
  });

  it('wavelengths grow geometrically from 2π to 2π·n^((d−2)/d)', () => {
    expect(wavelength(0, { d: 4, n: 100 })).toBeCloseTo(2 * Math.PI, 12);
    expect(wavelength(1, { d: 4, n: 100 })).toBeCloseTo(2 * Math.PI * 10, 10);
  });

  it('rejects bad d and n with a clear message', () => {
    expect(checkPositionalParams({ d: 4, n: 100 })).toBeUndefined();
    expect(checkPositionalParams({ d: 0, n: 100 })).toMatch(/^d must be a whole number/);
    expect(checkPositionalParams({ d: 2.5, n: 100 })).toMatch(/^d must/);
    expect(checkPositionalParams({ d: '4', n: 100 })).toMatch(/^d must/);
    expect(checkPositionalParams({ d: 4, n: 1 })).toMatch(/^n must be a number greater than 1/);
    expect(checkPositionalParams({ d: 4, n: Number.NaN })).toMatch(/^n must/);
    expect(() => positionalMatrix(3, { d: -1, n: 100 })).toThrow(RangeError);
    expect(() => positionalMatrix(-1, { d: 4, n: 100 })).toThrow(/number of tokens/);
  });

  it('formats -0.00 as 0.00', () => {
    expect(fmt2(-0.001)).toBe('0.00');
    expect(fmt2(-0.42)).toBe('-0.42');
  });
});

describe('whitespaceTokens', () => {
  it('splits on any whitespace and keeps offsets', () => {
    expect(whitespaceTokens('  I am\ta\nrobot ')).toEqual([
      { text: 'I', start: 2, end: 3 },
      { text: 'am', start: 4, end: 6 },
      { text: 'a', start: 7, end: 8 },
      { text: 'robot', start: 9, end: 14 },
    ]);
    expect(whitespaceTokens(' \n ')).toEqual([]);
  });
});

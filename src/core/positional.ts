// Sinusoidal positional encodings as in the lecture (Vaswani et al. 2017):
//   P[k, 2i]   = sin(k / n^(2i/d))
//   P[k, 2i+1] = cos(k / n^(2i/d))
// k: token position, i: dimension pair index, d: model dimension, n: base (10000 in the paper).
// Pure maths, no vscode import: shared by the extension, the webview and the CLI.

export interface PositionalParams {
  /** Model dimension: number of columns of P. */
  d: number;
  /** Base of the wavelengths (the paper uses 10000). */
  n: number;
}

/** Row-major T×d matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export const LIMITS = { maxD: 1024, maxT: 2048 } as const;

/** Returns a clear message for unusable parameters, or undefined when they are fine. */
export function checkPositionalParams(p: { d: unknown; n: unknown }): string | undefined {
  const { d, n } = p;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > LIMITS.maxD) {
    return `d must be a whole number from 1 to ${LIMITS.maxD} (got ${String(d)}).`;
  }
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 1) {
    return `n must be a number greater than 1 (got ${String(n)}).`;
  }
  return undefined;
}

/** The angle k / n^(2i/d) shared by columns 2i and 2i+1. */
export function angle(k: number, i: number, p: PositionalParams): number {
  return k / Math.pow(p.n, (2 * i) / p.d);
}

/** P[k, j] for one position k and column j. */
export function encodingAt(k: number, j: number, p: PositionalParams): number {
  const i = Math.floor(j / 2);
  return j % 2 === 0 ? Math.sin(angle(k, i, p)) : Math.cos(angle(k, i, p));
}

/** The T×d matrix P for positions k = 0..T-1. Throws on bad parameters (callers check first). */
export function positionalMatrix(T: number, p: PositionalParams): Matrix {
  const problem = checkPositionalParams(p);
  if (problem) throw new RangeError(problem);
  if (!Number.isInteger(T) || T < 0 || T > LIMITS.maxT) {
    throw new RangeError(`the number of tokens must be from 0 to ${LIMITS.maxT} (got ${T}).`);
  }
  const data = new Float64Array(T * p.d);
  for (let k = 0; k < T; k++) {
    for (let j = 0; j < p.d; j++) data[k * p.d + j] = encodingAt(k, j, p);
  }
  return { rows: T, cols: p.d, data };
}

/** Row k of a matrix as a plain array. */
export function row(m: Matrix, k: number): number[] {
  return Array.from(m.data.subarray(k * m.cols, (k + 1) * m.cols));
}

/**
 * S = P·Pᵀ (T×T): S[a,b] = Σ_j P[a,j]·P[b,j]. For sinusoids this depends mainly on |a−b|,
 * which is why attention can read relative positions from P.
 */
export function similarity(P: Matrix): Matrix {
  const T = P.rows;
  const data = new Float64Array(T * T);
  for (let a = 0; a < T; a++) {
    for (let b = a; b < T; b++) {
      let s = 0;
      for (let j = 0; j < P.cols; j++) s += P.data[a * P.cols + j] * P.data[b * P.cols + j];
      data[a * T + b] = s;
      data[b * T + a] = s;
    }
  }
  return { rows: T, cols: T, data };
}

/** Wavelength 2π·n^(2i/d) of dimension pair i, in positions. */
export function wavelength(i: number, p: PositionalParams): number {
  return 2 * Math.PI * Math.pow(p.n, (2 * i) / p.d);
}

/** Two-decimal display used by the table, the hover and the CLI; avoids "-0.00". */
export function fmt2(x: number): string {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

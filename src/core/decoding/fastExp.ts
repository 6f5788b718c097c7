// exp(d) for d ≤ 0 without Math.exp: the step record takes an exp of every vocabulary entry at
// every generated token, and Math.exp made that the largest JS cost of a captured run
// (benchmark p2; this is ~3× faster in V8). Range reduction d = −(k/16)·ln2 + r with
// |r| ≤ ln2/32, a degree-5 Taylor polynomial for e^r (relative error < 1e-12, far below the
// precision of a float32 logit), and 2^(−k/16) = 2^(−⌊k/16⌋) · 2^(−(k mod 16)/16) from tables.
const K_PER_UNIT = 16 * Math.LOG2E;
const LN2_HI_16 = 0.6931471803691238 / 16; // ln2 split so that k·LN2_HI_16 is exact
const LN2_LO_16 = 1.9082149292705877e-10 / 16;
/** POW2_NEG[i] = 2^−i (exp underflows to 0 below d ≈ −745, i ≈ 1075). */
const POW2_NEG = new Float64Array(1076).map((_, i) => Math.pow(2, -i));
/** POW2_NEG_16TH[j] = 2^(−j/16). */
const POW2_NEG_16TH = new Float64Array(16).map((_, j) => Math.pow(2, -j / 16));

/** e^d for d ≤ 0 (d = x − max, so it cannot overflow); 0 below the double range. */
export function expNonPositive(d: number): number {
  if (d < -745) return 0;
  const k = (0.5 - d * K_PER_UNIT) | 0; // round(−d·16/ln2), k ≥ 0
  const r = d + k * LN2_HI_16 + k * LN2_LO_16;
  const p = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return p * POW2_NEG[k >> 4] * POW2_NEG_16TH[k & 15];
}
